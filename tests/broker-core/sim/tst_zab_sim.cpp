// Seeded simulation of ZAB (coordination::ZabPeer: FastLeaderElection, discovery, sync by
// DIFF/TRUNC/SNAP, broadcast) with clients writing through every peer: 3- and 5-voter
// ensembles, sometimes with an observer, on a network with delay, reordering, loss, duplication
// and partitions, with crashes, power losses (every node at once) and restarts, and disks
// (zab_sim_disk.h) that fsync slowly, stall, fail (the keeper stops and is restarted) and lose
// what was not fsynced at a crash, keeping a prefix of it (a torn tail). After each run the
// checkers require:
//   - at most one leader per established epoch;
//   - never two different transactions committed at one zxid, by any replica;
//   - no acknowledged write lost: once healed, every serving replica has applied it;
//   - acknowledged writes to a key got versions in real-time order (a write acknowledged before
//     another began has the lower version) and no version twice; and the whole history of each
//     key -- every write as a setData returning its version, unacknowledged ones as calls whose
//     effect is unknown -- is linearizable (sim/linearizability.h, the znode register model);
//   - once the network heals and every node is up, one serving leader with a quorum synced to
//     it, and then all serving replicas identical (same state, same applied zxid);
//   - the same seed produces the same trace.
// A failure prints its seed, the scenario and the replay command. Environment:
//   PIER_SIM_SEED=<n>   run only seed n       PIER_SIM_RUNS=<n>   run seeds 1..n
//   PIER_SIM_TRACE=1    print every event of the runs (use with PIER_SIM_SEED)
#include <QtTest>

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "sim/disk_fault_plan.h"
#include "sim/fault_plan.h"
#include "sim/linearizability.h"
#include "sim/simulation.h"
#include "sim/znode_register_model.h"
#include "sim_test_support.h"
#include "zab_sim_peer.h"

using namespace pier;
using namespace pier::simtest;

namespace {

constexpr uint64_t kDefaultRuns = 300;
constexpr int64_t kAgreementBoundMs = 150'000;
constexpr int64_t kStableMs = 10'000;
constexpr int64_t kQuietMs = 5'000;
constexpr int64_t kRestartStoppedAfterMs = 1'000;  // a supervisor restarts a keeper that exited

struct Scenario {
  uint64_t seed = 0;
  std::vector<NodeId> voters;
  std::vector<NodeId> observers;
  sim::NetworkConfig network;
  std::vector<sim::FaultAction> plan;
  std::map<NodeId, sim::DiskProfile> disks;
  bool snapshotAtBoot = false;
  int64_t chaosEndMs = 0;

  std::vector<NodeId> all() const {
    std::vector<NodeId> ids = voters;
    ids.insert(ids.end(), observers.begin(), observers.end());
    return ids;
  }
  std::string describe() const {
    std::string text = fmt::format("  {} voters, {} observer(s); network: {}\n", voters.size(),
                                   observers.size(), sim::describe(network));
    text += snapshotAtBoot ? "  a snapshot at every boot\n" : "  logs kept across boots\n";
    for (const auto& [id, d] : disks) text += "  " + sim::describe(id, d) + "\n";
    for (const auto& f : plan) text += "  " + sim::describe(f) + "\n";
    return text;
  }
};

Scenario makeScenario(uint64_t seed) {
  Prng p(seed ^ 0x2ab5'0000'5eedULL);
  Scenario s;
  s.seed = seed;
  const int voters = p.chance(1, 2) ? 3 : 5;
  const int observers = p.chance(1, 3) ? 1 : 0;
  for (int i = 1; i <= voters; ++i) s.voters.push_back(NodeId(i));
  for (int i = 1; i <= observers; ++i) s.observers.push_back(NodeId(voters + i));
  s.network.delayMinMs = 1;
  s.network.delayMaxMs = p.between(5, 300);
  s.network.dropPerMille = static_cast<uint32_t>(p.between(0, 40));
  s.network.duplicatePerMille = static_cast<uint32_t>(p.between(0, 50));
  sim::FaultPlanConfig faults;
  faults.chaosEndMs = p.between(5'000, 60'000);
  faults.gapMinMs = 500;
  faults.gapMaxMs = 8'000;
  faults.healWeight = 2;
  faults.powerLossWeight = 1;
  s.chaosEndMs = faults.chaosEndMs;
  s.plan = sim::makeFaultPlan(s.all(), faults, p);
  sim::DiskFaultPlanConfig disks;
  disks.chaosEndMs = faults.chaosEndMs;
  s.disks = sim::makeDiskFaultPlan(s.all(), disks, p);
  s.snapshotAtBoot = p.chance(1, 2);
  return s;
}

using Sim = sim::Simulation<ZabMessage>;

ZabSimPeer* peer(Sim& s, NodeId id) {
  return static_cast<ZabSimPeer*>(s.node(id));
}

struct Agreement {
  NodeId leader;
  int64_t epoch = 0;
  std::vector<NodeId> serving;  // the leader and its synced learners
  friend bool operator==(const Agreement&, const Agreement&) = default;
};

// Everyone up; exactly one serving leader; every other node serving with it -- except nodes
// ZooKeeper keeps out by their acceptedEpoch (see tst_election_sim) -- and a quorum of voters
// among them.
std::optional<Agreement> agreement(Sim& s, const Scenario& sc) {
  Agreement a;
  for (NodeId id : s.nodeIds()) {
    const ZabSimPeer* p = peer(s, id);
    if (!p) return std::nullopt;
    if (p->peer().leading() && p->peer().serving()) {
      if (a.leader.value() != 0) return std::nullopt;
      a.leader = id;
      a.epoch = p->peer().currentEpoch();
    }
  }
  if (a.leader.value() == 0) return std::nullopt;
  std::size_t voters = 0;
  for (NodeId id : s.nodeIds()) {
    const ZabSimPeer* p = peer(s, id);
    const bool voter = std::find(sc.voters.begin(), sc.voters.end(), id) != sc.voters.end();
    if (p->peer().serving() && p->peer().leaderId() == a.leader &&
        p->peer().currentEpoch() == a.epoch) {
      a.serving.push_back(id);
      voters += voter ? 1 : 0;
    } else if (p->peer().acceptedEpoch() <= a.epoch) {
      return std::nullopt;
    }
  }
  if (voters <= sc.voters.size() / 2) return std::nullopt;
  return a;
}

struct RunResult {
  uint64_t traceHash = 0;
  std::vector<std::string> failures;
  std::string finalStates;
  sim::SimStats stats;
  int64_t endMs = 0;
  std::size_t acked = 0;
  std::size_t writes = 0;
  std::size_t epochs = 0;
  std::vector<ClientOp> ops;
  ZabDisk::Stats disk;  // summed over the nodes
};

std::string states(Sim& s) {
  std::string text;
  for (NodeId id : s.nodeIds()) {
    const ZabSimPeer* p = peer(s, id);
    text +=
        fmt::format("  node {}: {}\n", id.value(), p ? p->describeState() : std::string("down"));
  }
  return text;
}

void checkWrites(const ZabEnsembleLog& log, std::vector<std::string>& failures) {
  std::map<std::string, std::vector<const ClientOp*>> byKey;
  for (const ClientOp& op : log.ops)
    if (op.completeMs) byKey[op.key].push_back(&op);
  for (const auto& [key, ops] : byKey) {
    std::map<int32_t, uint64_t> versions;
    for (const ClientOp* a : ops) {
      auto [it, fresh] = versions.emplace(a->version, a->id);
      if (!fresh)
        failures.push_back(fmt::format("writes {} and {} to '{}' both got version {}", it->second,
                                       a->id, key, a->version));
      for (const ClientOp* b : ops) {
        if (*a->completeMs < b->invokeMs && a->version >= b->version)
          failures.push_back(fmt::format(
              "write {} to '{}' acknowledged at t={} with version {}, write {} began at t={} "
              "and got version {}",
              a->id, key, *a->completeMs, a->version, b->id, b->invokeMs, b->version));
      }
    }
  }
}

// Each key starts as a znode created before the run (version 0); every write is setData(value,
// -1) -> its version.
void checkLinearizable(const ZabEnsembleLog& log, std::vector<std::string>& failures) {
  using sim::ZnodeInput;
  using sim::ZnodeOutput;
  std::vector<sim::KeyedOperation<std::string, ZnodeInput, ZnodeOutput>> history;
  for (const std::string& key : WorkloadConfig{}.keys)
    history.push_back({key, {0, -1, -1, ZnodeInput::create(""), ZnodeOutput::ok()}});
  for (const ClientOp& op : log.ops) {
    sim::Operation<ZnodeInput, ZnodeOutput> o{static_cast<int64_t>(op.id), op.invokeMs,
                                              op.completeMs, ZnodeInput::setData(op.value),
                                              std::nullopt};
    if (op.completeMs) o.output = ZnodeOutput::okVersion(op.version);
    history.push_back({op.key, o});
  }
  const auto result = sim::checkLinearizablePerKey(sim::ZnodeRegisterModel{}, history);
  if (!result.ok()) failures.push_back("writes are not linearizable: " + result.explanation);
}

void checkReplicas(Sim& s, const Agreement& a, const ZabEnsembleLog& log,
                   std::vector<std::string>& failures) {
  const ZabSimPeer* leader = peer(s, a.leader);
  for (NodeId id : a.serving) {
    const ZabSimPeer* p = peer(s, id);
    if (!(p->state() == leader->state()))
      failures.push_back(
          fmt::format("node {} state (at 0x{:x}) differs from leader {}'s (at 0x{:x})", id.value(),
                      p->state().zxid.value(), a.leader.value(), leader->state().zxid.value()));
    for (const ClientOp& op : log.ops) {
      if (op.completeMs && !p->state().writes.count(op.id))
        failures.push_back(
            fmt::format("node {} lost write {} ('{}' = '{}', acknowledged by node "
                        "{} at t={})",
                        id.value(), op.id, op.key, op.value, op.server.value(), *op.completeMs));
    }
  }
}

RunResult runScenario(const Scenario& sc, ZabBrokenRule broken = ZabBrokenRule::None) {
  ZabEnsembleLog log;
  std::map<NodeId, ZabDisk> disks;
  for (NodeId id : sc.all()) {
    disks[id] = ZabDisk{};
    for (const std::string& key : WorkloadConfig{}.keys)
      disks[id].snapshot.keys[key] = KvState::Entry{"", 0};
    disks[id].profile = sc.disks.at(id);
    disks[id].snapshotAtBoot = sc.snapshotAtBoot;
    disks[id].prng = Prng(sim::mixHash(sc.seed, static_cast<uint64_t>(id.value())));
  }
  sim::SimConfig config;
  config.network = sc.network;
  config.restartStoppedAfterMs = kRestartStoppedAfterMs;
  Sim s(sc.seed, sc.all(), config, [&](NodeId id) {
    coordination::ZabPeerConfig c;
    c.election.myId = id;
    c.election.voters = sc.voters;
    c.election.observers = sc.observers;
    c.timing.tickTimeMs = 500;
    c.historyCapacity = 20;  // small, so SNAP syncs happen too
    return std::make_unique<ZabSimPeer>(c, disks.at(id), log, WorkloadConfig{}, broken);
  });
  traceIfAsked(s);
  s.schedule(sc.plan);
  s.startAll();
  s.runUntil(sc.chaosEndMs);

  RunResult r;
  const int64_t deadlineMs = sc.chaosEndMs + kAgreementBoundMs;
  std::optional<Agreement> agreed;
  bool stable = false;
  while (!stable && s.runUntil(deadlineMs, [&] { return agreement(s, sc).has_value(); }) &&
         s.nowMs() < deadlineMs) {
    agreed = agreement(s, sc);
    const int64_t sinceMs = s.nowMs();
    stable = !s.runUntil(sinceMs + kStableMs, [&] { return agreement(s, sc) != agreed; });
  }
  if (!stable) {
    r.failures.push_back(
        fmt::format("no single serving leader that lasts {} ms within {} ms "
                    "after the network healed and all nodes came up",
                    kStableMs, kAgreementBoundMs));
  } else {
    log.writesOpen = false;
    s.runUntil(s.nowMs() + kQuietMs);
    if (agreement(s, sc) != agreed)
      r.failures.push_back("the agreement changed on a calm network");
    else
      checkReplicas(s, *agreed, log, r.failures);
  }
  checkWrites(log, r.failures);
  checkLinearizable(log, r.failures);
  for (const auto& v : log.history.violations()) r.failures.push_back(v);
  for (const auto& v : log.violations) r.failures.push_back(v);
  r.traceHash = s.traceHash();
  r.finalStates = states(s);
  r.stats = s.stats();
  r.endMs = s.nowMs();
  r.writes = log.ops.size();
  for (const ClientOp& op : log.ops) r.acked += op.completeMs ? 1 : 0;
  r.epochs = log.history.epochs().size();
  r.ops = log.ops;
  for (const auto& [id, d] : disks) {
    r.disk.syncs += d.stats.syncs;
    r.disk.failures += d.stats.failures;
    r.disk.tornTails += d.stats.tornTails;
    r.disk.entriesLost += d.stats.entriesLost;
  }
  return r;
}

std::string failureReport(const Scenario& sc, const RunResult& r) {
  std::string text = fmt::format("seed {} FAILED:\n", sc.seed);
  for (std::size_t i = 0; i < r.failures.size() && i < 10; ++i) text += "  " + r.failures[i] + "\n";
  text += "scenario:\n" + sc.describe() + fmt::format("at t={}:\n", r.endMs) + r.finalStates;
  text += fmt::format("replay: PIER_SIM_SEED={} PIER_SIM_TRACE=1 {} seeds\n", sc.seed,
                      PIER_SIM_TEST_BINARY);
  return text;
}

}  // namespace

class TestZabSim : public QObject {
  Q_OBJECT

 private slots:
  void seeds() {
    std::vector<uint64_t> failed;
    std::string reports;
    uint64_t events = 0, writes = 0, acked = 0, crashes = 0, epochs = 0;
    uint64_t stops = 0, syncs = 0, tornTails = 0, entriesLost = 0;
    int64_t virtualMs = 0;
    const auto list = seedsToRun(kDefaultRuns);
    for (uint64_t seed : list) {
      const Scenario sc = makeScenario(seed);
      const RunResult r = runScenario(sc);
      events += r.stats.events;
      writes += r.writes;
      acked += r.acked;
      crashes += r.stats.crashes;
      epochs += r.epochs;
      virtualMs += r.endMs;
      stops += r.stats.stops;
      syncs += r.disk.syncs;
      tornTails += r.disk.tornTails;
      entriesLost += r.disk.entriesLost;
      if (r.failures.empty()) continue;
      failed.push_back(seed);
      if (failed.size() <= 3) reports += failureReport(sc, r);
    }
    qInfo(
        "%zu runs, %.0f s virtual, %llu events, %llu crashes, %llu epochs, %llu writes, %llu "
        "acknowledged",
        list.size(), double(virtualMs) / 1000.0, (unsigned long long)events,
        (unsigned long long)crashes, (unsigned long long)epochs, (unsigned long long)writes,
        (unsigned long long)acked);
    qInfo(
        "disks: %llu fsyncs, %llu keepers stopped by a failed write, %llu torn tails losing %llu "
        "unsynced entries",
        (unsigned long long)syncs, (unsigned long long)stops, (unsigned long long)tornTails,
        (unsigned long long)entriesLost);
    if (!failed.empty()) {
      std::string seedsText;
      for (uint64_t s : failed) seedsText += fmt::format(" {}", s);
      std::fprintf(stderr, "%s", reports.c_str());
      QFAIL(qPrintable(QString::fromStdString(
          fmt::format("{} of {} seeds failed:{}", failed.size(), list.size(), seedsText))));
    }
    QVERIFY2(acked > list.size() * 10, "the workload barely wrote anything");
  }

  void sameSeedSameTrace() {
    const auto list =
        qEnvironmentVariableIsSet("PIER_SIM_SEED") ? seedsToRun(0) : std::vector<uint64_t>{1, 2, 3};
    std::set<uint64_t> hashes;
    for (uint64_t seed : list) {
      const RunResult a = runScenario(makeScenario(seed));
      const RunResult b = runScenario(makeScenario(seed));
      QVERIFY2(a.traceHash == b.traceHash,
               qPrintable(QString::fromStdString(
                   fmt::format("seed {}: trace {:x} then {:x}", seed, a.traceHash, b.traceHash))));
      QCOMPARE(a.finalStates, b.finalStates);
      hashes.insert(a.traceHash);
    }
    QCOMPARE(hashes.size(), list.size());
  }

  // The checkers can fail: deliberately broken peers are caught within the seed list.
  void ackBeforeLoggingIsCaught() {
    for (uint64_t seed = 1; seed <= kDefaultRuns; ++seed) {
      const RunResult r = runScenario(makeScenario(seed), ZabBrokenRule::AckBeforeLogging);
      if (anyFailureContains(r.failures, "lost write") ||
          anyFailureContains(r.failures, "differs")) {
        qInfo("caught at seed %llu: %s", (unsigned long long)seed, r.failures.front().c_str());
        return;
      }
    }
    QFAIL("learners acknowledging what they did not log were never caught");
  }

  // The disk model: a ready is handed back only once its entries are fsynced and its epochs
  // written; a crash before that keeps a prefix of the entries, of every length; a failing disk
  // stops the keeper.
  void storageHandsBackOnlyWhatIsDurable() {
    ZabDisk disk;
    disk.profile.syncMs = 30;
    std::vector<std::string> violations;
    ZabSimStorage storage(disk, violations, false);
    coordination::ZabReady ready;
    for (int i = 1; i <= 3; ++i) ready.toLog.push_back({Zxid(i), encodeWrite(i, "a", "v")});
    ready.acceptedEpoch = 1;
    storage.submit(ready, 100);
    coordination::ZabReady epochOnly;
    epochOnly.currentEpoch = 1;
    storage.submit(epochOnly, 110);  // queued behind the fsync
    QVERIFY(storage.poll(129).empty());
    QCOMPARE(disk.unsynced.size(), std::size_t(3));
    QCOMPARE(disk.acceptedEpoch, int64_t(0));
    const auto done = storage.poll(130);
    QCOMPARE(done.size(), std::size_t(1));
    QCOMPARE(done[0].ready.toLog.size(), std::size_t(3));
    QCOMPARE(disk.log.size(), std::size_t(3));
    QCOMPARE(disk.acceptedEpoch, int64_t(1));
    QCOMPARE(disk.currentEpoch, int64_t(0));
    QCOMPARE(storage.poll(130).size(), std::size_t(1));  // the next batch, at once
    QCOMPARE(disk.currentEpoch, int64_t(1));
    QVERIFY(storage.poll(130).empty());  // carried out; nothing queued
    QVERIFY(violations.empty());

    disk.profile.faults.push_back({sim::DiskFaultKind::Fail, 200, 300, 0});
    coordination::ZabReady more;
    more.toLog.push_back({Zxid(4), encodeWrite(4, "a", "v")});
    storage.submit(more, 190);
    QVERIFY(storage.poll(220).empty());
    QVERIFY(storage.failed());
    QCOMPARE(disk.unsynced.size(), std::size_t(1));  // left to the next boot
  }

  void aCrashKeepsAPrefixOfTheUnsyncedTail() {
    std::set<std::size_t> kept;
    for (uint64_t seed = 1; seed <= 200; ++seed) {
      ZabDisk disk;
      disk.prng = Prng(seed);
      disk.log.push_back({Zxid(1), encodeWrite(1, "a", "v")});
      for (int i = 2; i <= 4; ++i) disk.unsynced.push_back({Zxid(i), encodeWrite(i, "a", "v")});
      disk.recover();
      QVERIFY(disk.unsynced.empty());
      for (std::size_t i = 0; i < disk.log.size(); ++i) QCOMPARE(disk.log[i].zxid, Zxid(i + 1));
      kept.insert(disk.log.size() - 1);
    }
    QCOMPARE(kept, (std::set<std::size_t>{0, 1, 2, 3}));
  }

  // The history checker bites: two acknowledged writes to one key that did not overlap in time,
  // with their versions swapped, are not linearizable.
  void swappedVersionsAreCaught() {
    const RunResult r = runScenario(makeScenario(1));
    QVERIFY(r.failures.empty());
    ZabEnsembleLog log;
    log.ops = r.ops;
    ClientOp* first = nullptr;
    for (ClientOp& op : log.ops) {
      if (!op.completeMs) continue;
      if (!first) {
        first = &op;
      } else if (op.key == first->key && op.invokeMs > *first->completeMs) {
        std::swap(first->version, op.version);
        std::vector<std::string> failures;
        checkLinearizable(log, failures);
        QVERIFY2(!failures.empty(), "swapped versions passed the linearizability check");
        return;
      }
    }
    QFAIL("no two sequential acknowledged writes to one key in seed 1");
  }

  // Carrying a step out once its log entries are written, before the fsync completes: a power
  // loss then takes acknowledged proposals from a quorum.
  void ackBeforeSyncIsCaught() {
    for (uint64_t seed = 1; seed <= kDefaultRuns; ++seed) {
      const RunResult r = runScenario(makeScenario(seed), ZabBrokenRule::AckBeforeSync);
      if (!r.failures.empty()) {
        qInfo("caught at seed %llu: %s", (unsigned long long)seed, r.failures.front().c_str());
        return;
      }
    }
    QFAIL("peers acknowledging before their fsync were never caught");
  }

  void forgetOnRestartIsCaught() {
    for (uint64_t seed = 1; seed <= kDefaultRuns; ++seed) {
      const RunResult r = runScenario(makeScenario(seed), ZabBrokenRule::ForgetOnRestart);
      if (!r.failures.empty()) {
        qInfo("caught at seed %llu: %s", (unsigned long long)seed, r.failures.front().c_str());
        return;
      }
    }
    QFAIL("peers forgetting their newest log entry were never caught");
  }
};

QTEST_APPLESS_MAIN(TestZabSim)
#include "tst_zab_sim.moc"
