// Crash recovery, over seeded runs on the fault-injecting MemoryFileSystem: after a crash that
// loses unsynced writes, tears them, or flips a bit in a batch, reopening the log
//   - keeps every record below the recovery point (everything flushed survives),
//   - keeps exactly a prefix of the batches that were appended (nothing invented, nothing
//     reordered, no batch with a bad CRC),
//   - leaves indexes that pass their sanity check, and accepts new appends right after.
// A failure prints the seed; QTest's data row names it too.

#include <QtTest>

#include "base/prng.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/legacy_message_set.h"
#include "runtime/memory_file_system.h"
#include "storage/file_cache.h"
#include "storage/log_file_names.h"
#include "storage/partition_log.h"
#include "storage/storage_error.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::storage;
using namespace pier::storage::testing;
namespace records = pier::protocol::records;

namespace {
const std::string kDir = "/data/orders-0";
const TopicPartition kTp{"orders", PartitionIndex(0)};

enum class Fault { Crash, Tear, FlipBit };

struct Written {
  std::vector<std::vector<uint8_t>> batches;  // as appended, offsets assigned
};

// All batches the log returns, in order.
std::vector<std::vector<uint8_t>> readAll(PartitionLog& log) {
  std::vector<std::vector<uint8_t>> out;
  Offset next = log.logStartOffset();
  while (next < log.logEndOffset()) {
    auto got = log.read(next, 1 << 20, log.logEndOffset(), true);
    if (!got) qFatal("read: %s", got.status().toString().c_str());
    records::BatchIterator it(got->records);
    bool any = false;
    while (true) {
      auto entry = it.next();
      if (!entry || !*entry) break;
      out.emplace_back((*entry)->bytes.begin(), (*entry)->bytes.end());
      auto header = records::decodeBatchHeader((*entry)->bytes);
      next = Offset(header->lastOffset().value() + 1);
      any = true;
    }
    if (!any) qFatal("read returned no whole batch at %lld", static_cast<long long>(next.value()));
  }
  return out;
}

// Flips one bit inside a CRC-checked or framing field of a random written batch (not the base
// offset or leader epoch, which Kafka's format leaves unprotected); returns that batch's index.
std::size_t flipBitInSomeBatch(MemoryFileSystem& fs, PartitionLog& log, const Written& written, Prng& prng) {
  const std::size_t victim = static_cast<std::size_t>(prng.below(written.batches.size()));
  // Find the segment and position of the victim by walking the batches in order.
  auto bases = log.segmentBaseOffsets();
  auto victimHeader = records::decodeBatchHeader(written.batches[victim]);
  Offset segmentBase = bases.front();
  for (Offset b : bases) {
    if (b <= victimHeader->baseOffset) segmentBase = b;
  }
  uint64_t position = 0;
  for (std::size_t i = 0; i < victim; ++i) {
    auto h = records::decodeBatchHeader(written.batches[i]);
    if (h->baseOffset >= segmentBase) position += written.batches[i].size();
  }
  const uint64_t size = written.batches[victim].size();
  uint64_t at = 0;
  do {
    at = 8 + prng.below(size - 8);
  } while (at >= 12 && at < 16);
  const std::string path = joinPath(kDir, segmentFileName(segmentBase, kLogSuffix));
  Status flipped = fs.flipBit(path, (position + at) * 8 + prng.below(8));
  if (!flipped) qFatal("flipBit: %s", flipped.toString().c_str());
  return victim;
}
}  // namespace

class TestLogRecovery : public QObject {
  Q_OBJECT

 private slots:
  void survivesCrashes_data() {
    QTest::addColumn<uint64_t>("seed");
    QTest::addColumn<int>("fault");
    for (uint64_t seed = 1; seed <= 40; ++seed) {
      for (int fault = 0; fault < 3; ++fault) {
        QTest::newRow(qPrintable(QString("seed %1 fault %2").arg(seed).arg(fault))) << seed << fault;
      }
    }
  }

  void survivesCrashes() {
    QFETCH(uint64_t, seed);
    QFETCH(int, fault);
    Prng prng(seed * 7919 + static_cast<uint64_t>(fault));
    LogConfig config = smallConfig();
    config.segmentBytes = static_cast<int32_t>(prng.between(2048, 8192));
    config.indexIntervalBytes = static_cast<int32_t>(prng.between(0, 1024));
    const int64_t flushChoices[] = {1, 4, std::numeric_limits<int64_t>::max()};
    config.flushMessages = flushChoices[prng.below(3)];
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    Written written;
    Offset durable(0);
    {
      auto log = std::move(*PartitionLog::open(files, kDir, kTp, config, {}, 0));
      const int appends = static_cast<int>(prng.between(5, 60));
      for (int i = 0; i < appends; ++i) {
        auto batch = makeBatch(static_cast<int>(prng.between(1, 5)), 1000 + i * 10,
                               static_cast<std::size_t>(prng.between(1, 300)));
        auto info = log->appendAsLeader(batch, LeaderEpoch(1), 0);
        QVERIFY2(info.isOk(), info.status().toString().c_str());
        written.batches.push_back(batch);
        if (prng.chance(1, 8)) QVERIFY(log->flush().isOk());
      }
      durable = log->recoveryPoint();
      std::size_t victim = written.batches.size();
      if (static_cast<Fault>(fault) == Fault::FlipBit) {
        QVERIFY(log->flush().isOk());
        victim = flipBitInSomeBatch(fs, *log, written, prng);
        durable = Offset(0);
      }
      if (static_cast<Fault>(fault) == Fault::Tear) {
        fs.crashTearing(prng);
      } else {
        fs.crash();
      }
      if (victim < written.batches.size()) written.batches.resize(victim);
    }
    const Offset checkpoint = static_cast<Fault>(fault) == Fault::FlipBit ? Offset(0) : durable;
    FileCache afterCrash(fs, 16);  // a restarted process opens everything afresh
    auto reopened = PartitionLog::open(afterCrash, kDir, kTp, config, LogOpenState{checkpoint, std::nullopt, false, std::nullopt}, 0);
    QVERIFY2(reopened.isOk(), qPrintable(QString("seed %1: %2").arg(seed).arg(reopened.status().toString().c_str())));
    PartitionLog& log = **reopened;
    QVERIFY2(log.logEndOffset() >= durable, qPrintable(QString("seed %1: lost flushed records: LEO %2 < %3")
                                                           .arg(seed).arg(log.logEndOffset().value()).arg(durable.value())));
    auto survived = readAll(log);
    QVERIFY2(survived.size() <= written.batches.size(), qPrintable(QString("seed %1: %2 batches survived, %3 expected at most").arg(seed).arg(survived.size()).arg(written.batches.size())));
    for (std::size_t i = 0; i < survived.size(); ++i) {
      QVERIFY2(survived[i] == written.batches[i], qPrintable(QString("seed %1: batch %2 differs").arg(seed).arg(i)));
    }
    if (static_cast<Fault>(fault) == Fault::FlipBit) {
      QCOMPARE(survived.size(), written.batches.size());  // exactly up to the damaged batch
    }
    auto more = makeBatch(2, 5);
    auto info = log.appendAsLeader(more, LeaderEpoch(2), 0);
    QVERIFY(info.isOk());
    QCOMPARE(info->firstOffset, Offset(survived.empty() ? 0 : records::decodeBatchHeader(survived.back())->lastOffset().value() + 1));
    // Closed cleanly, every segment's indexes are whole and trimmed.
    Status closed = log.close();
    QVERIFY2(closed.isOk(), qPrintable(QString("seed %1: %2").arg(seed).arg(closed.toString().c_str())));
    FileCache afterClose(fs, 16);
    for (Offset base : log.segmentBaseOffsets()) {
      auto segment = LogSegment::open(afterClose, kDir, base, config, 0);
      QVERIFY(segment.isOk());
      Status sane = (*segment)->sanityCheckIndexes();
      QVERIFY2(sane.isOk(), qPrintable(QString("seed %1: %2").arg(seed).arg(sane.toString().c_str())));
    }
  }
  // A segment holding pre-0.11 (magic 1) messages is refused with a clear error, never cut.
  void legacyMessageSetsAreRefusedNotTruncated() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories(kDir).isOk());
    auto valid = makeBatch(2, 1000);
    records::LegacyMessage message;
    message.offset = 2;
    message.magic = 1;
    message.timestamp = 1000;
    message.value = std::vector<uint8_t>{'o', 'l', 'd'};
    auto bytes = concat({valid, records::encodeLegacyMessage(message)});
    {
      auto f = fs.open(joinPath(kDir, "00000000000000000000.log"), {.create = true});
      QVERIFY((*f)->writeAt(0, bytes).isOk());
      QVERIFY((*f)->sync().isOk());
    }
    QVERIFY(fs.syncDirectory(kDir).isOk());
    FileCache files(fs, 8);
    auto opened = PartitionLog::open(files, kDir, kTp, smallConfig(), {}, 0);
    QVERIFY(opened.status().is(StorageError::LegacyFormat));
    QVERIFY(opened.status().message().find("magic 1") != std::string::npos);
    auto f = fs.open(joinPath(kDir, "00000000000000000000.log"), {.readOnly = true});
    QCOMPARE(*(*f)->size(), static_cast<uint64_t>(bytes.size()));  // nothing was cut
  }

  // Zeros after the last batch (a file system that extended the file but lost the data) look
  // like magic 0 but are no message: recovery cuts them.
  void zeroTailIsCutNotMistakenForLegacyData() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories(kDir).isOk());
    auto valid = makeBatch(2, 1000);
    auto bytes = concat({valid, std::vector<uint8_t>(300, 0)});
    {
      auto f = fs.open(joinPath(kDir, "00000000000000000000.log"), {.create = true});
      QVERIFY((*f)->writeAt(0, bytes).isOk());
    }
    FileCache files(fs, 8);
    auto opened = PartitionLog::open(files, kDir, kTp, smallConfig(), {}, 0);
    QVERIFY2(opened.isOk(), opened.status().toString().c_str());
    QCOMPARE((*opened)->logEndOffset(), Offset(2));
    QCOMPARE((*opened)->bytesTruncatedOnOpen(), uint64_t{300});
  }

  // Garbage in every file of a partition folder can hold: opening never crashes; it either fails
  // with a Status or yields a log whose every batch reads back valid.
  void garbageFilesNeverCrashTheLoader() {
    for (uint64_t seed = 1; seed <= 200; ++seed) {
      Prng prng(seed);
      MemoryFileSystem fs;
      QVERIFY(fs.createDirectories(kDir).isOk());
      auto put = [&](const std::string& name, std::vector<uint8_t> bytes) {
        auto f = fs.open(joinPath(kDir, name), {.create = true});
        QVERIFY(f.isOk());
        QVERIFY((*f)->writeAt(0, bytes).isOk());
      };
      std::vector<uint8_t> log = prng.bytes(static_cast<std::size_t>(prng.below(3000)));
      if (prng.chance(1, 2)) {  // sometimes a valid batch first, so garbage follows real data
        auto batch = makeBatch(3, 1000);
        log.insert(log.begin(), batch.begin(), batch.end());
      }
      put("00000000000000000000.log", log);
      put("00000000000000000000.index", prng.bytes(static_cast<std::size_t>(prng.below(200))));
      put("00000000000000000000.timeindex", prng.bytes(static_cast<std::size_t>(prng.below(200))));
      if (prng.chance(1, 2)) put("00000000000000000007.log", prng.bytes(static_cast<std::size_t>(prng.below(500))));
      put("leader-epoch-checkpoint", prng.bytes(static_cast<std::size_t>(prng.below(64))));
      put("partition.metadata", prng.bytes(static_cast<std::size_t>(prng.below(64))));
      FileCache files(fs, 8);
      const bool clean = prng.chance(1, 3);
      auto opened = PartitionLog::open(files, kDir, kTp, smallConfig(), LogOpenState{Offset(0), std::nullopt, clean, std::nullopt}, 0);
      if (!opened) continue;  // an error value is an acceptable answer to garbage
      if (clean) {
        // A "clean" log is trusted as is, like Kafka: reads may fail, but with a Status.
        for (int64_t o = 0; o < 10; ++o) (void)(*opened)->read(Offset(o), 4096, Offset(100), true);
        (void)(*opened)->findOffsetByTimestamp(1000);
        continue;
      }
      auto all = readAll(**opened);
      for (const auto& batch : all) QVERIFY(records::validateBatchShallow(batch).isOk());
    }
  }
};

QTEST_APPLESS_MAIN(TestLogRecovery)
#include "tst_log_recovery.moc"
