#include "dialogs/produce_dialog.h"

#include "pages/error_text.h"
#include "session/cluster_session.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
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

}  // namespace

ProduceDialog::ProduceDialog(ClusterSession* session, const QStringList& topics, const QString& topic,
                             QWidget* parent)
    : QDialog(parent), m_session(session) {
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
