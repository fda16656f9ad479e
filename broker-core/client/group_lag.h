#pragma once
// Group lag: for one consumer group, every partition that has a committed offset or is assigned
// to a member, with its committed offset, its log end offset (ListOffsets latest: the high
// watermark, what a read-uncommitted consumer can reach), the lag between them and the member
// that owns it; plus the group's state, protocol and members. What kafka-consumer-groups.sh
// --describe shows and what the console's lag view charts.
//
// fetchGroupLag sends DescribeGroups, OffsetFetch and ListOffsets in turn on one KafkaClient, so
// the broker it is connected to must be both the group's coordinator and the leader of every
// partition involved. That holds for a single-node pier-broker (and a one-broker Kafka); against
// a cluster, partitions led elsewhere come back with an unknown log end offset (and no lag)
// rather than an error: asking each leader is not done yet.
//
// Asynchronous on the client's loop, like the rest of client/: `done` runs once. Not
// thread-safe. computeLag is a pure function over the three answers.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/group_admin.h"

namespace pier::client {

struct PartitionOwner {
  std::string memberId;
  std::string clientHost;
  std::string clientId;
};

struct PartitionLag {
  TopicPartition topicPartition;
  std::optional<Offset> committedOffset;  // none: the group never committed here
  std::optional<Offset> logEndOffset;     // none: the leader did not answer for it
  std::optional<int64_t> lag;             // log end - committed; none when either is unknown
  std::optional<PartitionOwner> owner;    // none: no member has it assigned
};

struct GroupLag {
  GroupDescription group;
  std::vector<PartitionLag> partitions;  // by (topic, partition)
};

// The rows for `group` from its committed offsets and the log end offsets of those partitions
// and the assigned ones. A partition assigned to two members (a broken assignor) is owned by
// the first in DescribeGroups' order.
std::vector<PartitionLag> computeLag(const GroupDescription& group, const CommittedOffsets& committed,
                                     const LogOffsets& logEndOffsets);

// The partitions computeLag reports: the committed ones and every member's assignment.
std::vector<TopicPartition> lagPartitions(const GroupDescription& group, const CommittedOffsets& committed);

void fetchGroupLag(std::shared_ptr<KafkaClient> client, const std::string& groupId,
                   std::function<void(Result<GroupLag>)> done);

}  // namespace pier::client
