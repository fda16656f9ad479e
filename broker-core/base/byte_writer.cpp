#include "base/byte_writer.h"

#include <bit>
#include <cstring>
#include <limits>

#include "base/assert.h"

namespace pier {

void Writer::writeBigEndian(uint64_t v, int width) {
  uint8_t bytes[8];
  for (int i = 0; i < width; ++i) bytes[i] = static_cast<uint8_t>(v >> ((width - 1 - i) * 8));
  m_buf.insert(m_buf.end(), bytes, bytes + width);
}

void Writer::writeFloat64(double v) { writeUint64(std::bit_cast<uint64_t>(v)); }

void Writer::writeUnsignedVarlong(uint64_t v) {
  while (v >= 0x80) {
    m_buf.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  m_buf.push_back(static_cast<uint8_t>(v));
}

void Writer::writeVarint(int32_t v) { writeUnsignedVarlong(zigZagEncode32(v)); }
void Writer::writeVarlong(int64_t v) { writeUnsignedVarlong(zigZagEncode64(v)); }

void Writer::writeRaw(std::string_view bytes) {
  m_buf.insert(m_buf.end(), bytes.begin(), bytes.end());
}

void Writer::writeString(std::string_view s) {
  PIER_ASSERT(s.size() <= static_cast<std::size_t>(std::numeric_limits<int16_t>::max()),
              "string longer than an int16 length allows");
  writeInt16(static_cast<int16_t>(s.size()));
  writeRaw(s);
}

void Writer::writeNullableString(const std::optional<std::string_view>& s) {
  if (!s) {
    writeInt16(-1);
    return;
  }
  writeString(*s);
}

void Writer::writeCompactString(std::string_view s) {
  PIER_ASSERT(s.size() < std::numeric_limits<uint32_t>::max(), "compact string too long");
  writeUnsignedVarint(static_cast<uint32_t>(s.size() + 1));
  writeRaw(s);
}

void Writer::writeCompactNullableString(const std::optional<std::string_view>& s) {
  if (!s) {
    writeUnsignedVarint(0);
    return;
  }
  writeCompactString(*s);
}

void Writer::writeBytes(std::span<const uint8_t> b) {
  PIER_ASSERT(b.size() <= static_cast<std::size_t>(std::numeric_limits<int32_t>::max()),
              "byte array longer than an int32 length allows");
  writeInt32(static_cast<int32_t>(b.size()));
  writeRaw(b);
}

void Writer::writeNullableBytes(const std::optional<std::span<const uint8_t>>& b) {
  if (!b) {
    writeInt32(-1);
    return;
  }
  writeBytes(*b);
}

void Writer::writeCompactBytes(std::span<const uint8_t> b) {
  PIER_ASSERT(b.size() < std::numeric_limits<uint32_t>::max(), "compact bytes too long");
  writeUnsignedVarint(static_cast<uint32_t>(b.size() + 1));
  writeRaw(b);
}

void Writer::writeCompactNullableBytes(const std::optional<std::span<const uint8_t>>& b) {
  if (!b) {
    writeUnsignedVarint(0);
    return;
  }
  writeCompactBytes(*b);
}

std::size_t Writer::reserve(std::size_t n) {
  std::size_t position = m_buf.size();
  m_buf.resize(position + n);
  return position;
}

void Writer::patchUint32(std::size_t position, uint32_t v) {
  PIER_ASSERT(position + 4 <= m_buf.size(), "patch outside the written bytes");
  for (int i = 0; i < 4; ++i) {
    m_buf[position + static_cast<std::size_t>(i)] = static_cast<uint8_t>(v >> (24 - 8 * i));
  }
}

void Writer::patchInt32(std::size_t position, int32_t v) {
  patchUint32(position, static_cast<uint32_t>(v));
}

}  // namespace pier
