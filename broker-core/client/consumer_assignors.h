#pragma once
// The partition assignors a group leader runs, as Kafka 3.8's Java consumer runs them:
//
// - "range" (RangeAssignor): per topic, its partitions in order and the members subscribed to
//   it, sorted; each member gets partitions / members consecutive partitions and the first
//   (partitions % members) members one more. Topics are independent.
// - "roundrobin" (RoundRobinAssignor): every partition of every subscribed topic, sorted by
//   (topic, partition), dealt to the sorted members in turn, skipping a member not subscribed
//   to the partition's topic.
//
// - "sticky" and "cooperative-sticky" (StickyAssignor, CooperativeStickyAssignor; their outcome,
//   not Kafka's exact algorithm): balanced, and sticky to what members own. Each member keeps
//   the partitions it reports owning (ownedPartitions; a partition two members claim goes to the
//   higher generation, to neither on a tie) that still exist and that it still subscribes to;
//   the others go one by one, in (topic, partition) order, to the subscribed member with the
//   fewest; then, while a member has two or more partitions more than a member that could take
//   one of them, its last such partition moves there (members with equal subscriptions end
//   within one partition of each other). cooperative-sticky then leaves out every partition
//   that would move from its owner to another member: the owner gives it up and rejoins, and the
//   next generation assigns it (Kafka's cooperative protocol, KIP-429).
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
  std::vector<TopicPartition> owned;  // ownedPartitions of its subscription (sticky assignors)
  int32_t generation = -1;            // the generation it owned them in
};

// Every member's partitions (sorted), an entry for each member, none for unknown ones.
using GroupAssignment = std::map<std::string, std::vector<TopicPartition>>;
using PartitionCounts = std::map<std::string, int32_t>;

GroupAssignment assignRange(const std::vector<AssignorMember>& members,
                            const PartitionCounts& counts);
GroupAssignment assignRoundRobin(const std::vector<AssignorMember>& members,
                                 const PartitionCounts& counts);
GroupAssignment assignSticky(const std::vector<AssignorMember>& members, const PartitionCounts& counts);
GroupAssignment assignCooperativeSticky(const std::vector<AssignorMember>& members,
                                        const PartitionCounts& counts);

// The assignor of a protocol name ("range", "roundrobin", "sticky", "cooperative-sticky");
// nullptr for any other.
using Assignor = GroupAssignment (*)(const std::vector<AssignorMember>&, const PartitionCounts&);
Assignor assignorNamed(std::string_view name);

}  // namespace pier::client
