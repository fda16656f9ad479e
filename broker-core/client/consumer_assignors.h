#pragma once
// The partition assignors a group leader runs, as Kafka 3.8's Java consumer runs them (eager
// protocol: every member starts from nothing each generation, so no owned partitions are read):
//
// - "range" (RangeAssignor): per topic, its partitions in order and the members subscribed to
//   it, sorted; each member gets partitions / members consecutive partitions and the first
//   (partitions % members) members one more. Topics are independent.
// - "roundrobin" (RoundRobinAssignor): every partition of every subscribed topic, sorted by
//   (topic, partition), dealt to the sorted members in turn, skipping a member not subscribed
//   to the partition's topic.
//
// Members sort as Kafka's MemberInfo: static members (group.instance.id) first, by instance id,
// then dynamic ones by member id. Rack-aware assignment (KIP-881) is not done: racks are ignored.
// A topic without a partition count is left out, as Kafka leaves out topics without metadata.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/topic_partition.h"

namespace pier::client {

struct AssignorMember {
  std::string memberId;
  std::optional<std::string> groupInstanceId;
  std::vector<std::string> topics;  // its subscription
};

// Every member's partitions (sorted), an entry for each member, none for unknown ones.
using GroupAssignment = std::map<std::string, std::vector<TopicPartition>>;
using PartitionCounts = std::map<std::string, int32_t>;

GroupAssignment assignRange(const std::vector<AssignorMember>& members,
                            const PartitionCounts& counts);
GroupAssignment assignRoundRobin(const std::vector<AssignorMember>& members,
                                 const PartitionCounts& counts);

// The assignor of a protocol name ("range", "roundrobin"); nullptr for any other.
using Assignor = GroupAssignment (*)(const std::vector<AssignorMember>&, const PartitionCounts&);
Assignor assignorNamed(std::string_view name);

}  // namespace pier::client
