#pragma once
// Prng: a seeded, deterministic pseudo-random generator (xoshiro256**, seeded by splitmix64).
// The same seed gives the same sequence on every platform and compiler, which is what lets a
// simulation failure be replayed from its seed. The only randomness broker-core uses: state
// machines get a Prng passed in, never a global one.
//
// Not cryptographic. Not thread-safe: one Prng per owner.

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace pier {

class Prng {
 public:
  explicit Prng(uint64_t seed);

  uint64_t seed() const { return m_seed; }
  uint64_t next();
  // Uniform in [0, bound). Requires: bound > 0. Unbiased (Lemire's method).
  uint64_t below(uint64_t bound);
  // Uniform in [lo, hi]. Requires: lo <= hi.
  int64_t between(int64_t lo, int64_t hi);
  // True with probability numerator/denominator. Requires: denominator > 0.
  bool chance(uint64_t numerator, uint64_t denominator);
  void fill(std::span<uint8_t> out);
  std::vector<uint8_t> bytes(std::size_t n);

  template <typename T>
  void shuffle(std::span<T> items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::size_t j = static_cast<std::size_t>(below(i));
      std::swap(items[i - 1], items[j]);
    }
  }

 private:
  uint64_t m_seed;
  std::array<uint64_t, 4> m_s;
};

}  // namespace pier
