#pragma once
// ProduceDialog: writes a message to a topic — key and value as text, JSON (checked), hex or a
// file's bytes, either of them null; headers; a partition or the partitioner; N copies. It stays
// open after each send and shows where the messages landed (partition and offsets) or the
// broker's error by name, so a user can send again with changes. The form can be saved as a named
// template (ProduceTemplates, in SQLite), loaded again and deleted.
//
// Thread: GUI thread. The session is the caller's and must outlive the dialog.

#include "session/message_producer.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pier {

class ClusterSession;
class ProduceTemplates;
struct ProduceTemplate;

class ProduceDialog : public QDialog {
  Q_OBJECT

 public:
  enum class Format { Text, Json, Hex, File, Null };

  // `templates` may be null: no template controls then. Both are the caller's and must outlive
  // the dialog.
  ProduceDialog(ClusterSession* session, ProduceTemplates* templates, const QStringList& topics, const QString& topic,
                QWidget* parent = nullptr);

  // The request the form describes, or nullopt with `problem` saying what is wrong.
  std::optional<ProduceRequest> request(QString* problem) const;
  // The bytes `text` stands for in `format` (a file path for File); nullopt: a null payload, or
  // a problem (then `problem` is set).
  static std::optional<QByteArray> encode(Format format, const QString& text, QString* problem);

  QString resultText() const;

  // The form as a template named `name`, and the reverse.
  ProduceTemplate formAsTemplate(const QString& name) const;
  void applyTemplate(const ProduceTemplate& t);
  // Template operations on the store; false (with the reason in the result line) on failure.
  bool saveTemplate(const QString& name);
  bool loadTemplate(const QString& name);
  bool deleteTemplate(const QString& name);
  QStringList templateNames() const;

 public slots:
  void send();

 private:
  struct PayloadEditor {
    QComboBox* format = nullptr;
    QPlainTextEdit* text = nullptr;
  };
  PayloadEditor makePayloadEditor(const QString& name);
  void onProduced(int requestId, const ProduceResult& result);
  QLayout* makeTemplateRow();
  void refreshTemplateList(const QString& current);
  void askAndSaveTemplate();
  void askAndDeleteTemplate();

  ClusterSession* m_session;
  ProduceTemplates* m_templates;
  QComboBox* m_templateList = nullptr;
  int m_pendingRequest = 0;
  QComboBox* m_topic = nullptr;
  QSpinBox* m_partition = nullptr;
  PayloadEditor m_key;
  PayloadEditor m_value;
  QTableWidget* m_headers = nullptr;
  QSpinBox* m_repeat = nullptr;
  QLabel* m_result = nullptr;
  QPushButton* m_send = nullptr;
};

}  // namespace pier
