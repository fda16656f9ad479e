#include "settings/connection_profiles.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>

namespace pier {

namespace {

constexpr int kSchemaVersion = 1;

QString propertiesToJson(const QList<QPair<QString, QString>>& properties) {
  QJsonArray array;
  for (const auto& [key, value] : properties) {
    array.append(QJsonArray{key, value});
  }
  return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<QPair<QString, QString>> propertiesFromJson(const QString& json) {
  QList<QPair<QString, QString>> out;
  for (const QJsonValue& pair : QJsonDocument::fromJson(json.toUtf8()).array()) {
    out.append({pair.toArray().at(0).toString(), pair.toArray().at(1).toString()});
  }
  return out;
}

QStringList keysFromJson(const QString& json) {
  QStringList out;
  for (const QJsonValue& key : QJsonDocument::fromJson(json.toUtf8()).array()) {
    out.append(key.toString());
  }
  return out;
}

ConnectionProfile profileFrom(const QSqlQuery& q) {
  ConnectionProfile p;
  p.settings.name = q.value(0).toString();
  p.settings.bootstrap = q.value(1).toString();
  p.settings.coordinator = q.value(2).toString();
  p.settings.colour = q.value(3).toString();
  p.settings.properties = propertiesFromJson(q.value(4).toString());
  p.secretKeys = keysFromJson(q.value(5).toString());
  p.lastUsedMs = q.value(6).toLongLong();
  return p;
}

constexpr const char* kSelect =
    "SELECT name, bootstrap, coordinator, colour, properties, secret_keys, last_used_ms FROM connection_profile";

}  // namespace

ConnectionProfiles::ConnectionProfiles(const QString& databasePath)
    : m_connectionName(QStringLiteral("pier-profiles-") + QUuid::createUuid().toString(QUuid::WithoutBraces)) {
  QDir().mkpath(QFileInfo(databasePath).absolutePath());
  QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
  db.setDatabaseName(databasePath);
  if (!db.open()) {
    m_error = db.lastError().text();
    return;
  }
  m_open = exec(QStringLiteral("CREATE TABLE IF NOT EXISTS connection_profile ("
                               " name TEXT PRIMARY KEY NOT NULL, bootstrap TEXT NOT NULL,"
                               " coordinator TEXT NOT NULL DEFAULT '', colour TEXT NOT NULL DEFAULT '',"
                               " properties TEXT NOT NULL DEFAULT '[]', secret_keys TEXT NOT NULL DEFAULT '[]',"
                               " last_used_ms INTEGER NOT NULL DEFAULT 0)")) &&
           exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion));
}

ConnectionProfiles::~ConnectionProfiles() {
  QSqlDatabase::database(m_connectionName, false).close();
  QSqlDatabase::removeDatabase(m_connectionName);
}

QString ConnectionProfiles::defaultPath() {
  return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/pier.sqlite");
}

bool ConnectionProfiles::isSecretKey(const QString& key) {
  const QString k = key.toLower();
  return k.contains(u"password") || k.contains(u"secret") || k == u"sasl.oauthbearer.config" ||
         k == u"ssl.key.pem" || k == u"ssl.keystore.location" || k.endsWith(u".jaas.config");
}

ConnectionProfile ConnectionProfiles::withoutSecrets(const ConnectionSettings& settings) {
  ConnectionProfile p;
  p.settings = settings;
  p.settings.properties.clear();
  for (const auto& property : settings.properties) {
    if (isSecretKey(property.first)) {
      p.secretKeys.append(property.first);
    } else {
      p.settings.properties.append(property);
    }
  }
  return p;
}

bool ConnectionProfiles::exec(const QString& sql) {
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  if (!q.exec(sql)) {
    m_error = q.lastError().text();
    return false;
  }
  return true;
}

QList<ConnectionProfile> ConnectionProfiles::list() const {
  QList<ConnectionProfile> out;
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  if (!q.exec(QString::fromLatin1(kSelect) + QStringLiteral(" ORDER BY last_used_ms DESC, name"))) {
    m_error = q.lastError().text();
    return out;
  }
  while (q.next()) {
    out.append(profileFrom(q));
  }
  return out;
}

std::optional<ConnectionProfile> ConnectionProfiles::find(const QString& name) const {
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QString::fromLatin1(kSelect) + QStringLiteral(" WHERE name = ?"));
  q.addBindValue(name);
  if (!q.exec() || !q.next()) {
    return std::nullopt;
  }
  return profileFrom(q);
}

bool ConnectionProfiles::save(const ConnectionSettings& settings) {
  const ConnectionProfile p = withoutSecrets(settings);
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  // Keeps last_used_ms of an existing profile.
  q.prepare(QStringLiteral(
      "INSERT INTO connection_profile (name, bootstrap, coordinator, colour, properties, secret_keys)"
      " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET bootstrap = excluded.bootstrap,"
      " coordinator = excluded.coordinator, colour = excluded.colour, properties = excluded.properties,"
      " secret_keys = excluded.secret_keys"));
  // A null QString binds as SQL NULL, which the NOT NULL columns refuse: bind "" instead.
  const auto text = [](const QString& s) { return s.isNull() ? QStringLiteral("") : s; };
  q.addBindValue(text(p.settings.name));
  q.addBindValue(text(p.settings.bootstrap));
  q.addBindValue(text(p.settings.coordinator));
  q.addBindValue(text(p.settings.colour));
  q.addBindValue(propertiesToJson(p.settings.properties));
  q.addBindValue(QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(p.secretKeys)).toJson(QJsonDocument::Compact)));
  if (!q.exec()) {
    m_error = q.lastError().text();
    return false;
  }
  return true;
}

bool ConnectionProfiles::remove(const QString& name) {
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("DELETE FROM connection_profile WHERE name = ?"));
  q.addBindValue(name);
  if (!q.exec()) {
    m_error = q.lastError().text();
    return false;
  }
  return true;
}

bool ConnectionProfiles::markUsed(const QString& name, qint64 nowMs) {
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("UPDATE connection_profile SET last_used_ms = ? WHERE name = ?"));
  q.addBindValue(nowMs);
  q.addBindValue(name);
  if (!q.exec()) {
    m_error = q.lastError().text();
    return false;
  }
  return true;
}

}  // namespace pier
