// Snappy, raw and xerial-framed. Xerial framing is what snappy-java (Kafka's Java clients)
// writes: a 16-byte header ("\x82SNAPPY\0", int32 version, int32 compatible version) followed by
// blocks, each an int32 big-endian length and a raw snappy block of at most 32 KiB input.

#include <snappy-c.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "base/byte_reader.h"
#include "protocol/records/compression_codecs.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records::codecs {
namespace {

constexpr std::array<uint8_t, 8> kXerialMagic = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
constexpr std::size_t kXerialHeaderBytes = 16;
constexpr std::size_t kXerialBlockBytes = 32u << 10;

bool isXerial(std::span<const uint8_t> in) {
  return in.size() >= kXerialHeaderBytes &&
         std::equal(kXerialMagic.begin(), kXerialMagic.end(), in.begin());
}

// Appends one raw snappy block's output to `out`, keeping the total within outMax.
Status appendRaw(std::span<const uint8_t> block, std::size_t outMax, std::vector<uint8_t>& out) {
  auto* src = reinterpret_cast<const char*>(block.data());
  size_t length = 0;
  if (snappy_uncompressed_length(src, block.size(), &length) != SNAPPY_OK) {
    return failed("snappy", "bad block header");
  }
  if (length > outMax - out.size()) return tooLarge("snappy", outMax);
  std::size_t at = out.size();
  out.resize(at + length);
  size_t written = length;
  // snappy_uncompress validates as it goes: corrupt input is SNAPPY_INVALID_INPUT, not a crash.
  if (snappy_uncompress(src, block.size(), reinterpret_cast<char*>(out.data() + at), &written) !=
          SNAPPY_OK ||
      written != length) {
    return failed("snappy", "corrupt block");
  }
  return Status::ok();
}

Result<std::vector<uint8_t>> xerialDecompress(std::span<const uint8_t> in, std::size_t outMax) {
  Reader r(in.subspan(kXerialHeaderBytes));
  std::vector<uint8_t> out;
  while (!r.atEnd()) {
    auto length = r.readInt32();
    if (!length || *length < 0) return failed("snappy", "truncated xerial block length");
    auto block = r.readRaw(static_cast<std::size_t>(*length));
    if (!block) return failed("snappy", "truncated xerial block");
    PIER_RETURN_IF_ERROR(appendRaw(*block, outMax, out));
  }
  return out;
}

void appendRawCompressed(std::span<const uint8_t> in, std::vector<uint8_t>& out) {
  std::size_t at = out.size();
  size_t length = snappy_max_compressed_length(in.size());
  out.resize(at + length);
  snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(),
                  reinterpret_cast<char*>(out.data() + at), &length);
  out.resize(at + length);
}

}  // namespace

Result<std::vector<uint8_t>> snappyCompress(std::span<const uint8_t> in, SnappyFraming framing) {
  std::vector<uint8_t> out;
  if (framing == SnappyFraming::Raw) {
    appendRawCompressed(in, out);
    return out;
  }
  // Magic, then version 1 and minimum compatible version 1 (int32 each), as snappy-java writes.
  out = {0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0, 0, 0, 0, 1, 0, 0, 0, 1};
  for (std::size_t pos = 0; pos < in.size(); pos += kXerialBlockBytes) {
    std::size_t lengthAt = out.size();
    out.resize(lengthAt + 4);
    appendRawCompressed(in.subspan(pos, std::min(kXerialBlockBytes, in.size() - pos)), out);
    uint32_t blockBytes = static_cast<uint32_t>(out.size() - lengthAt - 4);
    for (int i = 0; i < 4; ++i) out[lengthAt + i] = static_cast<uint8_t>(blockBytes >> (24 - 8 * i));
  }
  return out;
}

Result<std::vector<uint8_t>> snappyDecompress(std::span<const uint8_t> in, std::size_t outMax) {
  if (isXerial(in)) return xerialDecompress(in, outMax);
  std::vector<uint8_t> out;
  PIER_RETURN_IF_ERROR(appendRaw(in, outMax, out));
  return out;
}

}  // namespace pier::protocol::records::codecs
