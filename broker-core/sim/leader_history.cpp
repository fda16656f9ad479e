#include "sim/leader_history.h"

#include <set>

#include <fmt/format.h>

namespace pier::sim {

void LeaderHistory::record(const LeadershipClaim& claim) {
  m_claims.push_back(claim);
}

std::vector<std::string> LeaderHistory::violations() const {
  std::map<int64_t, const LeadershipClaim*> first;  // epoch -> first claim seen
  std::set<std::pair<int64_t, NodeId>> reported;    // (epoch, second leader) already listed
  std::vector<std::string> out;
  for (const LeadershipClaim& c : m_claims) {
    auto [it, inserted] = first.emplace(c.epoch, &c);
    if (inserted || it->second->leader == c.leader) continue;
    if (!reported.emplace(c.epoch, c.leader).second) continue;
    const LeadershipClaim& a = *it->second;
    out.push_back(fmt::format(
        "epoch {} has two leaders: {} (reported by {} at t={}) and {} (reported by {} at t={})",
        c.epoch, a.leader.value(), a.reportedBy.value(), a.atMs, c.leader.value(),
        c.reportedBy.value(), c.atMs));
  }
  return out;
}

std::vector<int64_t> LeaderHistory::epochs() const {
  std::set<int64_t> set;
  for (const auto& c : m_claims) set.insert(c.epoch);
  return {set.begin(), set.end()};
}

}  // namespace pier::sim
