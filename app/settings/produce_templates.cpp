#include "settings/produce_templates.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

#include <algorithm>

namespace pier {

namespace {

QString headersToJson(const QList<QPair<QString, QString>>& headers) {
  QJsonArray array;
  for (const auto& [name, value] : headers) {
    array.append(QJsonArray{name, value});
  }
  return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<QPair<QString, QString>> headersFromJson(const QString& json) {
  QList<QPair<QString, QString>> headers;
  for (const QJsonValue& pair : QJsonDocument::fromJson(json.toUtf8()).array()) {
    const QJsonArray a = pair.toArray();
    if (a.size() == 2) {
      headers.append({a.at(0).toString(), a.at(1).toString()});
    }
  }
  return headers;
}

}  // namespace

ProduceTemplates::ProduceTemplates(const QString& databasePath)
    : m_databasePath(databasePath),
      m_connectionName(QStringLiteral("pier-templates-") +
                       QUuid::createUuid().toString(QUuid::WithoutBraces)) {}

ProduceTemplates::~ProduceTemplates() {
  if (m_tried) {
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
  }
}

bool ProduceTemplates::ready() const {
  if (!m_tried) {
    m_tried = true;
    QDir().mkpath(QFileInfo(m_databasePath).absolutePath());
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_databasePath);
    m_open = db.open() && QSqlQuery(db).exec(QStringLiteral(
                              "CREATE TABLE IF NOT EXISTS produce_template (name TEXT PRIMARY KEY "
                              "NOT NULL, topic TEXT NOT NULL,"
                              " partition INTEGER NOT NULL, key_format TEXT, key_text TEXT,"
                              " value_format TEXT, value_text TEXT, headers TEXT,"
                              " repeat INTEGER NOT NULL)"));
  }
  return m_open;
}

QStringList ProduceTemplates::names() const {
  QStringList out;
  if (!ready()) {
    return out;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  if (q.exec(QStringLiteral("SELECT name FROM produce_template"))) {
    while (q.next()) {
      out.append(q.value(0).toString());
    }
  }
  std::sort(out.begin(), out.end(), [](const QString& a, const QString& b) {
    const int c = a.compare(b, Qt::CaseInsensitive);
    return c != 0 ? c < 0 : a < b;
  });
  return out;
}

std::optional<ProduceTemplate> ProduceTemplates::load(const QString& name) const {
  if (!ready()) {
    return std::nullopt;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral(
      "SELECT topic, partition, key_format, key_text, value_format, value_text, headers, repeat"
      " FROM produce_template WHERE name = ?"));
  q.addBindValue(name);
  if (!q.exec() || !q.next()) {
    return std::nullopt;
  }
  return ProduceTemplate{name,
                         q.value(0).toString(),
                         q.value(1).toInt(),
                         q.value(2).toString(),
                         q.value(3).toString(),
                         q.value(4).toString(),
                         q.value(5).toString(),
                         headersFromJson(q.value(6).toString()),
                         q.value(7).toInt()};
}

bool ProduceTemplates::save(const ProduceTemplate& t) {
  if (t.name.trimmed().isEmpty() || !ready()) {
    return false;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(
      QStringLiteral("INSERT OR REPLACE INTO produce_template (name, topic, partition, key_format, "
                     "key_text, value_format,"
                     " value_text, headers, repeat) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  for (const QVariant& v :
       {QVariant(t.name), QVariant(t.topic), QVariant(t.partition), QVariant(t.keyFormat),
        QVariant(t.keyText), QVariant(t.valueFormat), QVariant(t.valueText),
        QVariant(headersToJson(t.headers)), QVariant(t.repeat)}) {
    q.addBindValue(v);
  }
  return q.exec();
}

bool ProduceTemplates::remove(const QString& name) {
  if (!ready()) {
    return false;
  }
  QSqlQuery q(QSqlDatabase::database(m_connectionName));
  q.prepare(QStringLiteral("DELETE FROM produce_template WHERE name = ?"));
  q.addBindValue(name);
  return q.exec() && q.numRowsAffected() > 0;
}

}  // namespace pier
