#pragma once
// The topic config admin calls over a KafkaClient: DescribeConfigs (a topic's configs with their
// source and flags) and IncrementalAlterConfigs (SET / DELETE per key, only the keys given), one
// topic per request, answers as plain values. What the console's config editor uses, since
// librdkafka 2.0 has no IncrementalAlterConfigs.
//
// Asynchronous like KafkaClient: `done` runs once, on the client's loop, with the answer or the
// error that failed the whole request (the connection, a response that does not decode, or an
// answer for another resource: ClientError::UnexpectedAnswer). The topic-level Kafka error code
// and the broker's message are values in the answer (errorCode 0: success), as Kafka's admin
// client reports them per resource.
//
// Requires: `client` is connected to a broker of the cluster and outlives the call. Not
// thread-safe: used on the loop that owns the client.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/kafka_client.h"

namespace pier::client {

// DescribeConfigs' ConfigSource values (Kafka's DescribeConfigsResponse.ConfigSource).
enum class ConfigSource : int8_t {
  Unknown = 0,
  TopicConfig = 1,  // an override set on the topic
  DynamicBrokerConfig = 2,
  DynamicDefaultBrokerConfig = 3,
  StaticBrokerConfig = 4,  // server.properties
  DefaultConfig = 5,       // Kafka's default
  DynamicBrokerLoggerConfig = 6,
};

struct ConfigEntry {
  std::string name;
  std::optional<std::string> value;  // nullopt for sensitive configs and configs without a value
  ConfigSource source = ConfigSource::Unknown;
  bool readOnly = false;
  bool sensitive = false;
  friend bool operator==(const ConfigEntry&, const ConfigEntry&) = default;
};

struct TopicConfigsAnswer {
  int16_t errorCode = 0;                    // the topic's Kafka error code (0: none)
  std::optional<std::string> errorMessage;  // the broker's own message, when it sent one
  std::vector<ConfigEntry> entries;         // in the order the broker sent them
};

// One IncrementalAlterConfigs operation: SET `value`, or DELETE the override (back to the
// broker's default).
struct ConfigChange {
  enum class Op : int8_t { Set = 0, Delete = 1 };
  std::string name;
  Op op = Op::Set;
  std::string value;  // ignored for Delete
  friend bool operator==(const ConfigChange&, const ConfigChange&) = default;
};

struct AlterConfigsAnswer {
  int16_t errorCode = 0;
  std::optional<std::string> errorMessage;
};

// DescribeConfigs v4 (v1+ carries the source; v4 is the newest a Pier broker serves).
void describeTopicConfigs(KafkaClient& client, const std::string& topic,
                          std::function<void(Result<TopicConfigsAnswer>)> done);

// IncrementalAlterConfigs v0 (not flexible: what both Apache Kafka 2.3+ and Pier serve) with
// exactly `changes`, in the order given.
void alterTopicConfigs(KafkaClient& client, const std::string& topic,
                       const std::vector<ConfigChange>& changes, bool validateOnly,
                       std::function<void(Result<AlterConfigsAnswer>)> done);

}  // namespace pier::client
