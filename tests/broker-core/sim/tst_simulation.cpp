// Tests for the simulator itself (broker-core/sim): the network model (partitions, loss,
// duplication, delays), fault plans and disk fault plans, the leader-history checker fed with
// forged histories, and Simulation's guarantees on a toy protocol -- same seed same trace,
// partitions and crashes stop delivery, restarts rebuild from persisted state, messages reorder
// and duplicate, a node that stops itself goes down and is restarted.
#include <QtTest>

#include <map>
#include <set>

#include "sim/disk_fault_plan.h"
#include "sim/fault_plan.h"
#include "sim/leader_history.h"
#include "sim/network_model.h"
#include "sim/simulation.h"

using namespace pier;
using namespace pier::sim;

namespace {

struct Numbered {
  int64_t seq = 0;
};

}  // namespace

template <>
struct pier::sim::MessageTraits<Numbered> {
  static uint64_t hash(const Numbered& m) { return static_cast<uint64_t>(m.seq); }
  static std::string describe(const Numbered& m) { return "#" + std::to_string(m.seq); }
};

namespace {

// What each toy node received, kept outside the nodes (it survives crashes: the "disk").
struct Journal {
  std::map<NodeId, std::vector<std::pair<NodeId, int64_t>>> received;
  std::map<NodeId, int> boots;
  std::map<NodeId, int> stopAfterReceived;  // a node exits once it has received this many
};

// On boot, sends `count` numbered messages to every other node; records what it receives.
class Sender final : public Node<Numbered> {
 public:
  Sender(NodeId self, std::vector<NodeId> all, int count, Journal& journal)
      : m_self(self), m_all(std::move(all)), m_count(count), m_journal(journal) {}
  Outbox onStart(int64_t) override {
    ++m_journal.boots[m_self];
    Outbox out;
    for (int i = 0; i < m_count; ++i) {
      for (NodeId to : m_all) {
        if (to != m_self) out.push_back({to, Numbered{i}});
      }
    }
    return out;
  }
  Outbox onMessage(NodeId from, const Numbered& m, int64_t) override {
    m_journal.received[m_self].emplace_back(from, m.seq);
    ++m_received;
    return {};
  }
  Outbox onTick(int64_t) override { return {}; }
  uint64_t stateHash() const override { return static_cast<uint64_t>(m_received); }
  bool stopped() const override {
    auto it = m_journal.stopAfterReceived.find(m_self);
    return it != m_journal.stopAfterReceived.end() && m_received >= it->second;
  }

 private:
  NodeId m_self;
  std::vector<NodeId> m_all;
  int m_count;
  Journal& m_journal;
  int m_received = 0;
};

std::vector<NodeId> ids(int n) {
  std::vector<NodeId> v;
  for (int i = 1; i <= n; ++i) v.push_back(NodeId(i));
  return v;
}

struct Toy {
  Toy(uint64_t seed, int nodes, int count, NetworkConfig net, int64_t restartStoppedAfterMs = 0) {
    SimConfig c;
    c.network = net;
    c.restartStoppedAfterMs = restartStoppedAfterMs;
    auto all = ids(nodes);
    sim = std::make_unique<Simulation<Numbered>>(seed, all, c, [this, all, count](NodeId id) {
      return std::make_unique<Sender>(id, all, count, journal);
    });
  }
  Journal journal;
  std::unique_ptr<Simulation<Numbered>> sim;
};

}  // namespace

class TestSimulation : public QObject {
  Q_OBJECT

 private slots:
  void partitionsCutLinks() {
    NetworkModel net(ids(5), {});
    QVERIFY(net.connected(NodeId(1), NodeId(5)));
    net.partition({{NodeId(1), NodeId(2)}, {NodeId(3), NodeId(4)}});
    QVERIFY(net.partitioned());
    QVERIFY(net.connected(NodeId(1), NodeId(2)));
    QVERIFY(net.connected(NodeId(4), NodeId(3)));
    QVERIFY(!net.connected(NodeId(2), NodeId(3)));
    QVERIFY(!net.connected(NodeId(5), NodeId(1)));  // in no group: alone
    QVERIFY(net.connected(NodeId(5), NodeId(5)));
    net.heal();
    QVERIFY(!net.partitioned());
    QVERIFY(net.connected(NodeId(2), NodeId(3)));
  }

  void deliveryFates_data() {
    QTest::addColumn<uint>("dropPerMille");
    QTest::addColumn<uint>("duplicatePerMille");
    QTest::addColumn<int>("copiesMin");
    QTest::addColumn<int>("copiesMax");
    QTest::newRow("reliable") << 0u << 0u << 1 << 1;
    QTest::newRow("all lost") << 1000u << 0u << 0 << 0;
    QTest::newRow("all doubled") << 0u << 1000u << 2 << 2;
    QTest::newRow("mixed") << 300u << 300u << 0 << 2;
  }
  void deliveryFates() {
    QFETCH(uint, dropPerMille);
    QFETCH(uint, duplicatePerMille);
    QFETCH(int, copiesMin);
    QFETCH(int, copiesMax);
    NetworkConfig c;
    c.delayMinMs = 5;
    c.delayMaxMs = 20;
    c.dropPerMille = dropPerMille;
    c.duplicatePerMille = duplicatePerMille;
    NetworkModel net(ids(2), c);
    Prng prng(11);
    std::set<std::size_t> seen;
    for (int i = 0; i < 2000; ++i) {
      const auto delays = net.deliveryDelaysMs(prng);
      QVERIFY(int(delays.size()) >= copiesMin && int(delays.size()) <= copiesMax);
      seen.insert(delays.size());
      for (int64_t d : delays) QVERIFY(d >= 5 && d <= 20);
    }
    QCOMPARE(int(seen.size()), copiesMax - copiesMin + 1);  // every fate in range occurs
  }

  void faultPlanIsSeededAndSane() {
    FaultPlanConfig c;
    c.chaosEndMs = 60'000;
    c.crashedMax = 2;
    Prng a(5), b(5), other(6);
    const auto plan = makeFaultPlan(ids(5), c, a);
    QCOMPARE(plan, makeFaultPlan(ids(5), c, b));
    QVERIFY(plan != makeFaultPlan(ids(5), c, other));
    QCOMPARE(plan.back().kind, FaultKind::EndChaos);
    QCOMPARE(plan.back().atMs, int64_t(60'000));
    std::set<NodeId> crashed;
    int64_t last = 0;
    std::map<FaultKind, int> kinds;
    for (const auto& f : plan) {
      QVERIFY(f.atMs >= last);
      last = f.atMs;
      ++kinds[f.kind];
      if (f.kind == FaultKind::Crash) QVERIFY(crashed.insert(f.node).second);
      if (f.kind == FaultKind::Restart) QVERIFY(crashed.erase(f.node) == 1);
      QVERIFY(crashed.size() <= 2);
      if (f.kind == FaultKind::Partition) {
        std::size_t members = 0;
        for (const auto& g : f.groups) {
          QVERIFY(!g.empty());
          members += g.size();
        }
        QCOMPARE(members, std::size_t(5));
      }
      QVERIFY(!describe(f).empty());
    }
    QVERIFY(kinds[FaultKind::Crash] > 0 && kinds[FaultKind::Restart] > 0 &&
            kinds[FaultKind::Partition] > 0);
  }

  void powerLossCrashesEveryRunningNodeAtOnce() {
    FaultPlanConfig c;
    c.chaosEndMs = 200'000;
    c.crashWeight = 0;
    c.partitionWeight = 0;
    c.healWeight = 0;
    c.powerLossWeight = 1;
    Prng prng(9);
    const auto plan = makeFaultPlan(ids(3), c, prng);
    std::map<int64_t, int> crashesAt;
    for (const auto& f : plan)
      if (f.kind == FaultKind::Crash) ++crashesAt[f.atMs];
    QVERIFY(!crashesAt.empty());
    bool wholeEnsemble = false;
    for (const auto& [t, n] : crashesAt) wholeEnsemble |= n == 3;
    QVERIFY(wholeEnsemble);  // at least one loss found all three up
    c.crashedMax = 2;        // never more down than allowed
    Prng again(9);
    for (const auto& f : makeFaultPlan(ids(3), c, again)) QVERIFY(f.kind != FaultKind::Crash);
  }

  void diskFaultPlanIsSeededAndBounded() {
    DiskFaultPlanConfig c;
    c.chaosEndMs = 20'000;
    c.faultyDiskPerMille = 1000;
    Prng a(5), b(5), other(6);
    const auto plan = makeDiskFaultPlan(ids(5), c, a);
    QCOMPARE(plan, makeDiskFaultPlan(ids(5), c, b));
    QVERIFY(plan != makeDiskFaultPlan(ids(5), c, other));
    std::map<DiskFaultKind, int> kinds;
    for (const auto& [id, d] : plan) {
      QVERIFY(d.syncMs >= c.syncMsMin && d.syncMs <= c.syncMsMax);
      QVERIFY(!d.faults.empty() && d.faults.size() <= c.windowsMax);
      int64_t last = 0;
      for (const DiskFault& f : d.faults) {
        ++kinds[f.kind];
        QVERIFY(f.fromMs >= last && f.fromMs < f.untilMs && f.untilMs <= c.chaosEndMs);
        last = f.untilMs;
        QCOMPARE(d.failsAt(f.fromMs), f.kind == DiskFaultKind::Fail);
        QCOMPARE(d.syncLatencyMs(f.untilMs - 1),
                 f.kind == DiskFaultKind::Stall ? f.syncMs : d.syncMs);
      }
      QVERIFY(!d.failsAt(c.chaosEndMs));
      QCOMPARE(d.syncLatencyMs(c.chaosEndMs), d.syncMs);
      QVERIFY(!describe(id, d).empty());
    }
    QVERIFY(kinds[DiskFaultKind::Fail] > 0 && kinds[DiskFaultKind::Stall] > 0);
  }

  // A node that stops itself is crashed after the step (what it sent in that step still goes)
  // and booted again restartStoppedAfterMs later.
  void aStoppedNodeIsCrashedAndRestarted() {
    NetworkConfig net;
    net.delayMinMs = 10;
    net.delayMaxMs = 10;
    Toy t(2, 2, 3, net, 500);
    t.journal.stopAfterReceived[NodeId(2)] = 1;
    t.sim->startAll();
    t.sim->runUntil(100);
    QVERIFY(!t.sim->isUp(NodeId(2)));
    QCOMPARE(t.sim->stats().stops, uint64_t(1));
    QCOMPARE(t.journal.received[NodeId(2)].size(), std::size_t(1));  // the rest died with it
    QCOMPARE(t.journal.received[NodeId(1)].size(), std::size_t(3));  // sent at boot
    t.journal.stopAfterReceived.clear();
    t.sim->runUntil(600);
    QVERIFY(t.sim->isUp(NodeId(2)));
    QCOMPARE(t.journal.boots[NodeId(2)], 2);
    QCOMPARE(t.journal.received[NodeId(1)].size(), std::size_t(6));
  }

  // The checker is shown to fail on a forged history, and to pass a legal one.
  void leaderHistoryCatchesTwoLeadersInOneEpoch() {
    LeaderHistory h;
    h.record({1, NodeId(3), NodeId(3), 100});
    h.record({1, NodeId(3), NodeId(1), 120});  // a follower agreeing
    h.record({2, NodeId(2), NodeId(2), 900});
    QVERIFY(h.violations().empty());
    h.record({2, NodeId(5), NodeId(4), 950});  // the forged one
    h.record({2, NodeId(5), NodeId(5), 960});  // reported once, not per claim
    const auto v = h.violations();
    QCOMPARE(v.size(), std::size_t(1));
    QVERIFY2(v[0].find("epoch 2 has two leaders: 2") != std::string::npos, v[0].c_str());
    QVERIFY2(v[0].find("and 5 (reported by 4 at t=950)") != std::string::npos, v[0].c_str());
    QCOMPARE(h.epochs(), (std::vector<int64_t>{1, 2}));
  }

  void sameSeedSameTrace() {
    NetworkConfig net;
    net.delayMaxMs = 80;
    net.dropPerMille = 100;
    net.duplicatePerMille = 100;
    auto run = [&](uint64_t seed) {
      Toy t(seed, 4, 20, net);
      t.sim->startAll();
      t.sim->runUntil(1000);
      return std::make_pair(t.sim->traceHash(), t.journal.received);
    };
    const auto a = run(42);
    const auto b = run(42);
    QCOMPARE(a.first, b.first);
    QVERIFY(a.second == b.second);
    const auto c = run(43);
    QVERIFY(a.first != c.first);  // the hash does see the differences
  }

  void messagesReorderAndDuplicate() {
    NetworkConfig net;
    net.delayMinMs = 1;
    net.delayMaxMs = 100;
    net.duplicatePerMille = 200;
    Toy t(7, 2, 200, net);
    t.sim->startAll();
    t.sim->runUntil(1000);
    const auto& got = t.journal.received[NodeId(2)];
    QVERIFY(got.size() > 200);  // some twice
    QCOMPARE(t.sim->stats().delivered, uint64_t(got.size() + t.journal.received[NodeId(1)].size()));
    bool reordered = false;
    for (std::size_t i = 1; i < got.size(); ++i) reordered |= got[i].second < got[i - 1].second;
    QVERIFY(reordered);
  }

  void partitionsAndCrashesStopDelivery() {
    NetworkConfig net;
    net.delayMinMs = 10;
    net.delayMaxMs = 10;
    Toy t(1, 3, 5, net);
    t.sim->partition({{NodeId(1), NodeId(2)}, {NodeId(3)}});
    t.sim->startAll();
    t.sim->runUntil(5);
    t.sim->crash(NodeId(2));  // 1's messages to 2 are in flight
    t.sim->runUntil(100);
    QVERIFY(t.journal.received[NodeId(2)].empty());
    QVERIFY(t.journal.received[NodeId(3)].empty());
    QCOMPARE(t.journal.received[NodeId(1)].size(), std::size_t(5));  // from 2, before it died
    QCOMPARE(t.sim->stats().toCrashed, uint64_t(5));
    QCOMPARE(t.sim->stats().cutOff, uint64_t(20));  // 3 <-> {1, 2} both ways, at send
    QVERIFY(!t.sim->isUp(NodeId(2)));
    QVERIFY(t.sim->node(NodeId(2)) == nullptr);
    // A restart rebuilds the node through the factory; it boots (and sends) again.
    t.sim->heal();
    t.sim->restart(NodeId(2));
    QCOMPARE(t.journal.boots[NodeId(2)], 2);
    t.sim->runUntil(200);
    QCOMPARE(t.journal.received[NodeId(1)].size(), std::size_t(10));
    QCOMPARE(t.journal.received[NodeId(3)].size(), std::size_t(5));
  }

  void scheduledFaultsAndEarlyStop() {
    Toy t(3, 3, 1, {});
    t.sim->schedule({FaultAction{50, FaultKind::Crash, NodeId(3), {}},
                     FaultAction{80, FaultKind::EndChaos, NodeId(), {}}});
    t.sim->startAll();
    t.sim->runUntil(60);
    QVERIFY(!t.sim->isUp(NodeId(3)));
    QVERIFY(t.sim->runUntil(1000, [&] { return t.sim->isUp(NodeId(3)); }));
    QCOMPARE(t.sim->nowMs(), int64_t(80));  // stopped at the event that made it true
    QVERIFY(!t.sim->runUntil(2000, [] { return false; }));
    QCOMPARE(t.sim->nowMs(), int64_t(2000));
  }
};

QTEST_APPLESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
