#pragma once
// The consumer-group admin calls, one request each, over a KafkaClient: DescribeGroups,
// OffsetFetch, ListOffsets, OffsetCommit (as an admin: generation -1, no member), ListGroups,
// DeleteGroups and FindCoordinator, each answer decoded into plain values; OffsetCommit also as a
// group member (its generation and member id). What group lag
// (group_lag.h) and `pierctl consumer-groups` are made of, and what the console can use for the
// group pages.
//
// Asynchronous like KafkaClient: `done` runs once, on the client's loop, with the answer or the
// error that failed the whole request (the connection, a response that does not decode, or
// ClientError::BrokerError for a request-level Kafka error code). Partition-level errors are
// values in the answer, as Kafka's admin client reports them.
//
// Requires: `client` is connected to the group's coordinator (for the group calls) or to the
// partitions' leader (listOffsets), and outlives the call. Not thread-safe: used on the loop
// that owns the client.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "client/consumer_protocol.h"  // decodeConsumerAssignment, for describeGroup's callers
#include "client/kafka_client.h"
#include "model/topic_partition.h"
#include "protocol/kafka/generated/metadata_response.h"

namespace pier::client {

// One member of a classic group, as DescribeGroups answers it.
struct GroupMember {
  std::string memberId;
  std::optional<std::string> groupInstanceId;
  std::string clientId;
  std::string clientHost;  // as the broker saw it: "/127.0.0.1"
  // Decoded only for protocol type "consumer"; empty for other types and for bytes that do
  // not decode (a broken client's assignment must not break the describe).
  std::vector<TopicPartition> assignment;
};

struct GroupDescription {
  std::string groupId;
  std::string state;         // Kafka's names: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead
  std::string protocolType;  // "consumer"; "" for a group that only commits offsets
  std::string protocol;      // the assignment strategy ("range", "roundrobin", ...); "" when none
  std::vector<GroupMember> members;
};

struct GroupListing {
  std::string groupId;
  std::string protocolType;
  std::string state;  // "" when the broker does not say (ListGroups before v4)
};

// A topic's partitions and their leaders (-1: none), as Metadata answers them.
struct TopicLayout {
  std::string topic;
  std::map<PartitionIndex, NodeId> leaders;
};

struct Coordinator {
  NodeId nodeId{-1};
  std::string host;
  int32_t port = 0;
};

using CommittedOffsets = std::map<TopicPartition, Offset>;
// ListOffsets' answer per partition; none when the broker answered an error for it or had no
// such offset (a timestamp after the last record).
using LogOffsets = std::map<TopicPartition, std::optional<Offset>>;
// OffsetCommit's and DeleteGroups' Kafka error code per partition or group (0: done).
using PartitionErrors = std::map<TopicPartition, int16_t>;
using GroupErrors = std::map<std::string, int16_t>;

inline constexpr int64_t kLatestTimestamp = -1;    // ListOffsets: the high watermark (log end offset)
inline constexpr int64_t kEarliestTimestamp = -2;  // ListOffsets: the log start offset

void describeGroup(KafkaClient& client, const std::string& groupId, std::function<void(Result<GroupDescription>)> done);
// Every committed offset of the group (OffsetFetch with topics null); partitions the broker
// answers with an error or offset -1 are left out, as Kafka's admin client leaves them out.
void fetchCommittedOffsets(KafkaClient& client, const std::string& groupId,
                           std::function<void(Result<CommittedOffsets>)> done);
// `timestamp`: kLatestTimestamp, kEarliestTimestamp or milliseconds since the epoch (the first
// offset whose record timestamp is at or after it). Read-uncommitted.
void listOffsets(KafkaClient& client, const std::vector<TopicPartition>& partitions, int64_t timestamp,
                 std::function<void(Result<LogOffsets>)> done);
// Commits `offsets` for the group as kafka-consumer-groups.sh --reset-offsets does (no member,
// generation -1): the broker accepts it only while the group has no members.
void commitOffsets(KafkaClient& client, const std::string& groupId, const CommittedOffsets& offsets,
                   std::function<void(Result<PartitionErrors>)> done);
// Who commits: a member of the group's current generation (a consumer's auto-commit), or the
// default, an admin or standalone consumer (generation -1, no member).
struct CommitIdentity {
  int32_t generationId = -1;
  std::string memberId;
  std::optional<std::string> groupInstanceId;
};
void commitOffsets(KafkaClient& client, const std::string& groupId, const CommitIdentity& who,
                   const CommittedOffsets& offsets, std::function<void(Result<PartitionErrors>)> done);
// Every group the broker coordinates, of any protocol type; `states` (Kafka's names, any case)
// filters when not empty.
void listGroups(KafkaClient& client, const std::vector<std::string>& states,
                std::function<void(Result<std::vector<GroupListing>>)> done);
void deleteGroups(KafkaClient& client, const std::vector<std::string>& groupIds, std::function<void(Result<GroupErrors>)> done);
// Metadata for `topics` (v12, no auto-creation), the answer as it came: what describeTopics
// reads, and what a group leader counts partitions in (leaving out topics with errors).
void topicsMetadata(KafkaClient& client, const std::vector<std::string>& topics,
                    std::function<void(Result<protocol::kafka::MetadataResponse>)> done);
// The partitions of `topics` (Metadata, no auto-creation). A topic the broker does not have
// fails the call with ClientError::BrokerError naming its error (UNKNOWN_TOPIC_OR_PARTITION).
void describeTopics(KafkaClient& client, const std::vector<std::string>& topics,
                    std::function<void(Result<std::vector<TopicLayout>>)> done);
void findGroupCoordinator(KafkaClient& client, const std::string& groupId, std::function<void(Result<Coordinator>)> done);

}  // namespace pier::client
