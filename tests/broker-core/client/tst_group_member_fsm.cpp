// GroupMemberFsm, the client side of a classic consumer group, driven by hand: the KIP-394
// member-id handshake, the leader's metadata request and assignment, a follower's empty
// SyncGroup, heartbeats at heartbeat.interval.ms, a rebalance announced on a heartbeat (revoke,
// then join only once the owner has committed), the errors that lose the partitions, coordinator
// errors and requests lost with their connection retried after retry.backoff.ms, fatal errors, stale heartbeat answers, and leaving as a
// dynamic and as a static member; a cooperative member (KIP-429: only cooperative-sticky offered)
// keeps its partitions through a rebalance, names them in its subscription, gives up only those
// moving elsewhere and rejoins after; events pile up between polls without losing partitions;
// every request it builds encodes at the version it is sent at; seeded random runs (any answer,
// any error, at any time), eager and cooperative, keep the member's promises.
#include <QtTest>

#include "base/byte_writer.h"
#include "base/prng.h"
#include "client/consumer_protocol.h"
#include "client/group_member_fsm.h"
#include "client/group_membership.h"
#include "client/kafka_error.h"
#include "protocol/protocol_error.h"
#include "runtime/runtime_error.h"

using namespace pier;
using namespace pier::client;
using namespace pier::protocol::kafka;

namespace {

TopicPartition tp(const std::string& topic, int32_t partition) { return TopicPartition{topic, PartitionIndex(partition)}; }

GroupMemberConfig config(std::optional<std::string> instance = std::nullopt) {
  GroupMemberConfig c;
  c.assignors = {"range"};
  c.groupId = "g";
  c.groupInstanceId = std::move(instance);
  c.topics = {"t"};
  c.heartbeatIntervalMs = 3000;
  c.retryBackoffMs = 100;
  return c;
}

JoinGroupResponse joined(int32_t generation, const std::string& member, const std::string& leader,
                         std::vector<std::pair<std::string, std::vector<std::string>>> members = {}) {
  JoinGroupResponse r;
  r.generationId = generation;
  r.memberId = member;
  r.leader = leader;
  r.protocolType = "consumer";
  r.protocolName = "range";
  for (auto& [id, topics] : members) {
    r.members.push_back({id, std::nullopt, encodeConsumerSubscription(ConsumerSubscription{topics, {}, -1, {}}), {}});
  }
  return r;
}

JoinGroupResponse joinError(int16_t code, const std::string& member = "") {
  JoinGroupResponse r;
  r.errorCode = code;
  r.memberId = member;
  return r;
}

SyncGroupResponse synced(const std::vector<TopicPartition>& partitions) {
  SyncGroupResponse r;
  r.assignment = encodeConsumerAssignment(partitions);
  return r;
}

SyncGroupResponse syncError(int16_t code) {
  SyncGroupResponse r;
  r.errorCode = code;
  return r;
}

// A member that joined generation 1 as a follower and owns t-0 and t-1, its actions taken.
GroupMemberFsm stableMember(GroupMemberConfig c = config()) {
  GroupMemberFsm fsm(std::move(c));
  fsm.start(0);
  fsm.onJoin(joined(1, "m-1", "m-0"), 0);
  fsm.onSync(synced({tp("t", 0), tp("t", 1)}), 0);
  fsm.takeActions();
  return fsm;
}

}  // namespace

Q_DECLARE_METATYPE(GroupMemberFsm::State)

class TestGroupMemberFsm : public QObject {
  Q_OBJECT

 private slots:
  void leaderJoinsAssignsAndHeartbeats() {
    GroupMemberFsm fsm(config());
    fsm.start(0);
    MemberActions a = fsm.takeActions();
    QVERIFY(a.join);
    QCOMPARE(a.join->memberId, std::string());
    QCOMPARE(a.join->protocolType, std::string("consumer"));
    QCOMPARE(a.join->protocols.size(), std::size_t(1));
    QCOMPARE(a.join->protocols[0].name, std::string("range"));
    QVERIFY((decodeConsumerSubscription(a.join->protocols[0].metadata)->topics == std::vector<std::string>{"t"}));

    // KIP-394: the broker hands out the member id; the join goes again with it at once.
    fsm.onJoin(joinError(79, "m-1"), 10);
    a = fsm.takeActions();
    QVERIFY(a.join);
    QCOMPARE(a.join->memberId, std::string("m-1"));

    fsm.onJoin(joined(1, "m-1", "m-1", {{"m-1", {"t"}}, {"m-2", {"t", "u"}}}), 20);
    QVERIFY(fsm.isLeader());
    a = fsm.takeActions();
    QVERIFY(!a.sync);
    QVERIFY((a.metadataFor == std::vector<std::string>{"t", "u"}));
    QCOMPARE(fsm.state(), GroupMemberFsm::State::AwaitingMetadata);

    fsm.onMetadata(std::map<std::string, int32_t>{{"t", 4}, {"u", 1}}, 30);
    a = fsm.takeActions();
    QVERIFY(a.sync);
    QCOMPARE(a.sync->generationId, 1);
    QCOMPARE(a.sync->protocolName, std::optional<std::string>("range"));
    QCOMPARE(a.sync->assignments.size(), std::size_t(2));
    QCOMPARE(a.sync->assignments[0].memberId, std::string("m-1"));
    QVERIFY((*decodeConsumerAssignment(a.sync->assignments[0].assignment) == std::vector<TopicPartition>{tp("t", 0), tp("t", 1)}));
    QVERIFY((*decodeConsumerAssignment(a.sync->assignments[1].assignment) ==
             std::vector<TopicPartition>{tp("t", 2), tp("t", 3), tp("u", 0)}));

    fsm.onSync(synced({tp("t", 0), tp("t", 1)}), 40);
    a = fsm.takeActions();
    QVERIFY((a.assigned == std::vector<TopicPartition>{tp("t", 0), tp("t", 1)}));
    QCOMPARE(fsm.state(), GroupMemberFsm::State::Stable);

    fsm.tick(3039);
    QVERIFY(!fsm.takeActions().heartbeat);
    fsm.tick(3040);
    a = fsm.takeActions();
    QVERIFY(a.heartbeat);
    QCOMPARE(a.heartbeat->generationId, 1);
    QCOMPARE(a.heartbeat->memberId, std::string("m-1"));
    fsm.tick(5000);  // one heartbeat in flight at a time
    QVERIFY(!fsm.takeActions().heartbeat);
    fsm.onHeartbeat(1, int16_t(0), 5000);
    fsm.tick(6039);
    QVERIFY(!fsm.takeActions().heartbeat);
    fsm.tick(6040);  // the interval counts from the heartbeat sent
    QVERIFY(fsm.takeActions().heartbeat);
  }

  void followerSendsNoAssignments() {
    GroupMemberFsm fsm(config());
    fsm.start(0);
    fsm.takeActions();
    fsm.onJoin(joined(3, "m-2", "m-1"), 0);
    MemberActions a = fsm.takeActions();
    QVERIFY(!a.metadataFor);
    QVERIFY(a.sync);
    QVERIFY(a.sync->assignments.empty());
    fsm.onSync(synced({}), 0);
    a = fsm.takeActions();
    QVERIFY(a.assigned && a.assigned->empty());  // a member of the group without partitions
  }

  void rebalanceRevokesBeforeJoining() {
    GroupMemberFsm fsm = stableMember();
    fsm.tick(3000);
    fsm.takeActions();
    fsm.onHeartbeat(1, int16_t(27), 3001);  // REBALANCE_IN_PROGRESS
    MemberActions a = fsm.takeActions();
    QVERIFY(a.revoke);
    QVERIFY((a.revoke->partitions == std::vector<TopicPartition>{tp("t", 0), tp("t", 1)}));
    QVERIFY(!a.revoke->lost);
    QVERIFY(!a.join);  // not before the owner committed
    QCOMPARE(fsm.state(), GroupMemberFsm::State::Revoking);
    fsm.tick(10000);
    QVERIFY(!fsm.takeActions().heartbeat);
    fsm.revoked(3002);
    a = fsm.takeActions();
    QVERIFY(a.join);
    QCOMPARE(a.join->memberId, std::string("m-1"));
    fsm.onJoin(joined(2, "m-1", "m-0"), 3003);
    fsm.onSync(synced({tp("t", 1)}), 3004);
    QVERIFY((fsm.takeActions().assigned == std::vector<TopicPartition>{tp("t", 1)}));
    QCOMPARE(fsm.generationId(), 2);
  }

  void cooperativeOnlyWithCooperativeAssignorsAlone() {
    GroupMemberConfig c = config();
    QVERIFY(!GroupMemberFsm(c).cooperative());
    c.assignors = {"range", "cooperative-sticky"};  // Kafka's default: still eager
    QVERIFY(!GroupMemberFsm(c).cooperative());
    c.assignors = {"cooperative-sticky"};
    QVERIFY(GroupMemberFsm(c).cooperative());
  }

  void cooperativeRebalanceKeepsWhatStays() {
    GroupMemberConfig c = config();
    c.assignors = {"cooperative-sticky"};
    GroupMemberFsm fsm = stableMember(c);
    fsm.tick(3000);
    fsm.takeActions();
    fsm.onHeartbeat(1, int16_t(27), 3001);  // REBALANCE_IN_PROGRESS
    MemberActions a = fsm.takeActions();
    QVERIFY(!a.revoke);  // nothing given up yet
    QVERIFY(a.join);
    QCOMPARE(fsm.state(), GroupMemberFsm::State::Joining);
    QCOMPARE(fsm.assignment(), (std::vector<TopicPartition>{tp("t", 0), tp("t", 1)}));
    auto subscription = decodeConsumerSubscription(a.join->protocols.at(0).metadata);
    QVERIFY(subscription.isOk());
    QCOMPARE(a.join->protocols.at(0).name, std::string("cooperative-sticky"));
    QCOMPARE(subscription->ownedPartitions, (std::vector<TopicPartition>{tp("t", 0), tp("t", 1)}));
    QCOMPARE(subscription->generationId, 1);
    // The new generation keeps t-1, moves t-0 away and adds t-2.
    fsm.onJoin(joined(2, "m-1", "m-0"), 3002);
    fsm.takeActions();
    fsm.onSync(synced({tp("t", 1), tp("t", 2)}), 3003);
    a = fsm.takeActions();
    QVERIFY(a.revoke);
    QCOMPARE(a.revoke->partitions, std::vector<TopicPartition>{tp("t", 0)});
    QVERIFY(!a.revoke->lost);
    QCOMPARE(a.assigned, std::optional<std::vector<TopicPartition>>(std::vector<TopicPartition>{tp("t", 2)}));
    QVERIFY(!a.join);
    QCOMPARE(fsm.state(), GroupMemberFsm::State::Revoking);
    // Once t-0 is given up, the member joins again so the next generation can hand it on.
    fsm.revoked(3004);
    a = fsm.takeActions();
    QVERIFY(a.join);
    subscription = decodeConsumerSubscription(a.join->protocols.at(0).metadata);
    QCOMPARE(subscription->ownedPartitions, (std::vector<TopicPartition>{tp("t", 1), tp("t", 2)}));
    fsm.onJoin(joined(3, "m-1", "m-0"), 3005);
    fsm.takeActions();
    fsm.onSync(synced({tp("t", 2), tp("t", 1)}), 3006);
    a = fsm.takeActions();
    QVERIFY(!a.revoke);
    QCOMPARE(a.assigned, std::optional<std::vector<TopicPartition>>(std::vector<TopicPartition>{}));
    QCOMPARE(fsm.state(), GroupMemberFsm::State::Stable);
    // Dropped by the group: everything is lost, as with an eager member.
    fsm.tick(10000);
    fsm.takeActions();
    fsm.onHeartbeat(3, int16_t(25), 10001);  // UNKNOWN_MEMBER_ID
    a = fsm.takeActions();
    QVERIFY(a.revoke && a.revoke->lost);
    std::sort(a.revoke->partitions.begin(), a.revoke->partitions.end());
    QCOMPARE(a.revoke->partitions, (std::vector<TopicPartition>{tp("t", 1), tp("t", 2)}));
  }

  void eventsPileUpBetweenPolls() {
    MemberEvents events;
    MemberActions first;
    first.assigned = std::vector<TopicPartition>{tp("t", 0), tp("t", 1)};
    mergeMemberActions(events, first);
    // Before the owner polls, a cooperative rebalance takes t-1 back and adds t-2.
    MemberActions second;
    second.revoke = Revocation{{tp("t", 1), tp("t", 5)}, false};
    second.assigned = std::vector<TopicPartition>{tp("t", 2)};
    mergeMemberActions(events, second);
    QCOMPARE(events.assigned, std::optional<std::vector<TopicPartition>>(std::vector<TopicPartition>{tp("t", 0), tp("t", 2)}));
    QVERIFY(events.revoke);
    QCOMPARE(events.revoke->partitions, std::vector<TopicPartition>{tp("t", 5)});  // t-1 was never started
    // A loss drops whatever was still pending.
    MemberActions lost;
    lost.revoke = Revocation{{tp("t", 0), tp("t", 2), tp("t", 7)}, true};
    mergeMemberActions(events, lost);
    QVERIFY(!events.assigned);
    QCOMPARE(events.revoke->partitions, (std::vector<TopicPartition>{tp("t", 5), tp("t", 7)}));
    QVERIFY(events.revoke->lost);
  }

  void heartbeatErrors_data() {
    QTest::addColumn<int16_t>("code");
    QTest::addColumn<bool>("revoked");
    QTest::addColumn<bool>("lost");
    QTest::addColumn<QString>("memberId");
    QTest::addColumn<GroupMemberFsm::State>("state");
    QTest::newRow("REBALANCE_IN_PROGRESS") << int16_t(27) << true << false << "m-1" << GroupMemberFsm::State::Revoking;
    QTest::newRow("UNKNOWN_MEMBER_ID") << int16_t(25) << true << true << "" << GroupMemberFsm::State::Revoking;
    QTest::newRow("ILLEGAL_GENERATION") << int16_t(22) << true << true << "m-1" << GroupMemberFsm::State::Revoking;
    QTest::newRow("NOT_COORDINATOR: retried") << int16_t(16) << false << false << "m-1" << GroupMemberFsm::State::Stable;
    QTest::newRow("FENCED_INSTANCE_ID") << int16_t(82) << false << false << "m-1" << GroupMemberFsm::State::Failed;
  }

  void heartbeatErrors() {
    QFETCH(int16_t, code);
    QFETCH(bool, revoked);
    QFETCH(bool, lost);
    QFETCH(QString, memberId);
    QFETCH(GroupMemberFsm::State, state);
    GroupMemberFsm fsm = stableMember();
    fsm.tick(3000);
    fsm.takeActions();
    fsm.onHeartbeat(1, code, 3010);
    MemberActions a = fsm.takeActions();
    QCOMPARE(a.revoke.has_value(), revoked);
    if (a.revoke) QCOMPARE(a.revoke->lost, lost);
    QCOMPARE(QString::fromStdString(fsm.memberId()), memberId);
    QCOMPARE(fsm.state(), state);
    QCOMPARE(a.failed.has_value(), state == GroupMemberFsm::State::Failed);
    if (code == 16) {
      fsm.tick(3109);
      QVERIFY(!fsm.takeActions().heartbeat);
      fsm.tick(3110);  // retry.backoff.ms later
      QVERIFY(fsm.takeActions().heartbeat);
    }
    if (code == 22) {
      fsm.revoked(3020);
      QCOMPARE(fsm.takeActions().join->memberId, std::string("m-1"));
    }
  }

  void staleHeartbeatAnswerIgnored() {
    GroupMemberFsm fsm = stableMember();
    fsm.onHeartbeat(0, int16_t(27), 10);  // an answer for generation 0
    QVERIFY(!fsm.takeActions().revoke);
    QCOMPARE(fsm.state(), GroupMemberFsm::State::Stable);
  }

  void joinErrors() {
    GroupMemberFsm retried(config());
    retried.start(0);
    retried.takeActions();
    retried.onJoin(joinError(15), 5);  // COORDINATOR_NOT_AVAILABLE
    QVERIFY(!retried.takeActions().join);
    retried.tick(104);
    QVERIFY(!retried.takeActions().join);
    retried.tick(105);
    QVERIFY(retried.takeActions().join);

    GroupMemberFsm refused(config());
    refused.start(0);
    refused.takeActions();
    refused.onJoin(joinError(23), 5);  // INCONSISTENT_GROUP_PROTOCOL
    MemberActions a = refused.takeActions();
    QVERIFY(a.failed);
    QVERIFY2(a.failed->message().find("INCONSISTENT_GROUP_PROTOCOL") != std::string::npos, a.failed->message().c_str());
    QCOMPARE(refused.state(), GroupMemberFsm::State::Failed);
  }

  // A request lost with its connection (the broker restarted) is sent again after
  // retry.backoff.ms, on whatever connection the driver has by then, as a coordinator error is; a
  // lost SyncGroup or leader's Metadata rejoins after it. An answer that does not decode stays fatal.
  void lostConnectionsAreRetried() {
    const Status lost(RuntimeError::Closed, "read: end of stream");
    QVERIFY(isConnectionLoss(lost));
    QVERIFY(isConnectionLoss(Status(RuntimeError::ConnectionRefused, "connect")));
    QVERIFY(!isConnectionLoss(Status(protocol::ProtocolError::TaggedFieldMismatch, "bad tag")));

    GroupMemberFsm joining(config());
    joining.start(0);
    joining.takeActions();
    joining.onJoin(Result<JoinGroupResponse>(lost), 5);
    QVERIFY(!joining.takeActions().failed);
    joining.tick(104);
    QVERIFY(!joining.takeActions().join);
    joining.tick(105);
    QVERIFY(joining.takeActions().join);

    GroupMemberFsm syncing(config());
    syncing.start(0);
    syncing.onJoin(joined(1, "m-1", "m-0"), 0);
    syncing.takeActions();
    syncing.onSync(Result<SyncGroupResponse>(lost), 10);
    MemberActions a = syncing.takeActions();
    QVERIFY(!a.failed && !a.join);
    syncing.tick(110);
    QCOMPARE(syncing.takeActions().join->memberId, std::string("m-1"));

    GroupMemberFsm leader(config());
    leader.start(0);
    leader.onJoin(joined(1, "m-1", "m-1", {{"m-1", {"t"}}}), 0);
    QVERIFY(leader.takeActions().metadataFor);
    leader.onMetadata(Result<std::map<std::string, int32_t>>(lost), 20);
    QVERIFY(!leader.takeActions().failed);
    leader.tick(120);
    QVERIFY(leader.takeActions().join);

    GroupMemberFsm stable = stableMember();
    stable.tick(3000);
    QVERIFY(stable.takeActions().heartbeat);
    stable.onHeartbeat(1, Result<int16_t>(lost), 3010);
    a = stable.takeActions();
    QVERIFY(!a.failed && !a.revoke);
    QCOMPARE(stable.state(), GroupMemberFsm::State::Stable);
    stable.tick(3109);
    QVERIFY(!stable.takeActions().heartbeat);
    stable.tick(3110);
    QVERIFY(stable.takeActions().heartbeat);

    GroupMemberFsm garbled(config());
    garbled.start(0);
    garbled.takeActions();
    garbled.onJoin(Result<JoinGroupResponse>(Status(protocol::ProtocolError::TaggedFieldMismatch, "JoinGroupResponse")), 5);
    QVERIFY(garbled.takeActions().failed);
    QCOMPARE(garbled.state(), GroupMemberFsm::State::Failed);
  }

  void syncErrorsRejoin() {
    GroupMemberFsm fsm(config());
    fsm.start(0);
    fsm.onJoin(joined(1, "m-1", "m-0"), 0);
    fsm.takeActions();
    fsm.onSync(syncError(27), 1);  // the group rebalanced again: join, nothing to revoke
    MemberActions a = fsm.takeActions();
    QVERIFY(!a.revoke);
    QVERIFY(a.join);
    QCOMPARE(a.join->memberId, std::string("m-1"));
    fsm.onJoin(joined(2, "m-1", "m-0"), 2);
    fsm.onSync(syncError(25), 3);  // UNKNOWN_MEMBER_ID: a new member id
    QCOMPARE(fsm.takeActions().join->memberId, std::string());
    // An assignment that does not decode is fatal.
    fsm.onJoin(joined(3, "m-3", "m-0"), 4);
    SyncGroupResponse broken;
    broken.assignment = {0, 0, 0x7f};
    fsm.onSync(broken, 5);
    QVERIFY(fsm.takeActions().failed);
  }

  void leaderGivesNothingToAnUndecodableSubscription() {
    GroupMemberFsm fsm(config());
    fsm.start(0);
    JoinGroupResponse r = joined(1, "m-1", "m-1", {{"m-1", {"t"}}});
    r.members.push_back({"m-2", std::nullopt, {1, 2, 3}, {}});
    fsm.onJoin(r, 0);
    fsm.onMetadata(std::map<std::string, int32_t>{{"t", 2}}, 0);
    MemberActions a = fsm.takeActions();
    QCOMPARE(a.sync->assignments.size(), std::size_t(2));
    QVERIFY((*decodeConsumerAssignment(a.sync->assignments[0].assignment) == std::vector<TopicPartition>{tp("t", 0), tp("t", 1)}));
    QVERIFY(decodeConsumerAssignment(a.sync->assignments[1].assignment)->empty());
  }

  void commitErrorsRejoin() {
    GroupMemberFsm fsm = stableMember();
    fsm.onCommitError(27, 10);
    MemberActions a = fsm.takeActions();
    QVERIFY(a.revoke && !a.revoke->lost);
    GroupMemberFsm dropped = stableMember();
    dropped.onCommitError(25, 10);
    a = dropped.takeActions();
    QVERIFY(a.revoke && a.revoke->lost);
  }

  // A field outside the version would fail the encode, and the request would never leave.
  void requestsEncodeAtTheirVersions() {
    GroupMemberFsm fsm(config("instance-1"));
    fsm.start(0);
    MemberActions a = fsm.takeActions();
    Writer w;
    QVERIFY(a.join->encode(w, kMemberJoinGroupVersion).isOk());
    fsm.onJoin(joined(1, "m-1", "m-1", {{"m-1", {"t"}}}), 0);
    fsm.onMetadata(std::map<std::string, int32_t>{{"t", 1}}, 0);
    a = fsm.takeActions();
    QVERIFY(a.sync->encode(w, kMemberSyncGroupVersion).isOk());
    fsm.onSync(synced({tp("t", 0)}), 0);
    fsm.tick(3000);
    a = fsm.takeActions();
    QVERIFY(a.heartbeat->encode(w, kMemberHeartbeatVersion).isOk());
    GroupMemberFsm dynamic = stableMember();
    dynamic.leave(10);
    a = dynamic.takeActions();
    QVERIFY(a.leave->encode(w, kMemberLeaveGroupVersion).isOk());
  }

  // Random answers in random order: one request of a kind in flight, no join while the owner
  // still holds partitions, a revocation gives back exactly what was assigned, nothing after a
  // fatal error. A failure prints the seed.
  void randomRunsKeepPromises_data() {
    QTest::addColumn<bool>("cooperative");
    QTest::newRow("eager") << false;
    QTest::newRow("cooperative") << true;
  }

  void randomRunsKeepPromises() {
    QFETCH(bool, cooperative);
    // Mostly successes; FENCED_INSTANCE_ID (fatal) rarely, so runs live long enough.
    const int16_t codes[] = {0, 0, 0, 0, 0, 0, 15, 16, 22, 25, 27, 79};
    int assignments = 0;
    int revocations = 0;
    for (uint64_t seed = 1; seed <= 30; ++seed) {
      Prng prng(seed);
      GroupMemberConfig c = config();
      if (cooperative) c.assignors = {"cooperative-sticky"};
      GroupMemberFsm fsm(c);
      std::optional<JoinGroupRequest> join;
      std::optional<SyncGroupRequest> sync;
      std::optional<HeartbeatRequest> heartbeat;
      bool metadata = false;
      std::vector<TopicPartition> owned;
      bool revoking = false;
      bool failed = false;
      int64_t now = 0;
      fsm.start(now);
      for (int step = 0; step < 1000; ++step) {
        MemberActions a = fsm.takeActions();
        const QByteArray where = QByteArray("seed ") + QByteArray::number(qulonglong(seed)) + " step " +
                                 QByteArray::number(step);
        QVERIFY2(!failed || (!a.join && !a.sync && !a.heartbeat), where);
        QVERIFY2(!(a.join && join), where);
        QVERIFY2(!(a.heartbeat && heartbeat), where);
        QVERIFY2(!(a.join && revoking), where);
        if (a.revoke) {
          // Eager (or lost): everything; cooperative: some of what it owns.
          if (!cooperative || a.revoke->lost) {
            std::vector<TopicPartition> revoked = a.revoke->partitions;
            std::vector<TopicPartition> all = owned;
            std::sort(revoked.begin(), revoked.end());
            std::sort(all.begin(), all.end());
            QVERIFY2(revoked == all, where);
          }
          for (const TopicPartition& p : a.revoke->partitions) {
            QVERIFY2(std::erase(owned, p) == 1, where);
          }
          revoking = true;
          ++revocations;
        }
        if (a.assigned) {
          for (const TopicPartition& p : *a.assigned) {
            QVERIFY2(std::find(owned.begin(), owned.end(), p) == owned.end(), where);  // new ones only
            owned.push_back(p);
          }
          ++assignments;
        }
        {  // the owner's view and the member's agree
          std::vector<TopicPartition> mine = fsm.assignment();
          std::vector<TopicPartition> theirs = owned;
          std::sort(mine.begin(), mine.end());
          std::sort(theirs.begin(), theirs.end());
          QVERIFY2(mine == theirs, where);
        }
        if (a.join && cooperative) {  // it names what it still owns
          auto subscription = decodeConsumerSubscription(a.join->protocols.at(0).metadata);
          std::vector<TopicPartition> sorted = owned;
          std::sort(sorted.begin(), sorted.end());
          QVERIFY2(subscription.isOk() && subscription->ownedPartitions == sorted, where);
        }
        failed = failed || a.failed.has_value();
        if (a.join) join = a.join;
        if (a.sync) sync = a.sync;
        if (a.heartbeat) heartbeat = a.heartbeat;
        metadata = metadata || a.metadataFor.has_value();
        const int16_t code = prng.chance(1, 200) ? int16_t(82) : codes[prng.below(std::size(codes))];
        now += static_cast<int64_t>(prng.below(2000));
        switch (prng.below(6)) {
          case 0:
            if (join) {
              JoinGroupResponse r = code ? joinError(code, "m-" + std::to_string(prng.below(3)))
                                         : joined(int32_t(step), "m-1", prng.chance(1, 2) ? "m-1" : "m-0",
                                                  {{"m-1", {"t"}}, {"m-2", {"t"}}});
              join.reset();
              fsm.onJoin(r, now);
            }
            break;
          case 1:
            if (sync) {
              sync.reset();
              std::vector<TopicPartition> given;
              for (int32_t p = 0; p < 4; ++p) {
                if (prng.chance(1, 2)) given.push_back(tp("t", p));
              }
              fsm.onSync(code ? syncError(code) : synced(given), now);
            }
            break;
          case 2:
            if (heartbeat) {
              const int32_t generation = heartbeat->generationId;
              heartbeat.reset();
              fsm.onHeartbeat(generation, code, now);
            }
            break;
          case 3:
            if (metadata) {
              metadata = false;
              fsm.onMetadata(std::map<std::string, int32_t>{{"t", 4}}, now);
            }
            break;
          case 4:
            if (revoking) {
              revoking = false;
              fsm.revoked(now);
            }
            break;
          default:
            if (prng.chance(1, 4)) fsm.onCommitError(code, now);
            fsm.tick(now);
        }
      }
    }
    // The runs reach the interesting states, not only the first join.
    QVERIFY2(assignments > 50 && revocations > 30,
             qPrintable(QString("%1 assignments, %2 revocations").arg(assignments).arg(revocations)));
  }

  void leaving() {
    GroupMemberFsm dynamic = stableMember();
    dynamic.leave(10);
    MemberActions a = dynamic.takeActions();
    QVERIFY(a.leave);
    QCOMPARE(a.leave->members.size(), std::size_t(1));
    QCOMPARE(a.leave->members[0].memberId, std::string("m-1"));
    QCOMPARE(dynamic.state(), GroupMemberFsm::State::Leaving);
    dynamic.onLeave(int16_t(0));
    QCOMPARE(dynamic.state(), GroupMemberFsm::State::Left);

    GroupMemberFsm staticMember = stableMember(config("instance-1"));
    staticMember.leave(10);
    QVERIFY(!staticMember.takeActions().leave);  // a static member keeps its place until its session ends
    QCOMPARE(staticMember.state(), GroupMemberFsm::State::Left);

    GroupMemberFsm never(config());
    never.start(0);
    never.leave(1);  // no member id yet: nothing to leave
    QVERIFY(!never.takeActions().leave);
    QCOMPARE(never.state(), GroupMemberFsm::State::Left);
  }
};

QTEST_APPLESS_MAIN(TestGroupMemberFsm)
#include "tst_group_member_fsm.moc"
