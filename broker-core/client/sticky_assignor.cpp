// The sticky assignors (consumer_assignors.h): keep what members own, hand out the rest to the
// least loaded, then even out; the cooperative one holds back partitions changing owner.

#include <algorithm>
#include <set>

#include "client/consumer_assignors.h"

namespace pier::client {

namespace {

bool subscribes(const AssignorMember& m, const std::string& topic) {
  return std::find(m.topics.begin(), m.topics.end(), topic) != m.topics.end();
}

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

// Members in Kafka's MemberInfo order (static ones first, by instance id; then by member id).
std::vector<const AssignorMember*> ordered(const std::vector<AssignorMember>& members) {
  std::vector<const AssignorMember*> out;
  for (const AssignorMember& m : members) out.push_back(&m);
  std::sort(out.begin(), out.end(), [](const AssignorMember* a, const AssignorMember* b) {
    if (a->groupInstanceId && b->groupInstanceId) return *a->groupInstanceId < *b->groupInstanceId;
    if (a->groupInstanceId || b->groupInstanceId) return a->groupInstanceId.has_value();
    return a->memberId < b->memberId;
  });
  return out;
}

// Moves one partition from the fullest member to one with two or fewer less that can take it;
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
  const std::vector<const AssignorMember*> sorted = ordered(members);
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

}  // namespace pier::client
