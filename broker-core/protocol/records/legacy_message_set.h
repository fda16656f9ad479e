#pragma once
// Legacy message sets (magic 0 and 1, Kafka before 0.11), decoded and up-converted to v2.
//
//   offset      int64
//   messageSize int32   bytes after this field
//   crc         uint32  CRC32 (IEEE) of magic..end
//   magic       int8    0 or 1
//   attributes  int8    bits 0-2 compression (0-3; zstd never existed here), bit 3 timestamp type (v1)
//   timestamp   int64   magic 1 only
//   key         bytes   int32 length, -1 = null
//   value       bytes   int32 length, -1 = null
//
// A compressed message is a wrapper whose value is a compressed message set of uncompressed
// inner messages. Magic 1 inner offsets are relative (0..n-1) and the wrapper carries the
// absolute offset of the last one; magic 0 inner offsets are absolute. Snappy wrappers from Java
// clients use xerial framing; lz4 wrappers of magic 0 carry Kafka 0.8's wrong frame-header
// checksum. Both are accepted.
//
// Stateless functions; thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/compression.h"

namespace pier::protocol::records {

struct LegacyMessage {
  int64_t offset = 0;  // absolute: relative inner offsets already resolved
  int8_t magic = 0;
  Compression wrapperCompression = Compression::None;  // codec of its wrapper, if any
  int64_t timestamp = kNoTimestamp;                    // kNoTimestamp for magic 0
  TimestampType timestampType = TimestampType::CreateTime;
  std::optional<std::vector<uint8_t>> key;
  std::optional<std::vector<uint8_t>> value;
  friend bool operator==(const LegacyMessage&, const LegacyMessage&) = default;
};

struct LegacyMessageSet {
  std::vector<LegacyMessage> messages;  // wrappers flattened into their inner messages
  std::size_t partialTailBytes = 0;     // bytes of an incomplete last message (fetch responses)
};

// Decodes every message, verifying each CRC32 (inner messages too). An inner message with
// compression bits, or another magic than its wrapper, is InvalidRecord. Errors: CrcMismatch, CorruptBatch,
// UnsupportedMagic (a v2 batch or magic > 2 inside), UnsupportedCompression,
// DecompressionFailed, DecompressedTooLarge.
Result<LegacyMessageSet> decodeMessageSet(std::span<const uint8_t> blob, const BatchLimits& limits = {});

// Produce from an old client: the message set as one v2 batch. Offsets become deltas in order,
// timestamps carry over (magic 0: none, -1), the last wrapper's codec compresses the new batch
// (as Kafka does with compression.type=producer), a LogAppendTime bit set by the producer stays
// (so that validation refuses it, as Kafka). A partial tail is CorruptBatch here.
Result<std::vector<uint8_t>> upConvertMessageSet(std::span<const uint8_t> blob, const BatchLimits& limits = {});

// Encodes one uncompressed legacy message (tests and the console's sample data use it).
std::vector<uint8_t> encodeLegacyMessage(const LegacyMessage& message, int8_t attributes = 0);

}  // namespace pier::protocol::records
