#pragma once
// Preferences: the console's small settings (refresh interval, ...) as key/value rows in the
// same SQLite database as the saved connections. Reads fall back to the given default when the
// key is missing or the database cannot be opened.
//
// Thread: GUI thread.

#include <QString>
#include <QVariant>

namespace pier {

class Preferences {
 public:
  static constexpr char kRefreshIntervalMs[] = "session/refresh_interval_ms";

  explicit Preferences(const QString& databasePath);
  ~Preferences();
  Preferences(const Preferences&) = delete;
  Preferences& operator=(const Preferences&) = delete;

  QVariant value(const QString& key, const QVariant& fallback = {}) const;
  bool setValue(const QString& key, const QVariant& value);

 private:
  QString m_connectionName;
  bool m_open = false;
};

}  // namespace pier
