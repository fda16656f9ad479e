#pragma once
// Kafka's "consumer" embedded protocol: what a consumer puts in JoinGroup's protocol metadata
// (ConsumerProtocolSubscription) and what the leader hands each member through SyncGroup
// (ConsumerProtocolAssignment), as Kafka 3.8's ConsumerProtocol writes and reads them: an int16
// version, then the message of that version; a version newer than Pier knows is read as the
// newest it knows (later fields are appended, never reordered, so that is safe).
//
// Written at version 3, as Kafka 3.8's Java consumer writes both. Decoders never crash on any
// input: malformed bytes are an error value.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "model/topic_partition.h"

namespace pier::client {

// A member's subscription, as the group leader reads it from JoinGroup's member list.
struct ConsumerSubscription {
  std::vector<std::string> topics;
  std::vector<TopicPartition> ownedPartitions;  // v1+; sorted
  int32_t generationId = -1;                    // v2+
  std::optional<std::string> rackId;            // v3+
  friend bool operator==(const ConsumerSubscription&, const ConsumerSubscription&) = default;
};

std::vector<uint8_t> encodeConsumerSubscription(const ConsumerSubscription& subscription);
Result<ConsumerSubscription> decodeConsumerSubscription(std::span<const uint8_t> bytes);

// Partitions grouped by topic (topics and partitions ascending), no user data.
std::vector<uint8_t> encodeConsumerAssignment(const std::vector<TopicPartition>& partitions);
// Any version >= 0. Sorted by (topic, partition), duplicates dropped. Empty bytes are an empty
// assignment (what a broker keeps for a member that has none yet).
Result<std::vector<TopicPartition>> decodeConsumerAssignment(std::span<const uint8_t> bytes);

}  // namespace pier::client
