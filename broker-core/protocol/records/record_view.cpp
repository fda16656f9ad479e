#include "protocol/records/record_view.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/varint.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

Status corrupt(std::string_view what) { return Status(RecordError::CorruptBatch, std::string(what)); }

// The record walk is the produce path's cost per record, so fields are read through this cursor
// (no Result per field, nothing out of line); a field that does not decode ends the walk as
// CorruptBatch with the cursor's position in the message.
class RecordCursor {
 public:
  explicit RecordCursor(std::span<const uint8_t> bytes) : m_bytes(bytes) {}

  bool atEnd() const { return m_pos == m_bytes.size(); }
  std::size_t remaining() const { return m_bytes.size() - m_pos; }
  std::size_t position() const { return m_pos; }

  bool varint(int32_t& out) {
    uint64_t v = 0;
    if (!unsignedVar(5, v) || v > 0xffffffffULL) return false;
    out = zigZagDecode32(static_cast<uint32_t>(v));
    return true;
  }
  bool varlong(int64_t& out) {
    uint64_t v = 0;
    const std::size_t start = m_pos;
    if (!unsignedVar(10, v)) return false;
    if (m_pos - start == 10 && m_bytes[m_pos - 1] > 1) return false;  // past 64 bits
    out = zigZagDecode64(v);
    return true;
  }
  bool int8(int8_t& out) {
    if (atEnd()) return false;
    out = static_cast<int8_t>(m_bytes[m_pos++]);
    return true;
  }
  bool raw(std::size_t n, std::span<const uint8_t>& out) {
    if (n > remaining()) return false;
    out = m_bytes.subspan(m_pos, n);
    m_pos += n;
    return true;
  }
  // A varint length and that many bytes; length -1 is null. False for other negative lengths.
  bool varBytes(std::optional<std::span<const uint8_t>>& out) {
    int32_t length = 0;
    if (!varint(length) || length < -1) return false;
    if (length == -1) {
      out.reset();
      return true;
    }
    return raw(static_cast<std::size_t>(length), out.emplace());
  }

 private:
  bool unsignedVar(int maxBytes, uint64_t& out) {
    uint64_t v = 0;
    for (int i = 0; i < maxBytes && m_pos < m_bytes.size(); ++i) {
      const uint8_t b = m_bytes[m_pos++];
      v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        out = v;
        return true;
      }
    }
    return false;
  }

  std::span<const uint8_t> m_bytes;
  std::size_t m_pos = 0;
};

bool readRecordView(RecordCursor& body, RecordView& v) {
  if (!body.int8(v.attributes) || !body.varlong(v.timestampDelta) || !body.varint(v.offsetDelta) ||
      !body.varBytes(v.key) || !body.varBytes(v.value) || !body.varint(v.headerCount) || v.headerCount < 0) {
    return false;
  }
  std::optional<std::span<const uint8_t>> field;
  for (int32_t i = 0; i < v.headerCount; ++i) {
    if (!body.varBytes(field) || !field || !body.varBytes(field)) return false;  // a header key is never null
  }
  return body.atEnd();
}

// Walks exactly `recordCount` records, calling visit(const RecordView&) -> Status on each.
template <typename Visit>
Status walkRecords(std::span<const uint8_t> recordsBytes, int32_t recordCount, Visit&& visit) {
  RecordCursor r(recordsBytes);
  RecordView view;
  for (int32_t i = 0; i < recordCount; ++i) {
    int32_t length = 0;
    std::span<const uint8_t> bytes;
    if (!r.varint(length) || length < 0 || !r.raw(static_cast<std::size_t>(length), bytes)) {
      return corrupt(fmt::format("record {} of {}: bad length at position {}", i, recordCount, r.position()));
    }
    RecordCursor body(bytes);
    if (!readRecordView(body, view)) {
      return corrupt(fmt::format("record {} of {} does not decode (at byte {} of its {})", i, recordCount,
                                 body.position(), bytes.size()));
    }
    PIER_RETURN_IF_ERROR(visit(view));
  }
  if (!r.atEnd()) return corrupt(fmt::format("{} bytes after the last of {} records", r.remaining(), recordCount));
  return Status::ok();
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
  return walkRecords(recordsBytes, recordCount, visit);
}

Result<BatchHeader> validateProducedBatch(std::span<const uint8_t> batch, const BatchLimits& limits,
                                          const ProduceRules& rules) {
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
  PIER_RETURN_IF_ERROR(walkRecords(recordsBytes, h.recordCount, [&](const RecordView& v) -> Status {
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
  return h;
}

}  // namespace pier::protocol::records
