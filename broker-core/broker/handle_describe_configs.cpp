// DescribeConfigs for topics (resource type 2) and this broker (4). A topic's configs are its
// overrides (source TOPIC_CONFIG) over the broker's log.* defaults, each default reported as
// Kafka does: DEFAULT_CONFIG when the value is Kafka's default, STATIC_BROKER_CONFIG when
// server.properties changed it, DYNAMIC_BROKER_CONFIG / DYNAMIC_DEFAULT_BROKER_CONFIG when a
// dynamic broker config (DynamicBrokerConfig) sets its log.* synonym. A broker's configs: the
// read-only static ones, and the dynamic log defaults and message.max.bytes with the layer each
// value comes from. includeSynonyms (v1+): every definition, highest precedence first.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/describe_configs_request.h"
#include "protocol/kafka/generated/describe_configs_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

constexpr int8_t kTopicResource = 2;
constexpr int8_t kBrokerResource = 4;
constexpr int8_t kTopicConfig = 1;
constexpr int8_t kStaticBrokerConfig = 4;
constexpr int8_t kDefaultConfig = 5;
enum ConfigType : int8_t { kBoolean = 1, kString = 2, kInt = 3, kLong = 5, kDouble = 6, kList = 7 };

struct Entry {
  std::string name;
  std::optional<std::string> value;
  ConfigType type;
  bool isDefault;
  bool overridden = false;  // set on the topic (/config/topics/<t>)
  std::optional<ConfigSource> source = std::nullopt;  // unset: from overridden / isDefault
  std::vector<ConfigSynonym> synonyms = {};
  bool readOnly = true;
};

// The broker key whose value a topic config defaults to (Kafka's ServerTopicConfigSynonyms).
const std::map<std::string, std::string>& brokerSynonymOf() {
  static const std::map<std::string, std::string> table = {
      {"cleanup.policy", "log.cleanup.policy"},
      {"compression.gzip.level", "compression.gzip.level"},
      {"compression.lz4.level", "compression.lz4.level"},
      {"compression.type", "compression.type"},
      {"compression.zstd.level", "compression.zstd.level"},
      {"delete.retention.ms", "log.cleaner.delete.retention.ms"},
      {"file.delete.delay.ms", "log.segment.delete.delay.ms"},
      {"local.retention.bytes", "log.local.retention.bytes"},
      {"local.retention.ms", "log.local.retention.ms"},
      {"max.compaction.lag.ms", "log.cleaner.max.compaction.lag.ms"},
      {"message.downconversion.enable", "log.message.downconversion.enable"},
      {"message.format.version", "log.message.format.version"},
      {"min.insync.replicas", "min.insync.replicas"},
      {"preallocate", "log.preallocate"},
      {"unclean.leader.election.enable", "unclean.leader.election.enable"},
      {"flush.messages", "log.flush.interval.messages"},
      {"flush.ms", "log.flush.interval.ms"},
      {"index.interval.bytes", "log.index.interval.bytes"},
      {"max.message.bytes", "message.max.bytes"},
      {"message.timestamp.after.max.ms", "log.message.timestamp.after.max.ms"},
      {"message.timestamp.before.max.ms", "log.message.timestamp.before.max.ms"},
      {"message.timestamp.type", "log.message.timestamp.type"},
      {"min.cleanable.dirty.ratio", "log.cleaner.min.cleanable.ratio"},
      {"min.compaction.lag.ms", "log.cleaner.min.compaction.lag.ms"},
      {"retention.bytes", "log.retention.bytes"},
      {"retention.ms", "log.retention.ms"},
      {"segment.bytes", "log.segment.bytes"},
      {"segment.index.bytes", "log.index.size.max.bytes"},
      {"segment.jitter.ms", "log.roll.jitter.ms"},
      {"segment.ms", "log.roll.ms"},
  };
  return table;
}

ConfigType brokerKeyType(const std::string& key) {
  if (key == "log.cleanup.policy") return kList;
  if (key == "log.message.timestamp.type" || key == "compression.type") return kString;
  if (key == "log.cleaner.min.cleanable.ratio") return kDouble;
  for (std::string_view k :
       {"log.message.downconversion.enable", "log.preallocate", "unclean.leader.election.enable"}) {
    if (key == k) return kBoolean;
  }
  for (std::string_view k : {"log.segment.bytes", "log.index.size.max.bytes", "log.index.interval.bytes",
                             "compression.gzip.level", "compression.lz4.level", "compression.zstd.level",
                             "min.insync.replicas",
                             "message.max.bytes", "log.retention.minutes", "log.retention.hours", "log.roll.hours",
                             "log.roll.jitter.hours"}) {
    if (key == k) return kInt;
  }
  return kLong;
}

// A topic config's source and synonyms over the broker's dynamic layers.
void addBrokerLayers(Entry& e, const DynamicBrokerConfig& dynamic) {
  auto synonym = brokerSynonymOf().find(e.name);
  if (synonym == brokerSynonymOf().end()) return;
  e.synonyms = dynamic.synonyms(synonym->second);
  if (e.overridden) {
    e.synonyms.insert(e.synonyms.begin(), ConfigSynonym{e.name, e.value, ConfigSource::TopicConfig});
  } else if (!e.synonyms.empty() && (e.synonyms.front().source == ConfigSource::DynamicBrokerConfig ||
                                     e.synonyms.front().source == ConfigSource::DynamicDefaultBrokerConfig)) {
    e.source = e.synonyms.front().source;
  }
}

std::vector<Entry> dynamicBrokerEntries(const DynamicBrokerConfig& dynamic) {
  std::vector<Entry> out;
  for (const std::string& key : DynamicBrokerConfig::describedKeys()) {
    ConfigSynonym d = dynamic.describe(key);
    Entry e{key, d.value, brokerKeyType(key), d.source == ConfigSource::DefaultConfig};
    e.source = d.source;
    e.synonyms = dynamic.synonyms(key);
    e.readOnly = false;
    out.push_back(std::move(e));
  }
  return out;
}

std::string policy(const storage::LogConfig& c) {
  if (c.cleanupCompact && c.cleanupDelete) return "compact,delete";
  return c.cleanupCompact ? "compact" : "delete";
}

template <typename T>
Entry entry(std::string name, T value, T kafkaDefault, ConfigType type) {
  return Entry{std::move(name), fmt::format("{}", value), type, value == kafkaDefault};
}

Entry flag(std::string name, bool value, bool kafkaDefault) {
  return Entry{std::move(name), value ? "true" : "false", kBoolean, value == kafkaDefault};
}

std::vector<Entry> topicEntries(const storage::LogConfig& c) {
  const storage::LogConfig d;
  using protocol::records::TimestampType;
  const auto timestampType = [](TimestampType t) {
    return std::string(t == TimestampType::CreateTime ? "CreateTime" : "LogAppendTime");
  };
  return {
      Entry{"cleanup.policy", policy(c), kList, policy(c) == policy(d)},
      entry("compression.gzip.level", c.compressionGzipLevel, d.compressionGzipLevel, kInt),
      entry("compression.lz4.level", c.compressionLz4Level, d.compressionLz4Level, kInt),
      entry("compression.type", c.compressionTypeName(), d.compressionTypeName(), kString),
      entry("compression.zstd.level", c.compressionZstdLevel, d.compressionZstdLevel, kInt),
      entry("delete.retention.ms", c.deleteRetentionMs, d.deleteRetentionMs, kLong),
      entry("file.delete.delay.ms", c.fileDeleteDelayMs, d.fileDeleteDelayMs, kLong),
      entry("flush.messages", c.flushMessages, d.flushMessages, kLong),
      entry("flush.ms", c.flushMs, d.flushMs, kLong),
      entry("follower.replication.throttled.replicas", c.followerReplicationThrottledReplicas,
            d.followerReplicationThrottledReplicas, kList),
      entry("index.interval.bytes", c.indexIntervalBytes, d.indexIntervalBytes, kInt),
      entry("leader.replication.throttled.replicas", c.leaderReplicationThrottledReplicas,
            d.leaderReplicationThrottledReplicas, kList),
      entry("local.retention.bytes", c.localRetentionBytes, d.localRetentionBytes, kLong),
      entry("local.retention.ms", c.localRetentionMs, d.localRetentionMs, kLong),
      entry("max.compaction.lag.ms", c.maxCompactionLagMs, d.maxCompactionLagMs, kLong),
      entry("max.message.bytes", c.maxMessageBytes, d.maxMessageBytes, kInt),
      flag("message.downconversion.enable", c.messageDownconversionEnable, d.messageDownconversionEnable),
      entry("message.format.version", c.messageFormatVersion, d.messageFormatVersion, kString),
      entry("message.timestamp.after.max.ms", c.messageTimestampAfterMaxMs, d.messageTimestampAfterMaxMs, kLong),
      entry("message.timestamp.before.max.ms", c.messageTimestampBeforeMaxMs, d.messageTimestampBeforeMaxMs, kLong),
      Entry{"message.timestamp.type", timestampType(c.messageTimestampType), kString,
            c.messageTimestampType == d.messageTimestampType},
      entry("min.cleanable.dirty.ratio", c.minCleanableDirtyRatio, d.minCleanableDirtyRatio, kDouble),
      entry("min.compaction.lag.ms", c.minCompactionLagMs, d.minCompactionLagMs, kLong),
      entry("min.insync.replicas", c.minInsyncReplicas, d.minInsyncReplicas, kInt),
      flag("preallocate", c.preallocate, d.preallocate),
      flag("remote.storage.enable", c.remoteStorageEnable, d.remoteStorageEnable),
      entry("retention.bytes", c.retentionBytes, d.retentionBytes, kLong),
      entry("retention.ms", c.retentionMs, d.retentionMs, kLong),
      entry("segment.bytes", c.segmentBytes, d.segmentBytes, kInt),
      entry("segment.index.bytes", c.segmentIndexBytes, d.segmentIndexBytes, kInt),
      entry("segment.jitter.ms", c.segmentJitterMs, d.segmentJitterMs, kLong),
      entry("segment.ms", c.segmentMs, d.segmentMs, kLong),
      flag("unclean.leader.election.enable", c.uncleanLeaderElectionEnable, d.uncleanLeaderElectionEnable),
  };
}

std::vector<Entry> brokerEntries(const BrokerConfig& c) {
  std::string listeners;
  for (const ListenerConfig& l : c.listeners) {
    listeners += (listeners.empty() ? "" : ",") + fmt::format("{}://{}:{}", l.name, l.host, l.port);
  }
  std::string dirs;
  for (const std::string& d : c.logDirs) dirs += (dirs.empty() ? "" : ",") + d;
  return {
      Entry{"auto.create.topics.enable", c.autoCreateTopicsEnable ? "true" : "false", kBoolean, c.autoCreateTopicsEnable},
      entry("broker.id", c.brokerId.value(), -1, kInt),
      entry("default.replication.factor", static_cast<int>(c.defaultReplicationFactor), 1, kInt),
      Entry{"delete.topic.enable", c.deleteTopicEnable ? "true" : "false", kBoolean, c.deleteTopicEnable},
      Entry{"listeners", listeners, kString, false},
      Entry{"log.dirs", dirs, kString, false},
      entry("num.partitions", c.numPartitions, 1, kInt),
      entry("socket.receive.buffer.bytes", c.socketReceiveBufferBytes, -1, kInt),  // Pier's default (Kafka: 102400)
      entry("socket.request.max.bytes", c.socketRequestMaxBytes, 104857600, kInt),
      entry("socket.send.buffer.bytes", c.socketSendBufferBytes, -1, kInt),
      Entry{"zookeeper.connect", c.zookeeperConnect, kString, c.zookeeperConnect.empty()},
  };
}

DescribeConfigsResponse::DescribeConfigsResourceResult toResult(const Entry& e, int16_t version, bool isBroker,
                                                                bool withSynonyms) {
  DescribeConfigsResponse::DescribeConfigsResourceResult r;
  r.name = e.name;
  r.value = e.value;
  r.readOnly = isBroker && e.readOnly;
  const int8_t source = e.overridden ? kTopicConfig
                        : e.source   ? static_cast<int8_t>(*e.source)
                        : e.isDefault ? kDefaultConfig
                                      : kStaticBrokerConfig;
  if (version == 0) r.isDefault = source == kDefaultConfig;
  if (version >= 1) r.configSource = source;
  if (version >= 1 && withSynonyms) {
    for (const ConfigSynonym& s : e.synonyms) {
      DescribeConfigsResponse::DescribeConfigsSynonym syn;
      syn.name = s.name;
      syn.value = s.value;
      syn.source = static_cast<int8_t>(s.source);
      r.synonyms.push_back(std::move(syn));
    }
  }
  if (version >= 3) {
    r.configType = e.type;
    r.documentation = std::nullopt;
  }
  return r;
}

}  // namespace

Status KafkaApis::onDescribeConfigs(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DescribeConfigsRequest body, decodeRequestBody<DescribeConfigsRequest>(req.body, req.apiVersion()));
  DescribeConfigsResponse resp;
  for (const auto& resource : body.resources) {
    DescribeConfigsResponse::DescribeConfigsResult result;
    result.resourceType = resource.resourceType;
    result.resourceName = resource.resourceName;
    result.errorMessage = std::nullopt;
    std::vector<Entry> entries;
    const bool isBroker = resource.resourceType == kBrokerResource;
    if (resource.resourceType == kTopicResource) {
      if (const TopicState* state = m_topics.find(resource.resourceName)) {
        auto config = m_topics.configWith(state->overrides);
        entries = topicEntries(config ? *config : m_topics.defaults());
        for (Entry& e : entries) {
          auto set = state->overrides.find(e.name);
          e.overridden = set != state->overrides.end();
          if (e.overridden) e.value = set->second;  // as the client gave it, as Kafka shows it
          addBrokerLayers(e, m_dynamic);
        }
      } else {
        result.errorCode = kafka_error::kUnknownTopicOrPartition;
      }
    } else if (isBroker && (resource.resourceName.empty() ||
                            resource.resourceName == std::to_string(m_config.brokerId.value()))) {
      entries = brokerEntries(m_config);
      for (Entry& e : dynamicBrokerEntries(m_dynamic)) entries.push_back(std::move(e));
      std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    } else {
      result.errorCode = kafka_error::kInvalidRequest;
      result.errorMessage = fmt::format("Unsupported resource type {} or name '{}'", resource.resourceType,
                                        resource.resourceName);
    }
    for (const Entry& e : entries) {
      const auto& keys = resource.configurationKeys;
      if (keys && std::find(keys->begin(), keys->end(), e.name) == keys->end()) continue;
      result.configs.push_back(toResult(e, req.apiVersion(), isBroker, body.includeSynonyms));
    }
    resp.results.push_back(std::move(result));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
