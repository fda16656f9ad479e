#include "session/topic_configs.h"

#include "client/kafka_error.h"
#include "client/topic_configs.h"
#include "session/admin_connection.h"

#include <QCoreApplication>

namespace pier {

namespace {

ConfigSource sourceOf(client::ConfigSource s) {
  switch (s) {
    case client::ConfigSource::TopicConfig:
      return ConfigSource::TopicOverride;
    case client::ConfigSource::DynamicBrokerConfig:
    case client::ConfigSource::DynamicDefaultBrokerConfig:
    case client::ConfigSource::DynamicBrokerLoggerConfig:
      return ConfigSource::DynamicBroker;
    case client::ConfigSource::StaticBrokerConfig:
      return ConfigSource::StaticBroker;
    case client::ConfigSource::DefaultConfig:
      return ConfigSource::Default;
    case client::ConfigSource::Unknown:
      break;
  }
  return ConfigSource::Unknown;
}

KafkaError openFirstServer(AdminConnection& conn, const ConnectionSettings& settings, int timeoutMs) {
  KafkaError refused = requirePlaintext(
      settings, QCoreApplication::translate("pier::TopicConfigs", "Editing topic configs"));
  return refused.name.isEmpty() ? conn.open(firstBootstrapServer(settings.bootstrap), timeoutMs) : refused;
}

}  // namespace

TopicConfigs readTopicConfigs(const ConnectionSettings& settings, const QString& topic,
                              int timeoutMs) {
  TopicConfigs out{topic, {}, {}};
  SocketNetwork network;
  AdminConnection conn(network);
  if (out.error = openFirstServer(conn, settings, timeoutMs); !out.error.name.isEmpty()) {
    return out;
  }
  auto answer = conn.await<client::TopicConfigsAnswer>(
      [&](auto done) {
        client::describeTopicConfigs(conn.client(), topic.toStdString(), std::move(done));
      },
      timeoutMs);
  if (!answer) {
    out.error = requestErrorOf(answer.status());
    return out;
  }
  if (answer->errorCode != 0) {
    out.error = kafkaErrorOf(answer->errorCode,
                             answer->errorMessage ? answer->errorMessage->c_str() : nullptr);
    return out;
  }
  for (const client::ConfigEntry& e : answer->entries) {
    out.entries.append({QString::fromStdString(e.name),
                        QString::fromStdString(e.value.value_or(std::string())),
                        e.value.has_value(), sourceOf(e.source), e.readOnly, e.sensitive});
  }
  return out;
}

KafkaError alterTopicConfigs(const ConnectionSettings& settings, const QString& topic,
                             const QList<TopicConfigChange>& changes, int timeoutMs) {
  SocketNetwork network;
  AdminConnection conn(network);
  if (KafkaError error = openFirstServer(conn, settings, timeoutMs); !error.name.isEmpty()) {
    return error;
  }
  std::vector<client::ConfigChange> ops;
  for (const TopicConfigChange& c : changes) {
    ops.push_back({c.name.toStdString(),
                   c.reset ? client::ConfigChange::Op::Delete : client::ConfigChange::Op::Set,
                   c.value.toStdString()});
  }
  auto answer = conn.await<client::AlterConfigsAnswer>(
      [&](auto done) {
        client::alterTopicConfigs(conn.client(), topic.toStdString(), ops, false, std::move(done));
      },
      timeoutMs);
  if (!answer) {
    return requestErrorOf(answer.status());
  }
  return kafkaErrorOf(answer->errorCode,
                      answer->errorMessage ? answer->errorMessage->c_str() : nullptr);
}

}  // namespace pier
