#include "protocol/records/record_view.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

Status corrupt(std::string_view what) { return Status(RecordError::CorruptBatch, std::string(what)); }

Result<std::optional<std::span<const uint8_t>>> readVarBytes(Reader& r) {
  PIER_ASSIGN_OR_RETURN(int32_t length, r.readVarint());
  if (length < -1) return corrupt(fmt::format("record field length {}", length));
  if (length == -1) return std::optional<std::span<const uint8_t>>();
  PIER_ASSIGN_OR_RETURN(auto bytes, r.readRaw(static_cast<std::size_t>(length)));
  return std::optional<std::span<const uint8_t>>(bytes);
}

Result<RecordView> readRecordView(Reader& body) {
  RecordView v;
  PIER_ASSIGN_OR_RETURN(v.attributes, body.readInt8());
  PIER_ASSIGN_OR_RETURN(v.timestampDelta, body.readVarlong());
  PIER_ASSIGN_OR_RETURN(v.offsetDelta, body.readVarint());
  PIER_ASSIGN_OR_RETURN(v.key, readVarBytes(body));
  PIER_ASSIGN_OR_RETURN(v.value, readVarBytes(body));
  PIER_ASSIGN_OR_RETURN(v.headerCount, body.readVarint());
  if (v.headerCount < 0) return corrupt(fmt::format("header count {}", v.headerCount));
  for (int32_t i = 0; i < v.headerCount; ++i) {
    PIER_ASSIGN_OR_RETURN(auto headerKey, readVarBytes(body));
    if (!headerKey) return corrupt("null header key");
    PIER_RETURN_IF_ERROR(readVarBytes(body).status());
  }
  if (!body.atEnd()) return corrupt(fmt::format("{} bytes left inside a record", body.remaining()));
  return v;
}

int64_t saturatingAdd(int64_t a, int64_t b) {
  if (b > 0 && a > INT64_MAX - b) return INT64_MAX;
  if (b < 0 && a < INT64_MIN - b) return INT64_MIN;
  return a + b;
}

bool timestampAccepted(int64_t ts, const ProduceRules& rules) {
  return ts >= saturatingAdd(rules.nowMs, -rules.beforeMaxMs) && ts <= saturatingAdd(rules.nowMs, rules.afterMaxMs);
}

Status invalid(const BatchHeader& h, std::string_view what) {
  return Status(RecordError::InvalidRecord, fmt::format("batch at offset {}: {}", h.baseOffset.value(), what));
}

}  // namespace

Status forEachRecordView(std::span<const uint8_t> recordsBytes, int32_t recordCount,
                         const std::function<Status(const RecordView&)>& visit) {
  Reader r(recordsBytes);
  for (int32_t i = 0; i < recordCount; ++i) {
    PIER_ASSIGN_OR_RETURN(int32_t length, r.readVarint());
    if (length < 0) return corrupt(fmt::format("record {} has length {}", i, length));
    PIER_ASSIGN_OR_RETURN(auto bytes, r.readRaw(static_cast<std::size_t>(length)));
    Reader body(bytes);
    PIER_ASSIGN_OR_RETURN(RecordView view, readRecordView(body));
    PIER_RETURN_IF_ERROR(visit(view));
  }
  if (!r.atEnd()) return corrupt(fmt::format("{} bytes after the last of {} records", r.remaining(), recordCount));
  return Status::ok();
}

Status validateProducedBatch(std::span<const uint8_t> batch, const BatchLimits& limits, const ProduceRules& rules) {
  PIER_ASSIGN_OR_RETURN(BatchHeader h, validateBatchShallow(batch, limits));
  if (h.isControl()) return invalid(h, "clients are not allowed to write control records");
  if (h.timestampType() == TimestampType::LogAppendTime) {
    return Status(RecordError::InvalidTimestamp,
                  fmt::format("batch at offset {}: Producer should not set timestamp type to LogAppendTime",
                              h.baseOffset.value()));
  }
  std::vector<uint8_t> decompressed;
  std::span<const uint8_t> recordsBytes = batch.subspan(kBatchHeaderBytes);
  if (h.compressionBits() != 0) {
    PIER_ASSIGN_OR_RETURN(decompressed, batchRecordBytes(batch, h, limits));
    recordsBytes = decompressed;
  }
  int32_t next = 0;
  int64_t maxTimestamp = kNoTimestamp;
  PIER_RETURN_IF_ERROR(forEachRecordView(recordsBytes, h.recordCount, [&](const RecordView& v) -> Status {
    if (v.offsetDelta != next) {
      return invalid(h, fmt::format("record {} has offsetDelta {}; deltas must be consecutive from 0", next, v.offsetDelta));
    }
    if (rules.requireKeys && !v.key) return invalid(h, "Compacted topic cannot accept message without key");
    const int64_t ts = h.baseTimestamp + v.timestampDelta;
    maxTimestamp = std::max(maxTimestamp, ts);
    if (rules.topicTimestampType == TimestampType::CreateTime && ts != kNoTimestamp && !timestampAccepted(ts, rules)) {
      return Status(RecordError::InvalidTimestamp,
                    fmt::format("Timestamp {} of message with offset {} is out of range. The timestamp should be within "
                                "[{}, {}]", ts, h.baseOffset.value() + v.offsetDelta,
                                saturatingAdd(rules.nowMs, -rules.beforeMaxMs), saturatingAdd(rules.nowMs, rules.afterMaxMs)));
    }
    ++next;
    return Status::ok();
  }));
  if (h.recordCount > 0 && h.lastOffsetDelta != h.recordCount - 1) {
    return invalid(h, fmt::format("lastOffsetDelta {} for {} records", h.lastOffsetDelta, h.recordCount));
  }
  if (h.timestampType() == TimestampType::CreateTime && h.recordCount > 0 && maxTimestamp != h.maxTimestamp) {
    return invalid(h, fmt::format("maxTimestamp {} but the records' maximum is {}", h.maxTimestamp, maxTimestamp));
  }
  return Status::ok();
}

}  // namespace pier::protocol::records
