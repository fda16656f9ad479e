#pragma once
// ConnectDialog: asks for a connection — a saved profile, or a name, the bootstrap servers, an
// optional coordinator address and colour tag, and librdkafka client properties (one key=value
// per line, '#' comments, as in a client .properties file, which can also be imported). Secret
// properties of a saved profile are not shown: they stay in the keychain and are read from there
// when the user leaves them out.
//
// Thread: GUI thread.

#include "session/connection_settings.h"
#include "settings/connection_profiles.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace pier {

class ConnectDialog : public QDialog {
  Q_OBJECT

 public:
  explicit ConnectDialog(const QList<ConnectionProfile>& profiles = {}, QWidget* parent = nullptr);

  void setSettings(const ConnectionSettings& settings);
  ConnectionSettings settings() const;
  // Whether the user wants the connection saved as a profile (under its name).
  bool saveProfile() const;
  // The names of secret properties of the chosen saved profile that the user did not type in:
  // the caller reads them from the keychain.
  QStringList secretKeysToRead() const;
  // Fills the form from the saved profile at `index` of the list given to the constructor.
  void chooseProfile(int index);

  // Parses .properties text: key=value or key: value per line, '#'/'!' comments, blank lines
  // skipped. A line without a separator is reported in `problem` (1-based line number).
  static QList<QPair<QString, QString>> parseProperties(const QString& text, QString* problem);

 private:
  void importProperties();
  void validate();

  QList<ConnectionProfile> m_profiles;
  QStringList m_profileSecretKeys;  // of the profile last chosen
  QComboBox* m_saved = nullptr;
  QLineEdit* m_name = nullptr;
  QLineEdit* m_bootstrap = nullptr;
  QLineEdit* m_coordinator = nullptr;
  QComboBox* m_colour = nullptr;
  QCheckBox* m_save = nullptr;
  QPlainTextEdit* m_properties = nullptr;
  QLabel* m_problem = nullptr;
  QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace pier
