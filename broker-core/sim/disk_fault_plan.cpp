#include "sim/disk_fault_plan.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::sim {

int64_t DiskProfile::syncLatencyMs(int64_t nowMs) const {
  for (const DiskFault& f : faults)
    if (f.kind == DiskFaultKind::Stall && f.fromMs <= nowMs && nowMs < f.untilMs) return f.syncMs;
  return syncMs;
}

bool DiskProfile::failsAt(int64_t nowMs) const {
  for (const DiskFault& f : faults)
    if (f.kind == DiskFaultKind::Fail && f.fromMs <= nowMs && nowMs < f.untilMs) return true;
  return false;
}

std::string describe(NodeId node, const DiskProfile& disk) {
  std::string text = fmt::format("disk {}: fsync {} ms", node.value(), disk.syncMs);
  for (const DiskFault& f : disk.faults) {
    if (f.kind == DiskFaultKind::Stall)
      text += fmt::format("; t={}..{} fsync {} ms", f.fromMs, f.untilMs, f.syncMs);
    else
      text += fmt::format("; t={}..{} writes fail", f.fromMs, f.untilMs);
  }
  return text;
}

namespace {

DiskProfile makeProfile(const DiskFaultPlanConfig& c, Prng& prng) {
  DiskProfile d;
  d.syncMs = prng.between(c.syncMsMin, c.syncMsMax);
  if (!prng.chance(c.faultyDiskPerMille, 1000)) return d;
  const std::size_t windows = 1 + static_cast<std::size_t>(prng.below(c.windowsMax));
  // Start times spread over the chaos window; each window ends before the next one starts.
  std::vector<int64_t> starts;
  for (std::size_t i = 0; i < windows; ++i) starts.push_back(prng.between(0, c.chaosEndMs - 1));
  std::sort(starts.begin(), starts.end());
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const int64_t limitMs = i + 1 < starts.size() ? starts[i + 1] : c.chaosEndMs;
    if (starts[i] >= limitMs) continue;
    DiskFault f;
    f.fromMs = starts[i];
    if (prng.chance(c.failPerMille, 1000)) {
      f.kind = DiskFaultKind::Fail;
      f.untilMs = f.fromMs + prng.between(1, c.failMsMax);
    } else {
      f.kind = DiskFaultKind::Stall;
      f.untilMs = f.fromMs + prng.between(1, c.stallMsMax);
      f.syncMs = prng.between(100, c.stallSyncMsMax);
    }
    f.untilMs = std::min(f.untilMs, limitMs);
    d.faults.push_back(f);
  }
  return d;
}

}  // namespace

std::map<NodeId, DiskProfile> makeDiskFaultPlan(const std::vector<NodeId>& nodes,
                                                const DiskFaultPlanConfig& config, Prng& prng) {
  PIER_ASSERT(config.chaosEndMs > 0 && config.syncMsMin >= 0 &&
                  config.syncMsMin <= config.syncMsMax && config.windowsMax > 0 &&
                  config.stallSyncMsMax >= 100 && config.stallMsMax > 0 && config.failMsMax > 0,
              "a sane disk fault plan");
  std::map<NodeId, DiskProfile> plan;
  for (NodeId n : nodes) plan[n] = makeProfile(config, prng);
  return plan;
}

}  // namespace pier::sim
