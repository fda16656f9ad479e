#pragma once
// ConnectionProfiles: the user's saved connections in the console's SQLite database — name,
// bootstrap servers, optional coordinator address, colour tag, client properties and when each
// was last used. Secret properties (passwords, keys: see isSecretKey) never reach this file:
// only their names are kept, and their values live in the desktop keychain (SecretStore).
//
// Thread: GUI thread (one QSqlDatabase connection per instance). Errors are values:
// isOpen()/errorString(), and false from the writers.

#include "session/connection_settings.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace pier {

struct ConnectionProfile {
  ConnectionSettings settings;  // secret property values left out
  QStringList secretKeys;       // property names whose values are in the keychain
  qint64 lastUsedMs = 0;        // 0: never
};

class ConnectionProfiles {
 public:
  // Opens (creating when missing) the database at `databasePath`.
  explicit ConnectionProfiles(const QString& databasePath);
  ~ConnectionProfiles();
  ConnectionProfiles(const ConnectionProfiles&) = delete;
  ConnectionProfiles& operator=(const ConnectionProfiles&) = delete;

  // <AppDataLocation>/pier.sqlite
  static QString defaultPath();
  // True for property names whose values must not be written to disk in plain text.
  static bool isSecretKey(const QString& key);
  // `settings` with secret properties removed, and their names.
  static ConnectionProfile withoutSecrets(const ConnectionSettings& settings);

  bool isOpen() const { return m_open; }
  QString errorString() const { return m_error; }

  QList<ConnectionProfile> list() const;  // most recently used first, then by name
  std::optional<ConnectionProfile> find(const QString& name) const;
  // Inserts or replaces the profile named settings.name; secret values are dropped here.
  bool save(const ConnectionSettings& settings);
  bool remove(const QString& name);
  bool markUsed(const QString& name, qint64 nowMs);

 private:
  bool exec(const QString& sql);

  QString m_connectionName;
  bool m_open = false;
  mutable QString m_error;
};

}  // namespace pier
