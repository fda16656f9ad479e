#pragma once
// BrokerConfig: the broker's settings under Kafka's server.properties names and defaults.
//
// parseServerProperties() reads the Java properties text and `--override key=value` pairs (which
// win): a bad value is BrokerError::InvalidConfig naming the key and the value; a key Kafka knows
// but Pier does not act on yet is accepted silently; a key nobody knows is a warning, as in
// Kafka. The log.* keys fill `logDefaults`, the LogConfig every topic starts from; the offsets.*
// and group.* keys configure the group coordinator. Pier's own keys start with "pier."
// (pier.metrics.listener).
//
// A value type.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "runtime/network.h"
#include "storage/log_config.h"

namespace pier::broker {

struct ListenerConfig {
  std::string name = "PLAINTEXT";  // a listener name (listener.security.protocol.map maps it)
  std::string host;  // empty: every interface
  uint16_t port = 9092;
};

struct BrokerConfig {
  NodeId brokerId{0};
  std::vector<ListenerConfig> listeners{ListenerConfig{}};
  std::vector<ListenerConfig> advertisedListeners;  // by listener name; a listener not named here: itself
  // listener.security.protocol.map: listener name -> security protocol (Kafka's default map).
  // Every listener must map to PLAINTEXT, the one protocol served.
  std::map<std::string, std::string> listenerSecurityProtocols{
      {"PLAINTEXT", "PLAINTEXT"}, {"SSL", "SSL"}, {"SASL_PLAINTEXT", "SASL_PLAINTEXT"}, {"SASL_SSL", "SASL_SSL"}};
  std::optional<std::string> interBrokerListenerName;  // inter.broker.listener.name (checked only)
  std::vector<std::string> logDirs{"/tmp/kafka-logs"};
  int32_t numPartitions = 1;
  int16_t defaultReplicationFactor = 1;
  bool autoCreateTopicsEnable = true;
  bool deleteTopicEnable = true;
  int32_t messageMaxBytes = 1048588;
  int32_t socketRequestMaxBytes = 104857600;
  // socket.send.buffer.bytes / socket.receive.buffer.bytes: -1 is the OS's size. Kafka's
  // default is 102400 (100 KiB); Pier's is -1, as Linux autotunes loopback and LAN sockets well
  // beyond that (1 KiB produce on loopback measured ~25% slower with 100 KiB receive buffers).
  int32_t socketSendBufferBytes = -1;
  int32_t socketReceiveBufferBytes = -1;
  int32_t numNetworkThreads = 3;
  int32_t numIoThreads = 8;
  int32_t maxIncrementalFetchSessionCacheSlots = 1000;  // KIP-227 fetch sessions
  int64_t logRetentionCheckIntervalMs = 300000;
  int64_t logFlushSchedulerIntervalMs = 60000;  // how often flush.ms is checked
  int64_t producerIdExpirationMs = 86400000;    // an idle idempotent producer is forgotten after this
  int64_t producerIdExpirationCheckIntervalMs = 600000;
  std::string zookeeperConnect;  // "host:port,host:port[/chroot]"; empty: metadata in pier-metadata.json
  int32_t zookeeperSessionTimeoutMs = 18000;
  std::optional<int32_t> zookeeperConnectionTimeoutMs;  // unset: the session timeout, as in Kafka
  std::string clusterId = "pier-sandbox";
  std::optional<std::string> rack;  // broker.rack: in the registration, Metadata and DescribeCluster
  std::string metricsListener;  // pier.metrics.listener: "host:port" for Prometheus, empty: off
  storage::LogConfig logDefaults;
  // The key=value pairs server.properties and --override gave (empty for a config built in
  // code): what DescribeConfigs reports as STATIC_BROKER_CONFIG and what dynamic configs of the
  // same unit family are resolved against.
  std::map<std::string, std::string> staticProperties;

  // The group coordinator and its topic, __consumer_offsets.
  int32_t offsetsTopicNumPartitions = 50;
  // Accepted as Kafka accepts it, but a single node always creates __consumer_offsets with one
  // replica (Kafka would refuse to create it with fewer live brokers than this).
  int16_t offsetsTopicReplicationFactor = 3;
  int32_t offsetsTopicSegmentBytes = 104857600;
  int32_t offsetsRetentionMinutes = 10080;
  int32_t offsetMetadataMaxBytes = 4096;
  int32_t groupInitialRebalanceDelayMs = 3000;
  int32_t groupMinSessionTimeoutMs = 6000;
  int32_t groupMaxSessionTimeoutMs = 1800000;
  int32_t groupMaxSize = INT32_MAX;

  // What clients that came in on listeners[index] are told to connect to: the advertised
  // listener of the same name, else the listener itself ("localhost" for every interface).
  ListenerConfig advertised(std::size_t index) const;
  // Every listener's advertised endpoint, in listener order (the broker's registration).
  std::vector<ListenerConfig> advertisedEndpoints() const;
};

struct ParsedConfig {
  BrokerConfig config;
  std::vector<std::string> warnings;  // one line per unknown key
};

ParsedConfig defaultConfig();
Result<ParsedConfig> parseServerProperties(std::string_view text,
                                           const std::vector<std::pair<std::string, std::string>>& overrides = {});
// Applies `values` (dynamic broker configs, already merged by precedence) over `config` as
// server.properties would: the same validation and messages (InvalidConfig naming key and
// value), the most precise time unit winning within log.retention.*, log.roll.*,
// log.roll.jitter.* (a family is resolved over `config.staticProperties` plus `values`), and
// message.max.bytes feeding the log defaults. Keys without a setter are ignored.
Status applyProperties(BrokerConfig& config, const std::map<std::string, std::string>& values);
// Whether server.properties knows `key` (acted on, a time key, or accepted without effect).
bool isKnownBrokerKey(std::string_view key);
// The keys of `key`'s time family in precedence order (log.retention.ms, .minutes, .hours), or
// just `key`.
std::vector<std::string> brokerKeySynonyms(std::string_view key);

// "PLAINTEXT://host:9092,PLAINTEXT://:9093" -> listeners. InvalidConfig naming the key otherwise.
Result<std::vector<ListenerConfig>> parseListeners(std::string_view key, std::string_view value);

}  // namespace pier::broker
