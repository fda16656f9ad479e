#pragma once
// DiskFaultPlan: what each simulated node's disk does over a run, chosen by a seed: how long an
// fsync takes (a per-disk base latency), and windows of trouble during the chaos window --
// stalls (an fsync takes seconds: a saturated or dying device) and failures (every write and
// fsync fails: a full disk, or EIO for a moment). Every window ends before chaosEndMs, so after
// EndChaos the disks only have their base latency. Printed with a failing seed.
//
// What a node does about a failed write is the node's business (pier-keeper exits). Losing what
// was written but not yet synced is the node's disk model too, at a crash; this plan only says
// when the disk is slow or failing. Pure data and a pure function of (nodes, config, Prng).

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/prng.h"

namespace pier::sim {

enum class DiskFaultKind {
  Stall,  // an fsync started in the window takes syncMs
  Fail,   // a write or fsync in the window fails
};

struct DiskFault {
  DiskFaultKind kind = DiskFaultKind::Stall;
  int64_t fromMs = 0;
  int64_t untilMs = 0;  // exclusive
  int64_t syncMs = 0;   // Stall
  friend bool operator==(const DiskFault&, const DiskFault&) = default;
};

// One node's disk for a run.
struct DiskProfile {
  int64_t syncMs = 1;             // an fsync outside a stall
  std::vector<DiskFault> faults;  // in time order, not overlapping

  // How long an fsync started at `nowMs` takes.
  int64_t syncLatencyMs(int64_t nowMs) const;
  // Whether a write or fsync at `nowMs` fails.
  bool failsAt(int64_t nowMs) const;
  friend bool operator==(const DiskProfile&, const DiskProfile&) = default;
};
std::string describe(NodeId node, const DiskProfile& disk);

struct DiskFaultPlanConfig {
  int64_t chaosEndMs = 30'000;  // every window ends by then
  int64_t syncMsMin = 1;        // base fsync latency, per disk
  int64_t syncMsMax = 20;
  uint32_t faultyDiskPerMille = 500;  // chance that a disk has any windows at all
  std::size_t windowsMax = 3;         // per disk
  int64_t stallSyncMsMax = 3'000;     // an fsync in a stall takes 100 ms .. this
  int64_t stallMsMax = 5'000;         // window lengths
  int64_t failMsMax = 3'000;
  uint32_t failPerMille = 400;  // chance that a window is a failure rather than a stall
};

std::map<NodeId, DiskProfile> makeDiskFaultPlan(const std::vector<NodeId>& nodes,
                                                const DiskFaultPlanConfig& config, Prng& prng);

}  // namespace pier::sim
