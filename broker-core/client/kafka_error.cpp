#include "client/kafka_error.h"

#include <fmt/format.h>

#include "runtime/runtime_error.h"

namespace pier::client {

namespace {

struct KnownError {
  int16_t code;
  std::string_view name;
  std::string_view exception;  // simple class name in org.apache.kafka.common.errors
  std::string_view message;    // Errors.java's default message
};

// From Kafka's clients/.../common/protocol/Errors.java (3.8), the codes the group, offsets,
// topic metadata, produce and fetch APIs answer.
constexpr KnownError kKnown[] = {
    {-1, "UNKNOWN_SERVER_ERROR", "UnknownServerException",
     "The server experienced an unexpected error when processing the request."},
    {1, "OFFSET_OUT_OF_RANGE", "OffsetOutOfRangeException",
     "The requested offset is not within the range of offsets maintained by the server."},
    {2, "CORRUPT_MESSAGE", "CorruptRecordException",
     "This message has failed its CRC checksum, exceeds the valid size, has a null key for a compacted topic, or is "
     "otherwise corrupt."},
    {3, "UNKNOWN_TOPIC_OR_PARTITION", "UnknownTopicOrPartitionException",
     "This server does not host this topic-partition."},
    {5, "LEADER_NOT_AVAILABLE", "LeaderNotAvailableException",
     "There is no leader for this topic-partition as we are in the middle of a leadership election."},
    {6, "NOT_LEADER_OR_FOLLOWER", "NotLeaderOrFollowerException",
     "For requests intended only for the leader, this error indicates that the broker is not the current "
     "leader. For requests intended for any replica, this error indicates that the broker is not a replica of "
     "the topic partition."},
    {7, "REQUEST_TIMED_OUT", "TimeoutException", "The request timed out."},
    {10, "MESSAGE_TOO_LARGE", "RecordTooLargeException",
     "The request included a message larger than the max message size the server will accept."},
    {12, "OFFSET_METADATA_TOO_LARGE", "OffsetMetadataTooLarge", "The metadata field of the offset request was too large."},
    {14, "COORDINATOR_LOAD_IN_PROGRESS", "CoordinatorLoadInProgressException",
     "The coordinator is loading and hence can't process requests."},
    {15, "COORDINATOR_NOT_AVAILABLE", "CoordinatorNotAvailableException", "The coordinator is not available."},
    {16, "NOT_COORDINATOR", "NotCoordinatorException", "This is not the correct coordinator."},
    {17, "INVALID_TOPIC_EXCEPTION", "InvalidTopicException",
     "The request attempted to perform an operation on an invalid topic."},
    {18, "RECORD_LIST_TOO_LARGE", "RecordBatchTooLargeException",
     "The request included message batch larger than the configured segment size on the server."},
    {19, "NOT_ENOUGH_REPLICAS", "NotEnoughReplicasException",
     "Messages are rejected since there are fewer in-sync replicas than required."},
    {20, "NOT_ENOUGH_REPLICAS_AFTER_APPEND", "NotEnoughReplicasAfterAppendException",
     "Messages are written to the log, but to fewer in-sync replicas than required."},
    {21, "INVALID_REQUIRED_ACKS", "InvalidRequiredAcksException",
     "Produce request specified an invalid value for required acks."},
    {22, "ILLEGAL_GENERATION", "IllegalGenerationException", "Specified group generation id is not valid."},
    {23, "INCONSISTENT_GROUP_PROTOCOL", "InconsistentGroupProtocolException",
     "The group member's supported protocols are incompatible with those of existing members or first group member "
     "tried to join with empty protocol type or empty protocol list."},
    {24, "INVALID_GROUP_ID", "InvalidGroupIdException", "The configured groupId is invalid."},
    {25, "UNKNOWN_MEMBER_ID", "UnknownMemberIdException", "The coordinator is not aware of this member."},
    {26, "INVALID_SESSION_TIMEOUT", "InvalidSessionTimeoutException",
     "The session timeout is not within the range allowed by the broker (as configured by "
     "group.min.session.timeout.ms and group.max.session.timeout.ms)."},
    {27, "REBALANCE_IN_PROGRESS", "RebalanceInProgressException", "The group is rebalancing, so a rejoin is needed."},
    {28, "INVALID_COMMIT_OFFSET_SIZE", "InvalidCommitOffsetSizeException", "The committing offset data size is not valid."},
    {29, "TOPIC_AUTHORIZATION_FAILED", "TopicAuthorizationException", "Topic authorization failed."},
    {30, "GROUP_AUTHORIZATION_FAILED", "GroupAuthorizationException", "Group authorization failed."},
    {32, "INVALID_TIMESTAMP", "InvalidTimestampException", "The timestamp of the message is out of acceptable range."},
    {35, "UNSUPPORTED_VERSION", "UnsupportedVersionException", "The version of API is not supported."},
    {42, "INVALID_REQUEST", "InvalidRequestException",
     "This most likely occurs because of a request being malformed by the client library or the message was "
     "sent to an incompatible broker. See the broker logs for more details."},
    {56, "KAFKA_STORAGE_ERROR", "KafkaStorageException", "Disk error when trying to access log file on the disk."},
    {68, "NON_EMPTY_GROUP", "GroupNotEmptyException", "The group is not empty."},
    {69, "GROUP_ID_NOT_FOUND", "GroupIdNotFoundException", "The group id does not exist."},
    {74, "FENCED_LEADER_EPOCH", "FencedLeaderEpochException",
     "The leader epoch in the request is older than the epoch on the broker."},
    {75, "UNKNOWN_LEADER_EPOCH", "UnknownLeaderEpochException",
     "The leader epoch in the request is newer than the epoch on the broker."},
    {76, "UNSUPPORTED_COMPRESSION_TYPE", "UnsupportedCompressionTypeException",
     "The requesting client does not support the compression type of given partition."},
    {79, "MEMBER_ID_REQUIRED", "MemberIdRequiredException",
     "The group member needs to have a valid member id before actually entering a consumer group."},
    {81, "GROUP_MAX_SIZE_REACHED", "GroupMaxSizeReachedException", "The consumer group has reached its max size."},
    {82, "FENCED_INSTANCE_ID", "FencedInstanceIdException",
     "The broker rejected this static consumer since another consumer with the same group.instance.id has "
     "registered with a different member.id."},
    {86, "GROUP_SUBSCRIBED_TO_TOPIC", "GroupSubscribedToTopicException",
     "Deleting offsets of a topic is forbidden while the consumer group is actively subscribed to it."},
    {87, "INVALID_RECORD", "InvalidRecordException",
     "This record has failed the validation on broker and hence will be rejected."},
};

const KnownError* find(int16_t code) {
  for (const KnownError& e : kKnown) {
    if (e.code == code) return &e;
  }
  return nullptr;
}

}  // namespace

std::string_view describe(ClientError e) {
  switch (e) {
    case ClientError::BrokerError: return "BrokerError";
    case ClientError::UnexpectedAnswer: return "UnexpectedAnswer";
  }
  return "Unknown";
}

std::string kafkaErrorName(int16_t code) {
  const KnownError* e = find(code);
  return e ? std::string(e->name) : fmt::format("UNKNOWN({})", code);
}

std::string kafkaExceptionText(int16_t code) { return kafkaExceptionText(code, kafkaErrorMessage(code)); }

std::string kafkaExceptionText(int16_t code, std::string_view message) {
  const KnownError* e = find(code);
  const std::string_view exception = e ? e->exception : "UnknownServerException";
  return fmt::format("org.apache.kafka.common.errors.{}: {}", exception, message);
}

std::string kafkaErrorMessage(int16_t code) {
  const KnownError* e = find(code);
  return e ? std::string(e->message) : fmt::format("error code {}", code);
}

Status brokerError(std::string_view request, int16_t code) {
  return Status(ClientError::BrokerError,
                fmt::format("{}: {} ({}): {}", request, kafkaErrorName(code), code, kafkaErrorMessage(code)));
}

bool isConnectionLoss(const Status& status) { return status.inDomain<RuntimeError>(); }

}  // namespace pier::client
