#include "client/consumer_assignors.h"

#include <algorithm>
#include <set>

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

// The sticky assignors: keep what members own, hand out the rest to the least loaded, then even
// out; the cooperative one holds back partitions changing owner.

namespace {

bool exists(const TopicPartition& p, const PartitionCounts& counts) {
  auto it = counts.find(p.topic);
  return it != counts.end() && p.partition.value() >= 0 && p.partition.value() < it->second;
}

// Who owns each partition now: the member of the highest generation claiming it, valid claims
// only (the partition exists and the member subscribes to its topic); nobody on a tie.
std::map<TopicPartition, std::string> currentOwners(const std::vector<AssignorMember>& members,
                                                    const PartitionCounts& counts) {
  std::map<TopicPartition, std::pair<int32_t, std::optional<std::string>>> claims;
  for (const AssignorMember& m : members) {
    for (const TopicPartition& p : m.owned) {
      if (!exists(p, counts) || !subscribes(m, p.topic)) continue;
      auto [it, fresh] = claims.try_emplace(p, m.generation, m.memberId);
      if (fresh || it->second.first > m.generation) continue;
      if (it->second.first == m.generation) {
        it->second.second.reset();  // two owners in one generation: neither keeps it
      } else {
        it->second = {m.generation, m.memberId};
      }
    }
  }
  std::map<TopicPartition, std::string> owners;
  for (const auto& [p, claim] : claims) {
    if (claim.second) owners.emplace(p, *claim.second);
  }
  return owners;
}

// Moves one partition from a member to one holding two or more fewer that can take it;
// false when no such move is left. Each move lowers the sum of squared counts, so it ends.
bool evenOutOnce(const std::vector<const AssignorMember*>& members, std::map<std::string, std::set<TopicPartition>>& held) {
  for (const AssignorMember* from : members) {
    std::set<TopicPartition>& source = held[from->memberId];
    for (const AssignorMember* to : members) {
      std::set<TopicPartition>& target = held[to->memberId];
      if (source.size() < target.size() + 2) continue;
      for (auto it = source.rbegin(); it != source.rend(); ++it) {
        if (!subscribes(*to, it->topic)) continue;
        target.insert(*it);
        source.erase(std::next(it).base());
        return true;
      }
    }
  }
  return false;
}

}  // namespace

GroupAssignment assignSticky(const std::vector<AssignorMember>& members, const PartitionCounts& counts) {
  const std::vector<const AssignorMember*> sorted = sortedMembers(members);
  std::map<std::string, std::set<TopicPartition>> held;
  for (const AssignorMember* m : sorted) held[m->memberId];
  for (const auto& [p, owner] : currentOwners(members, counts)) held[owner].insert(p);
  std::set<TopicPartition> taken;
  for (const auto& [member, partitions] : held) taken.insert(partitions.begin(), partitions.end());
  for (const auto& [topic, count] : counts) {
    for (int32_t i = 0; i < count; ++i) {
      const TopicPartition p{topic, PartitionIndex(i)};
      if (taken.count(p) > 0) continue;
      const AssignorMember* least = nullptr;
      for (const AssignorMember* m : sorted) {
        if (subscribes(*m, topic) && (!least || held[m->memberId].size() < held[least->memberId].size())) least = m;
      }
      if (least) held[least->memberId].insert(p);
    }
  }
  while (evenOutOnce(sorted, held)) {
  }
  GroupAssignment out;
  for (const auto& [member, partitions] : held) out[member].assign(partitions.begin(), partitions.end());
  return out;
}

GroupAssignment assignCooperativeSticky(const std::vector<AssignorMember>& members, const PartitionCounts& counts) {
  GroupAssignment out = assignSticky(members, counts);
  const std::map<TopicPartition, std::string> owners = currentOwners(members, counts);
  for (auto& [member, partitions] : out) {
    std::erase_if(partitions, [&](const TopicPartition& p) {
      auto owner = owners.find(p);
      return owner != owners.end() && owner->second != member;
    });
  }
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
