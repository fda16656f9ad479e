#pragma once
// FaultPlan: a seeded schedule of node crashes and restarts and network partitions and heals
// over a chaos window, ending with everything repaired: partitions healed, crashed nodes
// restarted and the network calm (no more loss or duplication). A power loss crashes every running
// node at the same instant: what a disk had not made durable is then gone on all of them at once.
// Printed with a failing seed so the run can be read as well as replayed.
//
// Pure function of (nodes, config, Prng); no state.

#include <cstdint>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/prng.h"

namespace pier::sim {

enum class FaultKind {
  Crash,      // the node's process dies: unsynced state and in-flight messages to it are lost
  Restart,    // a crashed node boots again from what it persisted
  Partition,  // the network splits into `groups`
  Heal,       // partitions end
  EndChaos,   // heal, restart every crashed node, stop loss and duplication
};

struct FaultAction {
  int64_t atMs = 0;
  FaultKind kind = FaultKind::Heal;
  NodeId node;                              // Crash, Restart
  std::vector<std::vector<NodeId>> groups;  // Partition
  friend bool operator==(const FaultAction&, const FaultAction&) = default;
};
std::string describe(const FaultAction& action);

struct FaultPlanConfig {
  int64_t chaosEndMs = 30'000;  // EndChaos happens here
  int64_t gapMinMs = 500;       // between two faults
  int64_t gapMaxMs = 5'000;
  uint32_t crashWeight = 3;  // relative odds of each kind of fault
  uint32_t partitionWeight = 2;
  uint32_t healWeight = 1;
  uint32_t powerLossWeight = 0;       // every running node crashes at one instant (one Crash each)
  std::size_t crashedMax = SIZE_MAX;  // never more nodes down at once than this
};

// In time order. Restarts only name crashed nodes; crashes only running ones.
std::vector<FaultAction> makeFaultPlan(const std::vector<NodeId>& nodes,
                                       const FaultPlanConfig& config, Prng& prng);

}  // namespace pier::sim
