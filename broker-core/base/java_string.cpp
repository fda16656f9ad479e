#include "base/java_string.h"

namespace pier {

std::vector<uint16_t> javaUtf16Units(std::string_view s) {
  std::vector<uint16_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<uint8_t>(s[i]);
    const int extra = b < 0x80 ? 0 : (b >> 5) == 0x6 ? 1 : (b >> 4) == 0xe ? 2 : (b >> 3) == 0x1e ? 3 : -1;
    uint32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1f) : extra == 2 ? (b & 0x0f) : (b & 0x07);
    bool ok = extra >= 0 && i + static_cast<std::size_t>(extra) < s.size() + (extra == 0 ? 1 : 0);
    for (int k = 1; ok && k <= extra; ++k) {
      const auto c = static_cast<uint8_t>(s[i + static_cast<std::size_t>(k)]);
      ok = (c & 0xc0) == 0x80;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (!ok) {
      out.push_back(0xfffd);
      ++i;
      continue;
    }
    i += static_cast<std::size_t>(extra) + 1;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<uint16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<uint16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<uint16_t>(cp));
    }
  }
  return out;
}

int32_t javaStringHashCode(std::string_view utf8) {
  uint32_t hash = 0;
  for (uint16_t unit : javaUtf16Units(utf8)) {
    hash = 31u * hash + unit;  // Java's int overflow, without signed overflow here
  }
  return static_cast<int32_t>(hash);
}

}  // namespace pier
