#pragma once
// The 61-byte header of a magic v2 record batch (Kafka's DefaultRecordBatch), and the cheap
// "shallow" validation a broker runs on every produced batch: lengths, magic, attributes and the
// CRC32C, without decompressing or parsing a single record.
//
//   offset  field                 type
//        0  baseOffset            int64
//        8  batchLength           int32   bytes after this field (total size - 12)
//       12  partitionLeaderEpoch  int32
//       16  magic                 int8    2
//       17  crc                   uint32  CRC32C of bytes [21, end)
//       21  attributes            int16   bits 0-2 compression, 3 timestamp type,
//                                         4 transactional, 5 control, 6 delete horizon
//       23  lastOffsetDelta       int32
//       27  baseTimestamp         int64
//       35  maxTimestamp          int64
//       43  producerId            int64
//       51  producerEpoch         int16
//       53  baseSequence          int32
//       57  recordCount           int32
//       61  records (possibly compressed)
//
// Stateless functions over caller-owned bytes; thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/byte_writer.h"
#include "base/ids.h"
#include "base/result.h"
#include "protocol/records/compression.h"

namespace pier::protocol::records {

inline constexpr std::size_t kBatchHeaderBytes = 61;
inline constexpr std::size_t kLogOverheadBytes = 12;  // baseOffset + batchLength
inline constexpr std::size_t kMagicOffset = 16;       // same position in every message format
inline constexpr std::size_t kCrcOffset = 17;
inline constexpr std::size_t kAttributesOffset = 21;
inline constexpr int8_t kMagicV2 = 2;
inline constexpr int64_t kNoTimestamp = -1;

enum class TimestampType { CreateTime = 0, LogAppendTime = 1 };

namespace attr {
inline constexpr int16_t kCompressionMask = 0x07;
inline constexpr int16_t kTimestampType = 0x08;
inline constexpr int16_t kTransactional = 0x10;
inline constexpr int16_t kControl = 0x20;
inline constexpr int16_t kDeleteHorizon = 0x40;
}  // namespace attr

struct BatchHeader {
  Offset baseOffset{0};
  int32_t batchLength = 0;
  LeaderEpoch partitionLeaderEpoch{-1};
  int8_t magic = kMagicV2;
  uint32_t crc = 0;
  int16_t attributes = 0;
  int32_t lastOffsetDelta = 0;
  int64_t baseTimestamp = kNoTimestamp;
  int64_t maxTimestamp = kNoTimestamp;
  ProducerId producerId{-1};
  ProducerEpoch producerEpoch{-1};
  int32_t baseSequence = -1;
  int32_t recordCount = 0;

  int compressionBits() const { return attributes & attr::kCompressionMask; }
  TimestampType timestampType() const {
    return (attributes & attr::kTimestampType) ? TimestampType::LogAppendTime : TimestampType::CreateTime;
  }
  bool isTransactional() const { return (attributes & attr::kTransactional) != 0; }
  bool isControl() const { return (attributes & attr::kControl) != 0; }
  bool hasDeleteHorizon() const { return (attributes & attr::kDeleteHorizon) != 0; }
  Offset lastOffset() const { return Offset(baseOffset.value() + lastOffsetDelta); }
  std::size_t sizeBytes() const { return static_cast<std::size_t>(batchLength) + kLogOverheadBytes; }
  friend bool operator==(const BatchHeader&, const BatchHeader&) = default;
};

// Limits applied while validating and decoding. Defaults suit a fetch in the console; the broker
// passes its message.max.bytes and a decompression cap.
struct BatchLimits {
  std::size_t batchBytesMax = 64u << 20;
  std::size_t decompressedBytesMax = 256u << 20;
};

// Parses the header fields only. Requires nothing of the bytes: fewer than 61 is PartialBatch,
// a magic other than 2 is UnsupportedMagic. Checks no CRC and no lengths.
Result<BatchHeader> decodeBatchHeader(std::span<const uint8_t> bytes);
// Writes the 61 header bytes as given (no field is recomputed).
void encodeBatchHeader(Writer& w, const BatchHeader& header);

// CRC32C of a whole batch's checksummed region (attributes to end). Requires: size >= 21.
uint32_t computeBatchCrc(std::span<const uint8_t> batch);

// Shallow validation of exactly one batch (`batch.size()` must equal batchLength + 12):
// header, length bounds, magic, compression type and CRC32C. No decompression.
// Errors: PartialBatch, CorruptBatch, UnsupportedMagic, UnsupportedCompression,
// CrcMismatch (naming expected and actual).
Result<BatchHeader> validateBatchShallow(std::span<const uint8_t> batch, const BatchLimits& limits = {});

// In-place changes a leader makes to a validated batch before it appends it (as Kafka's
// LogValidator does). baseOffset and partitionLeaderEpoch lie outside the CRC and are simply
// overwritten; LogAppendTime sets the timestamp-type bit and maxTimestamp and so recomputes
// the CRC. Requires: batch.size() >= kBatchHeaderBytes.
void assignBatchOffsetAndEpoch(std::span<uint8_t> batch, Offset baseOffset, LeaderEpoch epoch);
void setLogAppendTime(std::span<uint8_t> batch, int64_t timestampMs);

}  // namespace pier::protocol::records
