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
  return Status::ok();
}

}  // namespace pier::storage
