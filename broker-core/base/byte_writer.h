#pragma once
// Writer: appends Kafka/ZooKeeper wire primitives to a growing byte buffer.
//
// Integers are big-endian. Varints follow Kafka: signed varint/varlong are zig-zag encoded,
// unsigned varints are LEB128 (7 bits per byte, low group first). Strings and byte arrays come
// in four forms: classic (int16/int32 length), nullable (length -1 = null), compact (unsigned
// varint length+1) and compact nullable (0 = null).
//
// Ownership: owns its buffer; take() moves it out. Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/varint.h"

namespace pier {

class Writer {
 public:
  // Room for a small record from the start: growing a vector byte by byte from empty would
  // allocate at 1, 2, 4, ... 64 bytes (a ZooKeeper reply header and stat were seven allocations).
  static constexpr std::size_t kInitialBytes = 64;

  Writer() { m_buf.reserve(kInitialBytes); }
  explicit Writer(std::size_t reserveBytes) { m_buf.reserve(reserveBytes); }
  // Makes room for `bytes` in all, so a buffer whose size is known up front is allocated once.
  void reserveCapacity(std::size_t bytes) { m_buf.reserve(bytes); }

  void writeInt8(int8_t v) { m_buf.push_back(static_cast<uint8_t>(v)); }
  void writeUint8(uint8_t v) { m_buf.push_back(v); }
  void writeBool(bool v) { m_buf.push_back(v ? 1 : 0); }
  void writeInt16(int16_t v) { writeBigEndian(static_cast<uint16_t>(v), 2); }
  void writeUint16(uint16_t v) { writeBigEndian(v, 2); }
  void writeInt32(int32_t v) { writeBigEndian(static_cast<uint32_t>(v), 4); }
  void writeUint32(uint32_t v) { writeBigEndian(v, 4); }
  void writeInt64(int64_t v) { writeBigEndian(static_cast<uint64_t>(v), 8); }
  void writeUint64(uint64_t v) { writeBigEndian(v, 8); }
  void writeFloat64(double v);

  void writeUnsignedVarint(uint32_t v) { writeUnsignedVarlong(v); }
  void writeUnsignedVarlong(uint64_t v);
  void writeVarint(int32_t v);   // zig-zag
  void writeVarlong(int64_t v);  // zig-zag

  void writeRaw(std::span<const uint8_t> bytes) { m_buf.insert(m_buf.end(), bytes.begin(), bytes.end()); }
  void writeRaw(std::string_view bytes);

  // Strings: int16 length. Requires: size <= 32767 (asserted; callers validate input first).
  void writeString(std::string_view s);
  void writeNullableString(const std::optional<std::string_view>& s);
  void writeCompactString(std::string_view s);
  void writeCompactNullableString(const std::optional<std::string_view>& s);

  // Byte arrays: int32 length.
  void writeBytes(std::span<const uint8_t> b);
  void writeNullableBytes(const std::optional<std::span<const uint8_t>>& b);
  void writeCompactBytes(std::span<const uint8_t> b);
  void writeCompactNullableBytes(const std::optional<std::span<const uint8_t>>& b);

  // Reserves n bytes to be filled later (length prefixes, CRCs); returns their position.
  std::size_t reserve(std::size_t n);
  void patchInt32(std::size_t position, int32_t v);
  void patchUint32(std::size_t position, uint32_t v);

  std::size_t size() const { return m_buf.size(); }
  std::span<const uint8_t> bytes() const { return m_buf; }
  std::vector<uint8_t> take() { return std::move(m_buf); }
  void clear() { m_buf.clear(); }

 private:
  void writeBigEndian(uint64_t v, int width);

  std::vector<uint8_t> m_buf;
};

}  // namespace pier
