#pragma once
// The one place broker-core errors become Kafka error codes (the numbers of Kafka's Errors
// enum), so every handler answers a given failure the same way.

#include <cstdint>

#include "base/status.h"
#include "protocol/kafka_error_codes.h"
#include "group/group_error.h"

namespace pier::broker {

// Kafka's codes, shared with the clients (protocol/kafka_error_codes.h).
namespace kafka_error = ::pier::kafka_error;

int16_t kafkaErrorCode(const Status& status);
// The group coordinator's answers that carry no Status (Heartbeat, LeaveGroup, JoinGroup).
int16_t kafkaErrorCode(group::GroupError e);
// A failure the group coordinator reports in a group API (OffsetCommit, DeleteGroups, ...). A
// failed append to __consumer_offsets becomes what Kafka's GroupMetadataManager answers: a
// retriable NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE, so the client finds the coordinator
// again and retries, or INVALID_COMMIT_OFFSET_SIZE for a commit too large to append.
int16_t kafkaGroupErrorCode(const Status& status);

}  // namespace pier::broker
