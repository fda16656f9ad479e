#pragma once
// One record of a magic v2 batch, and its varint wire form (Kafka's DefaultRecord):
//
//   length          varint   bytes after this field
//   attributes      int8     unused, 0
//   timestampDelta  varlong  from the batch's baseTimestamp
//   offsetDelta     varint   from the batch's baseOffset
//   keyLength       varint   -1 = null key
//   key             bytes
//   valueLength     varint   -1 = null value
//   value           bytes
//   headerCount     varint
//   headers         [keyLength varint, key utf-8, valueLength varint (-1 = null), value]
//
// A value type; decode copies bytes out of the buffer, so records outlive it.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/result.h"

namespace pier::protocol::records {

struct RecordHeader {
  std::string key;
  std::optional<std::vector<uint8_t>> value;
  friend bool operator==(const RecordHeader&, const RecordHeader&) = default;
};

struct Record {
  int8_t attributes = 0;
  int64_t timestampDelta = 0;
  int32_t offsetDelta = 0;
  std::optional<std::vector<uint8_t>> key;
  std::optional<std::vector<uint8_t>> value;
  std::vector<RecordHeader> headers;
  friend bool operator==(const Record&, const Record&) = default;
};

// Bytes encodeRecord() writes for `record`, length prefix included.
std::size_t encodedRecordSize(const Record& record);
void encodeRecord(Writer& w, const Record& record);
// Reads one record; CorruptBatch (with the field name) on any malformed or short input.
Result<Record> decodeRecord(Reader& r);

}  // namespace pier::protocol::records
