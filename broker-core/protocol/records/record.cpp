#include "protocol/records/record.h"

#include <fmt/format.h>

#include "base/varint.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

constexpr std::size_t kRecordBytesMin = 7;  // length, attributes, 3 deltas/lengths, headers

std::size_t varintSize(int64_t v) { return static_cast<std::size_t>(unsignedVarlongSize(zigZagEncode64(v))); }

std::size_t nullableSize(const std::optional<std::vector<uint8_t>>& b) {
  return b ? varintSize(static_cast<int64_t>(b->size())) + b->size() : varintSize(-1);
}

std::size_t bodySize(const Record& rec) {
  std::size_t n = 1 + varintSize(rec.timestampDelta) + varintSize(rec.offsetDelta) +
                  nullableSize(rec.key) + nullableSize(rec.value) +
                  varintSize(static_cast<int64_t>(rec.headers.size()));
  for (const auto& h : rec.headers) {
    n += varintSize(static_cast<int64_t>(h.key.size())) + h.key.size() + nullableSize(h.value);
  }
  return n;
}

void writeNullable(Writer& w, const std::optional<std::vector<uint8_t>>& b) {
  if (!b) {
    w.writeVarint(-1);
    return;
  }
  w.writeVarint(static_cast<int32_t>(b->size()));
  w.writeRaw(*b);
}

Status corrupt(std::string_view field, const Status& cause) {
  return Status(RecordError::CorruptBatch, fmt::format("record.{}: {}", field, cause.toString()));
}

Result<std::optional<std::vector<uint8_t>>> readNullable(Reader& r, std::string_view field) {
  auto length = r.readVarint();
  if (!length) return corrupt(field, length.status());
  if (*length < -1) return Status(RecordError::CorruptBatch, fmt::format("record.{}: length {}", field, *length));
  if (*length == -1) return std::optional<std::vector<uint8_t>>();
  auto bytes = r.readRaw(static_cast<std::size_t>(*length));
  if (!bytes) return corrupt(field, bytes.status());
  return std::optional<std::vector<uint8_t>>(std::vector<uint8_t>(bytes->begin(), bytes->end()));
}

Status readHeaders(Reader& r, std::vector<RecordHeader>& out) {
  auto count = r.readVarint();
  if (!count) return corrupt("headers", count.status());
  // Every header takes at least two bytes: reject impossible counts before allocating.
  if (*count < 0 || static_cast<std::size_t>(*count) > r.remaining() / 2) {
    return Status(RecordError::CorruptBatch, fmt::format("record.headers: count {}", *count));
  }
  out.reserve(static_cast<std::size_t>(*count));
  for (int32_t i = 0; i < *count; ++i) {
    PIER_ASSIGN_OR_RETURN(auto key, readNullable(r, "headerKey"));
    if (!key) return Status(RecordError::CorruptBatch, "record.headerKey: null header key");
    PIER_ASSIGN_OR_RETURN(auto value, readNullable(r, "headerValue"));
    out.push_back({std::string(key->begin(), key->end()), std::move(value)});
  }
  return Status::ok();
}

Result<Record> decodeBody(Reader& r) {
  Record rec;
  auto attributes = r.readInt8();
  if (!attributes) return corrupt("attributes", attributes.status());
  rec.attributes = *attributes;
  auto timestampDelta = r.readVarlong();
  if (!timestampDelta) return corrupt("timestampDelta", timestampDelta.status());
  rec.timestampDelta = *timestampDelta;
  auto offsetDelta = r.readVarint();
  if (!offsetDelta) return corrupt("offsetDelta", offsetDelta.status());
  rec.offsetDelta = *offsetDelta;
  PIER_ASSIGN_OR_RETURN(rec.key, readNullable(r, "key"));
  PIER_ASSIGN_OR_RETURN(rec.value, readNullable(r, "value"));
  PIER_RETURN_IF_ERROR(readHeaders(r, rec.headers));
  return rec;
}

}  // namespace

std::size_t encodedRecordSize(const Record& record) {
  std::size_t body = bodySize(record);
  return varintSize(static_cast<int64_t>(body)) + body;
}

void encodeRecord(Writer& w, const Record& record) {
  w.writeVarint(static_cast<int32_t>(bodySize(record)));
  w.writeInt8(record.attributes);
  w.writeVarlong(record.timestampDelta);
  w.writeVarint(record.offsetDelta);
  writeNullable(w, record.key);
  writeNullable(w, record.value);
  w.writeVarint(static_cast<int32_t>(record.headers.size()));
  for (const auto& h : record.headers) {
    w.writeVarint(static_cast<int32_t>(h.key.size()));
    w.writeRaw(std::string_view(h.key));
    writeNullable(w, h.value);
  }
}

Result<Record> decodeRecord(Reader& r) {
  auto length = r.readVarint();
  if (!length) return corrupt("length", length.status());
  if (*length < static_cast<int32_t>(kRecordBytesMin) - 1) {
    return Status(RecordError::CorruptBatch, fmt::format("record.length: {}", *length));
  }
  auto body = r.readRaw(static_cast<std::size_t>(*length));
  if (!body) return corrupt("length", body.status());
  Reader inner(*body);
  PIER_ASSIGN_OR_RETURN(Record rec, decodeBody(inner));
  if (!inner.atEnd()) {
    return Status(RecordError::CorruptBatch,
                  fmt::format("record: {} bytes left after the headers", inner.remaining()));
  }
  return rec;
}

}  // namespace pier::protocol::records
