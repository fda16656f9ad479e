#pragma once
// Runtime support for the generated Kafka codecs (protocol/kafka/generated/): the value types
// they share (Uuid, RawTaggedField) and small non-template helpers for the wire forms whose
// shape depends on the version (classic vs compact strings, bytes and arrays; tagged fields).
//
// Keeping these out of the generated code keeps each generated file small and fast to compile.
// Invariants: readers never crash on any input (they return Reader/ProtocolError statuses);
// writers never assert on caller data (too-long strings are ValueTooLarge errors).
// Stateless; thread-safe.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/ids.h"
#include "base/result.h"
#include "base/status.h"
#include "protocol/protocol_error.h"

namespace pier::protocol::kafka {

// Kafka's 128-bit Uuid (topic ids), as its 16 big-endian bytes. All zero is Uuid.ZERO_UUID.
struct Uuid {
  std::array<uint8_t, 16> bytes{};
  // Kafka's text form: url-safe base64 without padding (22 chars), as kafka-topics prints it.
  std::string toString() const;
  // The inverse of toString(): std::nullopt unless exactly 22 url-safe base64 characters.
  static std::optional<Uuid> fromString(std::string_view text);
  friend bool operator==(const Uuid&, const Uuid&) = default;
};

// A tagged field this build does not know (or a known one before it is decoded): kept as raw
// bytes so that decode -> encode re-emits it unchanged.
struct RawTaggedField {
  uint32_t tag = 0;
  std::vector<uint8_t> data;
  friend bool operator==(const RawTaggedField&, const RawTaggedField&) = default;
};

// A request's records field (ProduceRequest's): decoded as a view of the buffer the request was
// decoded from, not copied out of it, so a broker validates and appends a produce's batches in
// the request frame itself (offsets are assigned in place: see RequestEnvelope::body). Set by a
// client building a request, it owns its bytes. A decoded one lives as long as that buffer.
// Copies share a view or copy owned bytes. Compared by content.
class RecordBytes {
 public:
  RecordBytes() = default;
  RecordBytes(std::vector<uint8_t> owned) : m_owned(std::move(owned)) {}  // NOLINT: implicit, as a vector field
  static RecordBytes borrow(std::span<const uint8_t> bytes) {
    RecordBytes r;
    r.m_view = bytes;
    r.m_borrowed = true;
    return r;
  }

  std::span<const uint8_t> bytes() const { return m_borrowed ? m_view : std::span<const uint8_t>(m_owned); }
  std::size_t size() const { return bytes().size(); }
  bool empty() const { return bytes().empty(); }
  bool borrowed() const { return m_borrowed; }

  friend bool operator==(const RecordBytes& a, const RecordBytes& b) {
    return std::ranges::equal(a.bytes(), b.bytes());
  }

 private:
  std::vector<uint8_t> m_owned;
  std::span<const uint8_t> m_view;
  bool m_borrowed = false;
};

}  // namespace pier::protocol::kafka

// Evaluates a Status; on error returns it with "ctx: " prepended.
#define PIER_KAFKA_TRY(expr, ctx)                                                     \
  do {                                                                                \
    if (::pier::Status pier_kafka_s_ = (expr); !pier_kafka_s_.isOk()) [[unlikely]] {  \
      return pier_kafka_s_.withContext(ctx);                                          \
    }                                                                                 \
  } while (false)

namespace pier::protocol::kafka::wire {

Status unsupportedVersion(std::string_view message, int16_t version);
Status fieldNotInVersion(std::string_view field, int16_t version);
Status nullNotAllowed(std::string_view field, int16_t version);

// -- writing (flex: the compact forms of flexible versions) ----------------------------------
Status writeString(Writer& w, const std::string& s, bool flex, std::string_view field);
Status writeNullableString(Writer& w, const std::optional<std::string>& s, bool flex,
                           bool nullable, std::string_view field);
void writeBytes(Writer& w, const std::vector<uint8_t>& b, bool flex);
Status writeNullableBytes(Writer& w, const std::optional<std::vector<uint8_t>>& b, bool flex,
                          bool nullable, std::string_view field);
Status writeNullableBytes(Writer& w, const std::optional<RecordBytes>& b, bool flex, bool nullable,
                          std::string_view field);
void writeUuid(Writer& w, const Uuid& u);
void writeArrayLength(Writer& w, std::size_t n, bool flex);
void writeNullArrayLength(Writer& w, bool flex);
// Writes the tagged-field section: count, then known and unknown fields merged by tag.
// Requires: `known` sorted by tag.
Status writeTaggedFields(Writer& w, const std::vector<RawTaggedField>& known,
                         const std::vector<RawTaggedField>& unknown);

// -- reading ------------------------------------------------------------------------------
// Out-parameter form on purpose: the generated decoders call these thousands of times, and a
// Status return plus a plain store compiles far faster than a Result<T> per call site.
// On error `out` is unspecified and the Reader position is where the failed value started.
Status readBool(Reader& r, bool& out);
Status readInt8(Reader& r, int8_t& out);
Status readInt16(Reader& r, int16_t& out);
Status readUint16(Reader& r, uint16_t& out);
Status readInt32(Reader& r, int32_t& out);
Status readInt64(Reader& r, int64_t& out);
Status readFloat64(Reader& r, double& out);
Status readUuid(Reader& r, Uuid& out);
Status readNodeId(Reader& r, NodeId& out);
Status readProducerId(Reader& r, ProducerId& out);
Status readString(Reader& r, bool flex, std::string& out);
// nullable false: a null marker is an error (the value is engaged on success).
Status readNullableString(Reader& r, bool flex, bool nullable, std::optional<std::string>& out);
Status readBytes(Reader& r, bool flex, std::vector<uint8_t>& out);
Status readNullableBytes(Reader& r, bool flex, bool nullable,
                         std::optional<std::vector<uint8_t>>& out);
// A view into r's buffer: see RecordBytes.
Status readNullableBytes(Reader& r, bool flex, bool nullable, std::optional<RecordBytes>& out);
// An array length: -1 for null (only when nullable). Rejects counts larger than the bytes left,
// so a hostile length never makes a decoder allocate or loop more than the input allows.
Status readArrayLength(Reader& r, bool flex, bool nullable, int64_t& out);
// How many elements to reserve for a decoded array of `n`. The wire count is only bounded by
// the bytes left (one byte per element at least), while an element in memory may be a hundred
// times larger: reserving the full count would let a 100 MB frame ask for gigabytes. Past this
// cap the vector grows as elements actually decode.
inline std::size_t arrayReserve(int64_t n) {
  constexpr int64_t kReserveMax = 1024;
  return static_cast<std::size_t>(n < kReserveMax ? n : kReserveMax);
}
// The number of fields in a tagged-field section (at most remaining / 2).
Status readTaggedCount(Reader& r, uint32_t& out);
Status readTaggedField(Reader& r, RawTaggedField& out);
// Reads a whole tagged-field section into `unknown` (for structs without known tags).
Status readTaggedFields(Reader& r, std::vector<RawTaggedField>& unknown);
// A known tagged field must use its whole payload, else re-encoding would not round-trip.
Status checkTaggedConsumed(const Reader& payload, uint32_t tag);

// -- debug text for the protocol inspector --------------------------------------------------
void appendDebug(std::string& out, bool v);
void appendDebug(std::string& out, int8_t v);
void appendDebug(std::string& out, int16_t v);
void appendDebug(std::string& out, uint16_t v);
void appendDebug(std::string& out, int32_t v);
void appendDebug(std::string& out, int64_t v);
void appendDebug(std::string& out, double v);
void appendDebug(std::string& out, NodeId v);
void appendDebug(std::string& out, ProducerId v);
void appendDebug(std::string& out, const Uuid& v);
void appendDebug(std::string& out, const std::string& v);
void appendDebug(std::string& out, const std::optional<std::string>& v);
void appendDebug(std::string& out, const std::vector<uint8_t>& v);  // bytes
void appendDebug(std::string& out, const std::optional<std::vector<uint8_t>>& v);
void appendDebug(std::string& out, const std::optional<RecordBytes>& v);
void appendDebugTags(std::string& out, const std::vector<RawTaggedField>& tags);

template <typename T>
void appendDebug(std::string& out, const std::vector<T>& v) {
  out += '[';
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i > 0) out += ", ";
    appendDebug(out, v[i]);
  }
  out += ']';
}

template <typename T>
void appendDebug(std::string& out, const std::optional<std::vector<T>>& v) {
  if (!v) {
    out += "null";
  } else {
    appendDebug(out, *v);
  }
}

}  // namespace pier::protocol::kafka::wire
