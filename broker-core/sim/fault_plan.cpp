#include "sim/fault_plan.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::sim {

std::string describe(const FaultAction& a) {
  switch (a.kind) {
    case FaultKind::Crash:
      return fmt::format("t={} crash {}", a.atMs, a.node.value());
    case FaultKind::Restart:
      return fmt::format("t={} restart {}", a.atMs, a.node.value());
    case FaultKind::Heal:
      return fmt::format("t={} heal", a.atMs);
    case FaultKind::EndChaos:
      return fmt::format("t={} end of chaos (heal, restart all, calm network)", a.atMs);
    case FaultKind::Partition: {
      std::string text = fmt::format("t={} partition", a.atMs);
      for (const auto& g : a.groups) {
        text += " {";
        for (std::size_t i = 0; i < g.size(); ++i)
          text += fmt::format("{}{}", i ? "," : "", g[i].value());
        text += "}";
      }
      return text;
    }
  }
  return "?";
}

namespace {

// A random split into two or three non-empty groups.
std::vector<std::vector<NodeId>> randomGroups(std::vector<NodeId> nodes, Prng& prng) {
  prng.shuffle(std::span<NodeId>(nodes));
  const std::size_t groupCount = nodes.size() >= 3 && prng.chance(1, 4) ? 3 : 2;
  std::vector<std::vector<NodeId>> groups(groupCount);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    // The first groupCount nodes seed each group, the rest fall anywhere.
    const std::size_t g = i < groupCount ? i : static_cast<std::size_t>(prng.below(groupCount));
    groups[g].push_back(nodes[i]);
  }
  for (auto& g : groups) std::sort(g.begin(), g.end());
  return groups;
}

}  // namespace

std::vector<FaultAction> makeFaultPlan(const std::vector<NodeId>& nodes,
                                       const FaultPlanConfig& config, Prng& prng) {
  PIER_ASSERT(!nodes.empty() && config.gapMinMs > 0 && config.gapMinMs <= config.gapMaxMs,
              "a sane plan");
  std::vector<FaultAction> plan;
  std::set<NodeId> crashed;
  bool partitioned = false;
  int64_t t = 0;
  while (true) {
    t += prng.between(config.gapMinMs, config.gapMaxMs);
    if (t >= config.chaosEndMs) break;
    // Crashed nodes come back about as often as others go down.
    if (!crashed.empty() && prng.chance(1, 2)) {
      auto it = crashed.begin();
      std::advance(it, static_cast<long>(prng.below(crashed.size())));
      plan.push_back(FaultAction{t, FaultKind::Restart, *it, {}});
      crashed.erase(it);
      continue;
    }
    const uint64_t partitionFrom = config.crashWeight;
    const uint64_t healFrom = partitionFrom + config.partitionWeight;
    const uint64_t powerLossFrom = healFrom + config.healWeight;
    const uint64_t total = powerLossFrom + config.powerLossWeight;
    if (total == 0) continue;
    const uint64_t pick = prng.below(total);
    std::vector<NodeId> running;
    for (NodeId n : nodes) {
      if (!crashed.count(n)) running.push_back(n);
    }
    if (pick < partitionFrom) {
      if (running.empty() || crashed.size() >= config.crashedMax) continue;
      const NodeId victim = running[prng.below(running.size())];
      crashed.insert(victim);
      plan.push_back(FaultAction{t, FaultKind::Crash, victim, {}});
    } else if (pick < healFrom) {
      if (nodes.size() < 2) continue;
      plan.push_back(FaultAction{t, FaultKind::Partition, NodeId(), randomGroups(nodes, prng)});
      partitioned = true;
    } else if (pick < powerLossFrom) {
      if (!partitioned) continue;
      plan.push_back(FaultAction{t, FaultKind::Heal, NodeId(), {}});
      partitioned = false;
    } else {
      if (running.empty() || nodes.size() > config.crashedMax) continue;
      for (NodeId n : running) {
        crashed.insert(n);
        plan.push_back(FaultAction{t, FaultKind::Crash, n, {}});
      }
    }
  }
  plan.push_back(FaultAction{config.chaosEndMs, FaultKind::EndChaos, NodeId(), {}});
  return plan;
}

}  // namespace pier::sim
