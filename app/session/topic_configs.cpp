#include "session/topic_configs.h"

#include "client/kafka_error.h"
#include "client/topic_configs.h"
#include "session/socket_network.h"

#include <QCoreApplication>

#include <memory>
#include <optional>

namespace pier {

namespace {

// A failed request (not a Kafka error code) in librdkafka's words, so the hints match.
KafkaError errorOf(const Status& status) {
  const QString message = QString::fromStdString(status.message());
  if (status.is(SocketError::TimedOut)) {
    return {QStringLiteral("_TIMED_OUT"), message};
  }
  if (status.inDomain<client::ClientError>()) {
    return {QStringLiteral("_BAD_MSG"), message};
  }
  return {QStringLiteral("_TRANSPORT"), message};
}

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

// One connection to the first bootstrap server, for one request.
class AdminConnection {
 public:
  AdminConnection() : m_client(client::KafkaClient::create(m_network, "pier-console")) {}
  ~AdminConnection() { m_client->close(); }

  // Empty name: connected.
  KafkaError open(const ConnectionSettings& settings, int timeoutMs) {
    for (const auto& [key, value] : settings.properties) {
      if (key == u"security.protocol" && value.compare(u"plaintext", Qt::CaseInsensitive) != 0) {
        return {QStringLiteral("_NOT_IMPLEMENTED"),
                QCoreApplication::translate(
                    "pier::TopicConfigs",
                    "Topic configs can be edited over plaintext connections only.")};
      }
    }
    const QString first = settings.bootstrap.section(u',', 0, 0).trimmed();
    auto at = Endpoint::parse(first.toStdString());
    if (!at) {
      return {QStringLiteral("_INVALID_ARG"), QString::fromStdString(at.status().message())};
    }
    std::optional<Status> connected;
    m_client->connect(*at, [&connected](Status s) { connected = std::move(s); });
    Status waited = m_network.runUntil([&connected] { return connected.has_value(); }, timeoutMs);
    if (!waited) {
      return errorOf(waited);
    }
    return *connected ? KafkaError{} : errorOf(*connected);
  }

  // Starts a call with `start` (handing it the callback) and waits for its answer.
  template <typename T>
  Result<T> await(const std::function<void(std::function<void(Result<T>)>)>& start, int timeoutMs) {
    auto answer =
        std::make_shared<std::optional<Result<T>>>();  // a late answer may outlive this frame
    start([answer](Result<T> r) { *answer = std::move(r); });
    PIER_RETURN_IF_ERROR(m_network.runUntil([&answer] { return answer->has_value(); }, timeoutMs));
    return std::move(**answer);
  }

  client::KafkaClient& client() { return *m_client; }

 private:
  SocketNetwork m_network;
  std::shared_ptr<client::KafkaClient> m_client;
};

}  // namespace

TopicConfigs readTopicConfigs(const ConnectionSettings& settings, const QString& topic,
                              int timeoutMs) {
  TopicConfigs out{topic, {}, {}};
  AdminConnection conn;
  if (out.error = conn.open(settings, timeoutMs); !out.error.name.isEmpty()) {
    return out;
  }
  auto answer = conn.await<client::TopicConfigsAnswer>(
      [&](auto done) {
        client::describeTopicConfigs(conn.client(), topic.toStdString(), std::move(done));
      },
      timeoutMs);
  if (!answer) {
    out.error = errorOf(answer.status());
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
  AdminConnection conn;
  if (KafkaError error = conn.open(settings, timeoutMs); !error.name.isEmpty()) {
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
    return errorOf(answer.status());
  }
  return kafkaErrorOf(answer->errorCode,
                      answer->errorMessage ? answer->errorMessage->c_str() : nullptr);
}

}  // namespace pier
