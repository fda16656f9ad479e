#pragma once
// Runtime support for the generated jute codecs (protocol/zookeeper/generated/): ZooKeeper's
// BinaryOutputArchive/BinaryInputArchive forms. Big-endian int and long, one-byte boolean,
// ustring and buffer as an int32 length (-1 = null) and bytes, vector as an int32 count (-1 =
// null) and its elements.
//
// Readers never crash on any input: a short read, a length below -1 or a count whose elements
// could not fit in the bytes left is an error Status, checked before anything is allocated.
// Stateless; thread-safe.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/status.h"

// Evaluates a Status; on error returns it with "ctx: " prepended.
#define PIER_JUTE_TRY(expr, ctx)                                                    \
  do {                                                                              \
    if (::pier::Status pier_jute_s_ = (expr); !pier_jute_s_.isOk()) [[unlikely]] {  \
      return pier_jute_s_.withContext(ctx);                                         \
    }                                                                               \
  } while (false)

namespace pier::protocol::zookeeper::jute {

void writeInt(Writer& w, int32_t v);
void writeLong(Writer& w, int64_t v);
void writeBool(Writer& w, bool v);
void writeUstring(Writer& w, const std::string& v);
void writeBuffer(Writer& w, const std::optional<std::string>& v);

Status readInt(Reader& r, int32_t& out);
Status readLong(Reader& r, int64_t& out);
Status readBool(Reader& r, bool& out);
// A null string (-1) reads as empty.
Status readUstring(Reader& r, std::string& out);
Status readBuffer(Reader& r, std::optional<std::string>& out);
// A vector's element count; -1 (null) reads as 0. Fails when count * minElementBytes exceeds
// the bytes left, so a hostile count never allocates.
Status readVectorCount(Reader& r, int32_t& out, std::size_t minElementBytes);

void appendDebug(std::string& out, int32_t v);
void appendDebug(std::string& out, int64_t v);
void appendDebug(std::string& out, bool v);
void appendDebug(std::string& out, const std::string& v);
void appendDebug(std::string& out, const std::optional<std::string>& v);

}  // namespace pier::protocol::zookeeper::jute
