#pragma once
// Big-endian loads and stores at a raw pointer, for index entries and in-place batch header
// patches (Reader/Writer serve streams; these serve fixed positions). Requires: the pointer
// has sizeof(T) bytes.

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace pier {

template <typename T>
T loadBigEndian(const uint8_t* p) {
  static_assert(std::is_integral_v<T>);
  std::make_unsigned_t<T> v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<std::make_unsigned_t<T>>((v << 8) | p[i]);
  return static_cast<T>(v);
}

template <typename T>
void storeBigEndian(uint8_t* p, T value) {
  static_assert(std::is_integral_v<T>);
  auto v = static_cast<std::make_unsigned_t<T>>(value);
  for (std::size_t i = sizeof(T); i-- > 0;) {
    p[i] = static_cast<uint8_t>(v & 0xff);
    v = static_cast<std::make_unsigned_t<T>>(v >> 8);
  }
}

}  // namespace pier
