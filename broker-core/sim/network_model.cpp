#include "sim/network_model.h"

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::sim {

std::string describe(const NetworkConfig& c) {
  return fmt::format("delay {}..{} ms, drop {}/1000, duplicate {}/1000", c.delayMinMs, c.delayMaxMs,
                     c.dropPerMille, c.duplicatePerMille);
}

NetworkModel::NetworkModel(std::vector<NodeId> nodes, NetworkConfig config)
    : m_nodes(std::move(nodes)) {
  setConfig(config);
  heal();
}

void NetworkModel::setConfig(const NetworkConfig& config) {
  PIER_ASSERT(config.delayMinMs >= 0 && config.delayMinMs <= config.delayMaxMs,
              "delays are ordered");
  PIER_ASSERT(config.dropPerMille <= 1000 && config.duplicatePerMille <= 1000, "per-mille rates");
  m_config = config;
}

void NetworkModel::partition(const std::vector<std::vector<NodeId>>& groups) {
  // Unlisted nodes each get a group of their own.
  int next = 0;
  for (NodeId n : m_nodes) m_group[n] = next++;
  for (const auto& group : groups) {
    const int id = next++;
    for (NodeId n : group) m_group[n] = id;
  }
  m_partitioned = true;
}

void NetworkModel::heal() {
  for (NodeId n : m_nodes) m_group[n] = 0;
  m_partitioned = false;
}

bool NetworkModel::connected(NodeId a, NodeId b) const {
  auto ia = m_group.find(a);
  auto ib = m_group.find(b);
  PIER_ASSERT(ia != m_group.end() && ib != m_group.end(), "both nodes are in the network");
  return ia->second == ib->second;
}

std::vector<int64_t> NetworkModel::deliveryDelaysMs(Prng& prng) const {
  std::vector<int64_t> delays;
  if (prng.chance(m_config.dropPerMille, 1000)) return delays;
  delays.push_back(prng.between(m_config.delayMinMs, m_config.delayMaxMs));
  if (prng.chance(m_config.duplicatePerMille, 1000)) {
    delays.push_back(prng.between(m_config.delayMinMs, m_config.delayMaxMs));
  }
  return delays;
}

}  // namespace pier::sim
