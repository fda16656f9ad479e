#include "broker/broker_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/parse_boolean.h"
#include "base/parse_number.h"
#include "broker/broker_error.h"
#include "client/zookeeper_wire.h"
#include "storage/meta_properties.h"

namespace pier::broker {
namespace {

using Values = std::map<std::string, std::string>;

std::string upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

Status invalid(std::string_view key, std::string_view value, std::string_view why) {
  return Status(BrokerError::InvalidConfig, fmt::format("Invalid value {} for configuration {}: {}", value, key, why));
}

template <typename T>
Result<T> integer(std::string_view key, std::string_view value, int64_t minimum) {
  auto parsed = parseDecimal<T>(value);
  if (!parsed) return invalid(key, value, "not a number");
  if (*parsed < minimum) return invalid(key, value, fmt::format("Value must be at least {}", minimum));
  return *parsed;
}

Result<bool> boolean(std::string_view key, std::string_view value) {
  if (auto parsed = parseBoolean(value)) return *parsed;
  return invalid(key, value, "Expected value to be either true or false");
}

// Keys Kafka defines that Pier accepts without acting on them yet (no warning).
const std::set<std::string, std::less<>>& knownButUnused() {
  static const std::set<std::string, std::less<>> keys = {
      "auto.leader.rebalance.enable", "controlled.shutdown.enable", "log.cleaner.enable", "log.cleaner.threads",
      "num.recovery.threads.per.data.dir", "num.replica.fetchers", "queued.max.requests", "replica.lag.time.max.ms",
      "transaction.state.log.min.isr",
      "transaction.state.log.replication.factor", "log.dir"};
  return keys;
}

using Setter = std::function<Status(BrokerConfig&, std::string_view key, std::string_view value)>;

template <typename T, typename Field>
Setter intSetter(Field field, int64_t minimum) {
  return [field, minimum](BrokerConfig& c, std::string_view key, std::string_view value) -> Status {
    PIER_ASSIGN_OR_RETURN(T parsed, integer<T>(key, value, minimum));
    using Target = std::remove_reference_t<decltype(field(c))>;
    field(c) = Target(parsed);
    return Status::ok();
  };
}

template <typename Field>
Setter boolSetter(Field field) {
  return [field](BrokerConfig& c, std::string_view key, std::string_view value) -> Status {
    PIER_ASSIGN_OR_RETURN(bool parsed, boolean(key, value));
    field(c) = parsed;
    return Status::ok();
  };
}

// A socket buffer size: -1 (the OS's) or a positive byte count (what Java's Socket accepts).
template <typename Field>
Setter bufferSetter(Field field) {
  return [field](BrokerConfig& c, std::string_view key, std::string_view value) -> Status {
    PIER_ASSIGN_OR_RETURN(int32_t bytes, integer<int32_t>(key, value, -1));
    if (bytes == 0) return invalid(key, value, "must be -1 (the OS default) or a positive size");
    field(c) = bytes;
    return Status::ok();
  };
}

// A log default set through its topic-level name (LogConfig::set), the error naming the broker key.
Setter topicKeySetter(std::string_view topicKey) {
  return [topicKey](BrokerConfig& c, std::string_view key, std::string_view value) -> Status {
    Status s = c.logDefaults.set(topicKey, value);
    if (s) return s;
    std::string message = s.message();
    const std::string named = fmt::format("configuration {}", topicKey);
    if (auto at = message.find(named); at != std::string::npos) {
      message.replace(at, named.size(), fmt::format("configuration {}", key));
    }
    return Status(BrokerError::InvalidConfig, message);
  };
}

std::vector<std::string> splitList(std::string_view value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string item(value.substr(start, comma - start));
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

const std::map<std::string, Setter, std::less<>>& setters() {
  using C = BrokerConfig;
  static const std::map<std::string, Setter, std::less<>> table = {
      {"broker.id", intSetter<int32_t>([](C& c) -> auto& { return c.brokerId; }, 0)},
      {"num.partitions", intSetter<int32_t>([](C& c) -> auto& { return c.numPartitions; }, 1)},
      {"default.replication.factor", intSetter<int16_t>([](C& c) -> auto& { return c.defaultReplicationFactor; }, 1)},
      {"auto.create.topics.enable", boolSetter([](C& c) -> auto& { return c.autoCreateTopicsEnable; })},
      {"delete.topic.enable", boolSetter([](C& c) -> auto& { return c.deleteTopicEnable; })},
      {"message.max.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.messageMaxBytes; }, 0)},
      {"socket.request.max.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.socketRequestMaxBytes; }, 1)},
      {"socket.send.buffer.bytes", bufferSetter([](C& c) -> auto& { return c.socketSendBufferBytes; })},
      {"socket.receive.buffer.bytes", bufferSetter([](C& c) -> auto& { return c.socketReceiveBufferBytes; })},
      {"num.network.threads", intSetter<int32_t>([](C& c) -> auto& { return c.numNetworkThreads; }, 1)},
      {"num.io.threads", intSetter<int32_t>([](C& c) -> auto& { return c.numIoThreads; }, 1)},
      {"max.incremental.fetch.session.cache.slots",
       intSetter<int32_t>([](C& c) -> auto& { return c.maxIncrementalFetchSessionCacheSlots; }, 0)},
      {"log.retention.check.interval.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logRetentionCheckIntervalMs; }, 1)},
      {"producer.id.expiration.ms", intSetter<int64_t>([](C& c) -> auto& { return c.producerIdExpirationMs; }, 1)},
      {"producer.id.expiration.check.interval.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.producerIdExpirationCheckIntervalMs; }, 1)},
      {"log.flush.scheduler.interval.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logFlushSchedulerIntervalMs; }, 1)},
      {"log.segment.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.logDefaults.segmentBytes; }, 14)},
      {"compression.type", topicKeySetter("compression.type")},
      {"compression.gzip.level", topicKeySetter("compression.gzip.level")},
      {"compression.lz4.level", topicKeySetter("compression.lz4.level")},
      {"compression.zstd.level", topicKeySetter("compression.zstd.level")},
      {"log.message.format.version", topicKeySetter("message.format.version")},
      {"min.insync.replicas", intSetter<int32_t>([](C& c) -> auto& { return c.logDefaults.minInsyncReplicas; }, 1)},
      {"unclean.leader.election.enable",
       boolSetter([](C& c) -> auto& { return c.logDefaults.uncleanLeaderElectionEnable; })},
      {"log.preallocate", boolSetter([](C& c) -> auto& { return c.logDefaults.preallocate; })},
      {"log.segment.delete.delay.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.fileDeleteDelayMs; }, 0)},
      {"log.cleaner.max.compaction.lag.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.maxCompactionLagMs; }, 1)},
      {"log.message.downconversion.enable",
       boolSetter([](C& c) -> auto& { return c.logDefaults.messageDownconversionEnable; })},
      {"log.local.retention.ms", intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.localRetentionMs; }, -2)},
      {"log.local.retention.bytes",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.localRetentionBytes; }, -2)},
      {"log.index.size.max.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.logDefaults.segmentIndexBytes; }, 4)},
      {"log.index.interval.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.logDefaults.indexIntervalBytes; }, 0)},
      {"log.retention.bytes", intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.retentionBytes; }, -1)},
      {"log.flush.interval.messages", intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.flushMessages; }, 1)},
      {"log.flush.interval.ms", intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.flushMs; }, 0)},
      {"log.cleaner.delete.retention.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.deleteRetentionMs; }, 0)},
      {"log.cleaner.min.compaction.lag.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.minCompactionLagMs; }, 0)},
      {"log.message.timestamp.before.max.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.messageTimestampBeforeMaxMs; }, 0)},
      {"log.message.timestamp.after.max.ms",
       intSetter<int64_t>([](C& c) -> auto& { return c.logDefaults.messageTimestampAfterMaxMs; }, 0)},
      {"log.message.timestamp.difference.max.ms", [](C& c, std::string_view key, std::string_view v) -> Status {
         PIER_ASSIGN_OR_RETURN(int64_t ms, integer<int64_t>(key, v, 0));
         c.logDefaults.messageTimestampBeforeMaxMs = ms;
         c.logDefaults.messageTimestampAfterMaxMs = ms;
         return Status::ok();
       }},
      // Minimums as Kafka's GroupCoordinatorConfig declares them; where Kafka has none, the
      // smallest value that means something (no negative sizes or timeouts).
      {"offsets.topic.num.partitions",
       intSetter<int32_t>([](C& c) -> auto& { return c.offsetsTopicNumPartitions; }, 1)},
      {"offsets.topic.replication.factor",
       intSetter<int16_t>([](C& c) -> auto& { return c.offsetsTopicReplicationFactor; }, 1)},
      {"offsets.topic.segment.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.offsetsTopicSegmentBytes; }, 1)},
      {"offsets.retention.minutes", intSetter<int32_t>([](C& c) -> auto& { return c.offsetsRetentionMinutes; }, 1)},
      {"offset.metadata.max.bytes", intSetter<int32_t>([](C& c) -> auto& { return c.offsetMetadataMaxBytes; }, 0)},
      {"group.initial.rebalance.delay.ms",
       intSetter<int32_t>([](C& c) -> auto& { return c.groupInitialRebalanceDelayMs; }, 0)},
      {"group.min.session.timeout.ms", intSetter<int32_t>([](C& c) -> auto& { return c.groupMinSessionTimeoutMs; }, 0)},
      {"group.max.session.timeout.ms", intSetter<int32_t>([](C& c) -> auto& { return c.groupMaxSessionTimeoutMs; }, 0)},
      {"group.max.size", intSetter<int32_t>([](C& c) -> auto& { return c.groupMaxSize; }, 1)},
      {"zookeeper.connect", [](C& c, std::string_view key, std::string_view v) -> Status {
         if (!v.empty()) {
           auto parsed = client::parseZooKeeperConnect(v);
           if (!parsed) return invalid(key, v, parsed.status().message());
         }
         c.zookeeperConnect = std::string(v);
         return Status::ok();
       }},
      {"zookeeper.session.timeout.ms",
       intSetter<int32_t>([](C& c) -> auto& { return c.zookeeperSessionTimeoutMs; }, 1)},
      {"zookeeper.connection.timeout.ms", [](C& c, std::string_view key, std::string_view v) -> Status {
         PIER_ASSIGN_OR_RETURN(int32_t ms, integer<int32_t>(key, v, 1));
         c.zookeeperConnectionTimeoutMs = ms;
         return Status::ok();
       }},
      {"pier.metrics.listener", [](C& c, std::string_view key, std::string_view v) -> Status {
         if (!v.empty() && !Endpoint::parse(v)) return invalid(key, v, "expected host:port");
         c.metricsListener = std::string(v);
         return Status::ok();
       }},
      {"broker.rack", [](C& c, std::string_view, std::string_view v) -> Status {
         c.rack = v.empty() ? std::nullopt : std::optional<std::string>(v);
         return Status::ok();
       }},
      {"log.dirs", [](C& c, std::string_view key, std::string_view v) -> Status {
         c.logDirs = splitList(v);
         return c.logDirs.empty() ? invalid(key, v, "no directory named") : Status::ok();
       }},
      {"listeners", [](C& c, std::string_view key, std::string_view v) -> Status {
         PIER_ASSIGN_OR_RETURN(c.listeners, parseListeners(key, v));
         return Status::ok();
       }},
      {"advertised.listeners", [](C& c, std::string_view key, std::string_view v) -> Status {
         PIER_ASSIGN_OR_RETURN(c.advertisedListeners, parseListeners(key, v));
         return Status::ok();
       }},
      {"listener.security.protocol.map", [](C& c, std::string_view key, std::string_view v) -> Status {
         c.listenerSecurityProtocols.clear();
         for (const std::string& item : splitList(v)) {
           const std::size_t colon = item.find(':');
           if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
             return invalid(key, v, fmt::format("'{}' is not LISTENER_NAME:SECURITY_PROTOCOL", item));
           }
           c.listenerSecurityProtocols[upper(item.substr(0, colon))] = upper(item.substr(colon + 1));
         }
         return c.listenerSecurityProtocols.empty() ? invalid(key, v, "no listener named") : Status::ok();
       }},
      {"inter.broker.listener.name", [](C& c, std::string_view, std::string_view v) -> Status {
         c.interBrokerListenerName = v.empty() ? std::nullopt : std::optional<std::string>(upper(std::string(v)));
         return Status::ok();
       }},
      {"log.cleanup.policy", [](C& c, std::string_view key, std::string_view v) -> Status {
         Status s = c.logDefaults.setCleanupPolicy(v);
         return s ? s : invalid(key, v, "must be delete, compact or both");
       }},
      {"log.cleaner.min.cleanable.ratio", [](C& c, std::string_view key, std::string_view v) -> Status {
         double ratio = 0;
         auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), ratio);
         if (v.empty() || ec != std::errc() || end != v.data() + v.size()) return invalid(key, v, "not a number");
         if (ratio < 0 || ratio > 1) return invalid(key, v, "must be between 0 and 1");
         c.logDefaults.minCleanableDirtyRatio = ratio;
         return Status::ok();
       }},
      {"log.message.timestamp.type", [](C& c, std::string_view key, std::string_view v) -> Status {
         using protocol::records::TimestampType;
         if (v == "CreateTime") c.logDefaults.messageTimestampType = TimestampType::CreateTime;
         else if (v == "LogAppendTime") c.logDefaults.messageTimestampType = TimestampType::LogAppendTime;
         else return invalid(key, v, "String must be one of: CreateTime, LogAppendTime");
         return Status::ok();
       }},
  };
  return table;
}

// Keys where the most precise unit wins: log.retention.ms > .minutes > .hours, and the same for
// log.roll and its jitter.
Status applyTimeKeys(BrokerConfig& c, const Values& values) {
  struct Unit {
    const char* key;
    int64_t factorMs;
  };
  auto pick = [&](std::initializer_list<Unit> units, int64_t minimum, int64_t& out) -> Status {
    for (const Unit& u : units) {
      auto it = values.find(u.key);
      if (it == values.end()) continue;
      PIER_ASSIGN_OR_RETURN(int64_t v, integer<int64_t>(u.key, it->second, minimum));
      out = v < 0 ? -1 : v * u.factorMs;
      return Status::ok();
    }
    return Status::ok();
  };
  constexpr int64_t kMinute = 60 * 1000;
  constexpr int64_t kHour = 60 * kMinute;
  PIER_RETURN_IF_ERROR(pick({{"log.retention.ms", 1}, {"log.retention.minutes", kMinute}, {"log.retention.hours", kHour}},
                            -1, c.logDefaults.retentionMs));
  PIER_RETURN_IF_ERROR(pick({{"log.roll.ms", 1}, {"log.roll.hours", kHour}}, 1, c.logDefaults.segmentMs));
  return pick({{"log.roll.jitter.ms", 1}, {"log.roll.jitter.hours", kHour}}, 0, c.logDefaults.segmentJitterMs);
}

bool isTimeKey(std::string_view key) {
  for (std::string_view k : {"log.retention.ms", "log.retention.minutes", "log.retention.hours", "log.roll.ms",
                             "log.roll.hours", "log.roll.jitter.ms", "log.roll.jitter.hours"}) {
    if (key == k) return true;
  }
  return false;
}

}  // namespace

ListenerConfig BrokerConfig::advertised(std::size_t index) const {
  const ListenerConfig& own = listeners.at(index);
  auto named = std::find_if(advertisedListeners.begin(), advertisedListeners.end(),
                            [&](const ListenerConfig& a) { return a.name == own.name; });
  ListenerConfig out = named != advertisedListeners.end() ? *named : own;
  if (out.host.empty()) out.host = "localhost";
  return out;
}

std::vector<ListenerConfig> BrokerConfig::advertisedEndpoints() const {
  std::vector<ListenerConfig> out;
  for (std::size_t i = 0; i < listeners.size(); ++i) out.push_back(advertised(i));
  return out;
}

namespace {

// Kafka's KafkaConfig listener checks, with its messages.
Status validateListeners(const BrokerConfig& c) {
  auto names = [](const std::vector<ListenerConfig>& ls) {
    std::string out;
    for (const ListenerConfig& l : ls) out += (out.empty() ? "" : ",") + l.name;
    return out;
  };
  auto text = [](const std::vector<ListenerConfig>& ls) {
    std::string out;
    for (const ListenerConfig& l : ls) out += fmt::format("{}{}://{}:{}", out.empty() ? "" : ",", l.name, l.host, l.port);
    return out;
  };
  std::set<std::string> seen;
  for (const ListenerConfig& l : c.listeners) {
    if (!seen.insert(l.name).second) {
      return invalid("listeners", text(c.listeners),
                     fmt::format("Each listener must have a different name, listeners: {}", text(c.listeners)));
    }
    auto protocol = c.listenerSecurityProtocols.find(l.name);
    if (protocol == c.listenerSecurityProtocols.end()) {
      return invalid("listeners", text(c.listeners),
                     fmt::format("No security protocol defined for listener {} (listener.security.protocol.map)", l.name));
    }
    if (protocol->second != "PLAINTEXT") {
      return invalid("listeners", text(c.listeners),
                     fmt::format("listener {} uses {}: only PLAINTEXT is supported yet", l.name, protocol->second));
    }
  }
  std::set<std::string> advertisedSeen;
  for (const ListenerConfig& a : c.advertisedListeners) {
    if (!seen.contains(a.name)) {
      return invalid("advertised.listeners", text(c.advertisedListeners),
                     fmt::format("advertised.listeners listener names must be equal to or a subset of the ones defined "
                                 "in listeners. Found {}. The valid options based on currently configured listeners "
                                 "are {}",
                                 names(c.advertisedListeners), names(c.listeners)));
    }
    if (!advertisedSeen.insert(a.name).second) {
      return invalid("advertised.listeners", text(c.advertisedListeners),
                     fmt::format("Each listener must have a different name, listeners: {}", text(c.advertisedListeners)));
    }
    if (a.host == "0.0.0.0" || a.host == "::") {
      return invalid("advertised.listeners", text(c.advertisedListeners),
                     "advertised.listeners cannot use the nonroutable meta-address 0.0.0.0. Use a routable IP address.");
    }
  }
  if (c.interBrokerListenerName && !seen.contains(*c.interBrokerListenerName)) {
    return invalid("inter.broker.listener.name", *c.interBrokerListenerName,
                   fmt::format("inter.broker.listener.name must be a listener name defined in advertised.listeners. "
                               "The valid options based on currently configured listeners are {}",
                               names(c.listeners)));
  }
  return Status::ok();
}

}  // namespace

ParsedConfig defaultConfig() { return ParsedConfig{}; }

Result<std::vector<ListenerConfig>> parseListeners(std::string_view key, std::string_view value) {
  std::vector<ListenerConfig> out;
  for (const std::string& item : splitList(value)) {
    const std::size_t sep = item.find("://");
    if (sep == std::string::npos) return invalid(key, value, fmt::format("'{}' is not NAME://host:port", item));
    ListenerConfig l;
    l.name = item.substr(0, sep);
    const std::string hostPort = item.substr(sep + 3);
    const std::size_t colon = hostPort.rfind(':');
    auto port = colon == std::string::npos ? std::nullopt : parseDecimal<uint16_t>(hostPort.substr(colon + 1));
    if (!port) return invalid(key, value, fmt::format("'{}' has no port", item));
    l.host = hostPort.substr(0, colon);
    if (l.host.size() >= 2 && l.host.front() == '[' && l.host.back() == ']') l.host = l.host.substr(1, l.host.size() - 2);
    l.port = *port;
    l.name = upper(l.name);  // Kafka's ListenerName.normalised
    if (l.name.empty()) return invalid(key, value, fmt::format("'{}' has no listener name", item));
    out.push_back(l);
  }
  if (out.empty()) return invalid(key, value, "no listener named");
  return out;
}

Result<ParsedConfig> parseServerProperties(std::string_view text,
                                           const std::vector<std::pair<std::string, std::string>>& overrides) {
  Values values = storage::parseJavaProperties(text);
  for (const auto& [k, v] : overrides) values[k] = v;
  if (!values.count("log.dirs") && values.count("log.dir")) values["log.dirs"] = values["log.dir"];
  ParsedConfig out;
  for (const auto& [key, value] : values) {
    auto setter = setters().find(key);
    if (setter != setters().end()) {
      PIER_RETURN_IF_ERROR(setter->second(out.config, key, value));
    } else if (!isTimeKey(key) && !knownButUnused().count(key)) {
      out.warnings.push_back(fmt::format("The configuration '{}' was supplied but isn't a known config.", key));
    }
  }
  PIER_RETURN_IF_ERROR(applyTimeKeys(out.config, values));
  PIER_RETURN_IF_ERROR(validateListeners(out.config));
  out.config.logDefaults.maxMessageBytes = out.config.messageMaxBytes;
  out.config.staticProperties = values;
  Status valid = out.config.logDefaults.validate();
  if (!valid) return Status(BrokerError::InvalidConfig, valid.message());
  return out;
}

Status applyProperties(BrokerConfig& config, const std::map<std::string, std::string>& values) {
  Values timeValues;
  for (const auto& [key, value] : values) {
    auto setter = setters().find(key);
    if (setter != setters().end()) PIER_RETURN_IF_ERROR(setter->second(config, key, value));
    if (!isTimeKey(key)) continue;
    // The whole family is resolved again, static values included, as Kafka resolves it.
    for (const std::string& synonym : brokerKeySynonyms(key)) {
      auto fromStatic = config.staticProperties.find(synonym);
      if (fromStatic != config.staticProperties.end()) timeValues.emplace(synonym, fromStatic->second);
    }
    timeValues[key] = value;
  }
  PIER_RETURN_IF_ERROR(applyTimeKeys(config, timeValues));
  config.logDefaults.maxMessageBytes = config.messageMaxBytes;
  Status valid = config.logDefaults.validate();
  if (!valid) return Status(BrokerError::InvalidConfig, valid.message());
  return Status::ok();
}

bool isKnownBrokerKey(std::string_view key) {
  return setters().count(key) || isTimeKey(key) || knownButUnused().count(key);
}

std::vector<std::string> brokerKeySynonyms(std::string_view key) {
  static const std::vector<std::vector<std::string>> families = {
      {"log.retention.ms", "log.retention.minutes", "log.retention.hours"},
      {"log.roll.ms", "log.roll.hours"},
      {"log.roll.jitter.ms", "log.roll.jitter.hours"}};
  for (const auto& family : families) {
    if (std::find(family.begin(), family.end(), key) != family.end()) return family;
  }
  return {std::string(key)};
}

}  // namespace pier::broker
