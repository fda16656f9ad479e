#pragma once
// ConnectDialog: asks for a connection — a name, the bootstrap servers and optional librdkafka
// client properties (one key=value per line, '#' comments, as in a client .properties file,
// which can also be imported).
//
// Thread: GUI thread.

#include "session/connection_settings.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace pier {

class ConnectDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ConnectDialog(QWidget* parent = nullptr);

  void setSettings(const ConnectionSettings& settings);
  ConnectionSettings settings() const;

  // Parses .properties text: key=value or key: value per line, '#'/'!' comments, blank lines
  // skipped. A line without a separator is reported in `problem` (1-based line number).
  static QList<QPair<QString, QString>> parseProperties(const QString& text, QString* problem);

 private:
  void importProperties();
  void validate();

  QLineEdit* m_name = nullptr;
  QLineEdit* m_bootstrap = nullptr;
  QPlainTextEdit* m_properties = nullptr;
  QLabel* m_problem = nullptr;
  QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace pier
