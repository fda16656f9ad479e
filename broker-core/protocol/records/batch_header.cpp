#include "protocol/records/batch_header.h"

#include <fmt/format.h>

#include "base/big_endian.h"
#include "base/crc.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

// Fixed-width big-endian load; the caller has checked the size.
template <typename T>
T load(std::span<const uint8_t> b, std::size_t at) {
  return loadBigEndian<T>(b.data() + at);
}

}  // namespace

Result<BatchHeader> decodeBatchHeader(std::span<const uint8_t> bytes) {
  if (bytes.size() < kBatchHeaderBytes) {
    return Status(RecordError::PartialBatch,
                  fmt::format("batch header needs {} bytes, have {}", kBatchHeaderBytes, bytes.size()));
  }
  BatchHeader h;
  h.magic = load<int8_t>(bytes, kMagicOffset);
  if (h.magic != kMagicV2) {
    return Status(RecordError::UnsupportedMagic, fmt::format("magic {} where 2 was expected", h.magic));
  }
  h.baseOffset = Offset(load<int64_t>(bytes, 0));
  h.batchLength = load<int32_t>(bytes, 8);
  h.partitionLeaderEpoch = LeaderEpoch(load<int32_t>(bytes, 12));
  h.crc = load<uint32_t>(bytes, kCrcOffset);
  h.attributes = load<int16_t>(bytes, kAttributesOffset);
  h.lastOffsetDelta = load<int32_t>(bytes, 23);
  h.baseTimestamp = load<int64_t>(bytes, 27);
  h.maxTimestamp = load<int64_t>(bytes, 35);
  h.producerId = ProducerId(load<int64_t>(bytes, 43));
  h.producerEpoch = ProducerEpoch(load<int16_t>(bytes, 51));
  h.baseSequence = load<int32_t>(bytes, 53);
  h.recordCount = load<int32_t>(bytes, 57);
  return h;
}

void encodeBatchHeader(Writer& w, const BatchHeader& h) {
  w.writeInt64(h.baseOffset.value());
  w.writeInt32(h.batchLength);
  w.writeInt32(h.partitionLeaderEpoch.value());
  w.writeInt8(h.magic);
  w.writeUint32(h.crc);
  w.writeInt16(h.attributes);
  w.writeInt32(h.lastOffsetDelta);
  w.writeInt64(h.baseTimestamp);
  w.writeInt64(h.maxTimestamp);
  w.writeInt64(h.producerId.value());
  w.writeInt16(h.producerEpoch.value());
  w.writeInt32(h.baseSequence);
  w.writeInt32(h.recordCount);
}

uint32_t computeBatchCrc(std::span<const uint8_t> batch) {
  return crc32c(batch.subspan(kAttributesOffset));
}

Result<BatchHeader> validateBatchShallow(std::span<const uint8_t> batch, const BatchLimits& limits) {
  PIER_ASSIGN_OR_RETURN(BatchHeader h, decodeBatchHeader(batch));
  if (h.batchLength < static_cast<int32_t>(kBatchHeaderBytes - kLogOverheadBytes)) {
    return Status(RecordError::CorruptBatch, fmt::format("batchLength {} is below the header size", h.batchLength));
  }
  if (h.sizeBytes() > limits.batchBytesMax) {
    return Status(RecordError::CorruptBatch,
                  fmt::format("batch of {} bytes exceeds the maximum of {}", h.sizeBytes(), limits.batchBytesMax));
  }
  if (h.sizeBytes() > batch.size()) {
    return Status(RecordError::PartialBatch, fmt::format("batch of {} bytes, have {}", h.sizeBytes(), batch.size()));
  }
  if (h.sizeBytes() < batch.size()) {
    return Status(RecordError::CorruptBatch,
                  fmt::format("batchLength {} leaves {} trailing bytes", h.batchLength, batch.size() - h.sizeBytes()));
  }
  PIER_RETURN_IF_ERROR(compressionFromBits(h.compressionBits()).status());
  if (h.recordCount < 0) {
    return Status(RecordError::CorruptBatch, fmt::format("record count {}", h.recordCount));
  }
  uint32_t actual = computeBatchCrc(batch);
  if (actual != h.crc) {
    return Status(RecordError::CrcMismatch,
                  fmt::format("batch at offset {}: expected crc 0x{:08x} (stored), actual 0x{:08x} (computed)",
                              h.baseOffset.value(), h.crc, actual));
  }
  return h;
}

void assignBatchOffsetAndEpoch(std::span<uint8_t> batch, Offset baseOffset, LeaderEpoch epoch) {
  PIER_ASSERT(batch.size() >= kBatchHeaderBytes, "a whole batch header");
  storeBigEndian<int64_t>(batch.data(), baseOffset.value());
  storeBigEndian<int32_t>(batch.data() + 12, epoch.value());
}

void setLogAppendTime(std::span<uint8_t> batch, int64_t timestampMs) {
  PIER_ASSERT(batch.size() >= kBatchHeaderBytes, "a whole batch header");
  auto attributes = loadBigEndian<int16_t>(batch.data() + kAttributesOffset);
  storeBigEndian<int16_t>(batch.data() + kAttributesOffset, static_cast<int16_t>(attributes | attr::kTimestampType));
  storeBigEndian<int64_t>(batch.data() + 35, timestampMs);
  storeBigEndian<uint32_t>(batch.data() + kCrcOffset, computeBatchCrc(batch));
}

}  // namespace pier::protocol::records
