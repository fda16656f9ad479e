// Log compaction: exactly the latest record per key survives in the cleaned range, tombstones
// live through one cleaning and go after delete.retention.ms, batches keep their offsets and
// compression, a producer's last batch stays as a header, the dirty ratio and compaction lag
// gate cleaning, the swap survives a crash at
// every step, and cleaning on another thread does not stop appends.

#include <QtTest>

#include <atomic>
#include <map>
#include <thread>

#include "base/prng.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_batch.h"
#include "runtime/memory_file_system.h"
#include "storage/file_cache.h"
#include "storage/log_cleaner.h"
#include "storage/log_directory.h"
#include "storage/log_file_names.h"
#include "storage/partition_log.h"
#include "storage/storage_error.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::storage;
using namespace pier::storage::testing;
namespace records = pier::protocol::records;

namespace {
const std::string kDir = "/data/compacted-0";
const TopicPartition kTp{"compacted", PartitionIndex(0)};

LogConfig compactConfig() {
  LogConfig c = smallConfig();
  c.cleanupDelete = false;
  c.cleanupCompact = true;
  c.minCleanableDirtyRatio = 0.5;
  c.deleteRetentionMs = 60000;
  return c;
}

struct Rec {
  std::string key;
  std::optional<std::string> value;  // nullopt: tombstone
};

// `producerId` >= 0: an idempotent producer's batch (epoch 0) starting at `sequence`.
std::vector<uint8_t> keyedBatch(const std::vector<Rec>& recs, int64_t ts,
                                records::Compression codec = records::Compression::None, int64_t producerId = -1,
                                int32_t sequence = -1) {
  std::vector<records::Record> rs;
  for (std::size_t i = 0; i < recs.size(); ++i) {
    records::Record r;
    r.offsetDelta = static_cast<int32_t>(i);
    r.timestampDelta = static_cast<int64_t>(i);
    r.key = std::vector<uint8_t>(recs[i].key.begin(), recs[i].key.end());
    if (recs[i].value) r.value = std::vector<uint8_t>(recs[i].value->begin(), recs[i].value->end());
    rs.push_back(std::move(r));
  }
  records::BatchHeader header = records::headerForRecords(Offset(0), ts, rs);
  if (producerId >= 0) {
    header.producerId = ProducerId(producerId);
    header.producerEpoch = ProducerEpoch(0);
    header.baseSequence = sequence;
  }
  auto bytes = records::encodeBatch(header, rs, {codec, {}});
  if (!bytes) qFatal("encodeBatch: %s", bytes.status().toString().c_str());
  return std::move(*bytes);
}

struct Seen {
  int64_t offset;
  std::string key;
  std::optional<std::string> value;
};

// Every record in the log, with its offset; also checks batch framing and offset order.
std::vector<Seen> readRecords(PartitionLog& log, std::vector<records::BatchHeader>* headers = nullptr) {
  std::vector<Seen> out;
  Offset next = log.logStartOffset();
  while (next < log.logEndOffset()) {
    auto got = log.read(next, 1 << 20, log.logEndOffset(), true);
    if (!got || got->records.empty()) qFatal("read at %lld failed", static_cast<long long>(next.value()));
    records::BatchIterator it(got->records);
    while (true) {
      auto entry = it.next();
      if (!entry || !*entry) break;
      auto batch = records::decodeBatch((*entry)->bytes);
      if (!batch) qFatal("decode: %s", batch.status().toString().c_str());
      if (headers) headers->push_back(batch->header);
      for (const auto& r : batch->records) {
        Seen s{batch->header.baseOffset.value() + r.offsetDelta, std::string(r.key->begin(), r.key->end()), std::nullopt};
        if (r.value) s.value = std::string(r.value->begin(), r.value->end());
        if (!out.empty() && s.offset <= out.back().offset) qFatal("offsets out of order");
        out.push_back(std::move(s));
      }
      next = Offset(batch->header.lastOffset().value() + 1);
    }
  }
  return out;
}

// Appends `batches` batches of 3 records with keys k0..k(keys-1) chosen by the seed.
std::vector<Seen> writeKeyed(PartitionLog& log, Prng& prng, int batches, int keys, int64_t ts) {
  std::vector<Seen> written;
  for (int b = 0; b < batches; ++b) {
    std::vector<Rec> recs;
    for (int i = 0; i < 3; ++i) {
      const std::string key = "k" + std::to_string(prng.below(static_cast<uint64_t>(keys)));
      const int64_t offset = log.logEndOffset().value() + i;
      recs.push_back({key, "value-" + std::to_string(offset) + std::string(60, 'x')});
      written.push_back({offset, key, recs.back().value});
    }
    auto batch = keyedBatch(recs, ts + b);
    if (!log.appendAsLeader(batch, LeaderEpoch(0), ts)) qFatal("append failed");
  }
  return written;
}

// What compaction must leave: in [0, end), the latest record of each key within [0, end);
// from `end` on, everything.
std::vector<Seen> expectedAfterCleaning(const std::vector<Seen>& written, int64_t end) {
  std::map<std::string, int64_t> latest;
  for (const auto& s : written) {
    if (s.offset < end) latest[s.key] = s.offset;
  }
  std::vector<Seen> out;
  for (const auto& s : written) {
    if (s.offset >= end || latest[s.key] == s.offset) out.push_back(s);
  }
  return out;
}

bool sameRecords(const std::vector<Seen>& a, const std::vector<Seen>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].offset != b[i].offset || a[i].key != b[i].key || a[i].value != b[i].value) return false;
  }
  return true;
}
}  // namespace

class TestLogCleaner : public QObject {
  Q_OBJECT

 private slots:
  void keepsExactlyTheLatestValuePerKey_data() {
    QTest::addColumn<uint64_t>("seed");
    for (uint64_t seed = 1; seed <= 12; ++seed) QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
  }
  void keepsExactlyTheLatestValuePerKey() {
    QFETCH(uint64_t, seed);
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    Prng prng(seed);
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, compactConfig(), {}, 0));
    auto written = writeKeyed(*log, prng, 80, 1 + static_cast<int>(prng.below(20)), 1000);
    const auto segmentsBefore = log->segmentBaseOffsets().size();
    QVERIFY(segmentsBefore >= 4);
    auto outcome = log->clean(2000, log->logEndOffset());
    QVERIFY2(outcome.isOk(), outcome.status().toString().c_str());
    QVERIFY(outcome->has_value());
    const int64_t end = (*outcome)->endOffset.value();
    QCOMPARE(end, log->segmentBaseOffsets().back().value());  // everything but the active segment
    QVERIFY(sameRecords(readRecords(*log), expectedAfterCleaning(written, end)));
    QCOMPARE(log->firstDirtyOffset(), Offset(end));
    // Nothing is dirty now: no plan until new segments roll.
    QVERIFY(!log->planCleaning(2000, log->logEndOffset()).has_value());
    // New data and a forced second cleaning: the now small segments are grouped (Kafka groups
    // them by size), and the latest-per-key rule holds over both rounds.
    auto more = writeKeyed(*log, prng, 4, 20, 1500);
    written.insert(written.end(), more.begin(), more.end());
    QVERIFY(log->roll(0).isOk());
    auto second = log->clean(2000, log->logEndOffset(), true);
    QVERIFY(second.isOk() && second->has_value());
    QVERIFY(log->segmentBaseOffsets().size() < segmentsBefore);
    QVERIFY(sameRecords(readRecords(*log), expectedAfterCleaning(written, (*second)->endOffset.value())));
    // A reopen sees the compacted log unchanged.
    written = readRecords(*log);
    QVERIFY(log->close().isOk());
    log.reset();
    FileCache again(fs, 16);
    auto reopened = std::move(*PartitionLog::open(again, kDir, kTp, compactConfig(), {}, 0));
    QVERIFY(sameRecords(readRecords(*reopened), written));
  }

  void batchesKeepOffsetsAndCompression() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, compactConfig(), {}, 0));
    for (int i = 0; i < 12; ++i) {
      auto batch = keyedBatch({{"a", "a" + std::to_string(i)}, {"b" + std::to_string(i), "b"}, {"c", "c" + std::to_string(i)}},
                              5000 + i, records::Compression::Gzip);
      QVERIFY(log->appendAsLeader(batch, LeaderEpoch(0), 0).isOk());
      if (i % 4 == 3) QVERIFY(log->roll(0).isOk());
    }
    QVERIFY(log->clean(6000, log->logEndOffset()).isOk());
    std::vector<records::BatchHeader> headers;
    auto after = readRecords(*log, &headers);
    for (const auto& h : headers) {
      QCOMPARE(h.compressionBits(), static_cast<int>(records::Compression::Gzip));
      QCOMPARE((h.lastOffset().value() + 1) % 3, int64_t{0});  // every batch still ends where it did
    }
    // Batches in the cleaned range lost "a" and "c" except at the end of the range.
    QVERIFY(after.size() < 36);
    QCOMPARE(after.front().key, std::string("b0"));
  }

  void producersKeepTheirLastBatchAsAHeader() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, compactConfig(), {}, 0));
    // Producer 42's two batches, then newer values for their keys from a plain producer.
    auto first = keyedBatch({{"a", "p0"}}, 100, records::Compression::None, 42, 0);
    auto second = keyedBatch({{"b", "p1"}}, 101, records::Compression::None, 42, 1);
    QVERIFY(log->appendAsLeader(first, LeaderEpoch(0), 0).isOk());
    QVERIFY(log->appendAsLeader(second, LeaderEpoch(0), 0).isOk());
    for (int i = 0; i < 30; ++i) {
      auto newer = keyedBatch({{"a", "x" + std::to_string(i)}, {"b", std::string(200, 'y')}}, 200 + i);
      QVERIFY(log->appendAsLeader(newer, LeaderEpoch(0), 0).isOk());
    }
    QVERIFY(log->roll(0).isOk());
    auto outcome = log->clean(1000, log->logEndOffset(), true);
    QVERIFY(outcome.isOk() && outcome->has_value());
    std::vector<records::BatchHeader> headers;
    auto after = readRecords(*log, &headers);
    std::vector<records::BatchHeader> producers;
    for (const auto& h : headers) {
      if (h.producerId.value() == 42) producers.push_back(h);
    }
    // Its first batch went with its records; its last stays, empty, with its sequence.
    QCOMPARE(producers.size(), std::size_t{1});
    QCOMPARE(producers[0].baseSequence, 1);
    QCOMPARE(producers[0].recordCount, 0);
    QCOMPARE(producers[0].baseOffset, Offset(1));
    for (const auto& r : after) QVERIFY(r.value != std::optional<std::string>("p1") && r.value != std::optional<std::string>("p0"));
    // Rebuilt from the log alone (no snapshot), the producer is still known.
    QVERIFY(log->close().isOk());
    for (Offset o : log->producerSnapshotOffsets()) QVERIFY(fs.remove(joinPath(kDir, segmentFileName(o, kProducerSnapshotSuffix))).isOk());
    log.reset();
    FileCache again(fs, 16);
    auto reopened = std::move(*PartitionLog::open(again, kDir, kTp, compactConfig(), {}, 0));
    QVERIFY(reopened->producers().contains(ProducerId(42)));
  }

  void tombstonesSurviveOneCleaningThenExpire() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config = compactConfig();
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, config, {}, 0));
    auto put = [&](std::vector<Rec> recs, int64_t ts) {
      auto batch = keyedBatch(recs, ts);
      QVERIFY(log->appendAsLeader(batch, LeaderEpoch(0), ts).isOk());
    };
    put({{"gone", "v1"}, {"kept", "v1"}}, 1000);
    put({{"gone", std::nullopt}}, 2000);  // tombstone at offset 2
    QVERIFY(log->roll(0).isOk());
    put({{"other", "x"}}, 3000);
    QVERIFY(log->roll(0).isOk());
    // First cleaning: the old value goes, the tombstone stays for consumers to see.
    QVERIFY(log->clean(3000, log->logEndOffset(), true).isOk());
    auto once = readRecords(*log);
    QCOMPARE(once.size(), std::size_t{3});  // kept@1, the tombstone@2, other@3
    QCOMPARE(once[1].offset, int64_t{2});
    QVERIFY(!once[1].value.has_value());
    put({{"more", "y"}}, 4000);
    QVERIFY(log->roll(0).isOk());
    // Within delete.retention.ms of the tombstone it still stays.
    QVERIFY(log->clean(2000 + config.deleteRetentionMs, log->logEndOffset(), true).isOk());
    QCOMPARE(readRecords(*log).size(), std::size_t{4});
    put({{"last", "z"}}, 5000);
    QVERIFY(log->roll(0).isOk());
    QVERIFY(log->clean(2001 + config.deleteRetentionMs, log->logEndOffset(), true).isOk());
    auto later = readRecords(*log);
    QCOMPARE(later.size(), std::size_t{4});  // kept, other, more, last
    for (const auto& s : later) QVERIFY(s.key != "gone");
  }

  void dirtyRatioAndCompactionLagGateCleaning() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config = compactConfig();
    config.minCompactionLagMs = 10000;
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, config, {}, 0));
    Prng prng(3);
    writeKeyed(*log, prng, 40, 100000, 100000);  // keys nearly all distinct: cleaning keeps most
    QVERIFY(!log->planCleaning(100000 + 5000, log->logEndOffset()).has_value());  // too recent
    auto plan = log->planCleaning(100000 + 20000, log->logEndOffset());
    QVERIFY(plan.has_value());
    QCOMPARE(plan->dirtyRatio, 1.0);
    // Below the high watermark only.
    auto bounded = log->planCleaning(100000 + 20000, log->segmentBaseOffsets()[2]);
    QVERIFY(bounded.has_value());
    QCOMPARE(bounded->firstUncleanableOffset, log->segmentBaseOffsets()[2]);
    QVERIFY(log->clean(100000 + 20000, log->logEndOffset()).isOk());
    writeKeyed(*log, prng, 3, 100000, 200000);  // a little new dirt: ratio below 0.5
    QVERIFY(log->roll(0).isOk());
    QVERIFY(!log->planCleaning(300000, log->logEndOffset()).has_value());
    QVERIFY(log->planCleaning(300000, log->logEndOffset(), true).has_value());
    // max.compaction.lag.ms: dirt older than the lag is cleaned whatever the ratio.
    // The dirty segment begins with batches from t=100000 (written before the first cleaning).
    config.maxCompactionLagMs = 250000;  // not overdue at 300000
    QVERIFY(log->setConfig(config).isOk());
    QVERIFY(!log->planCleaning(300000, log->logEndOffset()).has_value());
    config.maxCompactionLagMs = 50000;
    QVERIFY(log->setConfig(config).isOk());
    auto overdue = log->planCleaning(300000, log->logEndOffset());
    QVERIFY(overdue.has_value());
    QVERIFY(overdue->dirtyRatio < 0.5);
    // A delete-only topic is never compacted.
    LogConfig deleteOnly = smallConfig();
    auto plain = std::move(*PartitionLog::open(files, "/data/plain-0", {"plain", PartitionIndex(0)}, deleteOnly, {}, 0));
    writeKeyed(*plain, prng, 40, 5, 1);
    QVERIFY(!plain->planCleaning(1000000, plain->logEndOffset(), true).has_value());
  }

  void maxCompactionLagRollsTheActiveSegment() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    for (bool compact : {true, false}) {
      LogConfig config = compactConfig();
      config.cleanupCompact = compact;
      config.cleanupDelete = !compact;
      config.segmentMs = 1000000;
      config.maxCompactionLagMs = 1000;
      QCOMPARE(config.maxSegmentMs(), compact ? int64_t{1000} : int64_t{1000000});
      const std::string dir = compact ? "/data/lag-0" : "/data/nolag-0";
      auto log = std::move(*PartitionLog::open(files, dir, {compact ? "lag" : "nolag", PartitionIndex(0)}, config, {}, 0));
      Prng prng(5);
      writeKeyed(*log, prng, 1, 5, 10000);
      writeKeyed(*log, prng, 1, 5, 10500);  // within the lag: same segment
      QCOMPARE(log->segmentBaseOffsets().size(), std::size_t{1});
      writeKeyed(*log, prng, 1, 5, 11500);  // the first batch is now older than the lag
      QCOMPARE(log->segmentBaseOffsets().size(), compact ? std::size_t{2} : std::size_t{1});
    }
  }

  void swapSurvivesACrashAtEveryStep_data() {
    QTest::addColumn<int>("step");
    QTest::newRow("cleaned files written") << 0;
    QTest::newRow("index renamed to swap, log not yet") << 1;
    QTest::newRow("all renamed to swap") << 2;
    QTest::newRow("swap in, first old segment deleted") << 3;
    QTest::newRow("swap in, old segments deleted") << 4;
  }
  void swapSurvivesACrashAtEveryStep() {
    QFETCH(int, step);
    MemoryFileSystem fs;
    Prng prng(11);
    std::vector<Seen> before;
    std::vector<Seen> cleaned;
    int64_t groupEnd = 0;
    {
      FileCache files(fs, 16);
      auto log = std::move(*PartitionLog::open(files, kDir, kTp, compactConfig(), {}, 0));
      writeKeyed(*log, prng, 60, 6, 1000);
      QVERIFY(log->clean(2000, log->logEndOffset()).isOk());  // leaves small segments
      auto more = writeKeyed(*log, prng, 4, 6, 1500);
      QVERIFY(log->roll(0).isOk());
      QVERIFY(log->flush().isOk());
      before = readRecords(*log);
      auto plan = log->planCleaning(2000, log->logEndOffset(), true);
      QVERIFY(plan.has_value());
      auto outcome = cleanSegments(fs, *plan);
      QVERIFY(outcome.isOk());
      cleaned = expectedAfterCleaning(before, outcome->endOffset.value());
      // Play the swap of the first group by hand up to `step`, then crash.
      const CleanedGroup& group = outcome->groups.front();
      QVERIFY(group.sourceBaseOffsets.size() >= 2);  // the interesting case: several segments in one
      for (const auto& seg : plan->segments) {
        if (seg.baseOffset == group.sourceBaseOffsets.back()) groupEnd = seg.nextBaseOffset.value();
      }
      const std::string base = joinPath(kDir, offsetFileStem(group.sourceBaseOffsets.front()));
      auto rename = [&](const std::string& from, const std::string& to) { QVERIFY(fs.rename(from, to).isOk()); };
      if (step >= 1) {
        rename(base + ".index.cleaned", base + ".index.swap");
        rename(base + ".timeindex.cleaned", base + ".timeindex.swap");
      }
      if (step >= 2) rename(base + ".log.cleaned", base + ".log.swap");
      for (std::size_t i = 0; step >= 3 && i < group.sourceBaseOffsets.size() && (step == 4 || i == 0); ++i) {
        const std::string old = joinPath(kDir, offsetFileStem(group.sourceBaseOffsets[i]));
        for (const char* kind : {".index", ".timeindex", ".log"}) QVERIFY(fs.remove(old + kind).isOk());
      }
      QVERIFY(fs.syncDirectory(kDir).isOk());
      fs.crash();
    }
    FileCache files(fs, 16);
    auto reopened = PartitionLog::open(files, kDir, kTp, compactConfig(), {}, 0);
    QVERIFY2(reopened.isOk(), reopened.status().toString().c_str());
    auto after = readRecords(**reopened);
    if (step < 2) {
      QVERIFY(sameRecords(after, before));  // the swap never started: the old log stands
    } else {
      // The swapped group replaced exactly what it covered; later groups are untouched.
      std::vector<Seen> expected;
      const auto bases = (*reopened)->segmentBaseOffsets();
      QCOMPARE(bases.front().value(), int64_t{0});
      QVERIFY(bases.size() > 1 && bases[1].value() == groupEnd);  // no old segment left inside the group
      for (const auto& s : cleaned) {
        if (s.offset < groupEnd) expected.push_back(s);
      }
      for (const auto& s : before) {
        if (s.offset >= groupEnd) expected.push_back(s);
      }
      QVERIFY(sameRecords(after, expected));
    }
    const auto names = *fs.list(kDir);
    for (const auto& name : names) {
      QVERIFY2(name.find(".cleaned") == std::string::npos && name.find(".swap") == std::string::npos, name.c_str());
    }
  }

  void appendsContinueWhileAnotherThreadCleans() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config = compactConfig();
    config.segmentBytes = 64 * 1024;
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, config, {}, 0));
    Prng prng(5);
    auto written = writeKeyed(*log, prng, 1500, 50, 1000);
    auto plan = log->planCleaning(100000, log->logEndOffset());
    QVERIFY(plan.has_value());
    std::atomic<bool> done{false};
    std::atomic<bool> appending{false};
    Result<CleaningOutcome> outcome(StorageError::InvalidConfig, "not run");
    // The cleaner starts once the first append is in (on a loaded machine it could otherwise
    // finish before this thread appends at all); appends then go on until it is done.
    std::thread cleaner([&] {
      while (!appending) std::this_thread::yield();
      outcome = cleanSegments(fs, *plan);
      done = true;
    });
    int appendsDuringCleaning = 0;
    while (!done && appendsDuringCleaning < 100000) {
      auto more = writeKeyed(*log, prng, 1, 50, 9000);
      written.insert(written.end(), more.begin(), more.end());
      ++appendsDuringCleaning;
      appending = true;
    }
    cleaner.join();
    QVERIFY2(outcome.isOk(), outcome.status().toString().c_str());
    QVERIFY(appendsDuringCleaning > 0);
    QVERIFY(*log->completeCleaning(*plan, *outcome, 100000));
    QVERIFY(sameRecords(readRecords(*log), expectedAfterCleaning(written, outcome->endOffset.value())));
  }

  void changedLogAbortsTheSwap() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = std::move(*PartitionLog::open(files, kDir, kTp, compactConfig(), {}, 0));
    Prng prng(9);
    writeKeyed(*log, prng, 60, 6, 1000);
    auto plan = log->planCleaning(2000, log->logEndOffset());
    auto outcome = cleanSegments(fs, *plan);
    QVERIFY(outcome.isOk());
    QVERIFY(log->truncateTo(plan->segments[1].baseOffset, 0).isOk());  // a follower truncation meanwhile
    QVERIFY(!*log->completeCleaning(*plan, *outcome, 2000));
    const auto names = *fs.list(kDir);
    for (const auto& name : names) QVERIFY(name.find(".cleaned") == std::string::npos);
  }

  void cleanerCheckpointIsKeptByTheLogDirectory() {
    MemoryFileSystem fs;
    LogDirectoryOptions options;
    options.configFor = [](const TopicPartition&) { return compactConfig(); };
    Offset end;
    {
      auto dir = std::move(*LogDirectory::open(fs, "/data", options, 0));
      PartitionLog* log = *dir->getOrCreate(kTp, compactConfig(), 0);
      Prng prng(2);
      writeKeyed(*log, prng, 60, 6, 1000);
      auto outcome = log->clean(2000, log->logEndOffset());
      QVERIFY(outcome.isOk() && outcome->has_value());
      end = (*outcome)->endOffset;
      QVERIFY(dir->close().isOk());
    }
    auto dir = std::move(*LogDirectory::open(fs, "/data", options, 0));
    QCOMPARE(dir->find(kTp)->firstDirtyOffset(), end);
  }
};

QTEST_APPLESS_MAIN(TestLogCleaner)
#include "tst_log_cleaner.moc"
