// LZ4 (frame format) and zstd. Both decompress in a loop into a buffer grown in chunks, so the
// output bound holds whatever the frame headers claim about content size.

#include <lz4frame.h>
#include <zstd.h>

#include <algorithm>
#include <memory>

#include "protocol/records/compression_codecs.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records::codecs {
namespace {

constexpr std::size_t kChunk = 64u << 10;

// Grows `out` for the next write, never past outMax + 1 (the extra byte detects overflow).
std::size_t grow(std::vector<uint8_t>& out, std::size_t used, std::size_t outMax) {
  out.resize(std::min(outMax + 1, used + std::max(kChunk, used)));
  return out.size() - used;
}

// Offset of the frame descriptor's checksum byte (HC), or 0 when the header is incomplete.
std::size_t lz4HeaderChecksumAt(std::span<const uint8_t> in) {
  constexpr std::size_t kMagicBytes = 4;
  if (in.size() < kMagicBytes + 3) return 0;
  uint8_t flags = in[kMagicBytes];
  std::size_t at = kMagicBytes + 2 + ((flags & 0x08) ? 8 : 0) + ((flags & 0x01) ? 4 : 0);
  return at < in.size() ? at : 0;
}

}  // namespace

uint32_t xxh32Short(std::span<const uint8_t> bytes, uint32_t seed) {
  constexpr uint32_t kP1 = 2654435761U, kP2 = 2246822519U, kP3 = 3266489917U;
  constexpr uint32_t kP4 = 668265263U, kP5 = 374761393U;
  auto rotl = [](uint32_t x, int r) { return (x << r) | (x >> (32 - r)); };
  uint32_t h = seed + kP5 + static_cast<uint32_t>(bytes.size());
  std::size_t i = 0;
  for (; i + 4 <= bytes.size(); i += 4) {
    uint32_t word = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) |
                    (static_cast<uint32_t>(bytes[i + 3]) << 24);
    h = rotl(h + word * kP3, 17) * kP4;
  }
  for (; i < bytes.size(); ++i) h = rotl(h + bytes[i] * kP5, 11) * kP1;
  h ^= h >> 15;
  h *= kP2;
  h ^= h >> 13;
  h *= kP3;
  return h ^ (h >> 16);
}

Result<std::vector<uint8_t>> lz4Compress(std::span<const uint8_t> in, int level, Lz4HeaderChecksum checksum) {
  LZ4F_preferences_t prefs{};
  prefs.frameInfo.blockSizeID = LZ4F_max64KB;  // what Kafka's Java and librdkafka use
  prefs.frameInfo.blockMode = LZ4F_blockIndependent;
  prefs.compressionLevel = level;
  std::vector<uint8_t> out(LZ4F_compressFrameBound(in.size(), &prefs));
  std::size_t n = LZ4F_compressFrame(out.data(), out.size(), in.data(), in.size(), &prefs);
  if (LZ4F_isError(n)) {
    return Status(RecordError::CompressionFailed, std::string("lz4: ") + LZ4F_getErrorName(n));
  }
  out.resize(n);
  if (checksum == Lz4HeaderChecksum::Kafka08) {
    // Kafka's magic 0 writer hashes the 4 magic bytes into HC as well.
    std::size_t at = lz4HeaderChecksumAt(out);
    if (at != 0) out[at] = static_cast<uint8_t>(xxh32Short(std::span<const uint8_t>(out).first(at), 0) >> 8);
  }
  return out;
}

Result<std::vector<uint8_t>> lz4Decompress(std::span<const uint8_t> in, std::size_t outMax,
                                           Lz4HeaderChecksum checksum) {
  std::vector<uint8_t> fixed;
  if (checksum == Lz4HeaderChecksum::Kafka08) {
    // Kafka 0.8 hashed the magic number into HC; rewrite HC as the frame spec computes it.
    std::size_t at = lz4HeaderChecksumAt(in);
    if (at != 0) {
      fixed.assign(in.begin(), in.end());
      fixed[at] = static_cast<uint8_t>(xxh32Short(in.subspan(4, at - 4), 0) >> 8);
      in = fixed;
    }
  }
  LZ4F_dctx* raw = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&raw, LZ4F_VERSION))) {
    return failed("lz4", "cannot create context");
  }
  std::unique_ptr<LZ4F_dctx, decltype(&LZ4F_freeDecompressionContext)> ctx(
      raw, &LZ4F_freeDecompressionContext);
  std::vector<uint8_t> out;
  std::size_t used = 0, consumed = 0, hint = 1;
  while (hint != 0) {
    if (used > outMax) return tooLarge("lz4", outMax);
    std::size_t room = grow(out, used, outMax);
    std::size_t inBytes = in.size() - consumed;
    hint = LZ4F_decompress(ctx.get(), out.data() + used, &room, in.data() + consumed, &inBytes,
                           nullptr);
    if (LZ4F_isError(hint)) return failed("lz4", LZ4F_getErrorName(hint));
    used += room;
    consumed += inBytes;
    if (hint != 0 && consumed == in.size() && used < out.size()) {
      return failed("lz4", "truncated frame");
    }
  }
  if (used > outMax) return tooLarge("lz4", outMax);
  out.resize(used);
  return out;
}

Result<std::vector<uint8_t>> zstdCompress(std::span<const uint8_t> in, int level) {
  std::vector<uint8_t> out(ZSTD_compressBound(in.size()));
  std::size_t n = ZSTD_compress(out.data(), out.size(), in.data(), in.size(),
                                level == 0 ? ZSTD_CLEVEL_DEFAULT : level);
  if (ZSTD_isError(n)) {
    return Status(RecordError::CompressionFailed, std::string("zstd: ") + ZSTD_getErrorName(n));
  }
  out.resize(n);
  return out;
}

Result<std::vector<uint8_t>> zstdDecompress(std::span<const uint8_t> in, std::size_t outMax) {
  std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> ctx(ZSTD_createDCtx(), &ZSTD_freeDCtx);
  if (!ctx) return failed("zstd", "cannot create context");
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  std::vector<uint8_t> out;
  std::size_t used = 0, pending = 1;
  for (;;) {
    if (used > outMax) return tooLarge("zstd", outMax);
    grow(out, used, outMax);
    ZSTD_outBuffer output{out.data(), out.size(), used};
    pending = ZSTD_decompressStream(ctx.get(), &output, &input);
    if (ZSTD_isError(pending)) return failed("zstd", ZSTD_getErrorName(pending));
    bool progressed = output.pos != used;
    used = output.pos;
    // pending == 0: a frame ended and is flushed. Calling again with no input would start
    // waiting for another frame, so stop once the input is gone.
    if (input.pos == input.size && (pending == 0 || !progressed)) break;
  }
  if (used > outMax) return tooLarge("zstd", outMax);
  if (pending != 0) return failed("zstd", "truncated frame");
  out.resize(used);
  return out;
}

}  // namespace pier::protocol::records::codecs
