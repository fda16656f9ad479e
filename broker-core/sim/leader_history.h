#pragma once
// LeaderHistory: who each node says led each epoch, collected during a run, and the safety
// checker "at most one leader per epoch": no two claims name different leaders for one epoch.
// Generic over protocols with epochs (ZAB's established epochs, Kafka's leader epochs).
//
// Not thread-safe; fed by the nodes of one simulation.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/ids.h"

namespace pier::sim {

struct LeadershipClaim {
  int64_t epoch = 0;
  NodeId leader;
  NodeId reportedBy;  // the leader itself, or a node that synced with it
  int64_t atMs = 0;
  friend bool operator==(const LeadershipClaim&, const LeadershipClaim&) = default;
};

class LeaderHistory {
 public:
  void record(const LeadershipClaim& claim);
  const std::vector<LeadershipClaim>& claims() const { return m_claims; }
  // One line per epoch claimed for two different leaders, naming both claims; empty when safe.
  std::vector<std::string> violations() const;
  // Distinct epochs claimed, ascending.
  std::vector<int64_t> epochs() const;

 private:
  std::vector<LeadershipClaim> m_claims;  // in the order recorded
};

}  // namespace pier::sim
