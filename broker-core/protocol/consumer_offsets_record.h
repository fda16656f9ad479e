#pragma once
// The key and value formats of the records in `__consumer_offsets` (Kafka's group coordinator
// records; ../shared/protocol/kafka/internal/). Every key and value starts with an int16
// version, followed by a generated struct encoded at that version:
//
//   key version  key struct                 value struct (int16 version, then the struct)
//   0, 1         OffsetCommitKey  (v0/v1)   OffsetCommitValue  v0-v4
//   2            GroupMetadataKey (v2)      GroupMetadataValue v0-v4
//
// The key version is the record type: it picks both the key struct and the value struct. A
// record with a key and a null value is a tombstone (the offset or the group was deleted).
// Key versions 3 and above are the KIP-848 consumer-group records, which Pier does not read
// yet: they decode as UnsupportedVersion, as any unknown type does.
//
// Decoders accept any bytes: an unknown version is ProtocolError::UnsupportedVersion, short or
// malformed bytes are the Reader's BaseError with "OffsetCommitValue.metadata: ..." context.
// Bytes after the struct are ignored, as Kafka's coordinator ignores them.
//
// Stateless functions over caller-owned bytes; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "base/result.h"
#include "protocol/kafka/generated/group_metadata_key.h"
#include "protocol/kafka/generated/group_metadata_value.h"
#include "protocol/kafka/generated/offset_commit_key.h"
#include "protocol/kafka/generated/offset_commit_value.h"

namespace pier::protocol {

inline constexpr int16_t kOffsetCommitKeyVersionMax = 1;  // key versions 0 and 1
inline constexpr int16_t kGroupMetadataKeyVersion = 2;

// A `__consumer_offsets` key: its version (the record type) and the struct it holds.
struct ConsumerOffsetsKey {
  int16_t version = kOffsetCommitKeyVersionMax;
  std::variant<kafka::OffsetCommitKey, kafka::GroupMetadataKey> key;

  bool isOffsetCommit() const { return std::holds_alternative<kafka::OffsetCommitKey>(key); }
  friend bool operator==(const ConsumerOffsetsKey&, const ConsumerOffsetsKey&) = default;
};

// A non-null `__consumer_offsets` value: its version and the struct it holds.
struct ConsumerOffsetsValue {
  int16_t version = 0;
  std::variant<kafka::OffsetCommitValue, kafka::GroupMetadataValue> value;

  friend bool operator==(const ConsumerOffsetsValue&, const ConsumerOffsetsValue&) = default;
};

// Short-hands for the four record shapes.
ConsumerOffsetsKey offsetCommitKey(kafka::OffsetCommitKey key, int16_t version = kOffsetCommitKeyVersionMax);
ConsumerOffsetsKey groupMetadataKey(kafka::GroupMetadataKey key);
ConsumerOffsetsValue offsetCommitValue(kafka::OffsetCommitValue value, int16_t version);
ConsumerOffsetsValue groupMetadataValue(kafka::GroupMetadataValue value, int16_t version);

// The int16 record type at the start of a key; BaseError::Truncated when fewer than 2 bytes.
Result<int16_t> peekConsumerOffsetsKeyVersion(std::span<const uint8_t> keyBytes);

Result<ConsumerOffsetsKey> decodeConsumerOffsetsKey(std::span<const uint8_t> keyBytes);
// The value for `key`'s record type; std::nullopt for a null value (a tombstone).
Result<std::optional<ConsumerOffsetsValue>> decodeConsumerOffsetsValue(
    const ConsumerOffsetsKey& key, std::optional<std::span<const uint8_t>> valueBytes);

// UnsupportedVersion when the version does not match the struct held (an OffsetCommitKey at
// version 2, a GroupMetadataValue at version 5, ...); otherwise what the generated encoder says.
Result<std::vector<uint8_t>> encodeConsumerOffsetsKey(const ConsumerOffsetsKey& key);
Result<std::vector<uint8_t>> encodeConsumerOffsetsValue(const ConsumerOffsetsValue& value);

}  // namespace pier::protocol
