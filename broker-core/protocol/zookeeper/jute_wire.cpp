#include "protocol/zookeeper/jute_wire.h"

#include <string_view>

#include "base/base_error.h"

namespace pier::protocol::zookeeper::jute {

namespace {

std::string_view asChars(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

void writeInt(Writer& w, int32_t v) { w.writeInt32(v); }
void writeLong(Writer& w, int64_t v) { w.writeInt64(v); }
void writeBool(Writer& w, bool v) { w.writeBool(v); }

void writeUstring(Writer& w, const std::string& v) {
  w.writeInt32(static_cast<int32_t>(v.size()));
  w.writeRaw(std::string_view(v));
}

void writeBuffer(Writer& w, const std::optional<std::string>& v) {
  if (!v) {
    w.writeInt32(-1);
    return;
  }
  writeUstring(w, *v);
}

Status readInt(Reader& r, int32_t& out) {
  PIER_ASSIGN_OR_RETURN(out, r.readInt32());
  return Status();
}

Status readLong(Reader& r, int64_t& out) {
  PIER_ASSIGN_OR_RETURN(out, r.readInt64());
  return Status();
}

Status readBool(Reader& r, bool& out) {
  PIER_ASSIGN_OR_RETURN(out, r.readBool());
  return Status();
}

Status readUstring(Reader& r, std::string& out) {
  PIER_ASSIGN_OR_RETURN(auto bytes, r.readNullableBytes());
  if (bytes) {
    out.assign(asChars(*bytes));
  } else {
    out.clear();
  }
  return Status();
}

Status readBuffer(Reader& r, std::optional<std::string>& out) {
  PIER_ASSIGN_OR_RETURN(auto bytes, r.readNullableBytes());
  if (bytes) {
    out.emplace(asChars(*bytes));
  } else {
    out.reset();
  }
  return Status();
}

Status readVectorCount(Reader& r, int32_t& out, std::size_t minElementBytes) {
  const std::size_t start = r.position();
  PIER_ASSIGN_OR_RETURN(int32_t count, r.readInt32());
  if (count == -1) {
    out = 0;
    return Status();
  }
  if (count < 0 || static_cast<std::size_t>(count) * minElementBytes > r.remaining()) {
    return Status(BaseError::InvalidLength, "vector count " + std::to_string(count) + " at position " +
                                                std::to_string(start) + " with " +
                                                std::to_string(r.remaining()) + " bytes left");
  }
  out = count;
  return Status();
}

void appendDebug(std::string& out, int32_t v) { out += std::to_string(v); }
void appendDebug(std::string& out, int64_t v) { out += std::to_string(v); }
void appendDebug(std::string& out, bool v) { out += v ? "true" : "false"; }

void appendDebug(std::string& out, const std::string& v) {
  out += '"';
  for (char c : v) {
    if (c >= 0x20 && c < 0x7f && c != '"') {
      out += c;
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      out += kHex[static_cast<unsigned char>(c) & 0xf];
    }
  }
  out += '"';
}

void appendDebug(std::string& out, const std::optional<std::string>& v) {
  if (!v) {
    out += "null";
    return;
  }
  appendDebug(out, *v);
}

}  // namespace pier::protocol::zookeeper::jute
