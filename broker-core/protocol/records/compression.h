#pragma once
// Compression codecs of Kafka record batches and legacy message sets, both directions.
//
//   gzip    zlib with the gzip wrapper (RFC 1952), both ways: the only form Kafka clients write.
//   snappy  decode accepts raw snappy (librdkafka, magic 2) and xerial framing (Java clients:
//           "\x82SNAPPY\0" header, then int32-length-prefixed snappy blocks); encode writes raw
//           snappy unless `SnappyFraming::Xerial` is asked for (legacy message sets from Java).
//   lz4     LZ4 frame format (lz4frame.h), independent 64 KiB blocks (Java's reader decodes
//           each block alone). `Lz4HeaderChecksum::Kafka08` accepts, and on compress writes,
//           the broken frame-descriptor checksum Kafka writes in magic 0 message sets (its HC
//           hashes the frame magic too).
//   zstd    streaming decompression, so frames without a content size decode too.
//
// Every decompressor stops with DecompressedTooLarge before producing more than
// `decompressedBytesMax` bytes (a defence against decompression bombs), and returns
// DecompressionFailed, never crashes, on any input. Stateless; thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace pier::protocol::records {

// The wire values of the compression bits (attributes & 0x7).
enum class Compression : uint8_t { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 };

std::string_view compressionName(Compression c);
// Maps attribute bits to a codec; UnsupportedCompression for 5-7.
Result<Compression> compressionFromBits(int bits);

enum class SnappyFraming { Raw, Xerial };
enum class Lz4HeaderChecksum { Correct, Kafka08 };

struct CompressOptions {
  SnappyFraming snappyFraming = SnappyFraming::Raw;
  int level = 0;  // 0: the codec's default level
  Lz4HeaderChecksum lz4HeaderChecksum = Lz4HeaderChecksum::Correct;
};

struct DecompressOptions {
  std::size_t decompressedBytesMax = 64u << 20;
  Lz4HeaderChecksum lz4HeaderChecksum = Lz4HeaderChecksum::Correct;
};

Result<std::vector<uint8_t>> compress(Compression codec, std::span<const uint8_t> input,
                                      const CompressOptions& options = {});
Result<std::vector<uint8_t>> decompress(Compression codec, std::span<const uint8_t> input,
                                        const DecompressOptions& options = {});

}  // namespace pier::protocol::records
