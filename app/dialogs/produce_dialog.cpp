#include "dialogs/produce_dialog.h"

#include "pages/error_text.h"
#include "session/cluster_session.h"
#include "settings/produce_templates.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pier {

namespace {

constexpr int kRepeatMax = 1000000;
constexpr qint64 kFileBytesMax = 16 * 1024 * 1024;  // far above any broker's message.max.bytes default
constexpr int kHeaderRows = 3;

// How templates name the formats (stable across releases and languages).
constexpr std::pair<ProduceDialog::Format, const char*> kFormatNames[] = {
    {ProduceDialog::Format::Text, "text"}, {ProduceDialog::Format::Json, "json"},
    {ProduceDialog::Format::Hex, "hex"},   {ProduceDialog::Format::File, "file"},
    {ProduceDialog::Format::Null, "null"},
};

QString formatName(ProduceDialog::Format format) {
  for (const auto& [f, name] : kFormatNames) {
    if (f == format) {
      return QString::fromLatin1(name);
    }
  }
  return QStringLiteral("text");
}

ProduceDialog::Format formatOfName(const QString& text) {
  for (const auto& [f, name] : kFormatNames) {
    if (text == QLatin1String(name)) {
      return f;
    }
  }
  return ProduceDialog::Format::Text;
}

}  // namespace

ProduceDialog::ProduceDialog(ClusterSession* session, ProduceTemplates* templates, const QStringList& topics,
                             const QString& topic, QWidget* parent)
    : QDialog(parent), m_session(session), m_templates(templates) {
  setWindowTitle(tr("Produce Messages"));
  m_topic = new QComboBox(this);
  m_topic->setObjectName(QStringLiteral("topic"));
  m_topic->setEditable(true);
  m_topic->addItems(topics);
  m_topic->setCurrentText(topic);
  m_partition = new QSpinBox(this);
  m_partition->setObjectName(QStringLiteral("partition"));
  m_partition->setRange(-1, 1000000);
  m_partition->setSpecialValueText(tr("any (partitioner)"));
  m_partition->setValue(-1);
  m_key = makePayloadEditor(QStringLiteral("key"));
  m_value = makePayloadEditor(QStringLiteral("value"));
  m_headers = new QTableWidget(kHeaderRows, 2, this);
  m_headers->setObjectName(QStringLiteral("headers"));
  m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
  m_headers->horizontalHeader()->setStretchLastSection(true);
  m_headers->verticalHeader()->hide();
  m_repeat = new QSpinBox(this);
  m_repeat->setObjectName(QStringLiteral("repeat"));
  m_repeat->setRange(1, kRepeatMax);
  m_result = new QLabel(this);
  m_result->setObjectName(QStringLiteral("produceResult"));
  m_result->setWordWrap(true);
  m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
  m_send = buttons->addButton(tr("&Produce"), QDialogButtonBox::ActionRole);
  m_send->setObjectName(QStringLiteral("send"));
  m_send->setDefault(true);
  connect(m_send, &QPushButton::clicked, this, &ProduceDialog::send);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(m_session, &ClusterSession::produceFinished, this, &ProduceDialog::onProduced);

  auto* form = new QFormLayout;
  if (m_templates != nullptr) {
    QLayout* templateRow = makeTemplateRow();
    auto* templateLabel = new QLabel(tr("Te&mplate:"), this);
    templateLabel->setBuddy(m_templateList);
    form->addRow(templateLabel, templateRow);
  }
  form->addRow(tr("&Topic:"), m_topic);
  form->addRow(tr("P&artition:"), m_partition);
  form->addRow(tr("&Key:"), m_key.format);
  form->addRow(QString(), m_key.text);
  form->addRow(tr("&Value:"), m_value.format);
  form->addRow(QString(), m_value.text);
  form->addRow(tr("&Headers:"), m_headers);
  form->addRow(tr("&Copies:"), m_repeat);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form, 1);
  layout->addWidget(m_result);
  layout->addWidget(buttons);
}

ProduceDialog::PayloadEditor ProduceDialog::makePayloadEditor(const QString& name) {
  PayloadEditor editor;
  editor.format = new QComboBox(this);
  editor.format->setObjectName(name + QStringLiteral("Format"));
  editor.format->addItem(tr("Text (UTF-8)"), static_cast<int>(Format::Text));
  editor.format->addItem(tr("JSON"), static_cast<int>(Format::Json));
  editor.format->addItem(tr("Hex bytes"), static_cast<int>(Format::Hex));
  editor.format->addItem(tr("Contents of a file (path)"), static_cast<int>(Format::File));
  editor.format->addItem(tr("Null"), static_cast<int>(Format::Null));
  editor.text = new QPlainTextEdit(this);
  editor.text->setObjectName(name + QStringLiteral("Text"));
  editor.text->setTabChangesFocus(true);
  connect(editor.format, &QComboBox::currentIndexChanged, editor.text, [editor] {
    editor.text->setEnabled(static_cast<Format>(editor.format->currentData().toInt()) != Format::Null);
  });
  return editor;
}

std::optional<QByteArray> ProduceDialog::encode(Format format, const QString& text, QString* problem) {
  switch (format) {
    case Format::Null: return std::nullopt;
    case Format::Text: return text.toUtf8();
    case Format::Json: {
      // Wrapping in [] lets any JSON value (also a bare string or number) through the parser.
      QJsonParseError error;
      QJsonDocument::fromJson('[' + text.toUtf8() + ']', &error);
      if (error.error != QJsonParseError::NoError) {
        *problem = tr("Not valid JSON: %1 (near character %2).").arg(error.errorString()).arg(std::max(0, error.offset - 1));
        return std::nullopt;
      }
      return text.toUtf8();
    }
    case Format::Hex: {
      QString digits = text;
      digits.remove(QRegularExpression(QStringLiteral("\\s")));
      static const QRegularExpression hex(QStringLiteral("^([0-9a-fA-F]{2})*$"));
      if (!hex.match(digits).hasMatch()) {
        *problem = tr("Hex bytes are pairs of digits 0-9 and a-f, optionally separated by spaces.");
        return std::nullopt;
      }
      return QByteArray::fromHex(digits.toLatin1());
    }
    case Format::File: {
      QFile file(text.trimmed());
      if (!file.open(QIODevice::ReadOnly)) {
        *problem = tr("Cannot read %1: %2").arg(text.trimmed(), file.errorString());
        return std::nullopt;
      }
      if (file.size() > kFileBytesMax) {
        *problem = tr("%1 is larger than %2.").arg(text.trimmed(), QLocale().formattedDataSize(kFileBytesMax));
        return std::nullopt;
      }
      return file.readAll();
    }
  }
  return std::nullopt;
}

std::optional<ProduceRequest> ProduceDialog::request(QString* problem) const {
  ProduceRequest r;
  r.topic = m_topic->currentText().trimmed();
  if (r.topic.isEmpty()) {
    *problem = tr("Choose a topic.");
    return std::nullopt;
  }
  r.partition = m_partition->value();
  r.repeat = m_repeat->value();
  const auto formatOf = [](const PayloadEditor& e) { return static_cast<Format>(e.format->currentData().toInt()); };
  r.key = encode(formatOf(m_key), m_key.text->toPlainText(), problem);
  if (!problem->isEmpty()) {
    *problem = tr("Key: %1").arg(*problem);
    return std::nullopt;
  }
  r.value = encode(formatOf(m_value), m_value.text->toPlainText(), problem);
  if (!problem->isEmpty()) {
    *problem = tr("Value: %1").arg(*problem);
    return std::nullopt;
  }
  for (int row = 0; row < m_headers->rowCount(); ++row) {
    const QTableWidgetItem* name = m_headers->item(row, 0);
    const QTableWidgetItem* value = m_headers->item(row, 1);
    if (name != nullptr && !name->text().trimmed().isEmpty()) {
      r.headers.append({name->text().trimmed(), value != nullptr ? value->text().toUtf8() : QByteArray()});
    }
  }
  return r;
}

void ProduceDialog::send() {
  QString problem;
  const std::optional<ProduceRequest> r = request(&problem);
  if (!r) {
    m_result->setText(problem);
    return;
  }
  m_send->setEnabled(false);
  m_result->setText(tr("Producing %n message(s) to %1…", nullptr, r->repeat).arg(r->topic));
  m_pendingRequest = m_session->produce(*r);
}

void ProduceDialog::onProduced(int requestId, const ProduceResult& result) {
  if (requestId != m_pendingRequest) {
    return;
  }
  m_pendingRequest = 0;
  m_send->setEnabled(true);
  QStringList places;
  for (auto it = result.offsets.begin(); it != result.offsets.end(); ++it) {
    places.append(it->first == it->second ? tr("partition %1 offset %2").arg(it.key()).arg(it->first)
                                          : tr("partition %1 offsets %2–%3").arg(it.key()).arg(it->first).arg(it->second));
  }
  QString text = tr("Delivered %n message(s)", nullptr, result.delivered);
  if (!places.isEmpty()) {
    text += tr(": %1").arg(places.join(QStringLiteral(", ")));
  }
  text += u'.';
  if (!result.error.name.isEmpty()) {
    text += u' ' + ErrorText::describe(tr("Producing failed"), result.error);
  }
  m_result->setText(text);
}

QString ProduceDialog::resultText() const { return m_result->text(); }

}  // namespace pier

namespace pier {

QLayout* ProduceDialog::makeTemplateRow() {
  m_templateList = new QComboBox(this);
  m_templateList->setObjectName(QStringLiteral("templates"));
  m_templateList->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  auto* load = new QPushButton(tr("&Load"), this);
  load->setObjectName(QStringLiteral("loadTemplate"));
  auto* save = new QPushButton(tr("&Save As…"), this);
  save->setObjectName(QStringLiteral("saveTemplate"));
  auto* remove = new QPushButton(tr("De&lete"), this);
  remove->setObjectName(QStringLiteral("deleteTemplate"));
  connect(load, &QPushButton::clicked, this, [this] { loadTemplate(m_templateList->currentText()); });
  connect(save, &QPushButton::clicked, this, &ProduceDialog::askAndSaveTemplate);
  connect(remove, &QPushButton::clicked, this, &ProduceDialog::askAndDeleteTemplate);
  const auto updateEnabled = [this, load, remove] {
    load->setEnabled(m_templateList->count() > 0);
    remove->setEnabled(m_templateList->count() > 0);
  };
  connect(m_templateList->model(), &QAbstractItemModel::rowsInserted, this, updateEnabled);
  connect(m_templateList->model(), &QAbstractItemModel::rowsRemoved, this, updateEnabled);
  connect(m_templateList->model(), &QAbstractItemModel::modelReset, this, updateEnabled);
  auto* row = new QHBoxLayout;
  row->addWidget(m_templateList, 1);
  row->addWidget(load);
  row->addWidget(save);
  row->addWidget(remove);
  refreshTemplateList({});
  updateEnabled();
  return row;
}

void ProduceDialog::refreshTemplateList(const QString& current) {
  if (m_templateList == nullptr) {
    return;
  }
  m_templateList->clear();
  m_templateList->addItems(templateNames());
  if (const int i = m_templateList->findText(current); i >= 0) {
    m_templateList->setCurrentIndex(i);
  }
}

QStringList ProduceDialog::templateNames() const { return m_templates != nullptr ? m_templates->names() : QStringList(); }

ProduceTemplate ProduceDialog::formAsTemplate(const QString& name) const {
  ProduceTemplate t;
  t.name = name;
  t.topic = m_topic->currentText().trimmed();
  t.partition = m_partition->value();
  t.keyFormat = formatName(static_cast<Format>(m_key.format->currentData().toInt()));
  t.keyText = m_key.text->toPlainText();
  t.valueFormat = formatName(static_cast<Format>(m_value.format->currentData().toInt()));
  t.valueText = m_value.text->toPlainText();
  for (int row = 0; row < m_headers->rowCount(); ++row) {
    const QTableWidgetItem* header = m_headers->item(row, 0);
    const QTableWidgetItem* value = m_headers->item(row, 1);
    if (header != nullptr && !header->text().trimmed().isEmpty()) {
      t.headers.append({header->text().trimmed(), value != nullptr ? value->text() : QString()});
    }
  }
  t.repeat = m_repeat->value();
  return t;
}

void ProduceDialog::applyTemplate(const ProduceTemplate& t) {
  m_topic->setCurrentText(t.topic);
  m_partition->setValue(t.partition);
  const auto setPayload = [](const PayloadEditor& e, const QString& format, const QString& text) {
    e.format->setCurrentIndex(e.format->findData(static_cast<int>(formatOfName(format))));
    e.text->setPlainText(text);
  };
  setPayload(m_key, t.keyFormat, t.keyText);
  setPayload(m_value, t.valueFormat, t.valueText);
  m_headers->clearContents();
  m_headers->setRowCount(std::max(kHeaderRows, static_cast<int>(t.headers.size()) + 1));
  for (int row = 0; row < t.headers.size(); ++row) {
    m_headers->setItem(row, 0, new QTableWidgetItem(t.headers.at(row).first));
    m_headers->setItem(row, 1, new QTableWidgetItem(t.headers.at(row).second));
  }
  m_repeat->setValue(t.repeat);
}

bool ProduceDialog::saveTemplate(const QString& name) {
  const QString trimmed = name.trimmed();
  if (m_templates == nullptr || trimmed.isEmpty() || !m_templates->save(formAsTemplate(trimmed))) {
    m_result->setText(tr("Could not save the template %1.").arg(trimmed));
    return false;
  }
  refreshTemplateList(trimmed);
  m_result->setText(tr("Saved the template %1.").arg(trimmed));
  return true;
}

bool ProduceDialog::loadTemplate(const QString& name) {
  const std::optional<ProduceTemplate> t = m_templates != nullptr ? m_templates->load(name) : std::nullopt;
  if (!t) {
    m_result->setText(tr("There is no template %1.").arg(name));
    return false;
  }
  applyTemplate(*t);
  m_result->setText(tr("Loaded the template %1.").arg(name));
  return true;
}

bool ProduceDialog::deleteTemplate(const QString& name) {
  if (m_templates == nullptr || !m_templates->remove(name)) {
    m_result->setText(tr("Could not delete the template %1.").arg(name));
    return false;
  }
  refreshTemplateList({});
  m_result->setText(tr("Deleted the template %1.").arg(name));
  return true;
}

void ProduceDialog::askAndSaveTemplate() {
  bool ok = false;
  const QString name = QInputDialog::getText(this, tr("Save Template"), tr("Template name:"), QLineEdit::Normal,
                                             m_templateList->currentText(), &ok)
                           .trimmed();
  if (!ok || name.isEmpty()) {
    return;
  }
  if (templateNames().contains(name) &&
      QMessageBox::question(this, tr("Save Template"), tr("Replace the template %1?").arg(name),
                            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
    return;
  }
  saveTemplate(name);
}

void ProduceDialog::askAndDeleteTemplate() {
  const QString name = m_templateList->currentText();
  if (name.isEmpty() ||
      QMessageBox::question(this, tr("Delete Template"), tr("Delete the template %1?").arg(name),
                            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
    return;
  }
  deleteTemplate(name);
}

}  // namespace pier
