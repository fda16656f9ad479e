// Tests for GroupCoordinator over a real PartitionLog on the in-memory file system: Kafka's
// partition choice for a group (Java String.hashCode), a whole join/sync round with callbacks,
// committed offsets and group metadata written as __consumer_offsets records and rebuilt by a
// new coordinator from the log alone (as after a restart), simple commits, tombstones from
// DeleteGroups/OffsetDelete, offset expiry, and a failed append reported, not swallowed.
#include <QtTest>

#include <map>
#include <memory>

#include "group/group_coordinator.h"
#include "protocol/consumer_offsets_record.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_batch.h"
#include "runtime/memory_file_system.h"
#include "storage/file_cache.h"
#include "storage/partition_log.h"
#include "storage/storage_error.h"

using namespace pier;
using namespace pier::group;

namespace {

// __consumer_offsets with a few partitions, each a real log in memory.
class MemoryOffsetsTopic : public OffsetsTopic {
 public:
  explicit MemoryOffsetsTopic(int32_t partitions) : m_partitions(partitions) {}

  int32_t partitionCount() const override { return m_partitions; }
  Result<storage::PartitionLog*> partition(int32_t p, int64_t nowMs) override {
    if (failAppends) return Status(storage::StorageError::LogDirOffline, "disk gone");
    auto it = m_logs.find(p);
    if (it == m_logs.end()) {
      PIER_ASSIGN_OR_RETURN(auto log, storage::PartitionLog::open(m_files, "/data/__consumer_offsets-" + std::to_string(p),
                                                                  {"__consumer_offsets", PartitionIndex(p)},
                                                                  storage::LogConfig{}, {}, nowMs));
      it = m_logs.emplace(p, std::move(log)).first;
    }
    return it->second.get();
  }
  std::vector<storage::PartitionLog*> existing() override {
    std::vector<storage::PartitionLog*> out;
    for (auto& [p, log] : m_logs) out.push_back(log.get());
    return out;
  }
  std::size_t recordCount(int32_t p) {
    auto* log = *partition(p, 0);
    auto data = log->read(log->logStartOffset(), 1 << 20, log->logEndOffset(), true);
    protocol::records::BatchIterator it(data->records);
    std::size_t n = 0;
    while (auto entry = it.next()) {
      if (!*entry) break;
      n += protocol::records::decodeBatch((*entry)->bytes)->records.size();
    }
    return n;
  }
  bool failAppends = false;

 private:
  int32_t m_partitions;
  MemoryFileSystem m_fs;
  storage::FileCache m_files{m_fs, 64};
  std::map<int32_t, std::unique_ptr<storage::PartitionLog>> m_logs;
};

CoordinatorConfig config() {
  CoordinatorConfig c;
  c.limits.initialRebalanceDelayMs = 0;
  return c;
}

JoinRequest joinRequest(const std::string& memberId = "") {
  JoinRequest r;
  r.memberId = memberId;
  r.clientId = "c";
  r.clientHost = "/127.0.0.1";
  r.sessionTimeoutMs = 10000;
  r.rebalanceTimeoutMs = 10000;
  r.protocolType = "consumer";
  // ConsumerProtocolSubscription v0: topics ["orders"], no user data.
  r.protocols = {{"range", {0, 0, 0, 0, 0, 1, 0, 6, 'o', 'r', 'd', 'e', 'r', 's', 0xff, 0xff, 0xff, 0xff}}};
  return r;
}

const TopicPartition kOrders0{"orders", PartitionIndex(0)};
const TopicPartition kOrders1{"orders", PartitionIndex(1)};

// A member that joined and synced "g": Stable, generation 1. Returns its id.
std::string stableMember(GroupCoordinator& c, const std::string& groupId, int64_t now) {
  std::string memberId;
  c.join(groupId, joinRequest(), now, [&](const JoinResponse& r) { memberId = r.memberId; });
  c.sync(groupId, {0, memberId, std::nullopt, 1, std::nullopt, std::nullopt, {{memberId, {7}}}}, now,
         [](const SyncResponse&) {});
  return memberId;
}

}  // namespace

class TestGroupCoordinator : public QObject {
  Q_OBJECT

 private slots:
  void partitionLikeKafka_data();
  void partitionLikeKafka();
  void joinAndSyncAnswerThroughCallbacks();
  void offsetsAndGroupsSurviveARestart();
  void simpleCommitsAndTombstones();
  void offsetDeleteRefusesASubscribedTopic();
  void offsetsExpireAfterTheGroupEmptied();
  void failedAppendIsReported();
  void emptyGroupsWithoutOffsetsAreDropped();
};

void TestGroupCoordinator::partitionLikeKafka_data() {
  QTest::addColumn<QString>("group");
  QTest::addColumn<int>("partition");
  // Expected values from Java: Utils.abs("...".hashCode()) % 50.
  QTest::newRow("ascii") << "my-group" << 12;
  QTest::newRow("console consumer") << "console-consumer-12345" << 6;
  QTest::newRow("empty") << "" << 0;
  QTest::newRow("chinese") << "组" << 2;
  QTest::newRow("outside the BMP") << "😀g" << 22;
  QTest::newRow("hash is Integer.MIN_VALUE") << "polygenelubricants" << 0;
}

void TestGroupCoordinator::partitionLikeKafka() {
  QFETCH(QString, group);
  QFETCH(int, partition);
  QCOMPARE(GroupCoordinator::partitionFor(group.toStdString(), 50), partition);
}

void TestGroupCoordinator::joinAndSyncAnswerThroughCallbacks() {
  MemoryOffsetsTopic topic(4);
  GroupCoordinator c(config(), topic, 1);
  std::vector<JoinResponse> joins;
  c.join("g", joinRequest(), 0, [&](const JoinResponse& r) { joins.push_back(r); });
  QCOMPARE(joins.size(), 1u);
  const std::string m1 = joins[0].memberId;
  c.join("g", joinRequest(), 10, [&](const JoinResponse& r) { joins.push_back(r); });
  QCOMPARE(joins.size(), 1u);  // waits for m1 to rejoin: the group is rebalancing
  QCOMPARE(c.heartbeat("g", {m1, std::nullopt}, 1, 20), GroupError::RebalanceInProgress);
  c.join("g", joinRequest(m1), 30, [&](const JoinResponse& r) { joins.push_back(r); });
  QCOMPARE(joins.size(), 3u);
  QCOMPARE(joins[1].generationId, 2);
  QCOMPARE(joins[2].generationId, 2);
  QCOMPARE(c.heartbeat("other", {m1, std::nullopt}, 1, 20), GroupError::UnknownMemberId);
  std::vector<std::string> order;
  c.join("", joinRequest(), 0, [&](const JoinResponse& r) { QCOMPARE(r.error, GroupError::InvalidGroupId); });
  c.join("nope", joinRequest("ghost"), 0, [&](const JoinResponse& r) { QCOMPARE(r.error, GroupError::UnknownMemberId); });
}

void TestGroupCoordinator::offsetsAndGroupsSurviveARestart() {
  MemoryOffsetsTopic topic(4);
  std::string member;
  {
    GroupCoordinator c(config(), topic, 1);
    member = stableMember(c, "g", 100);
    auto results = c.commitOffsets("g", {member, std::nullopt}, 1,
                                   {{kOrders0, {42, 3, "meta", 150}}, {kOrders1, {7, -1, "", 150}}}, 150);
    QCOMPARE(results.size(), 2u);
    QVERIFY(results[0].isOk() && results[1].isOk());
    results = c.commitOffsets("g", {member, std::nullopt}, 1, {{kOrders0, {43, 3, "", 160}}}, 160);
    QVERIFY(results[0].isOk());
    QCOMPARE(c.commitOffsets("g", {member, std::nullopt}, 9, {{kOrders0, {1, 3, "", 160}}}, 160)[0].code(),
             static_cast<int>(GroupError::IllegalGeneration));
  }
  const int32_t p = GroupCoordinator::partitionFor("g", 4);
  QCOMPARE(topic.recordCount(p), 4u);  // group metadata at sync, 2 + 1 offsets

  GroupCoordinator restarted(config(), topic, 2);
  QVERIFY(restarted.load(10'000).isOk());
  const auto offsets = restarted.fetchOffsets("g", std::nullopt);
  QCOMPARE(offsets.size(), 2u);
  QCOMPARE(offsets.at(kOrders0), (CommittedOffset{43, 3, "", 160}));
  QCOMPARE(offsets.at(kOrders1).offset, 7);
  const GroupDescription d = restarted.describeGroup("g");
  QCOMPARE(d.state, GroupState::Stable);
  QCOMPARE(d.protocolName, std::string("range"));
  QCOMPARE(d.members.size(), 1u);
  QCOMPARE(d.members[0].memberId, member);
  QCOMPARE(d.members[0].assignment, std::vector<uint8_t>{7});
  QCOMPARE(restarted.heartbeat("g", {member, std::nullopt}, 1, 10'001), GroupError::None);  // a session to come back
  QCOMPARE(restarted.describeGroup("unknown").state, GroupState::Dead);
}

void TestGroupCoordinator::simpleCommitsAndTombstones() {
  MemoryOffsetsTopic topic(4);
  GroupCoordinator c(config(), topic, 1);
  auto results = c.commitOffsets("standalone", {"", std::nullopt}, -1, {{kOrders0, {5, -1, "", 1}}}, 1);
  QVERIFY(results[0].isOk());
  auto listed = c.listGroups();
  QCOMPARE(listed.size(), 1u);
  QCOMPARE(listed[0].groupId, std::string("standalone"));
  QCOMPARE(listed[0].protocolType, std::string());
  QCOMPARE(listed[0].state, GroupState::Empty);
  const std::string big(5000, 'x');  // above offset.metadata.max.bytes
  QCOMPARE(c.commitOffsets("standalone", {"", std::nullopt}, -1, {{kOrders1, {5, -1, big, 1}}}, 1)[0].code(),
           static_cast<int>(GroupError::OffsetMetadataTooLarge));

  QVERIFY(c.deleteGroup("standalone", 2).isOk());
  QVERIFY(c.listGroups().empty());
  QCOMPARE(c.deleteGroup("standalone", 3).code(), static_cast<int>(GroupError::GroupIdNotFound));
  GroupCoordinator restarted(config(), topic, 2);
  QVERIFY(restarted.load(4).isOk());
  QVERIFY(restarted.fetchOffsets("standalone", std::nullopt).empty());  // tombstones win
  QVERIFY(restarted.listGroups().empty());

  const std::string member = stableMember(c, "busy", 10);
  QCOMPARE(c.deleteGroup("busy", 11).code(), static_cast<int>(GroupError::NonEmptyGroup));
}

void TestGroupCoordinator::offsetDeleteRefusesASubscribedTopic() {
  MemoryOffsetsTopic topic(2);
  GroupCoordinator c(config(), topic, 1);
  const std::string member = stableMember(c, "g", 0);
  const TopicPartition other{"other", PartitionIndex(0)};
  c.commitOffsets("g", {member, std::nullopt}, 1, {{kOrders0, {1, -1, "", 0}}, {other, {2, -1, "", 0}}}, 0);
  const auto results = c.deleteOffsets("g", {kOrders0, other}, 5);
  QCOMPARE(results[0].code(), static_cast<int>(GroupError::GroupSubscribedToTopic));
  QVERIFY(results[1].isOk());
  QCOMPARE(c.fetchOffsets("g", std::nullopt).size(), 1u);
  QCOMPARE(c.deleteOffsets("nope", {kOrders0}, 5)[0].code(), static_cast<int>(GroupError::GroupIdNotFound));
}

void TestGroupCoordinator::offsetsExpireAfterTheGroupEmptied() {
  CoordinatorConfig cfg = config();
  cfg.offsetsRetentionMs = 1'000'000;
  MemoryOffsetsTopic topic(2);
  GroupCoordinator c(cfg, topic, 1);
  const std::string member = stableMember(c, "g", 0);
  c.commitOffsets("g", {member, std::nullopt}, 1, {{kOrders0, {1, -1, "", 0}}}, 0);
  c.tick(2'000'000);  // the member's session ran out long ago: the group is Empty from now
  QCOMPARE(c.describeGroup("g").state, GroupState::Empty);
  c.tick(2'500'000);
  QCOMPARE(c.fetchOffsets("g", std::nullopt).size(), 1u);  // kept: Empty for less than the retention
  c.tick(3'100'000);
  QVERIFY(c.fetchOffsets("g", std::nullopt).empty());
  QVERIFY(c.listGroups().empty());
  GroupCoordinator restarted(cfg, topic, 2);
  QVERIFY(restarted.load(3'200'000).isOk());
  QVERIFY(restarted.fetchOffsets("g", std::nullopt).empty());
}

void TestGroupCoordinator::failedAppendIsReported() {
  MemoryOffsetsTopic topic(2);
  GroupCoordinator c(config(), topic, 1);
  std::string member;
  c.join("g", joinRequest(), 0, [&](const JoinResponse& r) { member = r.memberId; });
  topic.failAppends = true;
  std::optional<SyncResponse> answer;
  c.sync("g", {0, member, std::nullopt, 1, std::nullopt, std::nullopt, {{member, {1}}}}, 1,
         [&](const SyncResponse& r) { answer = r; });
  QVERIFY(answer);
  QCOMPARE(answer->error, GroupError::CoordinatorNotAvailable);  // not a Stable group on a lost record
  QCOMPARE(c.describeGroup("g").state, GroupState::PreparingRebalance);
  const auto results = c.commitOffsets("g", {"", std::nullopt}, -1, {{kOrders0, {1, -1, "", 0}}}, 2);
  QVERIFY(!results[0].isOk());
  QVERIFY(c.fetchOffsets("g", std::nullopt).empty());
}

void TestGroupCoordinator::emptyGroupsWithoutOffsetsAreDropped() {
  MemoryOffsetsTopic topic(2);
  GroupCoordinator c(config(), topic, 1);
  const std::string member = stableMember(c, "transient", 0);
  QCOMPARE(c.leave("transient", {{member, std::nullopt}}, 10), std::vector<GroupError>{GroupError::None});
  QCOMPARE(c.describeGroup("transient").state, GroupState::Empty);
  c.tick(20);  // the first expiry pass comes a minute after start
  QCOMPARE(c.groupCount(), 1u);
  c.tick(70'000);
  QCOMPARE(c.groupCount(), 0u);
  GroupCoordinator restarted(config(), topic, 2);
  QVERIFY(restarted.load(80'000).isOk());
  QCOMPARE(restarted.groupCount(), 0u);  // its tombstone hides the earlier records
}

QTEST_APPLESS_MAIN(TestGroupCoordinator)
#include "tst_group_coordinator.moc"
