#pragma once
// Reader: decodes Kafka/ZooKeeper wire primitives from a byte span it does not own.
//
// Every read returns a Result: running out of bytes, a negative length or an over-long varint is
// an error value, never a crash, whatever the input. On error the read position is unchanged, so
// the caller can report where decoding stopped (position()).
//
// Strings and byte arrays are returned as views into the underlying buffer: they live as long as
// that buffer does. Requires: the buffer outlives the Reader and every view taken from it.
// Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "base/result.h"

namespace pier {

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : m_bytes(bytes) {}

  Result<int8_t> readInt8();
  Result<uint8_t> readUint8();
  Result<bool> readBool();  // any non-zero byte is true, as Kafka's decoder treats it
  Result<int16_t> readInt16();
  Result<uint16_t> readUint16();
  Result<int32_t> readInt32();
  Result<uint32_t> readUint32();
  Result<int64_t> readInt64();
  Result<uint64_t> readUint64();
  Result<double> readFloat64();

  Result<uint32_t> readUnsignedVarint();  // at most 5 bytes
  Result<uint64_t> readUnsignedVarlong();  // at most 10 bytes
  Result<int32_t> readVarint();            // zig-zag
  Result<int64_t> readVarlong();           // zig-zag

  Result<std::span<const uint8_t>> readRaw(std::size_t n);
  Status skip(std::size_t n);

  Result<std::string_view> readString();
  Result<std::optional<std::string_view>> readNullableString();
  Result<std::string_view> readCompactString();
  Result<std::optional<std::string_view>> readCompactNullableString();

  Result<std::span<const uint8_t>> readBytes();
  Result<std::optional<std::span<const uint8_t>>> readNullableBytes();
  Result<std::span<const uint8_t>> readCompactBytes();
  Result<std::optional<std::span<const uint8_t>>> readCompactNullableBytes();

  std::size_t position() const { return m_pos; }
  std::size_t remaining() const { return m_bytes.size() - m_pos; }
  bool atEnd() const { return m_pos == m_bytes.size(); }
  std::span<const uint8_t> rest() const { return m_bytes.subspan(m_pos); }

 private:
  Result<uint64_t> readBigEndian(std::size_t width);
  template <typename T>
  Result<T> readFixed();
  Result<uint64_t> readUnsignedVar(int maxBytes);
  // Length-prefixed payload: `length` already decoded, -1 meaning null.
  Result<std::optional<std::span<const uint8_t>>> readPayload(int64_t length, bool nullable);
  Result<int64_t> compactLength();

  std::span<const uint8_t> m_bytes;
  std::size_t m_pos = 0;
};

}  // namespace pier
