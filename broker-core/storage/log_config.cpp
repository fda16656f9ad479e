#include "storage/log_config.h"

#include <charconv>

#include <fmt/format.h>

#include "base/parse_number.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

Status tooSmall(std::string_view key, int64_t value, int64_t minimum) {
  return Status(StorageError::InvalidConfig, fmt::format("{}={}: must be at least {}", key, value, minimum));
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
  return Status::ok();
}

Status LogConfig::setCleanupPolicy(std::string_view policy) {
  bool del = false;
  bool compact = false;
  std::size_t start = 0;
  while (start <= policy.size()) {
    std::size_t comma = policy.find(',', start);
    if (comma == std::string_view::npos) comma = policy.size();
    std::string_view item = policy.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
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

}  // namespace

const std::vector<std::string_view>& LogConfig::topicKeys() {
  static const std::vector<std::string_view> keys = {
      "cleanup.policy", "delete.retention.ms", "flush.messages", "flush.ms", "index.interval.bytes",
      "max.message.bytes", "message.timestamp.after.max.ms", "message.timestamp.before.max.ms",
      "message.timestamp.difference.max.ms", "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms",
      "retention.bytes", "retention.ms", "segment.bytes", "segment.index.bytes", "segment.jitter.ms", "segment.ms"};
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
  if (key == "message.timestamp.difference.max.ms") {
    PIER_RETURN_IF_ERROR(setInteger(messageTimestampBeforeMaxMs, key, value));
    messageTimestampAfterMaxMs = messageTimestampBeforeMaxMs;
    return Status::ok();
  }
  return Status(StorageError::InvalidConfig, fmt::format("Unknown topic config name: {}", key));
}

}  // namespace pier::storage
