#include "base/java_string.h"

#include <algorithm>

namespace pier {

namespace {

constexpr uint16_t kReplacement = 0xfffd;

bool continuation(uint8_t b) { return (b & 0xc0) == 0x80; }
bool malformed3Prefix(uint8_t b1, uint8_t b2) { return (b1 == 0xe0 && (b2 & 0xe0) == 0x80) || !continuation(b2); }
bool malformed4Prefix(uint8_t b1, uint8_t b2) {
  return (b1 == 0xf0 && (b2 < 0x90 || b2 > 0xbf)) || (b1 == 0xf4 && (b2 & 0xf0) != 0x80) || !continuation(b2);
}

// Java's decoder (String.decodeUTF8_UTF16 in JDK 17) replaces each maximal malformed prefix with
// one U+FFFD, not each byte: "e4 b8 41" is U+FFFD 'A', "ed a0 80" (a UTF-8 surrogate) one U+FFFD.
class Utf8Decoder {
 public:
  explicit Utf8Decoder(std::string_view s) : m_s(s) {}

  std::vector<uint16_t> run() {
    m_out.reserve(m_s.size());  // never more units than bytes
    while (m_sp < m_s.size()) {
      const uint8_t b1 = at(m_sp++);
      if (b1 < 0x80) {
        m_out.push_back(b1);
      } else if ((b1 >> 5) == 0x6 && (b1 & 0x1e) != 0) {
        if (!two(b1)) break;
      } else if ((b1 >> 4) == 0xe) {
        if (!three(b1)) break;
      } else if ((b1 >> 3) == 0x1e) {
        if (!four(b1)) break;
      } else {
        m_out.push_back(kReplacement);  // a continuation byte, c0/c1 or f8..ff
      }
    }
    return std::move(m_out);
  }

 private:
  uint8_t at(std::size_t i) const { return static_cast<uint8_t>(m_s[i]); }
  std::size_t left() const { return m_s.size() - m_sp; }

  // Each returns false when the input ended inside the sequence (decoding stops).
  bool two(uint8_t b1) {
    if (left() == 0) {
      m_out.push_back(kReplacement);
      return false;
    }
    const uint8_t b2 = at(m_sp);
    if (!continuation(b2)) {
      m_out.push_back(kReplacement);
      return true;
    }
    ++m_sp;
    m_out.push_back(static_cast<uint16_t>(((b1 & 0x1f) << 6) | (b2 & 0x3f)));
    return true;
  }

  bool three(uint8_t b1) {
    if (left() >= 2) {
      const uint8_t b2 = at(m_sp);
      const uint8_t b3 = at(m_sp + 1);
      if (malformed3Prefix(b1, b2) || !continuation(b3)) {
        m_out.push_back(kReplacement);
        m_sp += malformed3Prefix(b1, b2) ? 0 : 1;
        return true;
      }
      m_sp += 2;
      const auto c = static_cast<uint16_t>(((b1 & 0x0f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f));
      m_out.push_back(c >= 0xd800 && c <= 0xdfff ? kReplacement : c);
      return true;
    }
    m_out.push_back(kReplacement);
    if (left() == 1 && malformed3Prefix(b1, at(m_sp))) return true;
    return false;
  }

  bool four(uint8_t b1) {
    if (left() >= 3) {
      const uint8_t b2 = at(m_sp);
      const uint8_t b3 = at(m_sp + 1);
      const uint8_t b4 = at(m_sp + 2);
      const uint32_t cp = (static_cast<uint32_t>(b1 & 0x07) << 18) | (static_cast<uint32_t>(b2 & 0x3f) << 12) |
                          (static_cast<uint32_t>(b3 & 0x3f) << 6) | (b4 & 0x3f);
      if (!continuation(b2) || !continuation(b3) || !continuation(b4) || cp < 0x10000 || cp > 0x10ffff) {
        m_out.push_back(kReplacement);
        // malformed4: how much of the sequence the replacement covers.
        if (b1 <= 0xf4 && !malformed4Prefix(b1, b2)) m_sp += continuation(b3) ? 2 : 1;
        return true;
      }
      m_sp += 3;
      const uint32_t v = cp - 0x10000;
      m_out.push_back(static_cast<uint16_t>(0xd800 + (v >> 10)));
      m_out.push_back(static_cast<uint16_t>(0xdc00 + (v & 0x3ff)));
      return true;
    }
    m_out.push_back(kReplacement);
    if (b1 > 0xf4 || (left() > 0 && malformed4Prefix(b1, at(m_sp)))) return true;
    if (left() == 0) return false;
    ++m_sp;  // b2 belongs to the truncated sequence
    return left() > 0 && !continuation(at(m_sp));
  }

  std::string_view m_s;
  std::size_t m_sp = 0;
  std::vector<uint16_t> m_out;
};

}  // namespace

std::vector<uint16_t> javaUtf16Units(std::string_view s) { return Utf8Decoder(s).run(); }

int32_t javaStringHashCode(std::string_view utf8) {
  uint32_t hash = 0;
  const auto add = [&hash](uint16_t unit) { hash = 31u * hash + unit; };  // Java's int overflow
  if (std::all_of(utf8.begin(), utf8.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
    for (char c : utf8) add(static_cast<uint16_t>(c));  // ASCII: each byte is its own unit
  } else {
    for (uint16_t unit : javaUtf16Units(utf8)) add(unit);
  }
  return static_cast<int32_t>(hash);
}

}  // namespace pier
