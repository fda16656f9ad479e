#include "protocol/consumer_offsets_record.h"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/protocol_error.h"

namespace pier::protocol {

namespace {

Status unknownRecordType(int16_t version) {
  return Status(ProtocolError::UnsupportedVersion,
                fmt::format("__consumer_offsets key: unknown record type (key version) {}", version));
}

// Reads the int16 version, then T at that version; `what` names the part for the error.
template <typename T>
Result<T> decodeVersioned(Reader& r, int16_t version, std::string_view what) {
  auto decoded = T::decode(r, version);
  if (!decoded) return decoded.status().withContext(fmt::format("__consumer_offsets {} v{}", what, version));
  return decoded;
}

Result<int16_t> readVersion(Reader& r, std::string_view what) {
  auto version = r.readInt16();
  if (!version) return version.status().withContext(fmt::format("__consumer_offsets {} version", what));
  return version;
}

template <typename T>
Result<std::vector<uint8_t>> encodeVersioned(const T& message, int16_t version) {
  Writer w;
  w.writeInt16(version);
  PIER_RETURN_IF_ERROR(message.encode(w, version));
  return w.take();
}

}  // namespace

ConsumerOffsetsKey offsetCommitKey(kafka::OffsetCommitKey key, int16_t version) {
  return ConsumerOffsetsKey{version, std::move(key)};
}

ConsumerOffsetsKey groupMetadataKey(kafka::GroupMetadataKey key) {
  return ConsumerOffsetsKey{kGroupMetadataKeyVersion, std::move(key)};
}

ConsumerOffsetsValue offsetCommitValue(kafka::OffsetCommitValue value, int16_t version) {
  return ConsumerOffsetsValue{version, std::move(value)};
}

ConsumerOffsetsValue groupMetadataValue(kafka::GroupMetadataValue value, int16_t version) {
  return ConsumerOffsetsValue{version, std::move(value)};
}

Result<int16_t> peekConsumerOffsetsKeyVersion(std::span<const uint8_t> keyBytes) {
  Reader r(keyBytes);
  return readVersion(r, "key");
}

Result<ConsumerOffsetsKey> decodeConsumerOffsetsKey(std::span<const uint8_t> keyBytes) {
  Reader r(keyBytes);
  PIER_ASSIGN_OR_RETURN(int16_t version, readVersion(r, "key"));
  if (version >= 0 && version <= kOffsetCommitKeyVersionMax) {
    PIER_ASSIGN_OR_RETURN(auto key, decodeVersioned<kafka::OffsetCommitKey>(r, version, "key"));
    return offsetCommitKey(std::move(key), version);
  }
  if (version == kGroupMetadataKeyVersion) {
    PIER_ASSIGN_OR_RETURN(auto key, decodeVersioned<kafka::GroupMetadataKey>(r, version, "key"));
    return groupMetadataKey(std::move(key));
  }
  return unknownRecordType(version);
}

Result<std::optional<ConsumerOffsetsValue>> decodeConsumerOffsetsValue(
    const ConsumerOffsetsKey& key, std::optional<std::span<const uint8_t>> valueBytes) {
  using Out = std::optional<ConsumerOffsetsValue>;
  if (!valueBytes) return Out();
  Reader r(*valueBytes);
  PIER_ASSIGN_OR_RETURN(int16_t version, readVersion(r, "value"));
  if (key.isOffsetCommit()) {
    PIER_ASSIGN_OR_RETURN(auto value, decodeVersioned<kafka::OffsetCommitValue>(r, version, "value"));
    return Out(offsetCommitValue(std::move(value), version));
  }
  PIER_ASSIGN_OR_RETURN(auto value, decodeVersioned<kafka::GroupMetadataValue>(r, version, "value"));
  return Out(groupMetadataValue(std::move(value), version));
}

Result<std::vector<uint8_t>> encodeConsumerOffsetsKey(const ConsumerOffsetsKey& key) {
  if (const auto* commit = std::get_if<kafka::OffsetCommitKey>(&key.key)) {
    if (key.version < 0 || key.version > kOffsetCommitKeyVersionMax) {
      return Status(ProtocolError::UnsupportedVersion,
                    fmt::format("__consumer_offsets key: an OffsetCommitKey has version 0 or 1, not {}", key.version));
    }
    return encodeVersioned(*commit, key.version);
  }
  if (key.version != kGroupMetadataKeyVersion) {
    return Status(ProtocolError::UnsupportedVersion,
                  fmt::format("__consumer_offsets key: a GroupMetadataKey has version 2, not {}", key.version));
  }
  return encodeVersioned(std::get<kafka::GroupMetadataKey>(key.key), key.version);
}

Result<std::vector<uint8_t>> encodeConsumerOffsetsValue(const ConsumerOffsetsValue& value) {
  // The generated encoders reject versions outside their spec's range.
  return std::visit([&](const auto& message) { return encodeVersioned(message, value.version); }, value.value);
}

}  // namespace pier::protocol
