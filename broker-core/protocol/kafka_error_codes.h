#pragma once
// Kafka's error codes (the numbers of Kafka's Errors enum) that Pier's broker answers and its
// clients react to, in one place for both sides.

#include <cstdint>

namespace pier {

namespace kafka_error {
inline constexpr int16_t kUnknownServerError = -1;
inline constexpr int16_t kNone = 0;
inline constexpr int16_t kOffsetOutOfRange = 1;
inline constexpr int16_t kCorruptMessage = 2;
inline constexpr int16_t kUnknownTopicOrPartition = 3;
inline constexpr int16_t kMessageTooLarge = 10;
inline constexpr int16_t kOffsetMetadataTooLarge = 12;
inline constexpr int16_t kCoordinatorLoadInProgress = 14;
inline constexpr int16_t kCoordinatorNotAvailable = 15;
inline constexpr int16_t kNotCoordinator = 16;
inline constexpr int16_t kInvalidTopic = 17;
inline constexpr int16_t kNotEnoughReplicas = 19;
inline constexpr int16_t kInvalidRequiredAcks = 21;
inline constexpr int16_t kIllegalGeneration = 22;
inline constexpr int16_t kInconsistentGroupProtocol = 23;
inline constexpr int16_t kInvalidGroupId = 24;
inline constexpr int16_t kUnknownMemberId = 25;
inline constexpr int16_t kInvalidSessionTimeout = 26;
inline constexpr int16_t kRebalanceInProgress = 27;
inline constexpr int16_t kInvalidCommitOffsetSize = 28;
inline constexpr int16_t kGroupAuthorizationFailed = 30;
inline constexpr int16_t kInvalidTimestamp = 32;
inline constexpr int16_t kIllegalSaslState = 34;
inline constexpr int16_t kUnsupportedVersion = 35;
inline constexpr int16_t kTopicAlreadyExists = 36;
inline constexpr int16_t kInvalidPartitions = 37;
inline constexpr int16_t kInvalidReplicationFactor = 38;
inline constexpr int16_t kInvalidReplicaAssignment = 39;
inline constexpr int16_t kInvalidConfig = 40;
inline constexpr int16_t kInvalidRequest = 42;
inline constexpr int16_t kOutOfOrderSequenceNumber = 45;
inline constexpr int16_t kInvalidProducerEpoch = 47;
inline constexpr int16_t kSecurityDisabled = 54;
inline constexpr int16_t kKafkaStorageError = 56;
inline constexpr int16_t kNonEmptyGroup = 68;
inline constexpr int16_t kGroupIdNotFound = 69;
inline constexpr int16_t kFetchSessionIdNotFound = 70;
inline constexpr int16_t kInvalidFetchSessionEpoch = 71;
inline constexpr int16_t kTopicDeletionDisabled = 73;
inline constexpr int16_t kFencedLeaderEpoch = 74;
inline constexpr int16_t kUnknownLeaderEpoch = 75;
inline constexpr int16_t kUnsupportedCompressionType = 76;
inline constexpr int16_t kMemberIdRequired = 79;
inline constexpr int16_t kGroupMaxSizeReached = 81;
inline constexpr int16_t kFencedInstanceId = 82;
inline constexpr int16_t kGroupSubscribedToTopic = 86;
inline constexpr int16_t kInvalidRecord = 87;
inline constexpr int16_t kUnstableOffsetCommit = 88;
inline constexpr int16_t kUnknownTopicId = 100;
inline constexpr int16_t kFetchSessionTopicIdError = 106;
inline constexpr int16_t kUnsupportedEndpointType = 115;
}  // namespace kafka_error

}  // namespace pier
