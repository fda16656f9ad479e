#include "settings/preferences.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>

namespace pier {

Preferences::Preferences(const QString& databasePath)
    : m_connectionName(QStringLiteral("pier-preferences-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {
  QDir().mkpath(QFileInfo(databasePath).absolutePath());
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
  db.setDatabaseName(databasePath);
  m_open = db.open() && QSqlQuery(db).exec(QStringLiteral(
                            "CREATE TABLE IF NOT EXISTS preference (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"));
}

Preferences::~Preferences() {
  QSqlDatabase::database(m_connectionName, false).close();
  QSqlDatabase::removeDatabase(m_connectionName);
}

QVariant Preferences::value(const QString& key, const QVariant& fallback) const {
  if (!m_open) {
    return fallback;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("SELECT value FROM preference WHERE key = ?"));
  q.addBindValue(key);
  return q.exec() && q.next() ? q.value(0) : fallback;
}

bool Preferences::setValue(const QString& key, const QVariant& value) {
  if (!m_open) {
    return false;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("INSERT INTO preference (key, value) VALUES (?, ?)"
                           " ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
  q.addBindValue(key);
  q.addBindValue(value.toString());
  return q.exec();
}

}  // namespace pier
