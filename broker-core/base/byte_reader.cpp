#include "base/byte_reader.h"

#include <bit>
#include <string>
#include <type_traits>

#include "base/base_error.h"
#include "base/varint.h"

namespace pier {
namespace {

Status truncated(std::size_t position, std::size_t needed, std::size_t remaining) {
  return Status(BaseError::Truncated, "need " + std::to_string(needed) + " bytes at position " +
                                          std::to_string(position) + ", " +
                                          std::to_string(remaining) + " left");
}

std::string_view asChars(std::span<const uint8_t> b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

}  // namespace

Result<uint64_t> Reader::readBigEndian(std::size_t n) {
  if (remaining() < n) {
    return truncated(m_pos, n, remaining());
  }
  uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    v = (v << 8) | m_bytes[m_pos + i];
  }
  m_pos += n;
  return v;
}

template <typename T>
Result<T> Reader::readFixed() {
  PIER_ASSIGN_OR_RETURN(uint64_t v, readBigEndian(sizeof(T)));
  if constexpr (std::is_same_v<T, bool>) {
    return v != 0;
  } else if constexpr (std::is_same_v<T, double>) {
    return std::bit_cast<double>(v);
  } else {
    return static_cast<T>(v);
  }
}

Result<int8_t> Reader::readInt8() { return readFixed<int8_t>(); }
Result<uint8_t> Reader::readUint8() { return readFixed<uint8_t>(); }
Result<bool> Reader::readBool() { return readFixed<bool>(); }
Result<int16_t> Reader::readInt16() { return readFixed<int16_t>(); }
Result<uint16_t> Reader::readUint16() { return readFixed<uint16_t>(); }
Result<int32_t> Reader::readInt32() { return readFixed<int32_t>(); }
Result<uint32_t> Reader::readUint32() { return readFixed<uint32_t>(); }
Result<int64_t> Reader::readInt64() { return readFixed<int64_t>(); }
Result<uint64_t> Reader::readUint64() { return readFixed<uint64_t>(); }
Result<double> Reader::readFloat64() { return readFixed<double>(); }

Result<uint64_t> Reader::readUnsignedVar(int maxBytes) {
  uint64_t v = 0;
  for (int i = 0; i < maxBytes; ++i) {
    std::size_t at = m_pos + static_cast<std::size_t>(i);
    if (at >= m_bytes.size()) {
      return truncated(m_pos, static_cast<std::size_t>(i) + 1, remaining());
    }
    uint8_t b = m_bytes[at];
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) {
      m_pos = at + 1;
      return v;
    }
  }
  return Status(BaseError::VarintTooLong, "varint at position " + std::to_string(m_pos) +
                                              " longer than " + std::to_string(maxBytes) + " bytes");
}

Result<uint32_t> Reader::readUnsignedVarint() {
  std::size_t start = m_pos;
  PIER_ASSIGN_OR_RETURN(uint64_t v, readUnsignedVar(5));
  if (v > 0xffffffffULL) {
    m_pos = start;
    return Status(BaseError::VarintTooLong,
                  "varint at position " + std::to_string(start) + " exceeds 32 bits");
  }
  return static_cast<uint32_t>(v);
}

Result<uint64_t> Reader::readUnsignedVarlong() {
  std::size_t start = m_pos;
  PIER_ASSIGN_OR_RETURN(uint64_t v, readUnsignedVar(10));
  // The tenth byte may carry only the top bit of a 64-bit value.
  if (m_pos - start == 10 && m_bytes[m_pos - 1] > 1) {
    m_pos = start;
    return Status(BaseError::VarintTooLong,
                  "varlong at position " + std::to_string(start) + " exceeds 64 bits");
  }
  return v;
}

Result<int32_t> Reader::readVarint() {
  PIER_ASSIGN_OR_RETURN(uint32_t v, readUnsignedVarint());
  return zigZagDecode32(v);
}

Result<int64_t> Reader::readVarlong() {
  PIER_ASSIGN_OR_RETURN(uint64_t v, readUnsignedVarlong());
  return zigZagDecode64(v);
}

Result<std::span<const uint8_t>> Reader::readRaw(std::size_t n) {
  if (remaining() < n) {
    return truncated(m_pos, n, remaining());
  }
  auto out = m_bytes.subspan(m_pos, n);
  m_pos += n;
  return out;
}

Status Reader::skip(std::size_t n) { return readRaw(n).status(); }

Result<std::optional<std::span<const uint8_t>>> Reader::readPayload(int64_t length, bool nullable) {
  if (length == -1 && nullable) {
    return std::optional<std::span<const uint8_t>>();
  }
  if (length == -1) {
    return Status(BaseError::NullNotAllowed,
                  "null length at position " + std::to_string(m_pos) + " for a non-nullable field");
  }
  if (length < 0) {
    return Status(BaseError::InvalidLength,
                  "length " + std::to_string(length) + " at position " + std::to_string(m_pos));
  }
  PIER_ASSIGN_OR_RETURN(auto bytes, readRaw(static_cast<std::size_t>(length)));
  return std::optional<std::span<const uint8_t>>(bytes);
}

Result<int64_t> Reader::compactLength() {
  PIER_ASSIGN_OR_RETURN(uint32_t n, readUnsignedVarint());
  return static_cast<int64_t>(n) - 1;
}

// The length prefix is consumed only when the payload is complete, so a failed read leaves the
// position where the field started.
#define PIER_READ_PAYLOAD(lengthExpr, nullable)                 \
  std::size_t start = m_pos;                                    \
  auto length = (lengthExpr);                                   \
  if (!length) {                                                \
    return length.status();                                     \
  }                                                             \
  auto payload = readPayload(*length, nullable);                \
  if (!payload) {                                               \
    m_pos = start;                                              \
    return payload.status();                                    \
  }

Result<std::string_view> Reader::readString() {
  PIER_READ_PAYLOAD(readInt16(), false);
  return asChars(**payload);
}
Result<std::optional<std::string_view>> Reader::readNullableString() {
  PIER_READ_PAYLOAD(readInt16(), true);
  if (!*payload) return std::optional<std::string_view>();
  return std::optional<std::string_view>(asChars(**payload));
}
Result<std::string_view> Reader::readCompactString() {
  PIER_READ_PAYLOAD(compactLength(), false);
  return asChars(**payload);
}
Result<std::optional<std::string_view>> Reader::readCompactNullableString() {
  PIER_READ_PAYLOAD(compactLength(), true);
  if (!*payload) return std::optional<std::string_view>();
  return std::optional<std::string_view>(asChars(**payload));
}
Result<std::span<const uint8_t>> Reader::readBytes() {
  PIER_READ_PAYLOAD(readInt32(), false);
  return **payload;
}
Result<std::optional<std::span<const uint8_t>>> Reader::readNullableBytes() {
  PIER_READ_PAYLOAD(readInt32(), true);
  return *payload;
}
Result<std::span<const uint8_t>> Reader::readCompactBytes() {
  PIER_READ_PAYLOAD(compactLength(), false);
  return **payload;
}
Result<std::optional<std::span<const uint8_t>>> Reader::readCompactNullableBytes() {
  PIER_READ_PAYLOAD(compactLength(), true);
  return *payload;
}

#undef PIER_READ_PAYLOAD

}  // namespace pier
