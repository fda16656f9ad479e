#include "protocol/kafka_wire.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <utility>

#include "base/base_error.h"

namespace pier::protocol::kafka {

std::string Uuid::toString() const {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 0x3f];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 0x3f];
  return out;
}

std::optional<Uuid> Uuid::fromString(std::string_view text) {
  if (text.size() != 22) return std::nullopt;
  auto sextet = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  Uuid out;
  uint32_t acc = 0;
  int bits = 0;
  std::size_t at = 0;
  for (char c : text) {
    const int v = sextet(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (at < out.bytes.size()) out.bytes[at++] = static_cast<uint8_t>((acc >> bits) & 0xff);
    }
  }
  // 22 characters carry 132 bits: the last 4 must be zero for a canonical encoding.
  if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace pier::protocol::kafka

namespace pier::protocol::kafka::wire {

namespace {

// Kafka caps strings at Short.MAX_VALUE bytes in every form, compact included.
constexpr std::size_t kStringBytesMax = std::numeric_limits<int16_t>::max();

std::string versioned(std::string_view what, int16_t version) {
  return std::string(what) + " (version " + std::to_string(version) + ")";
}

Status tooLong(std::string_view field, std::size_t size) {
  return Status(ProtocolError::ValueTooLarge,
                std::string(field) + ": string of " + std::to_string(size) + " bytes (max 32767)");
}

}  // namespace

Status unsupportedVersion(std::string_view message, int16_t version) {
  return Status(ProtocolError::UnsupportedVersion, versioned(message, version));
}

Status fieldNotInVersion(std::string_view field, int16_t version) {
  return Status(ProtocolError::FieldNotInVersion,
                versioned(std::string(field) + " has a non-default value but is not in this version",
                          version));
}

Status nullNotAllowed(std::string_view field, int16_t version) {
  return Status(ProtocolError::NullNotAllowed,
                versioned(std::string(field) + " is null but not nullable", version));
}

Status writeString(Writer& w, const std::string& s, bool flex, std::string_view field) {
  if (s.size() > kStringBytesMax) return tooLong(field, s.size());
  if (flex) {
    w.writeCompactString(s);
  } else {
    w.writeString(s);
  }
  return Status();
}

Status writeNullableString(Writer& w, const std::optional<std::string>& s, bool flex,
                           bool nullable, std::string_view field) {
  if (!s) {
    if (!nullable) {
      return Status(ProtocolError::NullNotAllowed, std::string(field) + " is null");
    }
    if (flex) {
      w.writeCompactNullableString(std::nullopt);
    } else {
      w.writeNullableString(std::nullopt);
    }
    return Status();
  }
  return writeString(w, *s, flex, field);
}

namespace {

void writeByteSpan(Writer& w, std::span<const uint8_t> b, bool flex) {
  if (flex) {
    w.writeCompactBytes(b);
  } else {
    w.writeBytes(b);
  }
}

Status writeNullableByteSpan(Writer& w, std::optional<std::span<const uint8_t>> b, bool flex, bool nullable,
                             std::string_view field) {
  if (!b) {
    if (!nullable) {
      return Status(ProtocolError::NullNotAllowed, std::string(field) + " is null");
    }
    if (flex) {
      w.writeCompactNullableBytes(std::nullopt);
    } else {
      w.writeNullableBytes(std::nullopt);
    }
    return Status();
  }
  writeByteSpan(w, *b, flex);
  return Status();
}

}  // namespace

void writeBytes(Writer& w, const std::vector<uint8_t>& b, bool flex) { writeByteSpan(w, b, flex); }

Status writeNullableBytes(Writer& w, const std::optional<std::vector<uint8_t>>& b, bool flex,
                          bool nullable, std::string_view field) {
  return writeNullableByteSpan(w, b ? std::optional<std::span<const uint8_t>>(*b) : std::nullopt, flex, nullable,
                               field);
}

Status writeNullableBytes(Writer& w, const std::optional<RecordBytes>& b, bool flex, bool nullable,
                          std::string_view field) {
  return writeNullableByteSpan(w, b ? std::optional<std::span<const uint8_t>>(b->bytes()) : std::nullopt, flex,
                               nullable, field);
}

void writeUuid(Writer& w, const Uuid& u) { w.writeRaw(std::span<const uint8_t>(u.bytes)); }

void writeArrayLength(Writer& w, std::size_t n, bool flex) {
  PIER_ASSERT(n < static_cast<std::size_t>(std::numeric_limits<int32_t>::max()),
              "array longer than int32");
  if (flex) {
    w.writeUnsignedVarint(static_cast<uint32_t>(n + 1));
  } else {
    w.writeInt32(static_cast<int32_t>(n));
  }
}

void writeNullArrayLength(Writer& w, bool flex) {
  if (flex) {
    w.writeUnsignedVarint(0);
  } else {
    w.writeInt32(-1);
  }
}

Status writeTaggedFields(Writer& w, const std::vector<RawTaggedField>& known,
                         const std::vector<RawTaggedField>& unknown) {
  w.writeUnsignedVarint(static_cast<uint32_t>(known.size() + unknown.size()));
  std::size_t k = 0;
  std::size_t u = 0;
  // Merge by tag so the section is in ascending tag order, as Kafka writes it.
  while (k < known.size() || u < unknown.size()) {
    const bool takeKnown =
        u == unknown.size() || (k < known.size() && known[k].tag <= unknown[u].tag);
    const RawTaggedField& f = takeKnown ? known[k++] : unknown[u++];
    if (f.data.size() > std::numeric_limits<uint32_t>::max()) {
      return Status(ProtocolError::ValueTooLarge, "tagged field " + std::to_string(f.tag));
    }
    w.writeUnsignedVarint(f.tag);
    w.writeUnsignedVarint(static_cast<uint32_t>(f.data.size()));
    w.writeRaw(f.data);
  }
  return Status();
}

namespace {

template <typename T>
Status store(Result<T> v, T& out) {
  if (!v) return v.status();
  out = *v;
  return Status();
}

}  // namespace

Status readBool(Reader& r, bool& out) { return store(r.readBool(), out); }
Status readInt8(Reader& r, int8_t& out) { return store(r.readInt8(), out); }
Status readInt16(Reader& r, int16_t& out) { return store(r.readInt16(), out); }
Status readUint16(Reader& r, uint16_t& out) { return store(r.readUint16(), out); }
Status readInt32(Reader& r, int32_t& out) { return store(r.readInt32(), out); }
Status readInt64(Reader& r, int64_t& out) { return store(r.readInt64(), out); }
Status readFloat64(Reader& r, double& out) { return store(r.readFloat64(), out); }

Status readUuid(Reader& r, Uuid& out) {
  auto raw = r.readRaw(16);
  if (!raw) return raw.status();
  std::copy(raw->begin(), raw->end(), out.bytes.begin());
  return Status();
}

Status readNodeId(Reader& r, NodeId& out) {
  auto v = r.readInt32();
  if (!v) return v.status();
  out = NodeId(*v);
  return Status();
}

Status readProducerId(Reader& r, ProducerId& out) {
  auto v = r.readInt64();
  if (!v) return v.status();
  out = ProducerId(*v);
  return Status();
}

Status readString(Reader& r, bool flex, std::string& out) {
  auto s = flex ? r.readCompactString() : r.readString();
  if (!s) return s.status();
  out.assign(s->data(), s->size());
  return Status();
}

Status readNullableString(Reader& r, bool flex, bool nullable, std::optional<std::string>& out) {
  if (!nullable) return readString(r, flex, out.emplace());
  auto s = flex ? r.readCompactNullableString() : r.readNullableString();
  if (!s) return s.status();
  if (*s) {
    out.emplace(**s);
  } else {
    out.reset();
  }
  return Status();
}

namespace {

// A bytes field as a view into r's buffer; std::nullopt for a null marker (only when nullable).
Result<std::optional<std::span<const uint8_t>>> readByteSpan(Reader& r, bool flex, bool nullable) {
  if (nullable) return flex ? r.readCompactNullableBytes() : r.readNullableBytes();
  auto b = flex ? r.readCompactBytes() : r.readBytes();
  if (!b) return b.status();
  return std::optional<std::span<const uint8_t>>(*b);
}

}  // namespace

Status readBytes(Reader& r, bool flex, std::vector<uint8_t>& out) {
  auto b = readByteSpan(r, flex, false);
  if (!b) return b.status();
  out.assign((*b)->begin(), (*b)->end());
  return Status();
}

Status readNullableBytes(Reader& r, bool flex, bool nullable,
                         std::optional<std::vector<uint8_t>>& out) {
  auto b = readByteSpan(r, flex, nullable);
  if (!b) return b.status();
  if (*b) {
    out.emplace((*b)->begin(), (*b)->end());
  } else {
    out.reset();
  }
  return Status();
}

Status readNullableBytes(Reader& r, bool flex, bool nullable, std::optional<RecordBytes>& out) {
  auto b = readByteSpan(r, flex, nullable);
  if (!b) return b.status();
  if (*b) {
    out = RecordBytes::borrow(**b);
  } else {
    out.reset();
  }
  return Status();
}

Status readArrayLength(Reader& r, bool flex, bool nullable, int64_t& out) {
  const std::size_t start = r.position();
  int64_t n = 0;
  if (flex) {
    auto v = r.readUnsignedVarint();
    if (!v) return v.status();
    n = static_cast<int64_t>(*v) - 1;
  } else {
    auto v = r.readInt32();
    if (!v) return v.status();
    n = *v;
  }
  if (n < 0 && !(n == -1 && nullable)) {
    return Status(n == -1 ? BaseError::NullNotAllowed : BaseError::InvalidLength,
                  "array length " + std::to_string(n) + " at position " + std::to_string(start));
  }
  if (n > 0 && static_cast<uint64_t>(n) > r.remaining()) {
    return Status(BaseError::Truncated, "array of " + std::to_string(n) + " elements with " +
                                            std::to_string(r.remaining()) + " bytes left");
  }
  out = n;
  return Status();
}

Status readTaggedCount(Reader& r, uint32_t& out) {
  auto n = r.readUnsignedVarint();
  if (!n) return n.status();
  // Each tagged field takes at least two bytes (tag, size).
  if (*n > r.remaining() / 2) {
    return Status(BaseError::Truncated, std::to_string(*n) + " tagged fields with " +
                                            std::to_string(r.remaining()) + " bytes left");
  }
  out = *n;
  return Status();
}

Status readTaggedField(Reader& r, RawTaggedField& out) {
  auto tag = r.readUnsignedVarint();
  if (!tag) return tag.status();
  auto size = r.readUnsignedVarint();
  if (!size) return size.status();
  auto data = r.readRaw(*size);
  if (!data) return data.status();
  out.tag = *tag;
  out.data.assign(data->begin(), data->end());
  return Status();
}

Status readTaggedFields(Reader& r, std::vector<RawTaggedField>& unknown) {
  uint32_t n = 0;
  PIER_RETURN_IF_ERROR(readTaggedCount(r, n));
  for (uint32_t i = 0; i < n; ++i) {
    PIER_RETURN_IF_ERROR(readTaggedField(r, unknown.emplace_back()));
  }
  return Status();
}

Status checkTaggedConsumed(const Reader& payload, uint32_t tag) {
  if (payload.atEnd()) return Status();
  return Status(ProtocolError::TaggedFieldMismatch,
                "tagged field " + std::to_string(tag) + " has " +
                    std::to_string(payload.remaining()) + " bytes after its value");
}

void appendDebug(std::string& out, bool v) { out += v ? "true" : "false"; }
void appendDebug(std::string& out, int8_t v) { out += std::to_string(v); }
void appendDebug(std::string& out, int16_t v) { out += std::to_string(v); }
void appendDebug(std::string& out, uint16_t v) { out += std::to_string(v); }
void appendDebug(std::string& out, int32_t v) { out += std::to_string(v); }
void appendDebug(std::string& out, int64_t v) { out += std::to_string(v); }

void appendDebug(std::string& out, double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  out += buf;
}

void appendDebug(std::string& out, NodeId v) { out += std::to_string(v.value()); }
void appendDebug(std::string& out, ProducerId v) { out += std::to_string(v.value()); }
void appendDebug(std::string& out, const Uuid& v) { out += v.toString(); }

void appendDebug(std::string& out, const std::string& v) {
  out += '"';
  for (char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

void appendDebug(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "null";
  } else {
    appendDebug(out, *v);
  }
}

namespace {

void appendDebugBytes(std::string& out, std::span<const uint8_t> v) {
  // Length plus a short hex prefix: enough to recognise a payload without flooding the line.
  constexpr std::size_t kShownBytes = 16;
  out += "bytes[" + std::to_string(v.size()) + "]";
  if (!v.empty()) out += ':';
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < v.size() && i < kShownBytes; ++i) {
    out += kHex[v[i] >> 4];
    out += kHex[v[i] & 0xf];
  }
  if (v.size() > kShownBytes) out += "...";
}

}  // namespace

void appendDebug(std::string& out, const std::vector<uint8_t>& v) { appendDebugBytes(out, v); }

void appendDebug(std::string& out, const std::optional<std::vector<uint8_t>>& v) {
  if (!v) {
    out += "null";
  } else {
    appendDebugBytes(out, *v);
  }
}

void appendDebug(std::string& out, const std::optional<RecordBytes>& v) {
  if (!v) {
    out += "null";
  } else {
    appendDebugBytes(out, v->bytes());
  }
}

void appendDebugTags(std::string& out, const std::vector<RawTaggedField>& tags) {
  if (tags.empty()) return;
  out += " unknownTags=[";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i > 0) out += ", ";
    out += std::to_string(tags[i].tag) + ":";
    appendDebug(out, tags[i].data);
  }
  out += ']';
}

}  // namespace pier::protocol::kafka::wire
