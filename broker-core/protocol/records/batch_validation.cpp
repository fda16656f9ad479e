#include "protocol/records/batch_validation.h"

#include <fmt/format.h>

#include <algorithm>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

Status invalid(const BatchHeader& h, std::string_view what) {
  return Status(RecordError::InvalidRecord, fmt::format("batch at offset {}: {}", h.baseOffset.value(), what));
}

Status checkOffsets(const RecordBatch& batch) {
  const BatchHeader& h = batch.header;
  for (std::size_t i = 0; i < batch.records.size(); ++i) {
    if (batch.records[i].offsetDelta != static_cast<int32_t>(i)) {
      return invalid(h, fmt::format("record {} has offsetDelta {}; deltas must be consecutive from 0", i,
                                    batch.records[i].offsetDelta));
    }
  }
  if (!batch.records.empty() && h.lastOffsetDelta != static_cast<int32_t>(batch.records.size() - 1)) {
    return invalid(h, fmt::format("lastOffsetDelta {} for {} records", h.lastOffsetDelta, batch.records.size()));
  }
  return Status::ok();
}

Status checkTimestamps(const RecordBatch& batch) {
  const BatchHeader& h = batch.header;
  if (h.timestampType() != TimestampType::CreateTime || batch.records.empty()) return Status::ok();
  int64_t max = kNoTimestamp;
  for (const auto& rec : batch.records) max = std::max(max, h.baseTimestamp + rec.timestampDelta);
  if (max != h.maxTimestamp) {
    return invalid(h, fmt::format("maxTimestamp {} but the records' maximum is {}", h.maxTimestamp, max));
  }
  return Status::ok();
}

Status checkControl(const RecordBatch& batch) {
  const BatchHeader& h = batch.header;
  if (!h.isControl()) return Status::ok();
  if (batch.records.size() != 1) {
    return invalid(h, fmt::format("control batch with {} records (must be 1)", batch.records.size()));
  }
  const auto& key = batch.records.front().key;
  if (!key || key->size() < 4) return invalid(h, "control record key shorter than 4 bytes");
  return Status::ok();
}

}  // namespace

Result<ShallowSummary> validateRecordsShallow(std::span<const uint8_t> blob, const BatchLimits& limits) {
  ShallowSummary summary;
  BatchIterator it(blob);
  for (;;) {
    auto entry = it.next();
    if (!entry) {
      return Status(RecordError::CorruptBatch, entry.status().message());
    }
    if (!*entry) break;
    if ((*entry)->magic != kMagicV2) {
      return Status(RecordError::UnsupportedMagic,
                    fmt::format("entry at position {} has magic {}", it.position() - (*entry)->bytes.size(),
                                (*entry)->magic));
    }
    PIER_ASSIGN_OR_RETURN(BatchHeader h, validateBatchShallow((*entry)->bytes, limits));
    ++summary.batchCount;
    summary.recordCount += h.recordCount;
    summary.offsetSpan += static_cast<int64_t>(h.lastOffsetDelta) + 1;
  }
  if (summary.batchCount == 0) return Status(RecordError::CorruptBatch, "no record batch");
  return summary;
}

Status validateBatchRecords(const RecordBatch& batch) {
  if (batch.records.size() != static_cast<std::size_t>(batch.header.recordCount)) {
    return invalid(batch.header, fmt::format("header counts {} records, batch holds {}",
                                             batch.header.recordCount, batch.records.size()));
  }
  PIER_RETURN_IF_ERROR(checkOffsets(batch));
  PIER_RETURN_IF_ERROR(checkTimestamps(batch));
  return checkControl(batch);
}

}  // namespace pier::protocol::records
