// A log directory: meta.properties identity, the clean-shutdown marker, checkpoints written on
// close and used on open, Kafka's fallback for an unreadable checkpoint (revalidate everything),
// partition removal through "-delete" folders, and partition.metadata.

#include <QtTest>

#include "runtime/memory_file_system.h"
#include "storage/atomic_file.h"
#include "storage/checkpoint_file.h"
#include "storage/log_directory.h"
#include "storage/log_file_names.h"
#include "storage/meta_properties.h"
#include "storage/partition_metadata.h"
#include "storage/storage_error.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::storage;
using namespace pier::storage::testing;

namespace {
const std::string kRoot = "/kafka-logs";
const TopicPartition kA{"orders", PartitionIndex(0)};
const TopicPartition kB{"orders", PartitionIndex(1)};
const TopicPartition kC{"payments.eu-west", PartitionIndex(7)};

LogDirectoryOptions options() {
  LogDirectoryOptions o;
  o.brokerId = NodeId(1);
  o.clusterId = "Q2x1c3RlcklkLTAwMDAwMA";
  o.openFilesMax = 16;
  o.configFor = [](const TopicPartition&) { return smallConfig(); };
  return o;
}

std::unique_ptr<LogDirectory> openDir(FileSystem& fs) {
  auto dir = LogDirectory::open(fs, kRoot, options(), 1796158642000);
  if (!dir) qFatal("open: %s", dir.status().toString().c_str());
  return std::move(*dir);
}

void fill(LogDirectory& dir, const TopicPartition& tp, int batches) {
  PartitionLog* log = *dir.getOrCreate(tp, smallConfig(), 0);
  for (int i = 0; i < batches; ++i) {
    auto batch = makeBatch(2, 1000 + i, 200);
    if (!log->appendAsLeader(batch, LeaderEpoch(0), 0)) qFatal("append failed");
  }
}

std::string text(FileSystem& fs, const std::string& path) {
  auto t = readSmallFile(fs, path);
  return t && *t ? **t : "<missing>";
}
}  // namespace

class TestLogDirectory : public QObject {
  Q_OBJECT

 private slots:
  void cleanShutdownAndReopen() {
    MemoryFileSystem fs;
    {
      auto dir = openDir(fs);
      QVERIFY(!dir->hadCleanShutdown());
      QCOMPARE(text(fs, kRoot + "/meta.properties"),
               std::string("#\n#Tue Dec 01 20:57:22 UTC 2026\nbroker.id=1\ncluster.id=Q2x1c3RlcklkLTAwMDAwMA\nversion=0\n"));
      fill(*dir, kA, 20);
      fill(*dir, kB, 3);
      fill(*dir, kC, 1);
      QVERIFY(dir->close().isOk());
    }
    QVERIFY(*fs.exists(kRoot + "/.kafka_cleanshutdown"));
    auto recovery = *readOffsetCheckpoint(fs, kRoot + "/recovery-point-offset-checkpoint");
    QCOMPARE(recovery.at(kA), Offset(40));
    QCOMPARE(recovery.at(kC), Offset(2));
    auto dir = openDir(fs);
    QVERIFY(dir->hadCleanShutdown());
    QVERIFY(!*fs.exists(kRoot + "/.kafka_cleanshutdown"));  // the next crash must not look clean
    QCOMPARE(dir->partitions(), (std::vector<TopicPartition>{kA, kB, kC}));
    QCOMPARE(dir->find(kA)->logEndOffset(), Offset(40));
    QCOMPARE(dir->find(kA)->bytesTruncatedOnOpen(), uint64_t{0});
    QCOMPARE(dir->find(kC)->logEndOffset(), Offset(2));
  }

  void crashRecoversFromTheCheckpointedRecoveryPoint() {
    MemoryFileSystem fs;
    {
      auto dir = openDir(fs);
      fill(*dir, kA, 10);
      QVERIFY(dir->find(kA)->flush().isOk());
      QVERIFY(dir->writeCheckpoints().isOk());
      fill(*dir, kA, 5);  // not flushed
      fs.crash();
    }
    auto dir = openDir(fs);
    QVERIFY(!dir->hadCleanShutdown());
    QVERIFY(dir->find(kA)->logEndOffset() >= Offset(20));
  }

  void unreadableCheckpointRevalidatesEveryLog() {
    MemoryFileSystem fs;
    uint64_t corruptAt = 0;
    {
      auto dir = openDir(fs);
      fill(*dir, kA, 20);
      corruptAt = dir->find(kA)->segmentBaseOffsets().size();
      QVERIFY(corruptAt >= 3);
      QVERIFY(dir->find(kA)->flush().isOk());
      QVERIFY(dir->writeCheckpoints().isOk());
    }
    // Damage a record in the first (long flushed) segment, then lose the checkpoint.
    QVERIFY(fs.flipBit(kRoot + "/orders-0/00000000000000000000.log", 200 * 8).isOk());
    QVERIFY(writeFileAtomically(fs, kRoot + "/recovery-point-offset-checkpoint", "0\n5\norders 0\n").isOk());
    fs.crash();
    auto dir = openDir(fs);
    // With its recovery point unknown the log was revalidated from 0 and cut at the damage.
    QCOMPARE(dir->find(kA)->logEndOffset(), Offset(0));
    QVERIFY(dir->find(kA)->bytesTruncatedOnOpen() > 0);
  }

  void foreignBrokerIdIsRefused() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories(kRoot).isOk());
    QVERIFY(writeMetaProperties(fs, kRoot, MetaProperties{0, NodeId(2), "x"}, 0).isOk());
    auto dir = LogDirectory::open(fs, kRoot, options(), 0);
    QVERIFY(dir.status().is(StorageError::InvalidConfig));
    QVERIFY(dir.status().message().find("broker.id 1") != std::string::npos);
    QVERIFY(dir.status().message().find("stored broker.id 2") != std::string::npos);
  }

  void removedPartitionsGoThroughDeleteFolders() {
    MemoryFileSystem fs;
    Prng prng(7);
    {
      auto dir = openDir(fs);
      fill(*dir, kA, 12);
      fill(*dir, kB, 2);
      QVERIFY(dir->remove(kA, prng).isOk());
      QVERIFY(dir->find(kA) == nullptr);
      QVERIFY(!*fs.exists(kRoot + "/orders-0"));
      // Recreating the topic starts from offset 0 with no trace of the old data.
      QCOMPARE((*dir->getOrCreate(kA, smallConfig(), 0))->logEndOffset(), Offset(0));
      QVERIFY(dir->close().isOk());
    }
    // A "-delete" folder left by a crash in the middle of a removal is finished on open.
    QVERIFY(fs.createDirectories(kRoot + "/orders-1.0123456789abcdef0123456789abcdef-delete").isOk());
    auto leftover = fs.open(kRoot + "/orders-1.0123456789abcdef0123456789abcdef-delete/00000000000000000000.log",
                            {.create = true});
    QVERIFY(leftover.isOk());
    auto dir = openDir(fs);
    QVERIFY(!*fs.exists(kRoot + "/orders-1.0123456789abcdef0123456789abcdef-delete"));
    QCOMPARE(dir->partitions(), (std::vector<TopicPartition>{kA, kB}));
  }

  void javaPropertiesAndDates() {
    auto props = parseJavaProperties("#comment\n! other\n\nbroker.id = 3\ncluster.id:abc\\=d\n  version=0  \n");
    QCOMPARE(props.at("broker.id"), std::string("3"));
    QCOMPARE(props.at("cluster.id"), std::string("abc=d"));
    QCOMPARE(props.at("version"), std::string("0"));
    QCOMPARE(javaDateString(0), std::string("Thu Jan 01 00:00:00 UTC 1970"));
    QCOMPARE(javaDateString(951868799000), std::string("Tue Feb 29 23:59:59 UTC 2000"));
    QCOMPARE(javaDateString(1796158642000), std::string("Tue Dec 01 20:57:22 UTC 2026"));
  }

  void partitionMetadataBytes() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/p").isOk());
    QVERIFY(writePartitionMetadata(fs, "/p", "q3fz-hW3TZ6yPmg5wB9R_g").isOk());
    QCOMPARE(text(fs, "/p/partition.metadata"), std::string("version: 0\ntopic_id: q3fz-hW3TZ6yPmg5wB9R_g"));
    QCOMPARE(**readPartitionMetadata(fs, "/p"), std::string("q3fz-hW3TZ6yPmg5wB9R_g"));
    QVERIFY(writePartitionMetadata(fs, "/p", "AAAAAAAAAAAAAAAAAAAAAA").is(StorageError::InvalidConfig));
    QVERIFY(writeFileAtomically(fs, "/p/partition.metadata", "version: 1\ntopic_id: x").isOk());
    QVERIFY(readPartitionMetadata(fs, "/p").status().is(StorageError::CorruptCheckpoint));
    QVERIFY(!readPartitionMetadata(fs, "/q")->has_value());
  }
};

QTEST_APPLESS_MAIN(TestLogDirectory)
#include "tst_log_directory.moc"
