#pragma once
// DynamicBrokerConfig: the broker configs changed at runtime through AlterConfigs /
// IncrementalAlterConfigs on BROKER resources, as Kafka 3.8 keeps them (DynamicBrokerConfig.scala):
// two layers over server.properties, each a key=value map persisted in Kafka's znode layout,
//
//   /config/brokers/<broker.id>   per-broker       (DYNAMIC_BROKER_CONFIG)
//   /config/brokers/<default>     cluster default  (DYNAMIC_DEFAULT_BROKER_CONFIG)
//
// both as {"version":1,"config":{...}}. Precedence: topic override > per-broker > cluster default
// > server.properties (STATIC_BROKER_CONFIG) > Kafka's default (DEFAULT_CONFIG). Only the keys
// Kafka reconfigures without a restart are accepted (the log.* defaults of topic configs,
// message.max.bytes, the cleaner and thread-pool sizes); a key Kafka knows but will not change
// at runtime is BrokerError::NotDynamic naming it; a bad value is BrokerError::InvalidConfig with
// server.properties' message. Keys nobody knows are kept, as Kafka keeps them.
//
// `current()` is the effective BrokerConfig (static + layers); callers push its logDefaults to
// the topic manager after load() and every alter(). Owned by the Broker, used on its loop.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "broker/broker_config.h"
#include "client/coordination_store.h"

namespace pier::broker {

using ConfigMap = std::map<std::string, std::string>;

// DescribeConfigs' config sources (the ids of Kafka's DescribeConfigsResponse.ConfigSource).
enum class ConfigSource : int8_t {
  TopicConfig = 1,  // the topic's own override
  DynamicBrokerConfig = 2,
  DynamicDefaultBrokerConfig = 3,
  StaticBrokerConfig = 4,
  DefaultConfig = 5,
};

struct ConfigSynonym {
  std::string name;
  std::optional<std::string> value;
  ConfigSource source;
};

class DynamicBrokerConfig {
 public:
  explicit DynamicBrokerConfig(BrokerConfig staticConfig);

  // Reads both layers from the store (absent znodes: empty layers) and recomputes current().
  // A stored value that no longer validates fails, naming the znode.
  Status load(client::CoordinationStore& store);
  // Replaces the layer named by `resourceName` ("" the cluster default, "<broker.id>" this
  // broker, another id: only persisted) with `configs`: validated, persisted (znode removed when
  // empty), then applied. validateOnly: validated only.
  Status alter(client::CoordinationStore& store, const std::string& resourceName,
               const ConfigMap& configs, bool validateOnly);

  const BrokerConfig& current() const { return m_current; }
  const ConfigMap& perBroker() const { return m_perBroker; }
  const ConfigMap& clusterDefault() const { return m_default; }
  // The layer `resourceName` names (empty for another broker's).
  ConfigMap layer(const std::string& resourceName) const;

  // Every definition of broker key `key` and its unit synonyms (log.retention.ms/minutes/hours),
  // highest precedence first, ending with Kafka's default when it has one.
  std::vector<ConfigSynonym> synonyms(const std::string& key) const;
  // The value `key` is described with (its first synonym of that exact name, else Kafka's
  // default) and where it comes from.
  ConfigSynonym describe(const std::string& key) const;

  static bool isDynamicKey(const std::string& key);
  // Kafka's default for a broker key as DescribeConfigs shows it (nullopt: null).
  static std::optional<std::string> kafkaDefault(const std::string& key);
  // The dynamic keys Pier acts on, sorted (what DescribeConfigs lists for the broker).
  static const std::vector<std::string>& describedKeys();

 private:
  Status validate(const ConfigMap& configs, bool perBroker) const;
  Result<BrokerConfig> compose(const ConfigMap& perBroker, const ConfigMap& clusterDefault) const;
  static std::string pathFor(const std::string& resourceName);

  BrokerConfig m_static;
  ConfigMap m_perBroker;
  ConfigMap m_default;
  BrokerConfig m_current;
};

}  // namespace pier::broker
