#pragma once
// RecordView: one record of a v2 batch read in place (no copies): the walk the broker's
// produce validation needs, where materialising every key and value (decodeRecord) would cost
// more than the append itself. Views point into the records bytes, which must outlive them.
//
// forEachRecordView walks exactly header.recordCount records from `recordsBytes` (the batch's
// records section, decompressed) and fails with CorruptBatch on any malformed length, a record
// whose fields do not fill its declared size, or bytes left over. Stateless; thread-safe.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "base/result.h"
#include "protocol/records/batch_header.h"

namespace pier::protocol::records {

struct RecordView {
  int8_t attributes = 0;
  int64_t timestampDelta = 0;
  int32_t offsetDelta = 0;
  std::optional<std::span<const uint8_t>> key;
  std::optional<std::span<const uint8_t>> value;
  int32_t headerCount = 0;
};

Status forEachRecordView(std::span<const uint8_t> recordsBytes, int32_t recordCount,
                         const std::function<Status(const RecordView&)>& visit);

// What a topic accepts of produced records besides their framing.
struct ProduceRules {
  bool requireKeys = false;  // compacted topics
  // CreateTime records must lie within [nowMs - beforeMaxMs, nowMs + afterMaxMs]
  // (message.timestamp.before.max.ms / after.max.ms; Long.MAX: no limit).
  int64_t nowMs = 0;
  int64_t beforeMaxMs = INT64_MAX;
  int64_t afterMaxMs = INT64_MAX;
  // The topic's message.timestamp.type: the range check applies under CreateTime only.
  TimestampType topicTimestampType = TimestampType::CreateTime;
};

// The rules validateBatchRecords applies (consecutive offset deltas, lastOffsetDelta, CreateTime
// maxTimestamp), checked in place on a whole batch (decompressing when needed, within limits),
// plus `rules`; control batches are refused (clients may not write them), and so is a batch
// whose producer set LogAppendTime (InvalidTimestamp, as Kafka); records without a timestamp
// (-1, magic 0 data up-converted) skip the range check. Returns the batch's header;
// InvalidRecord or InvalidTimestamp naming the rule, or the decoder's error.
Result<BatchHeader> validateProducedBatch(std::span<const uint8_t> batch, const BatchLimits& limits, const ProduceRules& rules);

}  // namespace pier::protocol::records
