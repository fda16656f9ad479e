#pragma once
// SecretStore: secret client properties (passwords, keys) of saved connections in the desktop
// keychain through QtKeychain (Secret Service, KWallet, macOS Keychain, Windows Credential
// Store), under service "pier" and key "<profile name>/<property>". There is no plain-text
// fallback: when no keychain is available the calls report why and nothing is written anywhere.
//
// Thread: GUI thread; every call is asynchronous and answers through its callback exactly once.

#include "session/connection_settings.h"

#include <QObject>
#include <QStringList>

#include <functional>

namespace pier {

class SecretStore : public QObject {
  Q_OBJECT

 public:
  static constexpr char kService[] = "pier";

  explicit SecretStore(QObject* parent = nullptr);

  using Properties = QList<QPair<QString, QString>>;

  // Stores every `secrets` entry for profile `profile`; `done` gets "" or the first error.
  void write(const QString& profile, const Properties& secrets, std::function<void(const QString& error)> done);
  // Reads `keys` of profile `profile`; `done` gets the values found and "" or the first error.
  void read(const QString& profile, const QStringList& keys,
            std::function<void(const Properties& found, const QString& error)> done);
  void remove(const QString& profile, const QStringList& keys);

 private:
  void writeNext(const QString& profile, Properties left, QString error, std::function<void(const QString&)> done);
  void readNext(const QString& profile, QStringList left, Properties found, QString error,
                std::function<void(const Properties&, const QString&)> done);
};

}  // namespace pier
