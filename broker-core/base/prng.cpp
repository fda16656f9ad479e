#include "base/prng.h"

#include <algorithm>

#include "base/assert.h"

namespace pier {
namespace {

uint64_t splitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// GCC/Clang's 128-bit integer; __extension__ keeps -Wpedantic quiet about it.
__extension__ using Uint128 = unsigned __int128;

uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Prng::Prng(uint64_t seed) : m_seed(seed) {
  uint64_t state = seed;
  for (auto& word : m_s) word = splitMix64(state);
}

uint64_t Prng::next() {
  uint64_t result = rotl(m_s[1] * 5, 7) * 9;
  uint64_t t = m_s[1] << 17;
  m_s[2] ^= m_s[0];
  m_s[3] ^= m_s[1];
  m_s[1] ^= m_s[2];
  m_s[0] ^= m_s[3];
  m_s[2] ^= t;
  m_s[3] = rotl(m_s[3], 45);
  return result;
}

uint64_t Prng::below(uint64_t bound) {
  PIER_ASSERT(bound > 0, "Prng::below needs a positive bound");
  // Lemire: multiply into 128 bits, reject the small biased zone.
  Uint128 m = static_cast<Uint128>(next()) * bound;
  auto low = static_cast<uint64_t>(m);
  if (low < bound) {
    uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      m = static_cast<Uint128>(next()) * bound;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

int64_t Prng::between(int64_t lo, int64_t hi) {
  PIER_ASSERT(lo <= hi, "Prng::between needs lo <= hi");
  uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo);
  if (span == UINT64_MAX) return static_cast<int64_t>(next());
  return static_cast<int64_t>(static_cast<uint64_t>(lo) + below(span + 1));
}

bool Prng::chance(uint64_t numerator, uint64_t denominator) {
  return below(denominator) < numerator;
}

void Prng::fill(std::span<uint8_t> out) {
  std::size_t i = 0;
  while (i < out.size()) {
    uint64_t v = next();
    // Byte by byte, low first, so the output does not depend on the host's endianness.
    for (int k = 0; k < 8 && i < out.size(); ++k, ++i) {
      out[i] = static_cast<uint8_t>(v >> (8 * k));
    }
  }
}

std::vector<uint8_t> Prng::bytes(std::size_t n) {
  std::vector<uint8_t> out(n);
  fill(out);
  return out;
}

}  // namespace pier
