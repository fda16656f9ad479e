#pragma once
// The text `kafka-dump-log.sh --offsets-decoder` (Kafka 3.8's OffsetsMessageParser) prints for
// the records of `__consumer_offsets`:
//
//   key:     {"type":"<key version>","data":{<key struct>}}
//   payload: {"version":"<value version>","data":{<value struct>}}   or <DELETE> for a tombstone
//
// The structs are written as Kafka's generated JsonConverters write them: the spec's field
// names (camelCase) in spec order, only the fields present in that version, int fields as
// numbers, nullable strings as null, bytes as base64. Output is compact (no spaces), with
// Jackson's string escapes (\uXXXX in upper case for control characters).
//
// A record the decoder cannot read is not an error here, as in Kafka: the key text becomes
// "Unknown record type <n> at offset <o>, skipping." or "Error at offset <o>, skipping. <why>"
// and no payload is printed.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "protocol/consumer_offsets_record.h"

namespace pier::pierctl {

// What a record's line shows after its metadata: " key: <key>" and " payload: <payload>", each
// only when present.
struct RecordText {
  std::optional<std::string> key;
  std::optional<std::string> payload;
};

std::string consumerOffsetsKeyJson(const protocol::ConsumerOffsetsKey& key);
// "<DELETE>" for a tombstone.
std::string consumerOffsetsValueJson(const std::optional<protocol::ConsumerOffsetsValue>& value);

// Decodes and formats one record of `__consumer_offsets` at `offset`.
RecordText formatConsumerOffsetsRecord(int64_t offset, std::optional<std::span<const uint8_t>> key,
                                       std::optional<std::span<const uint8_t>> value);

// Base64 (standard alphabet, padded, no line breaks): how Jackson writes a byte array.
std::string base64(std::span<const uint8_t> bytes);

}  // namespace pier::pierctl
