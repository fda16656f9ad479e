#include "protocol/records/compression.h"

#include <fmt/format.h>
#include <zlib.h>

#include <limits>

#include "protocol/records/compression_codecs.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {

std::string_view compressionName(Compression c) {
  switch (c) {
    case Compression::None: return "none";
    case Compression::Gzip: return "gzip";
    case Compression::Snappy: return "snappy";
    case Compression::Lz4: return "lz4";
    case Compression::Zstd: return "zstd";
  }
  return "unknown";
}

Result<Compression> compressionFromBits(int bits) {
  if (bits < 0 || bits > 4) {
    return Status(RecordError::UnsupportedCompression,
                  fmt::format("compression type {} (known: 0-4)", bits));
  }
  return static_cast<Compression>(bits);
}

Result<std::vector<uint8_t>> compress(Compression codec, std::span<const uint8_t> input,
                                      const CompressOptions& options) {
  switch (codec) {
    case Compression::None: return std::vector<uint8_t>(input.begin(), input.end());
    case Compression::Gzip: return codecs::gzipCompress(input, options.level);
    case Compression::Snappy: return codecs::snappyCompress(input, options.snappyFraming);
    case Compression::Lz4: return codecs::lz4Compress(input, options.level, options.lz4HeaderChecksum);
    case Compression::Zstd: return codecs::zstdCompress(input, options.level);
  }
  return Status(RecordError::UnsupportedCompression, "unknown codec");
}

Result<std::vector<uint8_t>> decompress(Compression codec, std::span<const uint8_t> input,
                                        const DecompressOptions& options) {
  std::size_t outMax = options.decompressedBytesMax;
  switch (codec) {
    case Compression::None:
      if (input.size() > outMax) return codecs::tooLarge("none", outMax);
      return std::vector<uint8_t>(input.begin(), input.end());
    case Compression::Gzip: return codecs::gzipDecompress(input, outMax);
    case Compression::Snappy: return codecs::snappyDecompress(input, outMax);
    case Compression::Lz4: return codecs::lz4Decompress(input, outMax, options.lz4HeaderChecksum);
    case Compression::Zstd: return codecs::zstdDecompress(input, outMax);
  }
  return Status(RecordError::UnsupportedCompression, "unknown codec");
}

namespace codecs {

Status failed(std::string_view codec, std::string_view what) {
  return Status(RecordError::DecompressionFailed, fmt::format("{}: {}", codec, what));
}

Status tooLarge(std::string_view codec, std::size_t outMax) {
  return Status(RecordError::DecompressedTooLarge,
                fmt::format("{}: output exceeds the maximum of {} bytes", codec, outMax));
}

// gzip via zlib. windowBits 15 + 16 selects the gzip wrapper both ways.
Result<std::vector<uint8_t>> gzipCompress(std::span<const uint8_t> in, int level) {
  if (in.size() > std::numeric_limits<uInt>::max() / 2) {
    return Status(RecordError::CompressionFailed, "gzip: input too large");
  }
  z_stream zs{};
  if (deflateInit2(&zs, level == 0 ? Z_DEFAULT_COMPRESSION : level, Z_DEFLATED, 15 + 16, 8,
                   Z_DEFAULT_STRATEGY) != Z_OK) {
    return Status(RecordError::CompressionFailed, "gzip: deflateInit2 failed");
  }
  std::vector<uint8_t> out(deflateBound(&zs, static_cast<uLong>(in.size())));
  zs.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
  zs.avail_in = static_cast<uInt>(in.size());
  zs.next_out = out.data();
  zs.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return Status(RecordError::CompressionFailed, "gzip: deflate failed");
  return out;
}

Result<std::vector<uint8_t>> gzipDecompress(std::span<const uint8_t> in, std::size_t outMax) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return failed("gzip", "inflateInit2 failed");
  zs.next_in = const_cast<Bytef*>(in.data());
  zs.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), std::numeric_limits<uInt>::max()));
  std::vector<uint8_t> out;
  constexpr std::size_t kChunk = 64u << 10;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    std::size_t have = out.size();
    if (have > outMax) break;
    // One byte past the maximum tells "exactly outMax" from "more than outMax".
    out.resize(std::min(outMax + 1, have + std::max(kChunk, have)));
    zs.next_out = out.data() + have;
    zs.avail_out = static_cast<uInt>(out.size() - have);
    rc = inflate(&zs, Z_NO_FLUSH);
    out.resize(zs.total_out);
    if (rc != Z_OK && rc != Z_STREAM_END) break;
    if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // input ended early
  }
  inflateEnd(&zs);
  if (out.size() > outMax) return tooLarge("gzip", outMax);
  if (rc == Z_STREAM_END) return out;
  return failed("gzip", zs.msg ? zs.msg : "truncated or corrupt stream");
}

}  // namespace codecs
}  // namespace pier::protocol::records
