#pragma once
// The one place broker-core errors become Kafka error codes (the numbers of Kafka's Errors
// enum), so every handler answers a given failure the same way.

#include <cstdint>

#include "base/status.h"

namespace pier::broker {

namespace kafka_error {
inline constexpr int16_t kUnknownServerError = -1;
inline constexpr int16_t kNone = 0;
inline constexpr int16_t kOffsetOutOfRange = 1;
inline constexpr int16_t kCorruptMessage = 2;
inline constexpr int16_t kUnknownTopicOrPartition = 3;
inline constexpr int16_t kMessageTooLarge = 10;
inline constexpr int16_t kInvalidTopic = 17;
inline constexpr int16_t kIllegalSaslState = 34;
inline constexpr int16_t kInvalidRequiredAcks = 21;
inline constexpr int16_t kInvalidTimestamp = 32;
inline constexpr int16_t kUnsupportedVersion = 35;
inline constexpr int16_t kTopicAlreadyExists = 36;
inline constexpr int16_t kInvalidPartitions = 37;
inline constexpr int16_t kInvalidReplicationFactor = 38;
inline constexpr int16_t kInvalidReplicaAssignment = 39;
inline constexpr int16_t kInvalidConfig = 40;
inline constexpr int16_t kInvalidRequest = 42;
inline constexpr int16_t kOutOfOrderSequenceNumber = 45;
inline constexpr int16_t kInvalidProducerEpoch = 47;
inline constexpr int16_t kKafkaStorageError = 56;
inline constexpr int16_t kTopicDeletionDisabled = 73;
inline constexpr int16_t kUnsupportedCompressionType = 76;
inline constexpr int16_t kInvalidRecord = 87;
inline constexpr int16_t kUnsupportedEndpointType = 119;
}  // namespace kafka_error

int16_t kafkaErrorCode(const Status& status);

}  // namespace pier::broker
