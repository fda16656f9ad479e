#pragma once
// A decoded magic v2 record batch and the two directions between it and bytes.
//
// decodeBatch: shallow validation (batch_header.h: lengths, magic, CRC32C), then decompression
// bounded by BatchLimits::decompressedBytesMax, then every record; the record count must match
// the header and no bytes may trail the last record.
// encodeBatch: the inverse. The caller fills the header's identity fields (baseOffset, epochs,
// timestamps, producer fields, timestamp type / transactional / control bits); encodeBatch
// computes batchLength, crc, recordCount, lastOffsetDelta and the compression bits.
//
// Value types; thread-safe functions.

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"
#include "protocol/records/record.h"

namespace pier::protocol::records {

struct RecordBatch {
  BatchHeader header;
  std::vector<Record> records;
  friend bool operator==(const RecordBatch&, const RecordBatch&) = default;
};

struct EncodeOptions {
  Compression compression = Compression::None;
  CompressOptions compressOptions;
  // Keep the header's lastOffsetDelta instead of taking the last record's offsetDelta: the log
  // cleaner keeps a batch's last offset when it drops records from its end, as Kafka does, so
  // producer state and offsets after the batch stay where they were. Requires: it is >= the
  // last record's offsetDelta.
  bool keepLastOffsetDelta = false;
};

Result<RecordBatch> decodeBatch(std::span<const uint8_t> batch, const BatchLimits& limits = {});
// The records section of a validated batch, decompressed: what decodeBatch parses records from.
Result<std::vector<uint8_t>> batchRecordBytes(std::span<const uint8_t> batch, const BatchHeader& header,
                                              const BatchLimits& limits = {});

Result<std::vector<uint8_t>> encodeBatch(BatchHeader header, std::span<const Record> records,
                                         const EncodeOptions& options = {});

// A CreateTime header for `records` whose timestamps are baseTimestamp + timestampDelta:
// maxTimestamp is their maximum; producer fields say "no producer".
BatchHeader headerForRecords(Offset baseOffset, int64_t baseTimestamp, std::span<const Record> records);

}  // namespace pier::protocol::records
