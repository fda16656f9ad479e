#pragma once
// Trace: what a simulation did, as one 64-bit hash (every send, delivery, loss, fault and node
// state folded in, in order) and, when a sink is set, as readable lines. Two runs of one seed
// must end with the same hash; a replayed failure prints the lines.
//
// Owned by one Simulation; single-threaded.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace pier::sim {

// Folds `value` into `hash` (a splitmix64 finaliser over the running state): order-sensitive,
// so the same values in another order give another hash. For MessageTraits::hash too.
uint64_t mixHash(uint64_t hash, uint64_t value);
uint64_t hashBytes(uint64_t hash, std::string_view bytes);

class Trace {
 public:
  using Sink = std::function<void(std::string_view line)>;

  void add(uint64_t value) { m_hash = mixHash(m_hash, value); }
  uint64_t hash() const { return m_hash; }
  bool wantsText() const { return static_cast<bool>(m_sink); }
  // Only called when wantsText(); the caller builds the line only then.
  void line(int64_t atMs, std::string_view text);
  void setSink(Sink sink) { m_sink = std::move(sink); }

 private:
  uint64_t m_hash = 0x9e3779b97f4a7c15ULL;
  Sink m_sink;
};

}  // namespace pier::sim
