// Producer snapshots: Kafka's `.snapshot` layout byte for byte, decoding any bytes without a
// crash, and the log's use of them: written at roll and close, loaded at open with only the
// later batches replayed (after a crash too), producers kept when retention or DeleteRecords
// removed their batches, unreadable / stray / out-of-range snapshots dropped, truncation
// reloading, follower appends recorded.

#include <QtTest>

#include "base/crc.h"
#include "base/prng.h"
#include "protocol/records/record_batch.h"
#include "runtime/memory_file_system.h"
#include "storage/atomic_file.h"
#include "storage/file_cache.h"
#include "storage/log_file_names.h"
#include "storage/partition_log.h"
#include "storage/producer_snapshot.h"
#include "storage/storage_error.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::storage;
using namespace pier::storage::testing;
namespace records = pier::protocol::records;

namespace {
const std::string kDir = "/data/orders-0";
const TopicPartition kTp{"orders", PartitionIndex(0)};
constexpr int64_t kPid = 4000;

std::unique_ptr<PartitionLog> openLog(FileCache& files, bool cleanShutdown, int64_t nowMs = 1000) {
  LogOpenState state;
  state.hadCleanShutdown = cleanShutdown;
  auto log = PartitionLog::open(files, kDir, kTp, smallConfig(), state, nowMs);
  if (!log) qFatal("open: %s", log.status().toString().c_str());
  return std::move(*log);
}

// A batch of `count` records from producer `pid` (epoch 0) starting at sequence `firstSeq`.
std::vector<uint8_t> producerBatch(int64_t pid, int32_t firstSeq, int count, int64_t ts, Offset base = Offset(0)) {
  std::vector<records::Record> rs(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    rs[i].offsetDelta = i;
    rs[i].value = std::vector<uint8_t>(150, static_cast<uint8_t>('a' + i));
  }
  records::BatchHeader h = records::headerForRecords(base, ts, rs);
  h.producerId = ProducerId(pid);
  h.producerEpoch = ProducerEpoch(0);
  h.baseSequence = firstSeq;
  auto bytes = records::encodeBatch(h, rs, {});
  if (!bytes) qFatal("encodeBatch: %s", bytes.status().toString().c_str());
  return std::move(*bytes);
}

records::BatchHeader headerOf(int64_t pid, int32_t firstSeq, int count) {
  records::BatchHeader h;
  h.producerId = ProducerId(pid);
  h.producerEpoch = ProducerEpoch(0);
  h.baseSequence = firstSeq;
  h.lastOffsetDelta = count - 1;
  h.recordCount = count;
  return h;
}

// Appends producer `pid`'s batches of `count` records, sequences from `firstSeq`; returns the
// first offset of the last one.
int64_t produce(PartitionLog& log, int64_t pid, int32_t firstSeq, int batches, int count = 2) {
  int64_t lastFirst = -1;
  for (int b = 0; b < batches; ++b) {
    auto bytes = producerBatch(pid, firstSeq + b * count, count, 5000 + b);
    auto info = log.appendAsLeader(bytes, LeaderEpoch(0), 6000);
    if (!info) qFatal("append: %s", info.status().toString().c_str());
    lastFirst = info->firstOffset.value();
  }
  return lastFirst;
}

// Batches without a producer id, enough to roll a few small segments.
void filler(PartitionLog& log, int batches) {
  for (int i = 0; i < batches; ++i) {
    auto bytes = makeBatch(2, 100 + i, 400);
    if (!log.appendAsLeader(bytes, LeaderEpoch(0), 6000)) qFatal("filler append failed");
  }
}

std::string snapshotPath(Offset offset) { return joinPath(kDir, segmentFileName(offset, kProducerSnapshotSuffix)); }

void put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}
void put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}
void put64(std::vector<uint8_t>& out, uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out.push_back(static_cast<uint8_t>(v >> s));
}

std::span<const uint8_t> bytesOf(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
}  // namespace

class TestProducerSnapshots : public QObject {
  Q_OBJECT

 private slots:
  void snapshotBytesAreKafkasLayout() {
    // Written out field by field from Kafka's ProducerStateManager schema (version 1).
    std::vector<ProducerSnapshotEntry> entries(2);
    entries[0] = {7, 3, 41, 1009, 9, 1700000000123, -1, -1};
    entries[1] = {-2, 0, -1, -1, 0, 55, 12, 400};
    std::vector<uint8_t> expected;
    put16(expected, 1);
    put32(expected, 0);  // CRC below
    put32(expected, 2);
    for (const auto& e : entries) {
      put64(expected, static_cast<uint64_t>(e.producerId));
      put16(expected, static_cast<uint16_t>(e.epoch));
      put32(expected, static_cast<uint32_t>(e.lastSequence));
      put64(expected, static_cast<uint64_t>(e.lastOffset));
      put32(expected, static_cast<uint32_t>(e.offsetDelta));
      put64(expected, static_cast<uint64_t>(e.timestamp));
      put32(expected, static_cast<uint32_t>(e.coordinatorEpoch));
      put64(expected, static_cast<uint64_t>(e.currentTxnFirstOffset));
    }
    const uint32_t crc = crc32c(std::span<const uint8_t>(expected).subspan(6));
    for (int i = 0; i < 4; ++i) expected[2 + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
    const std::string encoded = encodeProducerSnapshot(entries);
    QCOMPARE(std::vector<uint8_t>(encoded.begin(), encoded.end()), expected);
    QCOMPARE(expected.size(), std::size_t{10 + 2 * 46});
    auto decoded = decodeProducerSnapshot(expected);
    QVERIFY(decoded.isOk());
    QCOMPARE(*decoded, entries);
    // Trailing bytes are ignored, as Kafka's schema reader ignores them (the CRC covers them).
    std::vector<uint8_t> empty;
    put16(empty, 1);
    put32(empty, 0);
    put32(empty, 0);
    empty.push_back(0xAB);
    const uint32_t emptyCrc = crc32c(std::span<const uint8_t>(empty).subspan(6));
    for (int i = 0; i < 4; ++i) empty[2 + i] = static_cast<uint8_t>(emptyCrc >> (24 - 8 * i));
    QVERIFY(decodeProducerSnapshot(empty).isOk());
    QVERIFY(decodeProducerSnapshot(empty)->empty());
  }

  void corruptSnapshotsAreErrorsNeverCrashes() {
    const std::string good = encodeProducerSnapshot({{7, 3, 41, 1009, 9, 17, -1, -1}, {8, 0, 1, 2, 1, 18, -1, -1}});
    std::vector<uint8_t> bytes(good.begin(), good.end());
    // Every cut short.
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto cut = decodeProducerSnapshot(std::span<const uint8_t>(bytes).first(n));
      QVERIFY2(cut.status().is(StorageError::CorruptSnapshot), qPrintable(QString("length %1").arg(n)));
    }
    // Every bit flipped: the version, the CRC or the CRC-covered bytes catch it.
    for (std::size_t bit = 0; bit < bytes.size() * 8; ++bit) {
      auto flipped = bytes;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      QVERIFY2(decodeProducerSnapshot(flipped).status().is(StorageError::CorruptSnapshot),
               qPrintable(QString("bit %1").arg(bit)));
    }
    // A count the bytes cannot hold, with a correct CRC.
    std::vector<uint8_t> huge;
    put16(huge, 1);
    put32(huge, 0);
    put32(huge, 0x7fffffff);
    const uint32_t crc = crc32c(std::span<const uint8_t>(huge).subspan(6));
    for (int i = 0; i < 4; ++i) huge[2 + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
    QVERIFY(decodeProducerSnapshot(huge).status().is(StorageError::CorruptSnapshot));
    // Random bytes, with the CRC made right half the time: an error or entries, never a crash.
    Prng prng(42);
    for (int round = 0; round < 20000; ++round) {
      std::vector<uint8_t> junk(prng.below(200));
      for (auto& b : junk) b = static_cast<uint8_t>(prng.next());
      if (junk.size() >= 10 && round % 2 == 0) {
        junk[0] = 0;
        junk[1] = 1;
        const uint32_t c = crc32c(std::span<const uint8_t>(junk).subspan(6));
        for (int i = 0; i < 4; ++i) junk[2 + i] = static_cast<uint8_t>(c >> (24 - 8 * i));
      }
      auto decoded = decodeProducerSnapshot(junk);
      if (decoded) QVERIFY(decoded->size() * 46 + 10 <= junk.size());
    }
  }

  void rollAndCloseWriteSnapshots() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, true);
    QVERIFY(log->producerSnapshotOffsets().empty());
    produce(*log, kPid, 0, 3);
    filler(*log, 20);
    const std::vector<Offset> bases = log->segmentBaseOffsets();
    QVERIFY(bases.size() >= 3);
    // One at every rolled-to base offset (not the first segment's: nothing came before it).
    QCOMPARE(log->producerSnapshotOffsets(), std::vector<Offset>(bases.begin() + 1, bases.end()));
    for (std::size_t i = 1; i < bases.size(); ++i) QVERIFY(*fs.exists(snapshotPath(bases[i])));
    const Offset end = log->logEndOffset();
    QVERIFY(log->close().isOk());
    QVERIFY(*fs.exists(snapshotPath(end)));
    auto text = readSmallFile(fs, snapshotPath(end));
    QVERIFY(text.isOk() && *text);
    auto entries = decodeProducerSnapshot(bytesOf(**text));
    QVERIFY(entries.isOk());
    QCOMPARE(entries->size(), std::size_t{1});
    QCOMPARE((*entries)[0].producerId, kPid);
    QCOMPARE((*entries)[0].lastSequence, 5);  // 3 batches of 2 from sequence 0
    QCOMPARE((*entries)[0].lastOffset, int64_t{5});
    QCOMPARE((*entries)[0].offsetDelta, 1);
    QCOMPARE((*entries)[0].timestamp, int64_t{5002});  // the last batch's greatest timestamp
  }

  void producersOutliveTheirDeletedBatches() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    int64_t lastFirst = 0;
    {
      auto log = openLog(files, true);
      lastFirst = produce(*log, kPid, 0, 3);
      filler(*log, 30);
      // DeleteRecords past every batch of the producer: its records are gone.
      const Offset start = log->segmentBaseOffsets()[2];
      QVERIFY(log->deleteRecordsBefore(start, log->logEndOffset()).isOk());
      QVERIFY(log->segmentBaseOffsets().front() >= Offset(6));
      QVERIFY(log->producers().contains(ProducerId(kPid)));
      QVERIFY(log->close().isOk());
    }
    LogOpenState state;
    state.hadCleanShutdown = true;
    auto log = PartitionLog::open(files, kDir, kTp, smallConfig(), state, 1000);
    QVERIFY(log.isOk());
    // The state came from the snapshot: no batch of the producer is left to replay.
    QVERIFY((*log)->producers().contains(ProducerId(kPid)));
    auto retry = (*log)->producers().check(headerOf(kPid, 4, 2));
    QVERIFY(retry.isOk());
    QVERIFY(retry->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(retry->duplicateOf.firstOffset, lastFirst);
    QVERIFY((*log)->producers().check(headerOf(kPid, 8, 2)).status().is(ProducerError::OutOfOrderSequence));
    QVERIFY((*log)->producers().check(headerOf(kPid, 6, 2))->verdict == SequenceVerdict::Append);
  }

  void withoutSnapshotsTheLogIsReplayed() {
    // The snapshots deleted by hand: open rebuilds the same state from the batches.
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    int64_t lastFirst = 0;
    {
      auto log = openLog(files, true);
      filler(*log, 10);
      lastFirst = produce(*log, kPid, 0, 4);
      filler(*log, 10);
      QVERIFY(log->close().isOk());
      for (Offset o : log->producerSnapshotOffsets()) QVERIFY(fs.remove(snapshotPath(o)).isOk());
    }
    auto log = openLog(files, true);
    auto retry = log->producers().check(headerOf(kPid, 6, 2));
    QVERIFY(retry.isOk() && retry->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(retry->duplicateOf.firstOffset, lastFirst);
    // Replaying keeps the last five batches, not only the snapshot's one.
    QVERIFY(log->producers().check(headerOf(kPid, 0, 2))->verdict == SequenceVerdict::Duplicate);
    // ... and leaves a snapshot at the end so the next open need not replay.
    QCOMPARE(log->producerSnapshotOffsets(), std::vector<Offset>{log->logEndOffset()});
  }

  void crashReplaysOnlyBatchesAfterTheNewestSnapshot() {
    MemoryFileSystem fs;
    int64_t lastFirst = 0;
    Offset snapshotAt(0);
    {
      FileCache files(fs, 16);
      auto log = openLog(files, true);
      produce(*log, kPid, 0, 2);
      filler(*log, 12);  // rolls: snapshots with the producer's first two batches
      snapshotAt = log->producerSnapshotOffsets().back();
      lastFirst = produce(*log, kPid, 4, 2);  // after the newest snapshot
      QVERIFY(log->flush().isOk());
      fs.crash();  // no close: no snapshot at the end
    }
    FileCache files(fs, 16);
    auto log = openLog(files, false);
    const auto offsets = log->producerSnapshotOffsets();
    QVERIFY(std::find(offsets.begin(), offsets.end(), snapshotAt) != offsets.end());
    auto retry = log->producers().check(headerOf(kPid, 6, 2));
    QVERIFY(retry.isOk() && retry->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(retry->duplicateOf.firstOffset, lastFirst);
    QVERIFY(log->producers().check(headerOf(kPid, 8, 2))->verdict == SequenceVerdict::Append);
    QCOMPARE(log->producerSnapshotOffsets().back(), log->logEndOffset());
  }

  void unreadableSnapshotsFallBackToOlderOnes() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    int64_t lastFirst = 0;
    Offset newest(0);
    {
      auto log = openLog(files, true);
      produce(*log, kPid, 0, 1);
      filler(*log, 12);
      lastFirst = produce(*log, kPid, 2, 1);
      QVERIFY(log->close().isOk());
      newest = log->producerSnapshotOffsets().back();
      QVERIFY(log->producerSnapshotOffsets().size() >= 3);
    }
    QVERIFY(fs.flipBit(snapshotPath(newest), 100).isOk());
    auto log = openLog(files, true);
    // Deleted, the older one loaded, the batches after it replayed, and a good one written anew.
    QCOMPARE(log->producerSnapshotOffsets().back(), newest);
    auto rewritten = readSmallFile(fs, snapshotPath(newest));
    QVERIFY(rewritten.isOk() && *rewritten && decodeProducerSnapshot(bytesOf(**rewritten)).isOk());
    auto retry = log->producers().check(headerOf(kPid, 2, 2));
    QVERIFY(retry.isOk() && retry->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(retry->duplicateOf.firstOffset, lastFirst);
  }

  void strayAndOutOfRangeSnapshotsAreRemoved() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    std::vector<Offset> kept;
    {
      auto log = openLog(files, true);
      produce(*log, kPid, 0, 2);
      filler(*log, 12);
      QVERIFY(log->close().isOk());
      kept = log->producerSnapshotOffsets();
    }
    const std::string empty = encodeProducerSnapshot({});
    for (int64_t stray : {3, 9999}) QVERIFY(writeFileAtomically(fs, snapshotPath(Offset(stray)), empty).isOk());
    auto log = openLog(files, true);
    // 3 matches no segment, 9999 lies past the log end.
    QCOMPARE(log->producerSnapshotOffsets(), kept);
    QVERIFY(!*fs.exists(snapshotPath(Offset(3))));
    QVERIFY(!*fs.exists(snapshotPath(Offset(9999))));
  }

  void truncationDropsLaterSnapshotsAndReloads() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, true);
    produce(*log, kPid, 0, 2);  // offsets 0-3, sequences 0-3
    filler(*log, 12);
    const Offset cut = log->logEndOffset();
    produce(*log, kPid, 4, 2);  // sequences 4-7
    filler(*log, 12);
    QVERIFY(log->producerSnapshotOffsets().back() > cut);
    QVERIFY(log->truncateTo(cut, 0).isOk());
    for (Offset o : log->producerSnapshotOffsets()) QVERIFY(o <= cut);
    // The truncated batches are forgotten: sequence 4 is next again.
    QVERIFY(log->producers().check(headerOf(kPid, 4, 2))->verdict == SequenceVerdict::Append);
    QVERIFY(log->producers().check(headerOf(kPid, 2, 2))->verdict == SequenceVerdict::Duplicate);
    QVERIFY(log->truncateFullyAndStartAt(Offset(500), 0).isOk());
    QVERIFY(log->producerSnapshotOffsets().empty());
    QVERIFY(!log->producers().contains(ProducerId(kPid)));
  }

  void followerAppendsAreRecorded() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, true);
    auto batch = producerBatch(kPid, 10, 3, 5000, Offset(0));
    QVERIFY(log->appendAsFollower(batch, 0).isOk());
    auto retry = log->producers().check(headerOf(kPid, 10, 3));
    QVERIFY(retry.isOk() && retry->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(retry->duplicateOf.lastOffset, int64_t{2});
  }
};

QTEST_APPLESS_MAIN(TestProducerSnapshots)
#include "tst_producer_snapshots.moc"
