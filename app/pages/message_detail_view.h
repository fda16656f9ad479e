#pragma once
// MessageDetailView: one record in full — where it is and when, its key, its value as text,
// as indented JSON (when it is JSON) and as a hex dump, and its headers. Copy puts the value's
// text (or hex, for binary values) on the clipboard.
//
// Thread: GUI thread.

#include "session/message_record.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace pier {

class HexDumpView;

class MessageDetailView : public QWidget {
  Q_OBJECT

 public:
  explicit MessageDetailView(QWidget* parent = nullptr);

  // nullopt: nothing selected (or the record is not loaded yet).
  void setRecord(const std::optional<MessageRecord>& record);
  QString summaryText() const;
  QString valueText() const;
  QString jsonText() const;

 public slots:
  void copyValue();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateSummary();

  std::optional<MessageRecord> m_record;
  QLabel* m_summary = nullptr;
  QPlainTextEdit* m_key = nullptr;
  QTabWidget* m_tabs = nullptr;
  QPlainTextEdit* m_text = nullptr;
  QPlainTextEdit* m_json = nullptr;
  HexDumpView* m_hex = nullptr;
  QTableWidget* m_headers = nullptr;
  QPushButton* m_copy = nullptr;
  QLabel* m_keyLabel = nullptr;
  QLabel* m_headersLabel = nullptr;
};

}  // namespace pier
