// ZAB's pure pieces: the packet payloads, the sync decision (ZabHistory::planSync, after
// LearnerHandler.syncFollower), and a peer driven by hand through the protocol -- a leader and a
// follower exchanging packets, checked at each step for what ZabReady asks of the host. Whole
// ensembles under faults are in tests/broker-core/sim/tst_zab_sim.cpp.
#include <QtTest>

#include "coordination/zab_history.h"
#include "coordination/zab_packet.h"
#include "coordination/zab_peer.h"

using namespace pier;
using namespace pier::coordination;

namespace {

constexpr int64_t kDecidedMs = 300;

ZabTxn txn(int64_t epoch, int64_t counter) {
  return ZabTxn{makeZxid(epoch, counter),
                "t" + std::to_string(epoch) + "." + std::to_string(counter)};
}

std::vector<Zxid> zxids(const std::vector<ZabTxn>& txns) {
  std::vector<Zxid> out;
  for (const auto& t : txns) out.push_back(t.zxid);
  return out;
}

ZabPeerConfig config(int32_t me, std::vector<int32_t> voters) {
  ZabPeerConfig c;
  c.election.myId = NodeId(me);
  for (int32_t v : voters) c.election.voters.push_back(NodeId(v));
  c.timing.tickTimeMs = 100;
  return c;
}

const ZabSend* findSend(const ZabReady& r, ZabPacketType type) {
  for (const auto& s : r.toSend)
    if (packetType(s.packet) == type) return &s;
  return nullptr;
}

// Carries notifications between two peers until both have decided (no packets yet).
void elect(ZabPeer& a, ZabPeer& b, ZabReady ra, ZabReady rb, ZabReady& lastA, ZabReady& lastB) {
  for (int round = 0; round < 20; ++round) {
    ZabReady na, nb;
    for (const auto& n : ra.notifications)
      if (n.to == NodeId(2)) nb = b.onNotification(NodeId(1), n.notification, 0);
    for (const auto& n : rb.notifications)
      if (n.to == NodeId(1)) na = a.onNotification(NodeId(2), n.notification, 0);
    if (!na.empty()) lastA = na;
    if (!nb.empty()) lastB = nb;
    ra = std::move(na);
    rb = std::move(nb);
  }
  // finalizeWait (200 ms) of silence decides.
  lastA = a.tick(kDecidedMs);
  lastB = b.tick(kDecidedMs);
}

}  // namespace

class TestZab : public QObject {
  Q_OBJECT

 private slots:
  void zxidParts() {
    const Zxid z = makeZxid(7, 42);
    QCOMPARE(z.value(), (int64_t(7) << 32) | 42);
    QCOMPARE(zxidEpoch(z), int64_t(7));
    QCOMPARE(zxidCounter(z), int64_t(42));
  }

  void payloads() {
    QCOMPARE(decodeInt32Data(encodeInt32Data(-1)).value(), -1);
    QVERIFY(!decodeInt32Data(std::nullopt).isOk());
    QVERIFY(!decodeInt32Data(std::string("\x01\x02", 2)).isOk());
    const auto info = decodeLearnerInfo(encodeLearnerInfo(NodeId(3)));
    QVERIFY(info.isOk());
    QCOMPARE(info.value().serverid, int64_t(3));
    QCOMPARE(info.value().protocolVersion, kZabProtocolVersion);
    QVERIFY(!decodeLearnerInfo(std::string("\x00\x00", 2)).isOk());
    QVERIFY(!decodeLearnerInfo(std::nullopt).isOk());
    QCOMPARE(zabPacketName(17), std::string_view("LEADERINFO"));
    QCOMPARE(zabPacketName(99), std::string_view("UNKNOWN"));
  }

  void planSync_data() {
    QTest::addColumn<int64_t>("peer");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int64_t>("truncateTo");
    QTest::addColumn<int>("sent");  // number of transactions sent after it
    // History: base (1,2); kept (1,3) (1,4) (2,1) (2,2).
    QTest::newRow("up to date") << makeZxid(2, 2).value() << int(SyncPlan::Kind::Diff) << int64_t(0)
                                << 0;
    QTest::newRow("behind, known")
        << makeZxid(1, 4).value() << int(SyncPlan::Kind::Diff) << int64_t(0) << 2;
    QTest::newRow("at the base") << makeZxid(1, 2).value() << int(SyncPlan::Kind::Diff)
                                 << int64_t(0) << 4;
    QTest::newRow("ahead") << makeZxid(2, 5).value() << int(SyncPlan::Kind::Trunc)
                           << makeZxid(2, 2).value() << 0;
    QTest::newRow("abandoned epoch")
        << makeZxid(1, 9).value() << int(SyncPlan::Kind::Trunc) << makeZxid(1, 4).value() << 2;
    QTest::newRow("too far behind")
        << makeZxid(1, 1).value() << int(SyncPlan::Kind::Snap) << int64_t(0) << 0;
    QTest::newRow("asks for a snapshot")
        << int64_t(-1) << int(SyncPlan::Kind::Snap) << int64_t(0) << 0;
  }

  void planSync() {
    QFETCH(int64_t, peer);
    QFETCH(int, kind);
    QFETCH(int64_t, truncateTo);
    QFETCH(int, sent);
    ZabHistory h(10);
    h.reset(makeZxid(1, 2));
    for (const auto& t : {txn(1, 3), txn(1, 4), txn(2, 1), txn(2, 2)}) h.append(t);
    const SyncPlan plan = h.planSync(Zxid(peer));
    QCOMPARE(int(plan.kind), kind);
    if (plan.kind == SyncPlan::Kind::Trunc) QCOMPARE(plan.truncateTo.value(), truncateTo);
    QCOMPARE(int(plan.txns.size()), sent);
    if (!plan.txns.empty()) QCOMPARE(plan.txns.back().zxid, makeZxid(2, 2));
  }

  void historyKeepsItsCapacity() {
    ZabHistory h(3);
    h.reset(Zxid(0));
    for (int i = 1; i <= 5; ++i) h.append(txn(1, i));
    QCOMPARE(h.base(), makeZxid(1, 2));
    QCOMPARE(zxids({h.txns().begin(), h.txns().end()}),
             (std::vector<Zxid>{makeZxid(1, 3), makeZxid(1, 4), makeZxid(1, 5)}));
    QCOMPARE(int(h.planSync(makeZxid(1, 1)).kind), int(SyncPlan::Kind::Snap));
    h.truncateAfter(makeZxid(1, 3));
    QCOMPARE(h.last(), makeZxid(1, 3));
  }

  // An ensemble of one leads itself: epoch 1 established at once, proposals commit at once.
  void ensembleOfOne() {
    ZabPeer p(config(1, {1}), ZabPersisted{});
    p.start(0);
    ZabReady r = p.tick(kDecidedMs);
    QVERIFY(p.leading());
    QVERIFY(p.serving());
    QCOMPARE(r.acceptedEpoch, std::optional<int64_t>(1));
    QCOMPARE(r.currentEpoch, std::optional<int64_t>(1));
    QCOMPARE(p.nextZxid(), std::optional<Zxid>(makeZxid(1, 1)));
    r = p.propose(ZabTxn{makeZxid(1, 1), "x"}, kDecidedMs + 1);
    QCOMPARE(zxids(r.toLog), std::vector<Zxid>{makeZxid(1, 1)});
    QCOMPARE(zxids(r.toApply), std::vector<Zxid>{makeZxid(1, 1)});
    QCOMPARE(p.lastApplied(), makeZxid(1, 1));
  }

  // Two voters walk through discovery, DIFF sync and broadcast; each ZabReady is checked for
  // what must be durable before what is sent.
  void leaderAndFollower() {
    ZabPersisted behind;
    behind.lastZxid = makeZxid(1, 1);
    behind.currentEpoch = behind.acceptedEpoch = 1;
    behind.recentTxns = {txn(1, 1)};
    ZabPersisted ahead = behind;
    ahead.lastZxid = makeZxid(1, 3);
    ahead.recentTxns = {txn(1, 1), txn(1, 2), txn(1, 3)};
    ahead.bootId = 1;
    ZabPeer a(config(1, {1, 2}), ahead);
    ZabPeer b(config(2, {1, 2}), behind);
    ZabReady lastA, lastB;
    elect(a, b, a.start(0), b.start(0), lastA, lastB);
    QVERIFY(a.leading());
    QCOMPARE(b.leaderId(), NodeId(1));
    QVERIFY(lastB.connect.has_value());
    const ZabSend* info = findSend(lastB, ZabPacketType::FollowerInfo);
    QVERIFY(info);
    const uint64_t conn = info->connection;

    // FOLLOWERINFO -> LEADERINFO(epoch 2), the leader having persisted acceptedEpoch first.
    ZabReady r = a.onPacket(NodeId(2), conn, info->packet, kDecidedMs + 10);
    QCOMPARE(r.acceptedEpoch, std::optional<int64_t>(2));
    const ZabSend* leaderInfo = findSend(r, ZabPacketType::LeaderInfo);
    QVERIFY(leaderInfo);
    QCOMPARE(zxidEpoch(Zxid(leaderInfo->packet.zxid)), int64_t(2));

    // LEADERINFO -> ACKEPOCH(currentEpoch 1, lastZxid (1,1)), acceptedEpoch 2 persisted.
    r = b.onPacket(NodeId(1), conn, leaderInfo->packet, kDecidedMs + 20);
    QCOMPARE(r.acceptedEpoch, std::optional<int64_t>(2));
    const ZabSend* ackEpoch = findSend(r, ZabPacketType::AckEpoch);
    QVERIFY(ackEpoch);
    QCOMPARE(Zxid(ackEpoch->packet.zxid), makeZxid(1, 1));
    QCOMPARE(decodeInt32Data(ackEpoch->packet.data).value(), 1);

    // ACKEPOCH -> currentEpoch 2; DIFF, (1,2) and (1,3) as PROPOSAL+COMMIT, NEWLEADER.
    r = a.onPacket(NodeId(2), conn, ackEpoch->packet, kDecidedMs + 30);
    QCOMPARE(r.currentEpoch, std::optional<int64_t>(2));
    std::vector<std::string> kinds;
    for (const auto& s : r.toSend) kinds.push_back(std::string(zabPacketName(s.packet.type)));
    QCOMPARE(kinds, (std::vector<std::string>{"DIFF", "PROPOSAL", "COMMIT", "PROPOSAL", "COMMIT",
                                              "NEWLEADER"}));
    QVERIFY(!a.serving());  // not before a quorum acknowledged NEWLEADER
    std::vector<ZabSend> sync = r.toSend;

    // The follower logs each proposal, applies each commit, acknowledges nothing before
    // NEWLEADER; at NEWLEADER it persists currentEpoch and acknowledges.
    ZabReady fromB;
    for (const auto& s : sync) {
      r = b.onPacket(NodeId(1), conn, s.packet, kDecidedMs + 40);
      if (packetType(s.packet) == ZabPacketType::Proposal) {
        QCOMPARE(zxids(r.toLog), std::vector<Zxid>{Zxid(s.packet.zxid)});
        QVERIFY(r.toSend.empty());
      }
      if (packetType(s.packet) == ZabPacketType::Commit)
        QCOMPARE(zxids(r.toApply), std::vector<Zxid>{Zxid(s.packet.zxid)});
      if (packetType(s.packet) == ZabPacketType::NewLeader) fromB = r;
    }
    QCOMPARE(fromB.currentEpoch, std::optional<int64_t>(2));
    const ZabSend* ackNewLeader = findSend(fromB, ZabPacketType::Ack);
    QVERIFY(ackNewLeader);
    QCOMPARE(Zxid(ackNewLeader->packet.zxid), makeZxid(2, 0));

    // NEWLEADER acknowledged by a quorum: serving, UPTODATE.
    r = a.onPacket(NodeId(2), conn, ackNewLeader->packet, kDecidedMs + 50);
    QVERIFY(a.serving());
    const ZabSend* upToDate = findSend(r, ZabPacketType::UpToDate);
    QVERIFY(upToDate);
    b.onPacket(NodeId(1), conn, upToDate->packet, kDecidedMs + 60);
    QVERIFY(b.serving());
    QCOMPARE(b.lastApplied(), makeZxid(1, 3));

    // Broadcast: nothing commits before the follower's ACK (2 voters: both needed).
    r = a.propose(ZabTxn{makeZxid(2, 1), "y"}, kDecidedMs + 70);
    QVERIFY(r.toApply.empty());
    const ZabSend* proposal = findSend(r, ZabPacketType::Proposal);
    QVERIFY(proposal);
    r = b.onPacket(NodeId(1), conn, proposal->packet, kDecidedMs + 80);
    QCOMPARE(zxids(r.toLog), std::vector<Zxid>{makeZxid(2, 1)});
    const ZabSend* ack = findSend(r, ZabPacketType::Ack);
    QVERIFY(ack);
    r = a.onPacket(NodeId(2), conn, ack->packet, kDecidedMs + 90);
    QCOMPARE(zxids(r.toApply), std::vector<Zxid>{makeZxid(2, 1)});
    const ZabSend* commit = findSend(r, ZabPacketType::Commit);
    QVERIFY(commit);
    r = b.onPacket(NodeId(1), conn, commit->packet, kDecidedMs + 100);
    QCOMPARE(zxids(r.toApply), std::vector<Zxid>{makeZxid(2, 1)});

    // A commit out of order ends the follower's role (ZooKeeper exits), and what it logged but
    // had not seen committed is applied as it leaves (fastForward).
    r = a.propose(ZabTxn{makeZxid(2, 2), "z"}, kDecidedMs + 110);
    r = b.onPacket(NodeId(1), conn, findSend(r, ZabPacketType::Proposal)->packet, kDecidedMs + 120);
    r = b.onPacket(NodeId(1), conn, makePacket(ZabPacketType::Commit, makeZxid(2, 9)),
                   kDecidedMs + 130);
    QVERIFY(!b.serving());
    QCOMPARE(zxids(r.toFastForward), std::vector<Zxid>{makeZxid(2, 2)});
    QCOMPARE(r.toClose, std::vector<uint64_t>{conn});
    QCOMPARE(b.lastApplied(), makeZxid(2, 2));
  }

  // A learner whose leader's epoch is below the epoch it already accepted leaves (ZooKeeper's
  // "Leaders epoch, N is less than accepted epoch, M").
  void staleLeaderEpochIsRefused() {
    ZabPersisted p;
    p.acceptedEpoch = 5;
    p.currentEpoch = 4;
    ZabPeer b(config(2, {1, 2, 3}), p);
    ZabReady r = b.start(0);
    // Votes for 1 from 1 and 3 (FOLLOWING 1 in round 1): b follows 1.
    Notification n{ServerState::Following, NodeId(1), Zxid(0), 1, 4};
    b.onNotification(NodeId(3), n, 1);
    n.state = ServerState::Leading;
    r = b.onNotification(NodeId(1), n, 2);
    QCOMPARE(b.leaderId(), NodeId(1));
    QVERIFY(r.connect.has_value());
    const uint64_t conn = r.connect->connection;
    r = b.onPacket(
        NodeId(1), conn,
        makePacket(ZabPacketType::LeaderInfo, makeZxid(3, 0), encodeInt32Data(kZabProtocolVersion)),
        3);
    QCOMPARE(b.leaderId(), kNoServer);
    QCOMPARE(r.toClose, std::vector<uint64_t>{conn});
    QVERIFY(!r.acceptedEpoch);
    QCOMPARE(r.events.back().kind, ZabEvent::Kind::Looking);
  }
};

QTEST_APPLESS_MAIN(TestZab)
#include "tst_zab.moc"
