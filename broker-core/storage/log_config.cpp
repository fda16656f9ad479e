#include "storage/log_config.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include <fmt/format.h>

#include "base/parse_boolean.h"
#include "base/parse_number.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

Status tooSmall(std::string_view key, int64_t value, int64_t minimum) {
  return Status(StorageError::InvalidConfig, fmt::format("{}={}: must be at least {}", key, value, minimum));
}

std::string_view trimmed(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

}  // namespace

Status LogConfig::validate() const {
  // The minimums Kafka's LogConfig declares (segment.bytes: LegacyRecord.RECORD_OVERHEAD_V0).
  if (segmentBytes < 14) return tooSmall("segment.bytes", segmentBytes, 14);
  if (segmentIndexBytes < 8) return tooSmall("segment.index.bytes", segmentIndexBytes, 8);
  if (indexIntervalBytes < 0) return tooSmall("index.interval.bytes", indexIntervalBytes, 0);
  if (segmentMs < 1) return tooSmall("segment.ms", segmentMs, 1);
  if (segmentJitterMs < 0) return tooSmall("segment.jitter.ms", segmentJitterMs, 0);
  if (flushMessages < 1) return tooSmall("flush.messages", flushMessages, 1);
  if (flushMs < 0) return tooSmall("flush.ms", flushMs, 0);
  if (maxMessageBytes < 0) return tooSmall("max.message.bytes", maxMessageBytes, 0);
  if (retentionMs < -1) return tooSmall("retention.ms", retentionMs, -1);
  if (retentionBytes < -1) return tooSmall("retention.bytes", retentionBytes, -1);
  if (deleteRetentionMs < 0) return tooSmall("delete.retention.ms", deleteRetentionMs, 0);
  if (minCompactionLagMs < 0) return tooSmall("min.compaction.lag.ms", minCompactionLagMs, 0);
  if (messageTimestampBeforeMaxMs < 0) return tooSmall("message.timestamp.before.max.ms", messageTimestampBeforeMaxMs, 0);
  if (messageTimestampAfterMaxMs < 0) return tooSmall("message.timestamp.after.max.ms", messageTimestampAfterMaxMs, 0);
  if (!(minCleanableDirtyRatio >= 0.0 && minCleanableDirtyRatio <= 1.0)) {
    return Status(StorageError::InvalidConfig,
                  fmt::format("min.cleanable.dirty.ratio={}: must be between 0 and 1", minCleanableDirtyRatio));
  }
  if (!cleanupDelete && !cleanupCompact) {
    return Status(StorageError::InvalidConfig, "cleanup.policy: must name delete, compact or both");
  }
  if (minInsyncReplicas < 1) return tooSmall("min.insync.replicas", minInsyncReplicas, 1);
  if (compressionGzipLevel != -1 && (compressionGzipLevel < 1 || compressionGzipLevel > 9)) {
    return Status(StorageError::InvalidConfig,
                  fmt::format("compression.gzip.level={}: must be -1 or between 1 and 9", compressionGzipLevel));
  }
  if (compressionLz4Level < 1 || compressionLz4Level > 17) {
    return Status(StorageError::InvalidConfig,
                  fmt::format("compression.lz4.level={}: must be between 1 and 17", compressionLz4Level));
  }
  if (compressionZstdLevel < -131072 || compressionZstdLevel > 22) {
    return Status(StorageError::InvalidConfig,
                  fmt::format("compression.zstd.level={}: must be between -131072 and 22", compressionZstdLevel));
  }
  if (fileDeleteDelayMs < 0) return tooSmall("file.delete.delay.ms", fileDeleteDelayMs, 0);
  if (maxCompactionLagMs < 1) return tooSmall("max.compaction.lag.ms", maxCompactionLagMs, 1);
  if (minCompactionLagMs > maxCompactionLagMs) {
    return Status(StorageError::InvalidConfig,
                  fmt::format("conflict topic config setting min.compaction.lag.ms ({}) > max.compaction.lag.ms ({})",
                              minCompactionLagMs, maxCompactionLagMs));
  }
  if (localRetentionMs < -2) return tooSmall("local.retention.ms", localRetentionMs, -2);
  if (localRetentionBytes < -2) return tooSmall("local.retention.bytes", localRetentionBytes, -2);
  if (remoteStorageEnable) {
    return Status(StorageError::InvalidConfig,
                  "remote.storage.enable=true: Tiered Storage functionality is disabled in the broker. Topic cannot "
                  "be configured with remote log storage.");
  }
  return Status::ok();
}

std::string LogConfig::compressionTypeName() const {
  if (!compressionType) return "producer";
  if (*compressionType == protocol::records::Compression::None) return "uncompressed";
  return std::string(protocol::records::compressionName(*compressionType));
}

Status LogConfig::setCleanupPolicy(std::string_view policy) {
  bool del = false;
  bool compact = false;
  std::size_t start = 0;
  while (start <= policy.size()) {
    std::size_t comma = policy.find(',', start);
    if (comma == std::string_view::npos) comma = policy.size();
    std::string_view item = trimmed(policy.substr(start, comma - start));
    if (item == "delete") {
      del = true;
    } else if (item == "compact") {
      compact = true;
    } else {
      return Status(StorageError::InvalidConfig,
                    fmt::format("cleanup.policy={}: '{}' is not delete or compact", policy, item));
    }
    start = comma + 1;
  }
  cleanupDelete = del;
  cleanupCompact = compact;
  return Status::ok();
}

namespace {

Status badValue(std::string_view key, std::string_view value, std::string_view why) {
  return Status(StorageError::InvalidConfig, fmt::format("Invalid value {} for configuration {}: {}", value, key, why));
}

template <typename T>
Status setInteger(T& field, std::string_view key, std::string_view value) {
  auto parsed = parseDecimal<T>(value);
  if (!parsed) return badValue(key, value, "not a number");
  field = *parsed;
  return Status::ok();
}

// Kafka's BOOLEAN parsing: true or false in any case, surrounding spaces ignored.
Status setBoolean(bool& field, std::string_view key, std::string_view value) {
  auto parsed = parseBoolean(trimmed(value));
  if (!parsed) return badValue(key, value, "Expected value to be either true or false");
  field = *parsed;
  return Status::ok();
}

Status setCompressionType(std::optional<protocol::records::Compression>& field, std::string_view key,
                          std::string_view value) {
  using protocol::records::Compression;
  static constexpr std::pair<std::string_view, std::optional<Compression>> kNames[] = {
      {"uncompressed", Compression::None}, {"zstd", Compression::Zstd}, {"lz4", Compression::Lz4},
      {"snappy", Compression::Snappy},     {"gzip", Compression::Gzip}, {"producer", std::nullopt}};
  for (const auto& [name, codec] : kNames) {
    if (value == name) {
      field = codec;
      return Status::ok();
    }
  }
  return badValue(key, value, "String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer");
}

// follower/leader.replication.throttled.replicas: "*" or "partition:broker" items (Kafka's
// ThrottledReplicaListValidator).
Status setThrottledReplicas(std::string& field, std::string_view key, std::string_view value) {
  bool valid = trimmed(value) == "*";
  if (!valid) {
    valid = true;
    std::size_t start = 0;
    while (valid && start <= value.size()) {
      std::size_t comma = value.find(',', start);
      if (comma == std::string_view::npos) comma = value.size();
      std::string_view item = trimmed(value.substr(start, comma - start));
      const std::size_t colon = item.find(':');
      const auto digits = [](std::string_view v) {
        return !v.empty() && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
      };
      valid = item.empty() ||
              (colon != std::string_view::npos && digits(item.substr(0, colon)) && digits(item.substr(colon + 1)));
      start = comma + 1;
    }
  }
  if (!valid) {
    return badValue(key, value,
                    "must be the literal '*' or a list of replicas in the following format: "
                    "[partitionId]:[brokerId],[partitionId]:[brokerId],...");
  }
  field = std::string(value);
  return Status::ok();
}

// message.format.version: a Kafka release ("2.8", "0.10.2", "3.0-IV1"); ignored since 3.0, as
// in Kafka with inter.broker.protocol.version 3.0 or later.
Status setFormatVersion(std::string& field, std::string_view key, std::string_view value) {
  std::string_view release = value.substr(0, value.find("-IV"));
  bool valid = !release.empty();
  int parts = 0;
  std::size_t start = 0;
  while (valid && start <= release.size()) {
    std::size_t dot = release.find('.', start);
    if (dot == std::string_view::npos) dot = release.size();
    valid = parseDecimal<int32_t>(release.substr(start, dot - start)).has_value();
    ++parts;
    start = dot + 1;
  }
  if (release.size() < value.size()) {
    valid = valid && parseDecimal<int32_t>(value.substr(release.size() + 3)).has_value();
  }
  if (!valid || parts < 2 || parts > 3) {
    return badValue(key, value, fmt::format("Version `{}` is not a valid version", value));
  }
  field = std::string(value);
  return Status::ok();
}

}  // namespace

const std::vector<std::string_view>& LogConfig::topicKeys() {
  static const std::vector<std::string_view> keys = {
      "cleanup.policy", "compression.gzip.level", "compression.lz4.level", "compression.type",
      "compression.zstd.level", "delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
      "follower.replication.throttled.replicas", "index.interval.bytes", "leader.replication.throttled.replicas",
      "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
      "message.downconversion.enable", "message.format.version", "message.timestamp.after.max.ms",
      "message.timestamp.before.max.ms", "message.timestamp.difference.max.ms", "message.timestamp.type",
      "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas", "preallocate",
      "remote.storage.enable", "retention.bytes", "retention.ms", "segment.bytes", "segment.index.bytes",
      "segment.jitter.ms", "segment.ms", "unclean.leader.election.enable"};
  return keys;
}

Status LogConfig::set(std::string_view key, std::string_view value) {
  if (key == "cleanup.policy") {
    Status s = setCleanupPolicy(value);
    return s ? s : badValue(key, value, "must be delete, compact or both");
  }
  if (key == "message.timestamp.type") {
    if (value == "CreateTime") messageTimestampType = protocol::records::TimestampType::CreateTime;
    else if (value == "LogAppendTime") messageTimestampType = protocol::records::TimestampType::LogAppendTime;
    else return badValue(key, value, "String must be one of: CreateTime, LogAppendTime");
    return Status::ok();
  }
  if (key == "min.cleanable.dirty.ratio") {
    double ratio = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), ratio);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size()) return badValue(key, value, "not a number");
    minCleanableDirtyRatio = ratio;
    return Status::ok();
  }
  if (key == "segment.bytes") return setInteger(segmentBytes, key, value);
  if (key == "segment.index.bytes") return setInteger(segmentIndexBytes, key, value);
  if (key == "index.interval.bytes") return setInteger(indexIntervalBytes, key, value);
  if (key == "segment.ms") return setInteger(segmentMs, key, value);
  if (key == "segment.jitter.ms") return setInteger(segmentJitterMs, key, value);
  if (key == "flush.messages") return setInteger(flushMessages, key, value);
  if (key == "flush.ms") return setInteger(flushMs, key, value);
  if (key == "max.message.bytes") return setInteger(maxMessageBytes, key, value);
  if (key == "retention.ms") return setInteger(retentionMs, key, value);
  if (key == "retention.bytes") return setInteger(retentionBytes, key, value);
  if (key == "delete.retention.ms") return setInteger(deleteRetentionMs, key, value);
  if (key == "min.compaction.lag.ms") return setInteger(minCompactionLagMs, key, value);
  if (key == "message.timestamp.before.max.ms") return setInteger(messageTimestampBeforeMaxMs, key, value);
  if (key == "message.timestamp.after.max.ms") return setInteger(messageTimestampAfterMaxMs, key, value);
  if (key == "compression.type") return setCompressionType(compressionType, key, value);
  if (key == "compression.gzip.level") return setInteger(compressionGzipLevel, key, value);
  if (key == "compression.lz4.level") return setInteger(compressionLz4Level, key, value);
  if (key == "compression.zstd.level") return setInteger(compressionZstdLevel, key, value);
  if (key == "min.insync.replicas") return setInteger(minInsyncReplicas, key, value);
  if (key == "unclean.leader.election.enable") return setBoolean(uncleanLeaderElectionEnable, key, value);
  if (key == "preallocate") return setBoolean(preallocate, key, value);
  if (key == "file.delete.delay.ms") return setInteger(fileDeleteDelayMs, key, value);
  if (key == "max.compaction.lag.ms") return setInteger(maxCompactionLagMs, key, value);
  if (key == "message.downconversion.enable") return setBoolean(messageDownconversionEnable, key, value);
  if (key == "message.format.version") return setFormatVersion(messageFormatVersion, key, value);
  if (key == "leader.replication.throttled.replicas") {
    return setThrottledReplicas(leaderReplicationThrottledReplicas, key, value);
  }
  if (key == "follower.replication.throttled.replicas") {
    return setThrottledReplicas(followerReplicationThrottledReplicas, key, value);
  }
  if (key == "local.retention.ms") return setInteger(localRetentionMs, key, value);
  if (key == "local.retention.bytes") return setInteger(localRetentionBytes, key, value);
  if (key == "remote.storage.enable") return setBoolean(remoteStorageEnable, key, value);
  if (key == "message.timestamp.difference.max.ms") {
    PIER_RETURN_IF_ERROR(setInteger(messageTimestampBeforeMaxMs, key, value));
    messageTimestampAfterMaxMs = messageTimestampBeforeMaxMs;
    return Status::ok();
  }
  return Status(StorageError::InvalidConfig, fmt::format("Unknown topic config name: {}", key));
}

}  // namespace pier::storage
