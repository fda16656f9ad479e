#include "settings/lag_store.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace pier {

LagStore::LagStore(const QString& databasePath)
    : m_connectionName(QStringLiteral("pier-lag-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {
  QDir().mkpath(QFileInfo(databasePath).absolutePath());
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
  db.setDatabaseName(databasePath);
  // A write per refresh happens on the GUI thread: WAL with synchronous=NORMAL commits without an
  // fsync (a crash may lose the last samples of a history, never corrupt it).
  m_open = db.open() && QSqlQuery(db).exec(QStringLiteral("PRAGMA journal_mode=WAL")) &&
           QSqlQuery(db).exec(QStringLiteral("PRAGMA synchronous=NORMAL")) &&
           QSqlQuery(db).exec(QStringLiteral("CREATE TABLE IF NOT EXISTS lag_sample (cluster TEXT NOT NULL,"
                                             " grp TEXT NOT NULL, time_ms INTEGER NOT NULL, total_lag INTEGER NOT NULL,"
                                             " PRIMARY KEY (cluster, grp, time_ms))"));
}

LagStore::~LagStore() {
  QSqlDatabase::database(m_connectionName, false).close();
  QSqlDatabase::removeDatabase(m_connectionName);
}

bool LagStore::record(const QString& cluster, const ClusterSnapshot& snapshot) {
  if (!m_open) {
    return false;
  }
  QSqlDatabase db = QSqlDatabase::database(m_connectionName);
  db.transaction();  // one write per refresh, however many groups
  const qint64 nowMs = snapshot.takenAt.toMSecsSinceEpoch();
  QSqlQuery insert(db);
  insert.prepare(QStringLiteral("INSERT OR REPLACE INTO lag_sample (cluster, grp, time_ms, total_lag) VALUES (?, ?, ?, ?)"));
  bool ok = true;
  for (const GroupInfo& g : snapshot.groups) {
    if (const qint64 total = g.totalLag(); total >= 0) {
      insert.addBindValue(cluster);
      insert.addBindValue(g.groupId);
      insert.addBindValue(nowMs);
      insert.addBindValue(total);
      ok = insert.exec() && ok;
    }
  }
  QSqlQuery purge(db);
  purge.prepare(QStringLiteral("DELETE FROM lag_sample WHERE time_ms < ?"));
  purge.addBindValue(nowMs - qint64(m_retentionHours) * 3600 * 1000);
  ok = purge.exec() && ok;
  return db.commit() && ok;
}

QList<TimePoint> LagStore::history(const QString& cluster, const QString& groupId, qint64 nowMs) const {
  QList<TimePoint> out;
  if (!m_open) {
    return out;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("SELECT time_ms, total_lag FROM lag_sample WHERE cluster = ? AND grp = ? AND time_ms >= ?"
                           " ORDER BY time_ms"));
  q.addBindValue(cluster);
  q.addBindValue(groupId);
  q.addBindValue(nowMs - qint64(m_retentionHours) * 3600 * 1000);
  if (q.exec()) {
    while (q.next()) {
      out.append({static_cast<double>(q.value(0).toLongLong()) / 1000.0, static_cast<double>(q.value(1).toLongLong())});
    }
  }
  return out;
}

QStringList LagStore::groups(const QString& cluster) const {
  QStringList out;
  if (!m_open) {
    return out;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("SELECT DISTINCT grp FROM lag_sample WHERE cluster = ? ORDER BY grp"));
  q.addBindValue(cluster);
  if (q.exec()) {
    while (q.next()) {
      out.append(q.value(0).toString());
    }
  }
  return out;
}

}  // namespace pier
