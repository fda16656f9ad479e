#pragma once
// NetworkModel: the fate of each message in a simulated network -- dropped, or delivered after a
// random delay, sometimes twice -- and the partitions that keep nodes apart. Independent random
// delays reorder messages on a link. All randomness comes from the Prng passed in, so a seed
// replays the same fates.
//
// Owned by one Simulation; single-threaded.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/prng.h"

namespace pier::sim {

struct NetworkConfig {
  int64_t delayMinMs = 1;
  int64_t delayMaxMs = 50;
  uint32_t dropPerMille = 0;              // each copy is lost with this probability
  uint32_t duplicatePerMille = 0;         // a delivered message arrives twice with this probability
  std::size_t inFlightPerLinkMax = 4096;  // a full link drops (a bounded socket buffer)
};
std::string describe(const NetworkConfig& config);

class NetworkModel {
 public:
  NetworkModel(std::vector<NodeId> nodes, NetworkConfig config);

  const NetworkConfig& config() const { return m_config; }
  void setConfig(const NetworkConfig& config);

  // Nodes in different groups cannot talk; a node in no group is cut off from everyone.
  void partition(const std::vector<std::vector<NodeId>>& groups);
  void heal();  // everyone talks to everyone again
  bool partitioned() const { return m_partitioned; }
  bool connected(NodeId a, NodeId b) const;

  // The delays after which copies of one message arrive: none (lost), one, or two (duplicated).
  // Does not look at partitions (the caller checks connected() at send and at delivery).
  std::vector<int64_t> deliveryDelaysMs(Prng& prng) const;

 private:
  std::vector<NodeId> m_nodes;
  NetworkConfig m_config;
  std::map<NodeId, int> m_group;  // partition group per node
  bool m_partitioned = false;
};

}  // namespace pier::sim
