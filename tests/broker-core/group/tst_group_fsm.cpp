// Tests for ClassicGroup, the consumer group state machine, driven as the coordinator drives it:
// the KIP-394 member-id handshake, rebalances (join, leave, session expiry, rebalance timeout,
// the initial delay and its extension), SyncGroup with the leader's assignment, protocol
// selection, static membership (a restarted member gets its assignment back without a
// rebalance of the others), errors in Kafka's order, the record round trip, and a randomized
// run checking that every request is answered exactly once.
#include <QtTest>

#include <map>
#include <set>

#include "group/group_fsm.h"

using namespace pier;
using namespace pier::group;

namespace {

constexpr int32_t kSession = 10000;
constexpr int32_t kRebalance = 30000;

Protocol range() { return {"range", {1, 2, 3}}; }
Protocol roundrobin() { return {"roundrobin", {4, 5}}; }

struct Harness {
  explicit Harness(GroupLimits limits = {0, INT32_MAX, 6000, 1800000}) : group("g", limits, 0) {}

  ClassicGroup group;
  Prng prng{7};
  RequestToken lastToken = 0;
  std::map<RequestToken, JoinResponse> joins;
  std::map<RequestToken, SyncResponse> syncs;
  int persists = 0;

  void take(GroupOutput out) {
    for (auto& j : out.joins) {
      QVERIFY2(!joins.count(j.token), "a join answered twice");
      joins[j.token] = j;
    }
    for (auto& s : out.syncs) {
      QVERIFY2(!syncs.count(s.token), "a sync answered twice");
      syncs[s.token] = s;
    }
    persists += out.persist ? 1 : 0;
  }
  RequestToken join(const std::string& memberId, int64_t now, std::vector<Protocol> protocols = {range()},
                    std::optional<std::string> instance = std::nullopt, bool v4 = false) {
    JoinRequest r;
    r.token = ++lastToken;
    r.memberId = memberId;
    r.groupInstanceId = std::move(instance);
    r.clientId = "client";
    r.clientHost = "/127.0.0.1";
    r.sessionTimeoutMs = kSession;
    r.rebalanceTimeoutMs = kRebalance;
    r.protocolType = "consumer";
    r.protocols = std::move(protocols);
    r.requireKnownMemberId = v4;
    take(group.join(r, now, prng));
    return r.token;
  }
  RequestToken sync(const std::string& memberId, int32_t generation, int64_t now,
                    std::vector<std::pair<std::string, std::vector<uint8_t>>> assignments = {},
                    std::optional<std::string> instance = std::nullopt) {
    SyncRequest r;
    r.token = ++lastToken;
    r.memberId = memberId;
    r.groupInstanceId = std::move(instance);
    r.generationId = generation;
    r.assignments = std::move(assignments);
    take(group.sync(r, now));
    return r.token;
  }
  // A member joins an empty group and the leader syncs: Stable, generation 1. Returns its id.
  std::string stableWithOne(int64_t now = 0) {
    const RequestToken t = join("", now);
    const std::string id = joins.at(t).memberId;
    sync(id, 1, now, {{id, {9}}});
    return id;
  }
};

}  // namespace

class TestGroupFsm : public QObject {
  Q_OBJECT

 private slots:
  void stateNames();
  void memberIdHandshake();
  void firstMemberFormsAGroup();
  void secondMemberTriggersARebalance();
  void syncBeforeTheLeaderWaitsForIt();
  void leaveAndNewLeader();
  void sessionExpiryRemovesAMember();
  void rebalanceTimeoutRemovesLateMembers();
  void initialDelayWaitsAndExtends();
  void protocolSelection();
  void errorsInKafkasOrder();
  void groupMaxSize();
  void staticMemberRestartsWithoutRebalance();
  void offsetCommitValidation();
  void recordRoundTrip();
  void everyRequestAnsweredOnce();
};

void TestGroupFsm::stateNames() {
  QCOMPARE(stateName(GroupState::CompletingRebalance), std::string_view("CompletingRebalance"));
  QCOMPARE(stateFromName("stable"), std::optional<GroupState>(GroupState::Stable));
  QCOMPARE(stateFromName("PREPARINGREBALANCE"), std::optional<GroupState>(GroupState::PreparingRebalance));
  QCOMPARE(stateFromName("stabl"), std::nullopt);
}

void TestGroupFsm::memberIdHandshake() {
  Harness h;
  const RequestToken first = h.join("", 0, {range()}, std::nullopt, true);
  const JoinResponse& a = h.joins.at(first);
  QCOMPARE(a.error, GroupError::MemberIdRequired);
  QVERIFY(a.memberId.starts_with("client-"));
  QCOMPARE(a.memberId.size(), std::string("client-").size() + 36);  // a UUID
  QCOMPARE(h.group.memberCount(), 0u);
  const RequestToken second = h.join(a.memberId, 10, {range()}, std::nullopt, true);
  QCOMPARE(h.joins.at(second).error, GroupError::None);
  QCOMPARE(h.joins.at(second).memberId, a.memberId);
  QCOMPARE(h.group.state(), GroupState::CompletingRebalance);
  // The handed-out id expires when it is never used.
  const RequestToken ghost = h.join("", 20, {range()}, std::nullopt, true);
  QVERIFY(h.group.nextDeadlineMs().has_value());
  h.take(h.group.tick(20 + kSession));
  const RequestToken late = h.join(h.joins.at(ghost).memberId, 20 + kSession + 1, {range()}, std::nullopt, true);
  QCOMPARE(h.joins.at(late).error, GroupError::UnknownMemberId);
}

void TestGroupFsm::firstMemberFormsAGroup() {
  Harness h;
  const RequestToken t = h.join("", 0);
  const JoinResponse& a = h.joins.at(t);
  QCOMPARE(a.error, GroupError::None);
  QCOMPARE(a.generationId, 1);
  QCOMPARE(a.leader, a.memberId);
  QCOMPARE(a.protocolName, std::optional<std::string>("range"));
  QCOMPARE(a.members.size(), 1u);
  QCOMPARE(a.members[0].metadata, range().metadata);
  QCOMPARE(h.group.state(), GroupState::CompletingRebalance);
  const RequestToken s = h.sync(a.memberId, 1, 5, {{a.memberId, {42}}});
  QCOMPARE(h.syncs.at(s).error, GroupError::None);
  QCOMPARE(h.syncs.at(s).assignment, std::vector<uint8_t>{42});
  QCOMPARE(h.group.state(), GroupState::Stable);
  QCOMPARE(h.persists, 1);  // the assignment is persisted before it is sent
  QCOMPARE(h.group.heartbeat({a.memberId, std::nullopt}, 1, 6), GroupError::None);
}

void TestGroupFsm::secondMemberTriggersARebalance() {
  Harness h;
  const std::string m1 = h.stableWithOne();
  const RequestToken j2 = h.join("", 100);
  QVERIFY(!h.joins.count(j2));  // waits for m1 to rejoin
  QCOMPARE(h.group.state(), GroupState::PreparingRebalance);
  QCOMPARE(h.group.heartbeat({m1, std::nullopt}, 1, 200), GroupError::RebalanceInProgress);
  const RequestToken j1 = h.join(m1, 300);
  QCOMPARE(h.joins.at(j1).generationId, 2);
  QCOMPARE(h.joins.at(j2).generationId, 2);
  QCOMPARE(h.joins.at(j1).members.size(), 2u);  // m1 stays the leader
  QCOMPARE(h.joins.at(j2).members.size(), 0u);
  QCOMPARE(h.joins.at(j2).leader, m1);
  QCOMPARE(h.group.state(), GroupState::CompletingRebalance);
}

void TestGroupFsm::syncBeforeTheLeaderWaitsForIt() {
  Harness h;
  const std::string m1 = h.stableWithOne();
  const RequestToken j2 = h.join("", 100);
  h.join(m1, 100);
  const std::string m2 = h.joins.at(j2).memberId;
  const RequestToken s2 = h.sync(m2, 2, 150);
  QVERIFY(!h.syncs.count(s2));
  QCOMPARE(h.group.heartbeat({m2, std::nullopt}, 2, 160), GroupError::None);  // CompletingRebalance
  const RequestToken s1 = h.sync(m1, 2, 200, {{m1, {1}}, {m2, {2}}});
  QCOMPARE(h.syncs.at(s1).assignment, std::vector<uint8_t>{1});
  QCOMPARE(h.syncs.at(s2).assignment, std::vector<uint8_t>{2});
  QCOMPARE(h.syncs.at(s2).protocolName, std::optional<std::string>("range"));
  const RequestToken again = h.sync(m2, 2, 300);  // Stable: answered at once
  QCOMPARE(h.syncs.at(again).assignment, std::vector<uint8_t>{2});
  QCOMPARE(h.syncs.at(h.sync(m2, 1, 300)).error, GroupError::IllegalGeneration);
}

void TestGroupFsm::leaveAndNewLeader() {
  Harness h;
  const std::string m1 = h.stableWithOne();
  const RequestToken j2 = h.join("", 100);
  h.join(m1, 100);
  const std::string m2 = h.joins.at(j2).memberId;
  h.sync(m1, 2, 110, {{m1, {1}}, {m2, {2}}});
  std::vector<GroupError> errors;
  h.take(h.group.leave({{m1, std::nullopt}, {"nobody", std::nullopt}}, 200, errors));
  QCOMPARE(errors, (std::vector<GroupError>{GroupError::None, GroupError::UnknownMemberId}));
  QCOMPARE(h.group.leaderId(), m2);
  QCOMPARE(h.group.state(), GroupState::PreparingRebalance);
  const RequestToken j = h.join(m2, 300);
  QCOMPARE(h.joins.at(j).generationId, 3);
  QCOMPARE(h.joins.at(j).members.size(), 1u);
}

void TestGroupFsm::sessionExpiryRemovesAMember() {
  Harness h;
  const std::string m1 = h.stableWithOne();
  const RequestToken j2 = h.join("", 100);
  h.join(m1, 100);
  const std::string m2 = h.joins.at(j2).memberId;
  h.sync(m1, 2, 100, {{m1, {1}}, {m2, {2}}});
  h.sync(m2, 2, 100);
  QCOMPARE(h.group.heartbeat({m1, std::nullopt}, 2, 9000), GroupError::None);
  h.take(h.group.tick(100 + kSession - 1));
  QCOMPARE(h.group.memberCount(), 2u);
  h.take(h.group.tick(100 + kSession));  // m2 was last heard of at 100
  QCOMPARE(h.group.memberCount(), 1u);
  QCOMPARE(h.group.state(), GroupState::PreparingRebalance);
  QCOMPARE(h.group.heartbeat({m2, std::nullopt}, 2, 100 + kSession), GroupError::UnknownMemberId);
  const RequestToken j = h.join(m1, 100 + kSession + 5);
  QCOMPARE(h.joins.at(j).generationId, 3);
}

void TestGroupFsm::rebalanceTimeoutRemovesLateMembers() {
  Harness h;
  const std::string m1 = h.stableWithOne();
  const RequestToken j2 = h.join("", 1000);  // m1 keeps heartbeating but never rejoins
  for (int64_t t = 2000; t < 1000 + kRebalance; t += 2000) {
    QCOMPARE(h.group.heartbeat({m1, std::nullopt}, 1, t), GroupError::RebalanceInProgress);
    h.take(h.group.tick(t));
  }
  QVERIFY(!h.joins.count(j2));
  h.take(h.group.tick(1000 + kRebalance));
  QCOMPARE(h.joins.at(j2).error, GroupError::None);
  QCOMPARE(h.joins.at(j2).generationId, 2);
  QCOMPARE(h.joins.at(j2).leader, h.joins.at(j2).memberId);  // m1 is gone, the new member leads
  QCOMPARE(h.group.memberCount(), 1u);
}

void TestGroupFsm::initialDelayWaitsAndExtends() {
  Harness h({3000, INT32_MAX, 6000, 1800000});
  const RequestToken j1 = h.join("", 0);
  h.take(h.group.tick(1000));
  const RequestToken j2 = h.join("", 1000);
  h.take(h.group.tick(2999));
  QVERIFY(!h.joins.count(j1));
  h.take(h.group.tick(3000));  // someone joined during the delay: wait another delay
  QVERIFY(!h.joins.count(j1));
  h.take(h.group.tick(6000));  // nobody new: done, with both
  QCOMPARE(h.joins.at(j1).generationId, 1);
  QCOMPARE(h.joins.at(j2).generationId, 1);
  QCOMPARE(h.joins.at(j1).members.size(), 2u);
}

void TestGroupFsm::protocolSelection() {
  Harness h;
  const RequestToken j1 = h.join("", 0, {range(), roundrobin()});
  const std::string m1 = h.joins.at(j1).memberId;
  h.sync(m1, 1, 0, {{m1, {}}});
  const RequestToken j2 = h.join("", 10, {roundrobin()});
  const RequestToken again = h.join(m1, 20, {range(), roundrobin()});
  QCOMPARE(h.joins.at(again).protocolName, std::optional<std::string>("roundrobin"));  // the only common one
  QCOMPARE(h.joins.at(j2).protocolName, std::optional<std::string>("roundrobin"));
  QCOMPARE(h.joins.at(again).members[0].metadata, roundrobin().metadata);
  const RequestToken stranger = h.join("", 30, {{"sticky", {}}});
  QCOMPARE(h.joins.at(stranger).error, GroupError::InconsistentGroupProtocol);
}

void TestGroupFsm::errorsInKafkasOrder() {
  Harness h;
  JoinRequest r;
  r.token = 100;
  r.protocolType = "consumer";
  r.protocols = {range()};
  r.sessionTimeoutMs = 5999;  // below group.min.session.timeout.ms
  r.rebalanceTimeoutMs = kRebalance;
  h.take(h.group.join(r, 0, h.prng));
  QCOMPARE(h.joins.at(100).error, GroupError::InvalidSessionTimeout);
  const RequestToken unknown = h.join("ghost", 0);
  QCOMPARE(h.joins.at(unknown).error, GroupError::UnknownMemberId);
  const std::string m1 = h.stableWithOne(10);
  QCOMPARE(h.group.heartbeat({m1, std::nullopt}, 7, 20), GroupError::IllegalGeneration);
  QCOMPARE(h.group.heartbeat({"ghost", std::nullopt}, 1, 20), GroupError::UnknownMemberId);
  QCOMPARE(h.syncs.at(h.sync("ghost", 1, 20)).error, GroupError::UnknownMemberId);
  QCOMPARE(h.group.deleteGroup(), GroupError::NonEmptyGroup);
  const RequestToken otherType = [&] {
    JoinRequest x;
    x.token = ++h.lastToken;
    x.protocolType = "connect";
    x.protocols = {range()};
    x.sessionTimeoutMs = kSession;
    x.rebalanceTimeoutMs = kRebalance;
    h.take(h.group.join(x, 30, h.prng));
    return x.token;
  }();
  QCOMPARE(h.joins.at(otherType).error, GroupError::InconsistentGroupProtocol);
}

void TestGroupFsm::groupMaxSize() {
  Harness h({0, 2, 6000, 1800000});
  const std::string m1 = h.stableWithOne();
  h.join("", 10);
  const RequestToken third = h.join("", 20);
  QCOMPARE(h.joins.at(third).error, GroupError::GroupMaxSizeReached);
  (void)m1;
}

void TestGroupFsm::staticMemberRestartsWithoutRebalance() {
  Harness h;
  const RequestToken ja = h.join("", 0, {range()}, "instance-a");
  const std::string a = h.joins.at(ja).memberId;
  QVERIFY(a.starts_with("instance-a-"));
  h.sync(a, 1, 0, {{a, {}}});
  const RequestToken jb = h.join("", 10, {range()}, "instance-b");
  h.join(a, 10, {range()}, "instance-a");
  const std::string b = h.joins.at(jb).memberId;
  h.sync(a, 2, 20, {{a, {0xa}}, {b, {0xb}}}, "instance-a");
  h.sync(b, 2, 20, {}, "instance-b");
  QCOMPARE(h.group.state(), GroupState::Stable);
  const int persistsBefore = h.persists;

  // b's process restarts: a first join with its instance id and the same protocols.
  const RequestToken back = h.join("", 5000, {range()}, "instance-b");
  const JoinResponse& answer = h.joins.at(back);
  QCOMPARE(answer.error, GroupError::None);
  QCOMPARE(answer.generationId, 2);  // no new generation: nobody else rebalances
  QVERIFY(answer.memberId != b);
  QCOMPARE(h.group.state(), GroupState::Stable);
  QCOMPARE(h.persists, persistsBefore + 1);  // the new member id is recorded first
  QCOMPARE(h.group.heartbeat({a, "instance-a"}, 2, 5001), GroupError::None);
  QCOMPARE(h.group.heartbeat({b, "instance-b"}, 2, 5001), GroupError::FencedInstanceId);  // the old incarnation
  const RequestToken s = h.sync(answer.memberId, 2, 5002, {}, "instance-b");
  QCOMPARE(h.syncs.at(s).assignment, std::vector<uint8_t>{0xb});  // its partitions back

  // A static member that leaves by instance id alone.
  std::vector<GroupError> errors;
  h.take(h.group.leave({{"", "instance-b"}}, 6000, errors));
  QCOMPARE(errors, std::vector<GroupError>{GroupError::None});
  QCOMPARE(h.group.memberCount(), 1u);
}

void TestGroupFsm::offsetCommitValidation() {
  Harness h;
  QCOMPARE(h.group.validateOffsetCommit({"", std::nullopt}, -1, 0), GroupError::None);  // simple commit
  const RequestToken j = h.join("", 0);
  const std::string m1 = h.joins.at(j).memberId;
  QCOMPARE(h.group.validateOffsetCommit({m1, std::nullopt}, 1, 1), GroupError::RebalanceInProgress);
  h.sync(m1, 1, 2, {{m1, {}}});
  QCOMPARE(h.group.validateOffsetCommit({m1, std::nullopt}, 1, 3), GroupError::None);
  QCOMPARE(h.group.validateOffsetCommit({m1, std::nullopt}, 0, 3), GroupError::IllegalGeneration);
  QCOMPARE(h.group.validateOffsetCommit({"", std::nullopt}, -1, 3), GroupError::UnknownMemberId);
}

void TestGroupFsm::recordRoundTrip() {
  Harness h;
  const RequestToken ja = h.join("", 0, {range()}, "instance-a");
  const std::string a = h.joins.at(ja).memberId;
  h.sync(a, 1, 7, {{a, {5, 6}}});
  const auto record = h.group.toRecord();
  QCOMPARE(record.protocolType, std::string("consumer"));
  QCOMPARE(record.generation, 1);
  QCOMPARE(record.leader, std::optional<std::string>(a));
  QCOMPARE(record.members.size(), 1u);
  QCOMPARE(record.members[0].groupInstanceId, std::optional<std::string>("instance-a"));
  QCOMPARE(record.members[0].subscription, range().metadata);
  QCOMPARE(record.members[0].assignment, (std::vector<uint8_t>{5, 6}));
  ClassicGroup back = ClassicGroup::fromRecord("g", record, {}, 100);
  QCOMPARE(back.state(), GroupState::Stable);
  QCOMPARE(back.generationId(), 1);
  QCOMPARE(back.leaderId(), a);
  QCOMPARE(back.toRecord().members, record.members);
  QCOMPARE(back.heartbeat({a, "instance-a"}, 1, 200), GroupError::None);
  ClassicGroup empty = ClassicGroup::fromRecord("e", protocol::kafka::GroupMetadataValue{}, {}, 0);
  QCOMPARE(empty.state(), GroupState::Empty);
}

// Random members joining, syncing, heartbeating, leaving and going quiet, with ticks: every
// request is answered at most once (Harness::take), everything waiting is answered once the
// group settles, and the invariants hold after every step.
void TestGroupFsm::everyRequestAnsweredOnce() {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    Harness h({1000, 6, 6000, 1800000});
    Prng random(seed);
    std::set<RequestToken> asked;
    std::vector<std::string> known;
    int64_t now = 0;
    for (int step = 0; step < 400; ++step) {
      now += random.between(0, 800);
      const uint64_t op = random.below(6);
      if (op == 5) {
        h.take(h.group.tick(now));
      } else if (op == 0 || known.empty()) {
        asked.insert(h.join("", now, random.chance(1, 2) ? std::vector<Protocol>{range()}
                                                         : std::vector<Protocol>{roundrobin(), range()}));
      } else {
        const std::string& m = known[random.below(known.size())];
        if (op == 1) asked.insert(h.join(m, now));
        if (op == 2) asked.insert(h.sync(m, h.group.generationId(), now, {{m, {1}}}));
        if (op == 3) (void)h.group.heartbeat({m, std::nullopt}, h.group.generationId(), now);
        if (op == 4) {
          std::vector<GroupError> errors;
          h.take(h.group.leave({{m, std::nullopt}}, now, errors));
        }
      }
      for (const auto& [token, answer] : h.joins) {
        if (!answer.memberId.empty() && std::find(known.begin(), known.end(), answer.memberId) == known.end()) {
          known.push_back(answer.memberId);
        }
      }
      QVERIFY(h.group.memberCount() <= 6);
      if (h.group.state() == GroupState::Stable || h.group.state() == GroupState::CompletingRebalance) {
        bool leaderIsMember = false;
        for (const auto& m : h.group.describeMembers()) leaderIsMember |= m.memberId == h.group.leaderId();
        QVERIFY2(leaderIsMember, qPrintable(QStringLiteral("seed %1 step %2").arg(seed).arg(step)));
      }
    }
    // Nobody heartbeats any more: sessions and deadlines run out, everyone waiting is answered.
    for (int i = 1; i <= 10; ++i) h.take(h.group.tick(now + i * 50000));
    for (RequestToken t : asked) {
      QVERIFY2(h.joins.count(t) || h.syncs.count(t), qPrintable(QStringLiteral("seed %1: request %2 never answered").arg(seed).arg(t)));
    }
    QVERIFY2(h.group.state() == GroupState::Empty,
             qPrintable(QStringLiteral("seed %1: state %2, %3 members")
                            .arg(seed)
                            .arg(QString::fromLatin1(stateName(h.group.state())))
                            .arg(h.group.memberCount())));
  }
}

QTEST_APPLESS_MAIN(TestGroupFsm)
#include "tst_group_fsm.moc"
