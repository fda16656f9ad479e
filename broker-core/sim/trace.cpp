#include "sim/trace.h"

#include <fmt/format.h>

namespace pier::sim {

uint64_t mixHash(uint64_t hash, uint64_t value) {
  uint64_t z = hash ^ (value + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t hashBytes(uint64_t hash, std::string_view bytes) {
  hash = mixHash(hash, bytes.size());
  for (unsigned char c : bytes) hash = mixHash(hash, c);
  return hash;
}

void Trace::line(int64_t atMs, std::string_view text) {
  if (m_sink) m_sink(fmt::format("{:>9} {}", atMs, text));
}

}  // namespace pier::sim
