#pragma once
// ProduceTemplates: named Produce dialog forms (topic, key and value with their formats,
// headers, partition, copies) in the console's SQLite database, table produce_template, made on
// first use. Saving under an existing name replaces that template. Headers are kept as a JSON
// array of [name, value] pairs.
//
// Thread: GUI thread (small local writes, like Preferences). Reads give nothing when the
// database cannot be opened; writes return false.

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace pier {

struct ProduceTemplate {
  QString name;
  QString topic;
  int partition = -1;  // -1: the partitioner
  QString keyFormat;   // "text", "json", "hex", "file" or "null"
  QString keyText;
  QString valueFormat;
  QString valueText;
  QList<QPair<QString, QString>> headers;
  int repeat = 1;

  friend bool operator==(const ProduceTemplate&, const ProduceTemplate&) = default;
};

class ProduceTemplates {
 public:
  explicit ProduceTemplates(const QString& databasePath);
  ~ProduceTemplates();
  ProduceTemplates(const ProduceTemplates&) = delete;
  ProduceTemplates& operator=(const ProduceTemplates&) = delete;

  // Sorted, case-insensitively.
  QStringList names() const;
  std::optional<ProduceTemplate> load(const QString& name) const;
  // Saves `t` under t.name (not empty), replacing a template of that name.
  bool save(const ProduceTemplate& t);
  bool remove(const QString& name);

 private:
  // Opens the database and creates the table the first time a template is read or written.
  bool ready() const;

  QString m_databasePath;
  QString m_connectionName;
  mutable bool m_tried = false;
  mutable bool m_open = false;
};

}  // namespace pier
