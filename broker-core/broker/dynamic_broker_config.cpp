#include "broker/dynamic_broker_config.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/log.h"
#include "base/parse_number.h"
#include "broker/broker_error.h"
#include "broker/metadata_layout.h"

namespace pier::broker {
namespace {

constexpr const char* kBrokerConfigs = "/config/brokers";
constexpr const char* kDefaultEntity = "<default>";

// Kafka 3.8's defaults for the keys DescribeConfigs lists for a broker (KafkaConfig); nullopt
// where Kafka's default is null (the key's coarser synonym carries it).
const std::map<std::string, std::optional<std::string>>& dynamicDefaults() {
  static const std::map<std::string, std::optional<std::string>> table = {
      {"compression.gzip.level", "-1"},
      {"compression.lz4.level", "9"},
      {"compression.type", "producer"},
      {"compression.zstd.level", "3"},
      {"log.cleaner.delete.retention.ms", "86400000"},
      {"log.cleaner.max.compaction.lag.ms", "9223372036854775807"},
      {"log.cleaner.min.cleanable.ratio", "0.5"},
      {"log.cleaner.min.compaction.lag.ms", "0"},
      {"log.cleanup.policy", "delete"},
      {"log.flush.interval.messages", "9223372036854775807"},
      {"log.flush.interval.ms", std::nullopt},
      {"log.index.interval.bytes", "4096"},
      {"log.index.size.max.bytes", "10485760"},
      {"log.message.timestamp.after.max.ms", "9223372036854775807"},
      {"log.message.timestamp.before.max.ms", "9223372036854775807"},
      {"log.message.timestamp.difference.max.ms", "9223372036854775807"},
      {"log.message.downconversion.enable", "true"},
      {"log.message.timestamp.type", "CreateTime"},
      {"log.local.retention.bytes", "-2"},
      {"log.local.retention.ms", "-2"},
      {"log.preallocate", "false"},
      {"log.retention.bytes", "-1"},
      {"log.retention.hours", "168"},
      {"log.retention.minutes", std::nullopt},
      {"log.retention.ms", std::nullopt},
      {"log.roll.hours", "168"},
      {"log.roll.jitter.hours", "0"},
      {"log.roll.jitter.ms", std::nullopt},
      {"log.roll.ms", std::nullopt},
      {"log.segment.bytes", "1073741824"},
      {"log.segment.delete.delay.ms", "60000"},
      {"message.max.bytes", "1048588"},
      {"min.insync.replicas", "1"},
      {"unclean.leader.election.enable", "false"},
  };
  return table;
}

// Dynamic in Kafka (LogCleaner, DynamicThreadPool, DynamicLogConfig, DynamicReplicationConfig)
// but without effect in a single-node Pier: accepted and kept.
const std::set<std::string>& dynamicWithoutEffect() {
  static const std::set<std::string> keys = {"background.threads",
                                             "log.cleaner.backoff.ms",
                                             "log.cleaner.dedupe.buffer.size",
                                             "log.cleaner.io.buffer.load.factor",
                                             "log.cleaner.io.buffer.size",
                                             "log.cleaner.io.max.bytes.per.second",
                                             "log.cleaner.threads",
                                             "num.io.threads",
                                             "num.network.threads",
                                             "num.recovery.threads.per.data.dir",
                                             "num.replica.fetchers"};
  return keys;
}

// Scala's Set.toString, which Kafka's message carries: "Set(broker.id, log.dirs)".
std::string scalaSet(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return "Set(" + out + ")";
}

}  // namespace

DynamicBrokerConfig::DynamicBrokerConfig(BrokerConfig staticConfig)
    : m_static(std::move(staticConfig)), m_current(m_static) {}

std::string DynamicBrokerConfig::pathFor(const std::string& resourceName) {
  return fmt::format("{}/{}", kBrokerConfigs, resourceName.empty() ? kDefaultEntity : resourceName);
}

bool DynamicBrokerConfig::isDynamicKey(const std::string& key) {
  return dynamicDefaults().count(key) || dynamicWithoutEffect().count(key);
}

std::optional<std::string> DynamicBrokerConfig::kafkaDefault(const std::string& key) {
  auto it = dynamicDefaults().find(key);
  return it == dynamicDefaults().end() ? std::nullopt : it->second;
}

const std::vector<std::string>& DynamicBrokerConfig::describedKeys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& [key, value] : dynamicDefaults()) out.push_back(key);
    return out;
  }();
  return keys;
}

ConfigMap DynamicBrokerConfig::layer(const std::string& resourceName) const {
  if (resourceName.empty()) return m_default;
  if (resourceName == std::to_string(m_static.brokerId.value())) return m_perBroker;
  return {};
}

Status DynamicBrokerConfig::validate(const ConfigMap& configs, bool perBroker) const {
  std::vector<std::string> fixed;
  for (const auto& [key, value] : configs) {
    if (isKnownBrokerKey(key) && !isDynamicKey(key)) fixed.push_back(key);
  }
  if (!fixed.empty()) {
    return Status(BrokerError::NotDynamic,
                  "Cannot update these configs dynamically: " + scalaSet(fixed));
  }
  // Each layer must be valid on its own over server.properties, as Kafka validates it.
  return perBroker ? compose(configs, {}).status() : compose({}, configs).status();
}

Result<BrokerConfig> DynamicBrokerConfig::compose(const ConfigMap& perBroker,
                                                  const ConfigMap& clusterDefault) const {
  ConfigMap merged = clusterDefault;
  for (const auto& [key, value] : perBroker) merged[key] = value;
  BrokerConfig out = m_static;
  PIER_RETURN_IF_ERROR(applyProperties(out, merged));
  return out;
}

Status DynamicBrokerConfig::load(client::CoordinationStore& store) {
  PIER_RETURN_IF_ERROR(client::ensurePath(store, kBrokerConfigs));
  ConfigMap layers[2];
  const std::string names[2] = {"", std::to_string(m_static.brokerId.value())};
  for (int i = 0; i < 2; ++i) {
    PIER_ASSIGN_OR_RETURN(auto node, store.get(pathFor(names[i])));
    if (!node) continue;
    auto parsed = zk::parseTopicConfigJson(node->data);
    if (!parsed)
      return Status(BrokerError::InvalidConfig,
                    pathFor(names[i]) + ": " + parsed.status().message());
    layers[i] = std::move(*parsed);
  }
  auto composed = compose(layers[1], layers[0]);
  if (!composed)
    return Status(BrokerError::InvalidConfig,
                  "dynamic broker configs: " + composed.status().message());
  m_default = std::move(layers[0]);
  m_perBroker = std::move(layers[1]);
  m_current = std::move(*composed);
  if (!m_default.empty() || !m_perBroker.empty()) {
    PIER_LOG_INFO("dynamic broker configs loaded", {"perBroker", m_perBroker.size()},
                  {"clusterDefault", m_default.size()});
  }
  return Status::ok();
}

Status DynamicBrokerConfig::alter(client::CoordinationStore& store, const std::string& resourceName,
                                  const ConfigMap& configs, bool validateOnly) {
  const bool thisBroker = resourceName == std::to_string(m_static.brokerId.value());
  if (!resourceName.empty() && !thisBroker && !parseDecimal<int32_t>(resourceName)) {
    return Status(BrokerError::NotDynamic,
                  fmt::format("Broker id must be an integer, but it is: {}", resourceName));
  }
  PIER_RETURN_IF_ERROR(validate(configs, !resourceName.empty()));
  BrokerConfig next = m_current;
  if (resourceName.empty() || thisBroker) {
    PIER_ASSIGN_OR_RETURN(next,
                          thisBroker ? compose(configs, m_default) : compose(m_perBroker, configs));
  }
  if (validateOnly) return Status::ok();
  const std::string path = pathFor(resourceName);
  if (configs.empty()) {
    PIER_RETURN_IF_ERROR(client::removeRecursive(store, path));
  } else {
    PIER_RETURN_IF_ERROR(client::putPersistent(store, path, zk::topicConfigJson(configs)));
  }
  PIER_RETURN_IF_ERROR(store.persist());
  if (resourceName.empty()) m_default = configs;
  if (thisBroker) m_perBroker = configs;
  m_current = std::move(next);
  PIER_LOG_INFO("altered dynamic broker configs",
                {"resource", resourceName.empty() ? kDefaultEntity : resourceName},
                {"configs", configs.size()});
  return Status::ok();
}

std::vector<ConfigSynonym> DynamicBrokerConfig::synonyms(const std::string& key) const {
  std::vector<ConfigSynonym> out;
  const std::vector<std::string> family = brokerKeySynonyms(key);
  const std::pair<const ConfigMap*, ConfigSource> layers[] = {
      {&m_perBroker, ConfigSource::DynamicBrokerConfig},
      {&m_default, ConfigSource::DynamicDefaultBrokerConfig},
      {&m_static.staticProperties, ConfigSource::StaticBrokerConfig}};
  for (const auto& [values, source] : layers) {
    for (const std::string& name : family) {
      auto it = values->find(name);
      if (it != values->end()) out.push_back({name, it->second, source});
    }
  }
  for (const std::string& name : family) {
    if (auto d = kafkaDefault(name)) out.push_back({name, d, ConfigSource::DefaultConfig});
  }
  return out;
}

ConfigSynonym DynamicBrokerConfig::describe(const std::string& key) const {
  for (const ConfigSynonym& s : synonyms(key)) {
    if (s.name == key) return s;
  }
  return {key, std::nullopt, ConfigSource::DefaultConfig};
}

}  // namespace pier::broker
