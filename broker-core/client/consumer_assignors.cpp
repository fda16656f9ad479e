#include "client/consumer_assignors.h"

#include <algorithm>

namespace pier::client {

namespace {

// Kafka's AbstractPartitionAssignor.MemberInfo order.
bool memberBefore(const AssignorMember* a, const AssignorMember* b) {
  if (a->groupInstanceId && b->groupInstanceId) return *a->groupInstanceId < *b->groupInstanceId;
  if (a->groupInstanceId || b->groupInstanceId) return a->groupInstanceId.has_value();
  return a->memberId < b->memberId;
}

std::vector<const AssignorMember*> sortedMembers(const std::vector<AssignorMember>& members) {
  std::vector<const AssignorMember*> sorted;
  for (const AssignorMember& m : members) sorted.push_back(&m);
  std::sort(sorted.begin(), sorted.end(), memberBefore);
  return sorted;
}

bool subscribes(const AssignorMember& m, const std::string& topic) {
  return std::find(m.topics.begin(), m.topics.end(), topic) != m.topics.end();
}

GroupAssignment emptyAssignment(const std::vector<AssignorMember>& members) {
  GroupAssignment out;
  for (const AssignorMember& m : members) out[m.memberId];
  return out;
}

void sortEach(GroupAssignment& assignment) {
  for (auto& [member, partitions] : assignment) std::sort(partitions.begin(), partitions.end());
}

}  // namespace

GroupAssignment assignRange(const std::vector<AssignorMember>& members,
                            const PartitionCounts& counts) {
  GroupAssignment out = emptyAssignment(members);
  const std::vector<const AssignorMember*> sorted = sortedMembers(members);
  for (const auto& [topic, count] : counts) {
    std::vector<const AssignorMember*> consumers;
    for (const AssignorMember* m : sorted) {
      if (subscribes(*m, topic)) consumers.push_back(m);
    }
    if (consumers.empty() || count <= 0) continue;
    const int32_t n = static_cast<int32_t>(consumers.size());
    const int32_t each = count / n;
    const int32_t extra = count % n;
    int32_t next = 0;
    for (int32_t i = 0; i < n; ++i) {
      const int32_t length = each + (i < extra ? 1 : 0);
      for (int32_t p = next; p < next + length; ++p) {
        out[consumers[static_cast<std::size_t>(i)]->memberId].push_back(
            TopicPartition{topic, PartitionIndex(p)});
      }
      next += length;
    }
  }
  sortEach(out);
  return out;
}

GroupAssignment assignRoundRobin(const std::vector<AssignorMember>& members,
                                 const PartitionCounts& counts) {
  GroupAssignment out = emptyAssignment(members);
  const std::vector<const AssignorMember*> sorted = sortedMembers(members);
  if (sorted.empty()) return out;
  std::size_t turn = 0;
  for (const auto& [topic, count] : counts) {  // a std::map: topics in name order
    const bool anyone =
        std::any_of(sorted.begin(), sorted.end(),
                    [&topic](const AssignorMember* m) { return subscribes(*m, topic); });
    if (!anyone) continue;
    for (int32_t p = 0; p < count; ++p) {
      while (!subscribes(*sorted[turn % sorted.size()], topic)) ++turn;
      out[sorted[turn % sorted.size()]->memberId].push_back(
          TopicPartition{topic, PartitionIndex(p)});
      ++turn;
    }
  }
  sortEach(out);
  return out;
}

Assignor assignorNamed(std::string_view name) {
  if (name == "range") return assignRange;
  if (name == "roundrobin") return assignRoundRobin;
  if (name == "sticky") return assignSticky;
  if (name == "cooperative-sticky") return assignCooperativeSticky;
  return nullptr;
}

}  // namespace pier::client
