#include "protocol/records/record_batch.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

constexpr std::size_t kRecordBytesMin = 7;

Status decodeRecords(std::span<const uint8_t> bytes, int32_t count, std::vector<Record>& out) {
  // Never trust the count for allocation: each record takes at least 7 bytes.
  if (static_cast<std::size_t>(count) > bytes.size() / kRecordBytesMin) {
    return Status(RecordError::CorruptBatch,
                  fmt::format("{} records cannot fit in {} bytes", count, bytes.size()));
  }
  out.reserve(static_cast<std::size_t>(count));
  Reader r(bytes);
  for (int32_t i = 0; i < count; ++i) {
    auto rec = decodeRecord(r);
    if (!rec) return rec.status().withContext(fmt::format("record {}", i));
    out.push_back(std::move(*rec));
  }
  if (!r.atEnd()) {
    return Status(RecordError::CorruptBatch,
                  fmt::format("{} bytes after the last of {} records", r.remaining(), count));
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<uint8_t>> batchRecordBytes(std::span<const uint8_t> batch, const BatchHeader& header,
                                              const BatchLimits& limits) {
  PIER_ASSIGN_OR_RETURN(Compression codec, compressionFromBits(header.compressionBits()));
  DecompressOptions options;
  options.decompressedBytesMax = limits.decompressedBytesMax;
  return decompress(codec, batch.subspan(kBatchHeaderBytes), options);
}

Result<RecordBatch> decodeBatch(std::span<const uint8_t> batch, const BatchLimits& limits) {
  RecordBatch out;
  PIER_ASSIGN_OR_RETURN(out.header, validateBatchShallow(batch, limits));
  Status status;
  if (out.header.compressionBits() == 0) {
    // Uncompressed: parse in place, no copy of the records section.
    status = decodeRecords(batch.subspan(kBatchHeaderBytes), out.header.recordCount, out.records);
  } else {
    PIER_ASSIGN_OR_RETURN(auto bytes, batchRecordBytes(batch, out.header, limits));
    status = decodeRecords(bytes, out.header.recordCount, out.records);
  }
  if (!status) return status.withContext(fmt::format("batch at offset {}", out.header.baseOffset.value()));
  return out;
}

Result<std::vector<uint8_t>> encodeBatch(BatchHeader header, std::span<const Record> records,
                                         const EncodeOptions& options) {
  std::size_t recordBytes = 0;
  for (const auto& rec : records) recordBytes += encodedRecordSize(rec);
  Writer w(kBatchHeaderBytes + recordBytes);
  header.magic = kMagicV2;
  header.attributes = static_cast<int16_t>((header.attributes & ~attr::kCompressionMask) |
                                           static_cast<int16_t>(options.compression));
  header.recordCount = static_cast<int32_t>(records.size());
  if (!records.empty() && !(options.keepLastOffsetDelta && header.lastOffsetDelta >= records.back().offsetDelta)) {
    header.lastOffsetDelta = records.back().offsetDelta;
  }
  encodeBatchHeader(w, header);
  if (options.compression == Compression::None) {
    for (const auto& rec : records) encodeRecord(w, rec);
  } else {
    Writer plain(recordBytes);
    for (const auto& rec : records) encodeRecord(plain, rec);
    PIER_ASSIGN_OR_RETURN(auto packed, compress(options.compression, plain.bytes(), options.compressOptions));
    w.writeRaw(packed);
  }
  if (w.size() - kLogOverheadBytes > static_cast<std::size_t>(INT32_MAX)) {
    return Status(RecordError::CorruptBatch, "batch larger than 2 GiB");
  }
  w.patchInt32(8, static_cast<int32_t>(w.size() - kLogOverheadBytes));
  w.patchUint32(kCrcOffset, computeBatchCrc(w.bytes()));
  return w.take();
}

BatchHeader headerForRecords(Offset baseOffset, int64_t baseTimestamp, std::span<const Record> records) {
  BatchHeader h;
  h.baseOffset = baseOffset;
  h.baseTimestamp = baseTimestamp;
  h.maxTimestamp = baseTimestamp;
  for (const auto& rec : records) h.maxTimestamp = std::max(h.maxTimestamp, baseTimestamp + rec.timestampDelta);
  if (!records.empty()) h.lastOffsetDelta = records.back().offsetDelta;
  return h;
}

}  // namespace pier::protocol::records
