#include "pages/message_detail_view.h"

#include "models/payload_text.h"
#include "viewers/hex_dump_view.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace pier {

namespace {

enum Tab { TextTab, JsonTab, HexTab };

QString textOf(const std::optional<QByteArray>& bytes) {
  if (!bytes) {
    return {};
  }
  return looksLikeText(*bytes) ? QString::fromUtf8(*bytes) : QString::fromLatin1(bytes->toHex(' '));
}

QPlainTextEdit* readOnlyText(QWidget* parent, const QString& name) {
  auto* edit = new QPlainTextEdit(parent);
  edit->setObjectName(name);
  edit->setReadOnly(true);
  edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
  return edit;
}

}  // namespace

MessageDetailView::MessageDetailView(QWidget* parent) : QWidget(parent) {
  m_summary = new QLabel(this);
  m_summary->setObjectName(QStringLiteral("messageSummary"));
  m_summary->setWordWrap(true);
  m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_keyLabel = new QLabel(this);
  m_key = readOnlyText(this, QStringLiteral("messageKey"));
  m_key->setMaximumHeight(fontMetrics().height() * 3);
  m_text = readOnlyText(this, QStringLiteral("messageText"));
  m_json = readOnlyText(this, QStringLiteral("messageJson"));
  m_hex = new HexDumpView(this);
  m_hex->setObjectName(QStringLiteral("messageHex"));
  m_tabs = new QTabWidget(this);
  m_tabs->addTab(m_text, QString());
  m_tabs->addTab(m_json, QString());
  m_tabs->addTab(m_hex, QString());
  m_headersLabel = new QLabel(this);
  m_headers = new QTableWidget(0, 2, this);
  m_headers->setObjectName(QStringLiteral("messageHeaders"));
  m_headers->verticalHeader()->hide();
  m_headers->horizontalHeader()->setStretchLastSection(true);
  m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
  m_headers->setMaximumHeight(fontMetrics().height() * 7);
  m_copy = new QPushButton(this);
  m_copy->setObjectName(QStringLiteral("copyValue"));
  connect(m_copy, &QPushButton::clicked, this, &MessageDetailView::copyValue);

  auto* top = new QHBoxLayout;
  top->addWidget(m_summary, 1);
  top->addWidget(m_copy, 0, Qt::AlignTop);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(m_keyLabel);
  layout->addWidget(m_key);
  layout->addWidget(m_tabs, 1);
  layout->addWidget(m_headersLabel);
  layout->addWidget(m_headers);
  retranslate();
  setRecord(std::nullopt);
}

void MessageDetailView::setRecord(const std::optional<MessageRecord>& record) {
  m_record = record;
  m_key->setPlainText(record ? (record->key ? textOf(record->key) : tr("(null)")) : QString());
  m_text->setPlainText(record ? (record->value ? textOf(record->value) : tr("(null: a tombstone on compacted topics)"))
                              : QString());
  const std::optional<QString> json = record && record->value ? prettyJson(*record->value) : std::nullopt;
  m_json->setPlainText(json.value_or(QString()));
  m_tabs->setTabEnabled(JsonTab, json.has_value());
  if (json && m_tabs->currentIndex() == TextTab) {
    m_tabs->setCurrentIndex(JsonTab);
  } else if (!json && m_tabs->currentIndex() == JsonTab) {
    m_tabs->setCurrentIndex(TextTab);
  }
  m_hex->setData(record && record->value ? *record->value : QByteArray());
  m_headers->setRowCount(0);
  if (record) {
    for (const auto& [name, value] : record->headers) {
      const int row = m_headers->rowCount();
      m_headers->insertRow(row);
      m_headers->setItem(row, 0, new QTableWidgetItem(name));
      m_headers->setItem(row, 1, new QTableWidgetItem(previewPayload(value, 200)));
    }
  }
  m_copy->setEnabled(record && record->value);
  updateSummary();
}

void MessageDetailView::updateSummary() {
  if (!m_record) {
    m_summary->setText(tr("Select a message to see it in full."));
    return;
  }
  const MessageRecord& r = *m_record;
  const QLocale locale;
  QString when = tr("no timestamp");
  if (r.timestampMs >= 0) {
    const QString type = r.timestampType == MessageRecord::TimestampType::LogAppendTime ? tr("LogAppendTime")
                                                                                         : tr("CreateTime");
    when = tr("%1 (%2, %3 ms)")
               .arg(QDateTime::fromMSecsSinceEpoch(r.timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                    type, QString::number(r.timestampMs));
  }
  m_summary->setText(tr("Partition %1 · offset %2 · %3 · key %4 · value %5 · %n header(s)", nullptr,
                        static_cast<int>(r.headers.size()))
                         .arg(r.partition)
                         .arg(r.offset)
                         .arg(when, r.key ? locale.formattedDataSize(r.key->size()) : tr("null"),
                              r.value ? locale.formattedDataSize(r.value->size()) : tr("null")));
}

QString MessageDetailView::summaryText() const { return m_summary->text(); }
QString MessageDetailView::valueText() const { return m_text->toPlainText(); }
QString MessageDetailView::jsonText() const { return m_json->toPlainText(); }

void MessageDetailView::copyValue() {
  if (m_record && m_record->value) {
    QApplication::clipboard()->setText(textOf(m_record->value));
  }
}

void MessageDetailView::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void MessageDetailView::retranslate() {
  m_keyLabel->setText(tr("Key:"));
  m_tabs->setTabText(TextTab, tr("Text"));
  m_tabs->setTabText(JsonTab, tr("JSON"));
  m_tabs->setTabText(HexTab, tr("Hex"));
  m_headersLabel->setText(tr("Headers:"));
  m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
  m_copy->setText(tr("&Copy Value"));
  if (m_record) {
    setRecord(m_record);
  } else {
    updateSummary();
  }
}

}  // namespace pier
