#pragma once
// Down-conversion: what a Fetch v0-3 client gets instead of the magic v2 batches the log holds,
// following Kafka 3.8 (KafkaApis.maybeConvertFetchedData, LazyDownConversionRecords,
// RecordsUtil.downConvert):
//
// - Fetch v0-1 get magic 0 message sets, v2-3 magic 1 (`magicForFetchVersion`).
// - Each v2 batch becomes legacy messages with its offsets kept. An uncompressed batch becomes
//   one message per record, dropping records before the fetch offset; a compressed one becomes
//   one wrapper message compressed with the same codec (gzip, snappy in xerial framing, lz4
//   with Kafka's magic 0 header checksum under magic 0), whole, whose offset is its last
//   record's. Magic 1 inner offsets are relative to the first record's offset; magic 0 ones
//   are absolute. Headers are dropped; magic 0 has no timestamps; under LogAppendTime magic 1
//   messages (inner and wrapper) carry the batch's append time and the timestamp-type bit, a
//   CreateTime wrapper its records' greatest timestamp.
// - Control batches are skipped (v0-3 are read_uncommitted: other transactional data stays).
// - zstd cannot be down-converted: when the first batch to convert is zstd the result is
//   UnsupportedCompression (UNSUPPORTED_COMPRESSION_TYPE); a later one ends the output there, so
//   the client's next fetch starts at it and gets the error. A batch that does not decode is
//   handled the same way with its own error.
// - Legacy entries already at or below the target magic are copied; magic 1 ones are converted
//   to magic 0 the same way (logs written by Kafka before 0.11).
// - Size: the output holds at most max(source bytes, converted size of the first chunk), where
//   the first chunk is the source batches within 128 KiB (at least one), so a fetch that could
//   return one batch returns it whole however much conversion grows it. Past that, whole
//   messages only (Kafka cuts mid-message; old clients ignore a partial last message either
//   way). When source bytes convert to nothing (a batch cut at a v0-2 fetch's byte limit, or
//   only control batches), the output is Kafka's 12-byte overflow entry (offset -1, size 61):
//   a partial message that tells the client the next message is too large for its fetch size.
//
// Stateless; thread-safe.

#include <cstdint>
#include <span>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "protocol/records/batch_header.h"

namespace pier::protocol::records {

struct DownConversion {
  int8_t toMagic = 1;                 // 0 or 1
  Offset fetchOffset{0};              // uncompressed records before it are dropped
  BatchLimits limits;                 // decompression bound per batch
  std::size_t firstChunkBytes = 128u << 10;
};

// The magic a Fetch of `version` may receive: 0 for v0-1, 1 for v2-3, 2 from v4.
int8_t magicForFetchVersion(int16_t version);

// `stored`: whole batches as the log read them, the last possibly cut. Never fails on bytes
// that follow a converted batch: they end the output.
Result<std::vector<uint8_t>> downConvert(std::span<const uint8_t> stored, const DownConversion& options);

}  // namespace pier::protocol::records
