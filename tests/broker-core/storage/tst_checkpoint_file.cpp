// Checkpoint files: Kafka's exact bytes, strict parsing that names the line, atomic replacement
// that survives a crash at any point.

#include <QtTest>

#include "runtime/memory_file_system.h"
#include "storage/atomic_file.h"
#include "storage/checkpoint_file.h"
#include "storage/log_file_names.h"
#include "storage/storage_error.h"

using namespace pier;
using namespace pier::storage;

namespace {
std::string fileText(FileSystem& fs, const std::string& path) {
  auto text = readSmallFile(fs, path);
  return text && *text ? **text : std::string("<missing>");
}
}  // namespace

class TestCheckpointFile : public QObject {
  Q_OBJECT

 private slots:
  void offsetCheckpointBytesAreKafkas() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    OffsetCheckpoint offsets{{TopicPartition{"orders", PartitionIndex(1)}, Offset(1432)},
                             {TopicPartition{"orders", PartitionIndex(0)}, Offset(1500)},
                             {TopicPartition{"my-topic", PartitionIndex(12)}, Offset(0)}};
    QVERIFY(writeOffsetCheckpoint(fs, "/d/recovery-point-offset-checkpoint", offsets).isOk());
    QCOMPARE(fileText(fs, "/d/recovery-point-offset-checkpoint"),
             std::string("0\n3\nmy-topic 12 0\norders 0 1500\norders 1 1432\n"));
    auto back = readOffsetCheckpoint(fs, "/d/recovery-point-offset-checkpoint");
    QVERIFY(back.isOk());
    QVERIFY(*back == offsets);
    QCOMPARE(*fs.exists("/d/recovery-point-offset-checkpoint.tmp"), false);
  }

  void leaderEpochCheckpointRoundTrips() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    std::vector<EpochEntry> entries{{LeaderEpoch(0), Offset(0)}, {LeaderEpoch(3), Offset(120)}};
    QVERIFY(writeLeaderEpochCheckpoint(fs, "/d/leader-epoch-checkpoint", entries).isOk());
    QCOMPARE(fileText(fs, "/d/leader-epoch-checkpoint"), std::string("0\n2\n0 0\n3 120\n"));
    QVERIFY(*readLeaderEpochCheckpoint(fs, "/d/leader-epoch-checkpoint") == entries);
  }

  void missingFileReadsEmpty() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    auto read = readOffsetCheckpoint(fs, "/d/log-start-offset-checkpoint");
    QVERIFY(read.isOk());
    QVERIFY(read->empty());
  }

  void malformedFilesAreCorruptNamingTheLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("where");
    QTest::newRow("wrong version") << "1\n0\n" << "line 1";
    QTest::newRow("count too high") << "0\n2\norders 0 5\n" << "expected 2 entries, found 1";
    QTest::newRow("count too low") << "0\n0\norders 0 5\n" << "expected 0 entries, found 1";
    QTest::newRow("two fields") << "0\n1\norders 5\n" << "line 3";
    QTest::newRow("offset not a number") << "0\n1\norders 0 x5\n" << "line 3";
    QTest::newRow("negative partition") << "0\n1\norders -1 5\n" << "line 3";
    QTest::newRow("no newline at end") << "0\n1\norders 0 5" << "cut short";
    QTest::newRow("empty") << "" << "missing version";
  }
  void malformedFilesAreCorruptNamingTheLine() {
    QFETCH(QString, text);
    QFETCH(QString, where);
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    QVERIFY(writeFileAtomically(fs, "/d/cp", text.toStdString()).isOk());
    auto read = readOffsetCheckpoint(fs, "/d/cp");
    QVERIFY(!read.isOk());
    QVERIFY(read.status().is(StorageError::CorruptCheckpoint));
    QVERIFY2(read.status().message().find(where.toStdString()) != std::string::npos, read.status().message().c_str());
    QVERIFY(read.status().message().find("/d/cp") != std::string::npos);
  }

  void crashKeepsTheOldOrTheNewFileWhole() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/d").isOk());
    const OffsetCheckpoint v1{{TopicPartition{"t", PartitionIndex(0)}, Offset(10)}};
    const OffsetCheckpoint v2{{TopicPartition{"t", PartitionIndex(0)}, Offset(20)}};
    QVERIFY(writeOffsetCheckpoint(fs, "/d/cp", v1).isOk());
    // A crash after the tmp file was written but before the rename: the old file stands.
    {
      auto tmp = fs.open("/d/cp.tmp", {.create = true, .truncate = true});
      QVERIFY(tmp.isOk());
      const std::string partial = "0\n1\nt 0 2";
      QVERIFY((*tmp)->writeAt(0, std::span(reinterpret_cast<const uint8_t*>(partial.data()), partial.size())).isOk());
    }
    fs.crash();
    QVERIFY(*readOffsetCheckpoint(fs, "/d/cp") == v1);
    // A completed write survives a crash right after it.
    QVERIFY(writeOffsetCheckpoint(fs, "/d/cp", v2).isOk());
    fs.crash();
    QVERIFY(*readOffsetCheckpoint(fs, "/d/cp") == v2);
  }

  void segmentAndFolderNames() {
    QCOMPARE(segmentFileName(Offset(0), kLogSuffix), std::string("00000000000000000000.log"));
    QCOMPARE(segmentFileName(Offset(9223372036854775807LL), kTimeIndexSuffix),
             std::string("09223372036854775807.timeindex"));
    auto parsed = parseSegmentFileName("00000000000000001234.index.deleted");
    QVERIFY(parsed.has_value());
    QCOMPARE(parsed->baseOffset, Offset(1234));
    QVERIFY(parsed->kind == kIndexSuffix);
    QVERIFY(parsed->state == kDeletedSuffix);
    QVERIFY(!parseSegmentFileName("leader-epoch-checkpoint").has_value());
    QVERIFY(!parseSegmentFileName("1234.log").has_value());
    QVERIFY(!parseSegmentFileName("0000000000000000123x.log").has_value());
    auto tp = parsePartitionDirName("my-orders-topic-17");
    QVERIFY(tp.isOk());
    QCOMPARE(tp->topic, std::string("my-orders-topic"));
    QCOMPARE(tp->partition, PartitionIndex(17));
    QCOMPARE(partitionDirName(*tp), std::string("my-orders-topic-17"));
    QVERIFY(parsePartitionDirName("orders").status().is(StorageError::InvalidName));
    QVERIFY(parsePartitionDirName("orders-x").status().is(StorageError::InvalidName));
    QVERIFY(parsePartitionDirName("-3").status().is(StorageError::InvalidName));
  }
};

QTEST_APPLESS_MAIN(TestCheckpointFile)
#include "tst_checkpoint_file.moc"
