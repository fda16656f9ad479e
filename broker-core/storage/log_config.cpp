#include "storage/log_config.h"

#include <fmt/format.h>

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

}  // namespace pier::storage
