#pragma once
// Where and how the console connects to one cluster: bootstrap servers plus librdkafka client
// properties (security.protocol, sasl.*, ...), as a saved profile (settings/ConnectionProfiles)
// or the command line gives them.

#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace pier {

struct ConnectionSettings {
  QString name;       // what the user calls it; shown in the title and status bar
  QString bootstrap;  // "host:port[,host:port...]"
  QList<QPair<QString, QString>> properties;  // librdkafka configuration, applied in order
  QString coordinator;  // optional ZooKeeper-compatible address (host:port), for later pages
  QString colour;       // optional tag colour (#rrggbb) shown with the connection's name

  friend bool operator==(const ConnectionSettings&, const ConnectionSettings&) = default;
};

}  // namespace pier

Q_DECLARE_METATYPE(pier::ConnectionSettings)
