#pragma once
// Varint arithmetic shared by Reader and Writer (Kafka's zig-zag varints, LEB128 lengths).

#include <cstdint>

namespace pier {

// Zig-zag mapping used by Kafka's signed varints: 0,-1,1,-2 -> 0,1,2,3.
constexpr uint32_t zigZagEncode32(int32_t v) {
  return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31);
}
constexpr uint64_t zigZagEncode64(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
constexpr int32_t zigZagDecode32(uint32_t v) {
  return static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1));
}
constexpr int64_t zigZagDecode64(uint64_t v) {
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}

// Bytes an unsigned varint takes on the wire.
constexpr int unsignedVarlongSize(uint64_t v) {
  int n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

}  // namespace pier
