#pragma once
// A topic's configs as the console shows and edits them, and the two blocking calls behind the
// config editor: readTopicConfigs (DescribeConfigs) and alterTopicConfigs (IncrementalAlter-
// Configs: SET for a changed value, DELETE for an override reset to its default; only the keys
// given are sent). librdkafka 2.0 has no IncrementalAlterConfigs, so both go through
// pier::client (client/topic_configs.h) on a SocketNetwork, to the first bootstrap server.
// Plaintext connections only: pier::client has no TLS or SASL yet.
//
// Thread: the session worker's. Each call opens its own connection and blocks for at most
// `timeoutMs` (connect and answer together).

#include "session/connection_settings.h"
#include "session/kafka_error.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace pier {

// Where a config's value comes from (Kafka's DescribeConfigs ConfigSource, folded).
enum class ConfigSource { Unknown, TopicOverride, DynamicBroker, StaticBroker, Default };

struct TopicConfigEntry {
  QString name;
  QString value;
  bool hasValue = true;  // false: the broker sent no value (sensitive, or unset)
  ConfigSource source = ConfigSource::Unknown;
  bool readOnly = false;
  bool sensitive = false;

  friend bool operator==(const TopicConfigEntry&, const TopicConfigEntry&) = default;
};

struct TopicConfigs {
  QString topic;
  KafkaError error;  // empty name: `entries` is the answer
  QList<TopicConfigEntry> entries;
};

// One key to change: SET `value`, or (reset) DELETE the topic's override.
struct TopicConfigChange {
  QString name;
  bool reset = false;
  QString value;

  friend bool operator==(const TopicConfigChange&, const TopicConfigChange&) = default;
};

TopicConfigs readTopicConfigs(const ConnectionSettings& settings, const QString& topic,
                              int timeoutMs);
KafkaError alterTopicConfigs(const ConnectionSettings& settings, const QString& topic,
                             const QList<TopicConfigChange>& changes, int timeoutMs);

}  // namespace pier

Q_DECLARE_METATYPE(pier::TopicConfigs)
Q_DECLARE_METATYPE(pier::TopicConfigChange)
