#include "base/crc.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <limits>

#include "base/assert.h"

#if defined(__x86_64__)
#include <nmmintrin.h>
#define PIER_CRC32C_X86 1
#endif

namespace pier {
namespace {

constexpr uint32_t kCastagnoliReflected = 0x82F63B78;

// table[k][b]: CRC register contribution of byte b followed by k zero bytes (slicing-by-8).
using SliceTables = std::array<std::array<uint32_t, 256>, 8>;

constexpr SliceTables makeSliceTables() {
  SliceTables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t crc = b;
    for (int i = 0; i < 8; ++i) {
      crc = (crc >> 1) ^ ((crc & 1) ? kCastagnoliReflected : 0);
    }
    t[0][b] = crc;
  }
  for (std::size_t k = 1; k < 8; ++k) {
    for (std::size_t b = 0; b < 256; ++b) {
      t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
    }
  }
  return t;
}

constexpr SliceTables kSlice = makeSliceTables();

uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;  // little-endian hosts only (x86-64, aarch64): asserted below
}
static_assert(std::endian::native == std::endian::little, "CRC32C slicing assumes little-endian");

uint32_t portableRegister(const uint8_t* p, std::size_t n, uint32_t crc) {
  while (n >= 8) {
    uint64_t v = load64(p) ^ crc;
    crc = kSlice[7][v & 0xff] ^ kSlice[6][(v >> 8) & 0xff] ^ kSlice[5][(v >> 16) & 0xff] ^
          kSlice[4][(v >> 24) & 0xff] ^ kSlice[3][(v >> 32) & 0xff] ^
          kSlice[2][(v >> 40) & 0xff] ^ kSlice[1][(v >> 48) & 0xff] ^ kSlice[0][v >> 56];
    p += 8;
    n -= 8;
  }
  while (n-- > 0) {
    crc = (crc >> 8) ^ kSlice[0][(crc ^ *p++) & 0xff];
  }
  return crc;
}

#if PIER_CRC32C_X86

// The hardware crc32 instruction has a 3-cycle latency but a 1-cycle throughput, so one stream
// is latency bound. Three independent streams over adjacent blocks keep the unit busy; their
// registers are then joined: crc(A ++ B) = shift_|B|(crc(A)) ^ crc_from_zero(B), where shift_n
// (feeding n zero bytes) is linear over GF(2) and so a table lookup per byte of the register.
struct ZeroShift {
  std::array<std::array<uint32_t, 256>, 4> table;

  uint32_t apply(uint32_t crc) const {
    return table[0][crc & 0xff] ^ table[1][(crc >> 8) & 0xff] ^ table[2][(crc >> 16) & 0xff] ^
           table[3][crc >> 24];
  }
};

ZeroShift makeZeroShift(std::size_t zeroBytes) {
  // Image of each of the 32 basis registers after zeroBytes zeros, then tables by linearity.
  std::array<uint32_t, 32> basis{};
  for (int bit = 0; bit < 32; ++bit) {
    uint32_t crc = 1u << bit;
    for (std::size_t i = 0; i < zeroBytes; ++i) {
      crc = (crc >> 8) ^ kSlice[0][crc & 0xff];
    }
    basis[static_cast<std::size_t>(bit)] = crc;
  }
  ZeroShift s{};
  for (std::size_t byte = 0; byte < 4; ++byte) {
    for (std::size_t v = 0; v < 256; ++v) {
      uint32_t out = 0;
      for (std::size_t b = 0; b < 8; ++b) {
        if (v & (1u << b)) out ^= basis[byte * 8 + b];
      }
      s.table[byte][v] = out;
    }
  }
  return s;
}

constexpr std::size_t kLongBlock = 8192;
constexpr std::size_t kShortBlock = 256;

const ZeroShift& longShift() {
  static const ZeroShift s = makeZeroShift(kLongBlock);
  return s;
}
const ZeroShift& shortShift() {
  static const ZeroShift s = makeZeroShift(kShortBlock);
  return s;
}

__attribute__((target("sse4.2"))) uint64_t hwBlock(const uint8_t* p, std::size_t n, uint64_t crc) {
  for (std::size_t i = 0; i < n; i += 8) crc = _mm_crc32_u64(crc, load64(p + i));
  return crc;
}

__attribute__((target("sse4.2"))) uint32_t hwThreeWay(const uint8_t*& p, std::size_t& n,
                                                      uint32_t crc, std::size_t block,
                                                      const ZeroShift& shift) {
  while (n >= 3 * block) {
    uint64_t a = crc, b = 0, c = 0;
    const uint8_t* pb = p + block;
    const uint8_t* pc = p + 2 * block;
    for (std::size_t i = 0; i < block; i += 8) {
      a = _mm_crc32_u64(a, load64(p + i));
      b = _mm_crc32_u64(b, load64(pb + i));
      c = _mm_crc32_u64(c, load64(pc + i));
    }
    uint32_t ab = shift.apply(static_cast<uint32_t>(a)) ^ static_cast<uint32_t>(b);
    crc = shift.apply(ab) ^ static_cast<uint32_t>(c);
    p += 3 * block;
    n -= 3 * block;
  }
  return crc;
}

__attribute__((target("sse4.2"))) uint32_t hardwareRegister(const uint8_t* p, std::size_t n,
                                                            uint32_t crc) {
  crc = hwThreeWay(p, n, crc, kLongBlock, longShift());
  crc = hwThreeWay(p, n, crc, kShortBlock, shortShift());
  std::size_t words = n & ~std::size_t{7};
  crc = static_cast<uint32_t>(hwBlock(p, words, crc));
  p += words;
  n -= words;
  while (n-- > 0) crc = _mm_crc32_u8(crc, *p++);
  return crc;
}

bool detectHardware() { return __builtin_cpu_supports("sse4.2"); }

#else

uint32_t hardwareRegister(const uint8_t*, std::size_t, uint32_t) {
  PIER_UNREACHABLE("crc32c hardware path on a CPU without it");
}
bool detectHardware() { return false; }

#endif

const bool kHardware = detectHardware();

}  // namespace

bool crc32cHardwareAvailable() { return kHardware; }

uint32_t crc32cPortable(std::span<const uint8_t> bytes, uint32_t crc) {
  return ~portableRegister(bytes.data(), bytes.size(), ~crc);
}

uint32_t crc32cHardware(std::span<const uint8_t> bytes, uint32_t crc) {
  PIER_ASSERT(kHardware, "crc32cHardware without the CPU instruction");
  return ~hardwareRegister(bytes.data(), bytes.size(), ~crc);
}

uint32_t crc32c(std::span<const uint8_t> bytes, uint32_t crc) {
  return kHardware ? crc32cHardware(bytes, crc) : crc32cPortable(bytes, crc);
}

uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc) {
  // zlib takes uInt lengths: feed very large spans in pieces.
  const uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  uLong c = crc;
  while (n > 0) {
    auto piece = static_cast<uInt>(std::min<std::size_t>(n, std::numeric_limits<uInt>::max()));
    c = ::crc32(c, p, piece);
    p += piece;
    n -= piece;
  }
  return static_cast<uint32_t>(c);
}

}  // namespace pier
