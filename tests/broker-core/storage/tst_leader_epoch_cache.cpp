// Leader epoch cache: Kafka's assignment and truncation rules, OffsetsForLeaderEpoch answers,
// persistence in leader-epoch-checkpoint, and the log keeping it in step with appends,
// truncation, DeleteRecords and recovery.

#include <QtTest>

#include "runtime/memory_file_system.h"
#include "storage/file_cache.h"
#include "storage/atomic_file.h"
#include "storage/leader_epoch_cache.h"
#include "storage/partition_log.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::storage;
using namespace pier::storage::testing;

namespace {
using Entries = std::vector<EpochEntry>;
EpochEntry e(int32_t epoch, int64_t start) { return EpochEntry{LeaderEpoch(epoch), Offset(start)}; }
const std::string kDir = "/data/orders-0";
}  // namespace

class TestLeaderEpochCache : public QObject {
  Q_OBJECT

 private slots:
  void assignKeepsEpochsAndOffsetsIncreasing() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    QVERIFY(fs.createDirectories(kDir).isOk());
    auto cache = std::move(*LeaderEpochCache::load(fs, kDir));
    QVERIFY(cache.assign(LeaderEpoch(1), Offset(0)).isOk());
    QVERIFY(cache.assign(LeaderEpoch(1), Offset(5)).isOk());   // same epoch: nothing new
    QVERIFY(cache.assign(LeaderEpoch(-1), Offset(6)).isOk());  // no epoch (old producer)
    QVERIFY(cache.assign(LeaderEpoch(3), Offset(10)).isOk());
    QVERIFY(cache.assign(LeaderEpoch(2), Offset(12)).isOk());  // older epoch: ignored
    QCOMPARE(cache.entries(), (Entries{e(1, 0), e(3, 10)}));
    QVERIFY(cache.assign(LeaderEpoch(4), Offset(10)).isOk());  // diverged: replaces epoch 3
    QCOMPARE(cache.entries(), (Entries{e(1, 0), e(4, 10)}));
    auto reloaded = std::move(*LeaderEpochCache::load(fs, kDir));
    QCOMPARE(reloaded.entries(), (Entries{e(1, 0), e(4, 10)}));
  }

  void endOffsetForAnswersLikeKafka() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    QVERIFY(fs.createDirectories(kDir).isOk());
    auto cache = std::move(*LeaderEpochCache::load(fs, kDir));
    QVERIFY(!cache.endOffsetFor(LeaderEpoch(0), Offset(0)).has_value());
    QVERIFY(cache.assign(LeaderEpoch(2), Offset(10)).isOk());
    QVERIFY(cache.assign(LeaderEpoch(5), Offset(30)).isOk());
    QVERIFY(cache.assign(LeaderEpoch(7), Offset(42)).isOk());
    using P = std::pair<LeaderEpoch, Offset>;
    QCOMPARE(*cache.endOffsetFor(LeaderEpoch(7), Offset(50)), (P{LeaderEpoch(7), Offset(50)}));
    QCOMPARE(*cache.endOffsetFor(LeaderEpoch(5), Offset(50)), (P{LeaderEpoch(5), Offset(42)}));
    QCOMPARE(*cache.endOffsetFor(LeaderEpoch(6), Offset(50)), (P{LeaderEpoch(5), Offset(42)}));
    QCOMPARE(*cache.endOffsetFor(LeaderEpoch(1), Offset(50)), (P{LeaderEpoch(1), Offset(10)}));
    QVERIFY(!cache.endOffsetFor(LeaderEpoch(8), Offset(50)).has_value());
    QCOMPARE(*cache.epochForOffset(Offset(41)), LeaderEpoch(5));
    QVERIFY(!cache.epochForOffset(Offset(9)).has_value());
  }

  void truncationFromBothEnds() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    QVERIFY(fs.createDirectories(kDir).isOk());
    auto cache = std::move(*LeaderEpochCache::load(fs, kDir));
    for (auto entry : {e(1, 0), e(2, 10), e(3, 20), e(4, 30)}) QVERIFY(cache.assign(entry.epoch, entry.startOffset).isOk());
    QVERIFY(cache.truncateFromEnd(Offset(20)).isOk());
    QCOMPARE(cache.entries(), (Entries{e(1, 0), e(2, 10)}));
    QVERIFY(cache.truncateFromStart(Offset(15)).isOk());
    QCOMPARE(cache.entries(), (Entries{e(2, 15)}));
    QCOMPARE(std::move(*LeaderEpochCache::load(fs, kDir)).entries(), (Entries{e(2, 15)}));
  }

  void logKeepsTheCacheInStep() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = std::move(*PartitionLog::open(files, kDir, {"orders", PartitionIndex(0)}, smallConfig(), {}, 0));
    for (int epoch = 1; epoch <= 3; ++epoch) {
      for (int i = 0; i < 5; ++i) {
        auto batch = makeBatch(2, 100, 200);
        QVERIFY(log->appendAsLeader(batch, LeaderEpoch(epoch), 0).isOk());
      }
    }
    QCOMPARE(log->leaderEpochs().entries(), (Entries{e(1, 0), e(2, 10), e(3, 20)}));
    QVERIFY(log->truncateTo(Offset(14), 0).isOk());
    QCOMPARE(log->leaderEpochs().entries(), (Entries{e(1, 0), e(2, 10)}));
    // A crash that loses the checkpoint file's contents: recovery rebuilds the epochs from the
    // batches themselves.
    QVERIFY(log->flush().isOk());
    QVERIFY(writeFileAtomically(fs, kDir + "/leader-epoch-checkpoint", "0\n7\ngarbage\n").isOk());
    log.reset();
    fs.crash();
    FileCache afterCrash(fs, 16);
    auto reopened = PartitionLog::open(afterCrash, kDir, {"orders", PartitionIndex(0)}, smallConfig(), {}, 0);
    QVERIFY2(reopened.isOk(), reopened.status().toString().c_str());
    QCOMPARE((*reopened)->leaderEpochs().entries(), (Entries{e(1, 0), e(2, 10)}));
    QCOMPARE((*reopened)->logEndOffset(), Offset(14));
  }
};

QTEST_APPLESS_MAIN(TestLeaderEpochCache)
#include "tst_leader_epoch_cache.moc"
