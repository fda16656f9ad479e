// Tests for LeaderElection (ZooKeeper's FastLeaderElection as a pure state machine): who wins
// (peerEpoch, then zxid, then sid), quorums of voters only, late joiners following an
// established leader without a new election, re-election after the leader goes, the answers
// each state gives to each other state, finalizeWait and the notification backoff.
// Ensembles run here on a lossless FIFO network in a loop; the seeded, faulty network is in
// tests/broker-core/sim/.
#include <QtTest>

#include <deque>
#include <map>
#include <memory>
#include <set>

#include "coordination/leader_election_fsm.h"

using namespace pier;
using namespace pier::coordination;

namespace {

Zxid zxid(int64_t epoch, int64_t counter) {
  return Zxid((epoch << 32) | counter);
}

struct ServerSpec {
  int32_t sid = 0;
  int64_t epoch = 1;       // currentEpoch
  int64_t counter = 0;     // of the last logged zxid
  int64_t zxidEpoch = -1;  // of the last logged zxid; -1: the current epoch
  Zxid lastZxid() const { return zxid(zxidEpoch < 0 ? epoch : zxidEpoch, counter); }
};

// An ensemble on a lossless, in-order network: messages at the same instant are delivered
// before time moves on by 10 ms and everyone ticks.
class Ensemble {
 public:
  Ensemble(std::vector<int32_t> voters, std::vector<int32_t> observers = {}) {
    for (int32_t v : voters) m_config.voters.push_back(NodeId(v));
    for (int32_t o : observers) m_config.observers.push_back(NodeId(o));
  }

  void start(const ServerSpec& s) {
    auto& e = m_servers[s.sid];
    if (!e) {
      ElectionConfig c = m_config;
      c.myId = NodeId(s.sid);
      e = std::make_unique<LeaderElection>(c);
    }
    take(s.sid, e->start(m_now, s.lastZxid(), s.epoch));
  }
  void startAll(const std::vector<ServerSpec>& specs) {
    for (const auto& s : specs) start(s);
  }
  void crash(int32_t sid) { m_servers.erase(sid); }

  void runFor(int64_t durationMs) {
    const int64_t until = m_now + durationMs;
    while (m_now < until) {
      while (!m_queue.empty()) {
        Msg m = m_queue.front();
        m_queue.pop_front();
        auto it = m_servers.find(m.to);
        if (it == m_servers.end()) continue;
        take(m.to, it->second->receive(NodeId(m.from), m.n, m_now));
      }
      m_now += 10;
      for (auto& [sid, e] : m_servers) take(sid, e->tick(m_now));
    }
  }

  LeaderElection& server(int32_t sid) { return *m_servers.at(sid); }
  bool has(int32_t sid) const { return m_servers.count(sid) > 0; }
  const std::vector<ElectionDecision>& decisions(int32_t sid) { return m_decisions[sid]; }
  std::optional<ElectionDecision> lastDecision(int32_t sid) {
    auto& d = m_decisions[sid];
    return d.empty() ? std::nullopt : std::optional<ElectionDecision>(d.back());
  }
  int sentBy(int32_t sid) const {
    auto it = m_sent.find(sid);
    return it == m_sent.end() ? 0 : it->second;
  }
  int64_t now() const { return m_now; }

 private:
  struct Msg {
    int32_t from;
    int32_t to;
    Notification n;
  };
  void take(int32_t sid, const ElectionReady& r) {
    for (const auto& o : r.toSend) {
      m_queue.push_back(Msg{sid, o.to.value(), o.notification});
      ++m_sent[sid];
    }
    if (r.decision) m_decisions[sid].push_back(*r.decision);
  }

  ElectionConfig m_config;
  std::map<int32_t, std::unique_ptr<LeaderElection>> m_servers;
  std::map<int32_t, std::vector<ElectionDecision>> m_decisions;
  std::map<int32_t, int> m_sent;
  std::deque<Msg> m_queue;
  int64_t m_now = 0;
};

std::vector<int32_t> range(int32_t first, int32_t last) {
  std::vector<int32_t> ids;
  for (int32_t i = first; i <= last; ++i) ids.push_back(i);
  return ids;
}

}  // namespace

Q_DECLARE_METATYPE(std::vector<ServerSpec>)

class TestLeaderElectionFsm : public QObject {
  Q_OBJECT

 private slots:
  void totalOrder_data() {
    QTest::addColumn<int>("newSid");
    QTest::addColumn<qint64>("newZxid");
    QTest::addColumn<qint64>("newEpoch");
    QTest::addColumn<int>("curSid");
    QTest::addColumn<qint64>("curZxid");
    QTest::addColumn<qint64>("curEpoch");
    QTest::addColumn<bool>("precedes");
    QTest::newRow("higher epoch beats higher zxid and sid")
        << 1 << qint64(5) << qint64(3) << 9 << qint64(900) << qint64(2) << true;
    QTest::newRow("lower epoch loses")
        << 9 << qint64(900) << qint64(2) << 1 << qint64(5) << qint64(3) << false;
    QTest::newRow("same epoch, higher zxid beats higher sid")
        << 1 << qint64(7) << qint64(2) << 5 << qint64(6) << qint64(2) << true;
    QTest::newRow("same epoch and zxid, higher sid")
        << 5 << qint64(7) << qint64(2) << 4 << qint64(7) << qint64(2) << true;
    QTest::newRow("an equal vote does not precede")
        << 4 << qint64(7) << qint64(2) << 4 << qint64(7) << qint64(2) << false;
  }
  void totalOrder() {
    QFETCH(int, newSid);
    QFETCH(qint64, newZxid);
    QFETCH(qint64, newEpoch);
    QFETCH(int, curSid);
    QFETCH(qint64, curZxid);
    QFETCH(qint64, curEpoch);
    QFETCH(bool, precedes);
    QCOMPARE(votePrecedes(NodeId(newSid), Zxid(newZxid), newEpoch, NodeId(curSid), Zxid(curZxid),
                          curEpoch),
             precedes);
  }

  void voteEquality() {
    const Vote looking{NodeId(3), Zxid(10), 4, 2, ServerState::Looking};
    Vote other = looking;
    other.zxid = Zxid(11);
    QVERIFY(!sameVote(looking, other));  // LOOKING: every field counts
    // Out of election, zxid and round may be stale: leader and peer epoch decide.
    const Vote following{NodeId(3), Zxid(10), 4, 2, ServerState::Following};
    const Vote leading{NodeId(3), Zxid(99), 7, 2, ServerState::Leading};
    QVERIFY(sameVote(following, leading));
    Vote newerEpoch = leading;
    newerEpoch.peerEpoch = 3;
    QVERIFY(!sameVote(following, newerEpoch));
  }

  void allStartTogether_data() {
    QTest::addColumn<int>("voters");
    QTest::addColumn<std::vector<ServerSpec>>("servers");
    QTest::addColumn<int>("leader");
    QTest::newRow("3 equal: highest sid")
        << 3 << std::vector<ServerSpec>{{1, 1, 5}, {2, 1, 5}, {3, 1, 5}} << 3;
    QTest::newRow("5 equal: highest sid")
        << 5 << std::vector<ServerSpec>{{1, 1, 5}, {2, 1, 5}, {3, 1, 5}, {4, 1, 5}, {5, 1, 5}} << 5;
    QTest::newRow("3: higher zxid beats higher sid")
        << 3 << std::vector<ServerSpec>{{1, 1, 9}, {2, 1, 5}, {3, 1, 5}} << 1;
    QTest::newRow("5: higher zxid in the middle")
        << 5 << std::vector<ServerSpec>{{1, 2, 1}, {2, 2, 1}, {3, 2, 4}, {4, 2, 3}, {5, 2, 1}} << 3;
    // Server 1 synced epoch 3 but logged nothing in it yet; 2 and 3 hold unsynced epoch-2 txns.
    QTest::newRow("3: higher epoch beats higher zxid")
        << 3 << std::vector<ServerSpec>{{1, 3, 5, 2}, {2, 2, 50}, {3, 2, 50}} << 1;
    QTest::newRow("5: epoch, then zxid, then sid")
        << 5 << std::vector<ServerSpec>{{1, 2, 7}, {2, 3, 7}, {3, 3, 9}, {4, 3, 9}, {5, 1, 99}}
        << 4;
    QTest::newRow("5: started in reverse order")
        << 5 << std::vector<ServerSpec>{{5, 1, 1}, {4, 1, 1}, {3, 1, 2}, {2, 1, 1}, {1, 1, 1}} << 3;
  }
  void allStartTogether() {
    QFETCH(int, voters);
    QFETCH(std::vector<ServerSpec>, servers);
    QFETCH(int, leader);
    Ensemble e(range(1, voters));
    e.startAll(servers);
    e.runFor(2000);
    const ServerSpec* winner = nullptr;
    for (const auto& s : servers) {
      if (s.sid == leader) winner = &s;
    }
    QVERIFY(winner);
    for (const auto& s : servers) {
      QCOMPARE(e.decisions(s.sid).size(), std::size_t(1));
      const ElectionDecision d = *e.lastDecision(s.sid);
      QCOMPARE(d.leader, NodeId(leader));
      QCOMPARE(d.zxid, winner->lastZxid());
      QCOMPARE(d.peerEpoch, winner->epoch);
      QCOMPARE(d.electionEpoch, int64_t(1));
      QCOMPARE(d.state, s.sid == leader ? ServerState::Leading : ServerState::Following);
      QCOMPARE(e.server(s.sid).state(), d.state);
    }
  }

  void decisionWaitsFinalizeWait() {
    // Servers 1 and 2 agree on 2 at once, but nobody decides before 200 ms of quiet.
    Ensemble e(range(1, 3));
    e.start({1, 1, 0});
    e.start({2, 1, 0});
    e.runFor(190);
    QVERIFY(!e.lastDecision(1) && !e.lastDecision(2));
    e.runFor(30);
    QCOMPARE(e.lastDecision(1)->leader, NodeId(2));
    QCOMPARE(e.lastDecision(2)->state, ServerState::Leading);
  }

  void betterVoteInsideFinalizeWaitReopensTheRound() {
    ElectionConfig c;
    c.myId = NodeId(1);
    c.voters = {NodeId(1), NodeId(2), NodeId(3)};
    LeaderElection s1(c);
    s1.start(0, zxid(1, 0), 1);
    // Server 2 votes for itself: 1 adopts it, and {1, 2} is a quorum: finalizing.
    auto r =
        s1.receive(NodeId(2), Notification{ServerState::Looking, NodeId(2), zxid(1, 0), 1, 1}, 10);
    QCOMPARE(r.toSend.size(), std::size_t(2));  // the new proposal to 2 and 3
    QCOMPARE(s1.proposal().leader, NodeId(2));
    QCOMPARE(s1.nextDeadlineMs(), std::optional<int64_t>(210));
    // A worse vote is consumed and restarts the wait; it is not counted.
    s1.receive(NodeId(3), Notification{ServerState::Looking, NodeId(1), zxid(1, 0), 1, 1}, 100);
    QCOMPARE(s1.nextDeadlineMs(), std::optional<int64_t>(300));
    // A better one (3 with a higher zxid) reopens the round before the wait is over.
    s1.receive(NodeId(3), Notification{ServerState::Looking, NodeId(3), zxid(1, 4), 1, 1}, 150);
    QCOMPARE(s1.proposal().leader, NodeId(3));
    QVERIFY(!s1.tick(299).decision);
    // {1, 3} for 3 is a quorum too; it decides for 3 after its own 200 ms.
    const auto d = s1.tick(350).decision;
    QVERIFY(d);
    QCOMPARE(d->leader, NodeId(3));
    QCOMPARE(d->state, ServerState::Following);
  }

  void notificationBackoff() {
    // A lone voter re-sends after 200, 400, 800 ms..., never waiting more than the maximum.
    ElectionConfig c;
    c.myId = NodeId(1);
    c.voters = {NodeId(1), NodeId(2), NodeId(3)};
    c.maxNotificationIntervalMs = 1000;
    LeaderElection s(c);
    QCOMPARE(s.start(0, zxid(1, 0), 1).toSend.size(), std::size_t(2));
    std::vector<int64_t> resentAt;
    for (int64_t t = 10; t <= 5000; t += 10) {
      if (!s.tick(t).toSend.empty()) resentAt.push_back(t);
    }
    const std::vector<int64_t> expected{200, 600, 1400, 2400, 3400, 4400};
    QCOMPARE(resentAt, expected);
    // Any notification received restarts the current interval (the poll returned).
    s.receive(NodeId(2), Notification{ServerState::Looking, NodeId(1), zxid(1, 0), 0, 1},
              5000);  // a stale round
    QVERIFY(s.tick(5990).toSend.empty());
    QVERIFY(!s.tick(6000).toSend.empty());
  }

  void minorityCannotElect_data() {
    QTest::addColumn<int>("voters");
    QTest::addColumn<std::vector<int32_t>>("observers");
    QTest::addColumn<std::vector<int32_t>>("running");
    QTest::newRow("1 of 3") << 3 << std::vector<int32_t>{} << std::vector<int32_t>{3};
    QTest::newRow("2 of 5") << 5 << std::vector<int32_t>{} << std::vector<int32_t>{4, 5};
    QTest::newRow("2 of 4 (half is no majority)")
        << 4 << std::vector<int32_t>{} << std::vector<int32_t>{1, 4};
    QTest::newRow("1 of 3 voters with 2 observers")
        << 3 << std::vector<int32_t>{4, 5} << std::vector<int32_t>{3, 4, 5};
  }
  void minorityCannotElect() {
    QFETCH(int, voters);
    QFETCH(std::vector<int32_t>, observers);
    QFETCH(std::vector<int32_t>, running);
    Ensemble e(range(1, voters), observers);
    for (int32_t sid : running) e.start({sid, 1, 0});
    e.runFor(30'000);
    for (int32_t sid : running) {
      QVERIFY2(e.decisions(sid).empty(), qPrintable(QString("server %1 decided").arg(sid)));
      QCOMPARE(e.server(sid).state(), ServerState::Looking);
    }
    // One more voter makes a majority: now they elect.
    int32_t extra = 1;
    while (std::find(running.begin(), running.end(), extra) != running.end()) ++extra;
    running.push_back(extra);
    e.start({extra, 1, 0});
    // Everyone has backed off: the lone voter re-sends only every ~25 s, and an observer that
    // asks just before the voters decide hears LOOKING answers, then waits up to 60 s again.
    e.runFor(125'000);
    int leaders = 0;
    for (int32_t sid : running) {
      QVERIFY2(!e.decisions(sid).empty(), qPrintable(QString("server %1 did not decide").arg(sid)));
      leaders += e.server(sid).state() == ServerState::Leading ? 1 : 0;
    }
    QCOMPARE(leaders, 1);
  }

  void observersNeverLeadNorCount() {
    // Observers 4 and 5 have the highest sids and zxids; voters still elect among themselves,
    // and the observers learn the outcome (they get answers, they are never sent votes).
    Ensemble e(range(1, 3), {4, 5});
    e.startAll({{4, 1, 99}, {5, 1, 99}, {1, 1, 3}, {2, 1, 3}, {3, 1, 1}});
    e.runFor(3000);
    for (int32_t sid : {1, 2, 3, 4, 5}) {
      QVERIFY2(e.lastDecision(sid), qPrintable(QString("server %1 did not decide").arg(sid)));
      QCOMPARE(e.lastDecision(sid)->leader, NodeId(2));
    }
    QCOMPARE(e.server(4).state(), ServerState::Observing);
    QCOMPARE(e.server(5).state(), ServerState::Observing);
    QCOMPARE(e.server(2).state(), ServerState::Leading);
    QVERIFY(e.server(4).isObserver() && !e.server(2).isObserver());
  }

  void observerVotesAreIgnoredByVoters() {
    ElectionConfig c;
    c.myId = NodeId(1);
    c.voters = {NodeId(1), NodeId(2), NodeId(3)};
    c.observers = {NodeId(4)};
    LeaderElection s1(c);
    s1.start(0, zxid(1, 0), 1);
    // An observer "voting" for itself with a huge zxid: answered at once, never counted.
    auto r =
        s1.receive(NodeId(4), Notification{ServerState::Looking, NodeId(4), zxid(9, 9), 1, 9}, 5);
    QCOMPARE(r.toSend.size(), std::size_t(1));
    QCOMPARE(r.toSend[0].to, NodeId(4));
    QCOMPARE(r.toSend[0].notification.state, ServerState::Looking);
    QCOMPARE(r.toSend[0].notification.electionEpoch, int64_t(1));
    QCOMPARE(s1.proposal().leader, NodeId(1));
    // A vote for the observer from a voter is ignored too (it is not a valid leader).
    r = s1.receive(NodeId(2), Notification{ServerState::Looking, NodeId(4), zxid(9, 9), 1, 9}, 6);
    QVERIFY(r.toSend.empty());
    QCOMPARE(s1.proposal().leader, NodeId(1));
    // An unknown server is not answered at all.
    QVERIFY(
        s1.receive(NodeId(42), Notification{ServerState::Looking, NodeId(42), zxid(1, 0), 1, 1}, 7)
            .toSend.empty());
  }

  void lateJoinerFollowsEstablishedLeader_data() {
    QTest::addColumn<int64_t>("joinerCounter");
    QTest::newRow("joiner behind") << int64_t(0);
    QTest::newRow("joiner with a higher zxid still joins") << int64_t(50);
  }
  void lateJoinerFollowsEstablishedLeader() {
    QFETCH(int64_t, joinerCounter);
    Ensemble e(range(1, 3));
    e.startAll({{1, 1, 5}, {2, 1, 5}, {3, 1, 5}});
    e.runFor(1000);
    QCOMPARE(e.lastDecision(1)->leader, NodeId(3));
    // Server 1 fails; 2 and 3 lose it and elect again, in round 2: 3 leads again.
    e.crash(1);
    e.start({2, 1, 5});
    e.start({3, 1, 5});
    e.runFor(1000);
    QCOMPARE(e.lastDecision(2)->electionEpoch, int64_t(2));
    QCOMPARE(e.lastDecision(3)->state, ServerState::Leading);
    e.server(2).updatePeerEpoch(2);  // both synced in epoch 2 (QuorumPeer.updateElectionVote)
    e.server(3).updatePeerEpoch(2);
    const auto decisions2 = e.decisions(2).size();
    const auto decisions3 = e.decisions(3).size();
    const int sent2 = e.sentBy(2);
    // Server 1 comes back in round 1: the FOLLOWING/LEADING answers put it behind 3 in round 2.
    e.start({1, 1, joinerCounter});
    e.runFor(1000);
    const auto d = e.lastDecision(1);
    QVERIFY(d);
    QCOMPARE(d->leader, NodeId(3));
    QCOMPARE(d->state, ServerState::Following);
    QCOMPARE(d->electionEpoch, int64_t(2));
    QCOMPARE(d->peerEpoch, int64_t(2));
    QCOMPARE(e.server(1).logicalClock(), int64_t(2));
    // No new election: 2 and 3 neither decided again nor left their states, and 2 only answered.
    QCOMPARE(e.decisions(2).size(), decisions2);
    QCOMPARE(e.decisions(3).size(), decisions3);
    QCOMPARE(e.server(2).state(), ServerState::Following);
    QCOMPARE(e.server(3).state(), ServerState::Leading);
    QCOMPARE(e.sentBy(2) - sent2, 1);
  }

  void joinerNeedsTheLeadersOwnWord() {
    // Two followers say "3 leads", but 3 is gone: a quorum of FOLLOWING votes alone is not
    // enough (checkLeader), so the joiner keeps looking.
    ElectionConfig c;
    c.myId = NodeId(1);
    c.voters = {NodeId(1), NodeId(2), NodeId(3), NodeId(4), NodeId(5)};
    LeaderElection s1(c);
    s1.start(0, zxid(1, 0), 1);
    const Notification following{ServerState::Following, NodeId(3), zxid(1, 5), 4, 1};
    QVERIFY(!s1.receive(NodeId(2), following, 1).decision);
    QVERIFY(!s1.receive(NodeId(4), following, 2).decision);
    QVERIFY(!s1.receive(NodeId(5), following, 3).decision);
    QCOMPARE(s1.state(), ServerState::Looking);
    // The leader's LEADING notification completes it.
    const auto d =
        s1.receive(NodeId(3), Notification{ServerState::Leading, NodeId(3), zxid(1, 5), 4, 1}, 4)
            .decision;
    QVERIFY(d);
    QCOMPARE(d->leader, NodeId(3));
    QCOMPARE(s1.logicalClock(), int64_t(4));
  }

  void restartedLeaderPeersReelect_data() {
    QTest::addColumn<bool>("leaderComesBack");
    QTest::addColumn<int>("newLeader");
    QTest::newRow("leader stays down: the next best leads") << false << 2;
    QTest::newRow("leader restarts at once: it wins round 2 again") << true << 3;
  }
  void restartedLeaderPeersReelect() {
    QFETCH(bool, leaderComesBack);
    QFETCH(int, newLeader);
    Ensemble e(range(1, 3));
    e.startAll({{1, 1, 5}, {2, 1, 5}, {3, 1, 5}});
    e.runFor(1000);
    QCOMPARE(e.server(3).state(), ServerState::Leading);
    e.crash(3);
    // The followers lose their leader and go LOOKING.
    e.start({1, 1, 5});
    e.start({2, 1, 5});
    if (leaderComesBack) e.start({3, 1, 5});  // a fresh process: round 1, it catches up to 2
    e.runFor(2000);
    std::vector<int32_t> alive{1, 2};
    if (leaderComesBack) alive.push_back(3);
    for (int32_t sid : alive) {
      const auto d = e.lastDecision(sid);
      QVERIFY2(d, qPrintable(QString("server %1 did not decide").arg(sid)));
      QCOMPARE(d->leader, NodeId(newLeader));
      QCOMPARE(d->electionEpoch, int64_t(2));
      QCOMPARE(e.server(sid).state(),
               sid == newLeader ? ServerState::Leading : ServerState::Following);
    }
  }

  // What a server answers, by its state and the sender's.
  void answers_data() {
    QTest::addColumn<bool>("receiverLooking");
    QTest::addColumn<int>("senderState");
    QTest::addColumn<qint64>("senderRound");
    QTest::addColumn<int>("senderVote");
    QTest::addColumn<int>("expectedMessages");
    QTest::addColumn<int>("expectedState");
    QTest::addColumn<qint64>("expectedRound");
    QTest::addColumn<int>("expectedLeader");
    // The receiver's round is 3 when LOOKING; when FOLLOWING, it decided for 3 in round 3.
    QTest::newRow("LOOKING to LOOKING from a lower round: our proposal")
        << true << int(ServerState::Looking) << qint64(1) << 1 << 1 << int(ServerState::Looking)
        << qint64(3) << 2;
    QTest::newRow("LOOKING to LOOKING same round, worse vote: nothing")
        << true << int(ServerState::Looking) << qint64(3) << 1 << 0 << -1 << qint64(-1) << -1;
    QTest::newRow("LOOKING to LOOKING same round, better vote: adopt and tell every voter")
        << true << int(ServerState::Looking) << qint64(3) << 3 << 2 << int(ServerState::Looking)
        << qint64(3) << 3;
    QTest::newRow("LOOKING to LOOKING from a higher round: join it, tell every voter")
        << true << int(ServerState::Looking) << qint64(7) << 1 << 2 << int(ServerState::Looking)
        << qint64(7) << 2;
    QTest::newRow("LOOKING to FOLLOWING: nothing")
        << true << int(ServerState::Following) << qint64(1) << 3 << 0 << -1 << qint64(-1) << -1;
    QTest::newRow("FOLLOWING to LOOKING: its leader, state and the round it was decided in")
        << false << int(ServerState::Looking) << qint64(9) << 1 << 1 << int(ServerState::Following)
        << qint64(3) << 3;
    QTest::newRow("FOLLOWING to FOLLOWING: nothing")
        << false << int(ServerState::Following) << qint64(3) << 3 << 0 << -1 << qint64(-1) << -1;
    QTest::newRow("FOLLOWING to LEADING: nothing")
        << false << int(ServerState::Leading) << qint64(3) << 3 << 0 << -1 << qint64(-1) << -1;
  }
  void answers() {
    QFETCH(bool, receiverLooking);
    QFETCH(int, senderState);
    QFETCH(qint64, senderRound);
    QFETCH(int, senderVote);
    QFETCH(int, expectedMessages);
    QFETCH(int, expectedState);
    QFETCH(qint64, expectedRound);
    QFETCH(int, expectedLeader);
    ElectionConfig c;
    c.myId = NodeId(2);
    c.voters = {NodeId(1), NodeId(2), NodeId(3)};
    LeaderElection s2(c);
    s2.start(0, zxid(1, 5), 1);
    // Round 3 via a LOOKING voter of round 3 voting for 1 (worse than 2 itself).
    s2.receive(NodeId(1), Notification{ServerState::Looking, NodeId(1), zxid(1, 5), 3, 1}, 1);
    QCOMPARE(s2.logicalClock(), int64_t(3));
    if (!receiverLooking) {
      s2.receive(NodeId(3), Notification{ServerState::Leading, NodeId(3), zxid(1, 5), 3, 1}, 2);
      s2.receive(NodeId(1), Notification{ServerState::Following, NodeId(3), zxid(1, 5), 3, 1}, 3);
      QCOMPARE(s2.state(), ServerState::Following);
    }
    const Notification n{static_cast<ServerState>(senderState), NodeId(senderVote), zxid(1, 5),
                         senderRound, 1};
    const auto r = s2.receive(NodeId(1), n, 10);
    QCOMPARE(int(r.toSend.size()), expectedMessages);
    for (const auto& o : r.toSend) {
      QCOMPARE(int(o.notification.state), expectedState);
      QCOMPARE(o.notification.electionEpoch, int64_t(expectedRound));
      QCOMPARE(o.notification.leader, NodeId(expectedLeader));
      QVERIFY(o.to != NodeId(2));  // our own copy is handled inside
    }
  }

  void observerIsAnsweredInAnyState() {
    ElectionConfig c;
    c.myId = NodeId(2);
    c.voters = {NodeId(1), NodeId(2), NodeId(3)};
    c.observers = {NodeId(9)};
    LeaderElection s2(c);
    s2.start(0, zxid(1, 5), 1);
    s2.receive(NodeId(3), Notification{ServerState::Leading, NodeId(3), zxid(1, 6), 1, 1}, 1);
    s2.receive(NodeId(1), Notification{ServerState::Following, NodeId(3), zxid(1, 6), 1, 1}, 2);
    QCOMPARE(s2.state(), ServerState::Following);
    // Even a FOLLOWING notification from an observer gets an answer: the observer is not a voter.
    const auto r =
        s2.receive(NodeId(9), Notification{ServerState::Following, NodeId(3), zxid(1, 6), 1, 1}, 3);
    QCOMPARE(r.toSend.size(), std::size_t(1));
    QCOMPARE(r.toSend[0].to, NodeId(9));
    QCOMPARE(r.toSend[0].notification,
             (Notification{ServerState::Following, NodeId(3), zxid(1, 6), 1, 1}));
  }

  void observerStartsWithNoCandidate() {
    ElectionConfig c;
    c.myId = NodeId(4);
    c.voters = {NodeId(1), NodeId(2), NodeId(3)};
    c.observers = {NodeId(4)};
    LeaderElection obs(c);
    const auto r = obs.start(0, zxid(1, 5), 1);
    QCOMPARE(r.toSend.size(), std::size_t(3));  // every voter, and not itself
    for (const auto& o : r.toSend) QCOMPARE(o.notification.leader, kNoServer);
    QVERIFY(obs.isObserver());
  }
};

QTEST_APPLESS_MAIN(TestLeaderElectionFsm)
#include "tst_leader_election_fsm.moc"
