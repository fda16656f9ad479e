#pragma once
// Internal to protocol/records: one compress/decompress pair per codec, behind compression.h's
// dispatch. Same contract as compress()/decompress(): bounded output, errors as values.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/records/compression.h"

namespace pier::protocol::records::codecs {

Result<std::vector<uint8_t>> gzipCompress(std::span<const uint8_t> in, int level);
Result<std::vector<uint8_t>> gzipDecompress(std::span<const uint8_t> in, std::size_t outMax);
Result<std::vector<uint8_t>> snappyCompress(std::span<const uint8_t> in, SnappyFraming framing);
Result<std::vector<uint8_t>> snappyDecompress(std::span<const uint8_t> in, std::size_t outMax);
Result<std::vector<uint8_t>> lz4Compress(std::span<const uint8_t> in, int level, Lz4HeaderChecksum checksum);
Result<std::vector<uint8_t>> lz4Decompress(std::span<const uint8_t> in, std::size_t outMax,
                                           Lz4HeaderChecksum checksum);
Result<std::vector<uint8_t>> zstdCompress(std::span<const uint8_t> in, int level);
Result<std::vector<uint8_t>> zstdDecompress(std::span<const uint8_t> in, std::size_t outMax);

// Error helpers naming the codec.
Status failed(std::string_view codec, std::string_view what);
Status tooLarge(std::string_view codec, std::size_t outMax);

}  // namespace pier::protocol::records::codecs

namespace pier::protocol::records::codecs {
// xxHash32 of fewer than 16 bytes (all an LZ4 frame descriptor needs). Requires: size < 16.
uint32_t xxh32Short(std::span<const uint8_t> bytes, uint32_t seed);
}  // namespace pier::protocol::records::codecs
