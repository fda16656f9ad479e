// PartitionLog: leader and follower appends, reads bounded by bytes and by the high watermark,
// rolling, Kafka's index rule, timestamp lookup, truncation, DeleteRecords, clean close and
// reopen, LogAppendTime, and the errors a producer sees for bad or oversized batches.

#include <QtTest>

#include <QTemporaryDir>

#include <sys/stat.h>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_error.h"
#include "runtime/memory_file_system.h"
#include "runtime/posix/posix_file_system.h"
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

std::unique_ptr<PartitionLog> openLog(FileCache& files, const LogConfig& config, LogOpenState state = {},
                                      int64_t nowMs = 1000) {
  auto log = PartitionLog::open(files, kDir, kTp, config, state, nowMs);
  if (!log) qFatal("open: %s", log.status().toString().c_str());
  return std::move(*log);
}

AppendInfo append(PartitionLog& log, int count, int64_t ts, std::size_t valueBytes = 16, int64_t nowMs = 2000) {
  auto batch = makeBatch(count, ts, valueBytes);
  auto info = log.appendAsLeader(batch, LeaderEpoch(7), nowMs);
  if (!info) qFatal("append: %s", info.status().toString().c_str());
  return *info;
}

// The base offsets of the whole batches in a fetch.
std::vector<int64_t> batchBases(const std::vector<uint8_t>& bytes) {
  std::vector<int64_t> out;
  records::BatchIterator it(bytes);
  while (true) {
    auto entry = it.next();
    if (!entry || !*entry) break;
    out.push_back((*entry)->baseOffset);
  }
  return out;
}
}  // namespace

class TestPartitionLog : public QObject {
  Q_OBJECT

 private slots:
  void leaderAppendAssignsOffsetsAndEpoch() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, LogConfig{});
    QCOMPARE(log->logEndOffset(), Offset(0));
    AppendInfo first = append(*log, 5, 100000);
    QCOMPARE(first.firstOffset, Offset(0));
    QCOMPARE(first.lastOffset, Offset(4));
    QCOMPARE(first.maxTimestamp, int64_t{100004});
    append(*log, 3, 100010);
    QCOMPARE(log->logEndOffset(), Offset(8));
    auto fetched = log->read(Offset(0), 1 << 20, log->logEndOffset(), false);
    QVERIFY(fetched.isOk());
    QCOMPARE(batchBases(fetched->records), (std::vector<int64_t>{0, 5}));
    auto decoded = records::decodeBatch(std::span(fetched->records).subspan(0, fetched->records.size()).first(
        static_cast<std::size_t>(records::decodeBatchHeader(fetched->records)->sizeBytes())));
    QVERIFY(decoded.isOk());
    QCOMPARE(decoded->header.partitionLeaderEpoch, LeaderEpoch(7));
    QCOMPARE(decoded->records.size(), std::size_t{5});
  }

  void multiBatchAppendGetsConsecutiveOffsets() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, LogConfig{});
    auto blob = concat({makeBatch(2, 10), makeBatch(4, 20), makeBatch(1, 30)});
    auto info = log->appendAsLeader(blob, LeaderEpoch(1), 0);
    QVERIFY(info.isOk());
    QCOMPARE(info->batchCount, 3);
    QCOMPARE(info->recordCount, int64_t{7});
    QCOMPARE(info->lastOffset, Offset(6));
    auto fetched = log->read(Offset(0), 1 << 20, Offset(7), false);
    QCOMPARE(batchBases(fetched->records), (std::vector<int64_t>{0, 2, 6}));
  }

  void readIsBoundedByHighWatermarkBytesAndBatch() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, LogConfig{});
    for (int i = 0; i < 4; ++i) append(*log, 5, 1000 * i, 100);  // batches at 0, 5, 10, 15
    // From the middle of a batch: the whole batch holding the offset comes back.
    QCOMPARE(batchBases(log->read(Offset(7), 1 << 20, Offset(20), false)->records), (std::vector<int64_t>{5, 10, 15}));
    // The high watermark stops a consumer before uncommitted batches.
    QCOMPARE(batchBases(log->read(Offset(0), 1 << 20, Offset(10), false)->records), (std::vector<int64_t>{0, 5}));
    QVERIFY(log->read(Offset(10), 1 << 20, Offset(10), false)->records.empty());
    // A byte limit cuts the last batch; minOneBatch still returns a whole first batch.
    auto cut = log->read(Offset(0), 700, Offset(20), false);
    QCOMPARE(cut->records.size(), std::size_t{700});
    auto tiny = log->read(Offset(0), 10, Offset(20), true);
    QCOMPARE(batchBases(tiny->records), (std::vector<int64_t>{0}));
    QVERIFY(log->read(Offset(0), 10, Offset(20), false)->records.size() == 10);
    // At the log end offset: empty; past it: out of range.
    QVERIFY(log->read(Offset(20), 100, Offset(20), false)->records.empty());
    QVERIFY(log->read(Offset(21), 100, Offset(21), false).status().is(StorageError::OffsetOutOfRange));
  }

  void rollsOnSegmentBytesAndReadsAcrossSegments() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, smallConfig());
    for (int i = 0; i < 40; ++i) append(*log, 3, 5000 + i * 10, 200);
    QCOMPARE(log->logEndOffset(), Offset(120));
    auto bases = log->segmentBaseOffsets();
    QVERIFY(bases.size() >= 5);
    QCOMPARE(bases.front(), Offset(0));
    auto names = *fs.list(kDir);
    for (Offset base : bases) {
      QVERIFY(std::binary_search(names.begin(), names.end(), segmentFileName(base, kLogSuffix)));
      QVERIFY(std::binary_search(names.begin(), names.end(), segmentFileName(base, kIndexSuffix)));
      QVERIFY(std::binary_search(names.begin(), names.end(), segmentFileName(base, kTimeIndexSuffix)));
    }
    // The rolled segment's files are flushed: the recovery point moved to the active base.
    QCOMPARE(log->recoveryPoint(), bases.back());
    // Reading everything, segment after segment, returns every batch exactly once.
    std::vector<int64_t> seen;
    Offset next(0);
    while (next < log->logEndOffset()) {
      auto got = log->read(next, 1 << 20, log->logEndOffset(), true);
      QVERIFY(got.isOk());
      auto part = batchBases(got->records);
      QVERIFY(!part.empty());
      seen.insert(seen.end(), part.begin(), part.end());
      next = Offset(seen.back() + 3);
    }
    QCOMPARE(seen.size(), std::size_t{40});
    for (std::size_t i = 0; i < seen.size(); ++i) QCOMPARE(seen[i], int64_t(3 * i));
  }

  // On a real file system the active segment's blocks are reserved ahead of the appends
  // (fallocate, KEEP_SIZE: the size stays what was written) and given back when the segment
  // stops being active (roll, close).
  void segmentBlocksReservedAheadAndGivenBackOnRollAndClose() {
    QTemporaryDir tmp;
    PosixFileSystem fs;
    FileCache files(fs, 16);
    const std::string dir = tmp.path().toStdString() + "/orders-0";
    LogConfig config;
    config.segmentBytes = 512 * 1024;
    auto log = std::move(*PartitionLog::open(files, dir, kTp, config, {}, 1000));
    const auto onDisk = [&](Offset base) {
      struct stat st {};
      const std::string path = joinPath(dir, segmentFileName(base, kLogSuffix));
      if (::stat(path.c_str(), &st) != 0) qFatal("stat %s", path.c_str());
      return std::pair<uint64_t, uint64_t>{static_cast<uint64_t>(st.st_size), static_cast<uint64_t>(st.st_blocks) * 512};
    };
    append(*log, 10, 5000, 1000);  // ~10 KB: at least the 64 KiB minimum step is reserved
    auto [size, allocated] = onDisk(Offset(0));
    QCOMPARE(size, log->sizeBytes());  // the reservation does not change the size
    QVERIFY2(allocated >= size + 48 * 1024, qPrintable(QString("size %1, allocated %2").arg(size).arg(allocated)));
    // Appends until the segment rolls: the rolled one keeps only the blocks its bytes need.
    while (log->segmentBaseOffsets().size() < 2) append(*log, 10, 6000, 1000);
    std::tie(size, allocated) = onDisk(Offset(0));
    QVERIFY2(allocated < size + 8192, qPrintable(QString("size %1, allocated %2").arg(size).arg(allocated)));
    const Offset active = log->segmentBaseOffsets().back();
    std::tie(size, allocated) = onDisk(active);
    QVERIFY2(allocated >= size + 48 * 1024, qPrintable(QString("size %1, allocated %2").arg(size).arg(allocated)));
    QVERIFY(log->close().isOk());
    std::tie(size, allocated) = onDisk(active);
    QVERIFY2(allocated < size + 8192, qPrintable(QString("size %1, allocated %2").arg(size).arg(allocated)));
    // What was written reads back whole after a reopen.
    auto reopened = std::move(*PartitionLog::open(files, dir, kTp, config, {}, 1000));
    QCOMPARE(reopened->logEndOffset(), log->logEndOffset());
  }

  void indexEntriesFollowKafkasRule() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config;
    config.indexIntervalBytes = 500;
    auto log = openLog(files, config);
    const std::size_t batchBytes = makeBatch(2, 0, 200).size();
    for (int i = 0; i < 6; ++i) append(*log, 2, 100 + i, 200);
    QVERIFY(log->close().isOk());  // trims the preallocated index to its entries
    // Appends k = 0..5 start at k * batchBytes. An entry is added by the append that finds more
    // than 500 bytes since the previous one: its last offset and its start position.
    auto segment = LogSegment::open(files, kDir, Offset(0), config, 0);
    QVERIFY(segment.isOk());
    QVERIFY((*segment)->loadIndexes().isOk());
    OffsetIndex& index = (*segment)->offsetIndex();
    std::vector<OffsetPosition> expected;
    uint64_t since = 0;
    for (int k = 0; k < 6; ++k) {
      if (since > 500) {
        expected.push_back(OffsetPosition{Offset(2 * k + 1), static_cast<uint32_t>(k * batchBytes)});
        since = 0;
      }
      since += batchBytes;
    }
    QVERIFY(!expected.empty());
    QCOMPARE(index.entryCount(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) QCOMPARE(index.entryAt(i), expected[i]);
  }

  void findsOffsetByTimestamp() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, smallConfig());
    for (int i = 0; i < 30; ++i) append(*log, 4, 10000 + i * 100, 150);  // record ts = batch ts + i
    auto exact = log->findOffsetByTimestamp(10000 + 7 * 100 + 2);
    QVERIFY(exact.isOk() && exact->has_value());
    QCOMPARE((*exact)->offset, Offset(7 * 4 + 2));
    QCOMPARE((*exact)->timestamp, int64_t{10702});
    auto between = log->findOffsetByTimestamp(10000 + 12 * 100 + 50);  // after batch 12's records
    QCOMPARE((*between)->offset, Offset(13 * 4));
    QCOMPARE((*log->findOffsetByTimestamp(0))->offset, Offset(0));
    QVERIFY(!log->findOffsetByTimestamp(99999999)->has_value());
    QCOMPARE(log->maxTimestampAndOffset().timestamp, int64_t{10000 + 29 * 100 + 3});
  }

  void truncateRemovesTheTailAndAppendsResume() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, smallConfig());
    for (int i = 0; i < 30; ++i) append(*log, 2, 100 + i, 200);
    const auto segmentsBefore = log->segmentBaseOffsets().size();
    QVERIFY(log->truncateTo(Offset(14), 0).isOk());
    QCOMPARE(log->logEndOffset(), Offset(14));
    QVERIFY(log->segmentBaseOffsets().size() < segmentsBefore);
    QVERIFY(log->read(Offset(15), 100, Offset(100), false).status().is(StorageError::OffsetOutOfRange));
    AppendInfo info = append(*log, 2, 500);
    QCOMPARE(info.firstOffset, Offset(14));
    // Truncating inside a batch drops that whole batch (batch granularity, as in Kafka).
    QVERIFY(log->truncateTo(Offset(15), 0).isOk());
    QCOMPARE(log->logEndOffset(), Offset(14));
    QVERIFY(log->truncateFullyAndStartAt(Offset(1000), 0).isOk());
    QCOMPARE(log->logStartOffset(), Offset(1000));
    QCOMPARE(append(*log, 1, 1).firstOffset, Offset(1000));
    QCOMPARE(log->segmentBaseOffsets(), (std::vector<Offset>{Offset(1000)}));
  }

  void deleteRecordsAdvancesStartAndDropsWholeSegments() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, smallConfig());
    for (int i = 0; i < 30; ++i) append(*log, 2, 100 + i, 200);
    auto bases = log->segmentBaseOffsets();
    QVERIFY(bases.size() >= 3);
    const Offset inThird(bases[2].value() + 1);
    QVERIFY(log->deleteRecordsBefore(Offset(61), Offset(60)).status().is(StorageError::OffsetOutOfRange));
    QCOMPARE(*log->deleteRecordsBefore(inThird, log->logEndOffset()), inThird);
    QCOMPARE(log->logStartOffset(), inThird);
    QCOMPARE(log->segmentBaseOffsets().front(), bases[2]);
    QVERIFY(!*fs.exists(joinPath(kDir, segmentFileName(bases[0], kLogSuffix))));
    QVERIFY(log->read(bases[1], 100, Offset(60), false).status().is(StorageError::OffsetOutOfRange));
    QVERIFY(log->read(inThird, 100, Offset(60), true).isOk());
  }

  void cleanCloseAndReopenKeepsEverything() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    std::vector<uint8_t> before;
    std::vector<Offset> bases;
    {
      auto log = openLog(files, smallConfig());
      for (int i = 0; i < 25; ++i) append(*log, 3, 100 + i, 180);
      before = log->read(Offset(0), 1 << 20, Offset(75), false)->records;
      bases = log->segmentBaseOffsets();
      QVERIFY(log->close().isOk());
    }
    auto log = openLog(files, smallConfig(), LogOpenState{Offset(75), std::nullopt, true, std::nullopt});
    QCOMPARE(log->logEndOffset(), Offset(75));
    QCOMPARE(log->recoveryPoint(), Offset(75));
    QCOMPARE(log->bytesTruncatedOnOpen(), uint64_t{0});
    QCOMPARE(log->segmentBaseOffsets(), bases);
    QCOMPARE(log->read(Offset(0), 1 << 20, Offset(75), false)->records.size(), before.size());
    QCOMPARE(append(*log, 1, 999).firstOffset, Offset(75));
  }

  void logAppendTimeStampsTheBatch() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config;
    config.messageTimestampType = records::TimestampType::LogAppendTime;
    auto log = openLog(files, config);
    auto batch = makeBatch(3, 5);
    auto info = log->appendAsLeader(batch, LeaderEpoch(0), 1700000000123);
    QVERIFY(info.isOk());
    QCOMPARE(info->logAppendTimeMs, int64_t{1700000000123});
    auto fetched = log->read(Offset(0), 1 << 20, Offset(3), false);
    auto decoded = records::decodeBatch(fetched->records);
    QVERIFY2(decoded.isOk(), decoded.status().toString().c_str());  // the CRC was recomputed
    QVERIFY(decoded->header.timestampType() == records::TimestampType::LogAppendTime);
    QCOMPARE(decoded->header.maxTimestamp, int64_t{1700000000123});
  }

  void followerAppendKeepsLeaderOffsets() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    auto log = openLog(files, LogConfig{});
    auto leaderBatch = makeBatch(4, 10, 16, records::Compression::None, Offset(0));
    QVERIFY(log->appendAsFollower(leaderBatch, 0).isOk());
    QCOMPARE(log->logEndOffset(), Offset(4));
    auto stale = makeBatch(2, 10, 16, records::Compression::None, Offset(2));
    QVERIFY(log->appendAsFollower(stale, 0).status().is(StorageError::InvalidOffset));
    auto next = makeBatch(2, 10, 16, records::Compression::None, Offset(4));
    QVERIFY(log->appendAsFollower(next, 0).isOk());
    QCOMPARE(log->logEndOffset(), Offset(6));
  }

  void badBatchesAreRejectedAndLoseNothing() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config;
    config.maxMessageBytes = 300;
    auto log = openLog(files, config);
    append(*log, 1, 1);
    auto big = makeBatch(2, 1, 400);
    QVERIFY(log->appendAsLeader(big, LeaderEpoch(0), 0).status().is(StorageError::RecordTooLarge));
    auto corrupt = makeBatch(1, 1);
    corrupt.back() ^= 0x55;
    QVERIFY(log->appendAsLeader(corrupt, LeaderEpoch(0), 0).status().is(protocol::RecordError::CrcMismatch));
    auto partial = makeBatch(1, 1);
    partial.pop_back();
    QVERIFY(!log->appendAsLeader(partial, LeaderEpoch(0), 0).isOk());
    QCOMPARE(log->logEndOffset(), Offset(1));
    QCOMPARE(log->sizeBytes(), makeBatch(1, 1).size());
  }

  void rollsWhenSegmentMsPassesInMessageTime() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config;
    config.segmentMs = 60000;
    auto log = openLog(files, config);
    append(*log, 1, 1000000);
    append(*log, 1, 1000000 + 59000);
    QCOMPARE(log->segmentBaseOffsets().size(), std::size_t{1});
    append(*log, 1, 1000000 + 61000);
    QCOMPARE(log->segmentBaseOffsets(), (std::vector<Offset>{Offset(0), Offset(2)}));
  }

  void retentionByTimeDeletesOldSegmentsOnly() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config = smallConfig();
    config.retentionMs = 10000;
    auto log = openLog(files, config);
    for (int i = 0; i < 30; ++i) append(*log, 2, 100000 + i * 1000, 200);  // ~4 batches per segment
    auto bases = log->segmentBaseOffsets();
    QVERIFY(bases.size() >= 4);
    // Exactly retention.ms after the first segment's newest record, nothing is old enough yet.
    const int64_t firstNewest = 100000 + ((bases[1].value() - 1) / 2) * 1000 + 1;
    QCOMPARE(*log->deleteOldSegments(firstNewest + 10000, log->logEndOffset()), 0);
    QCOMPARE(*log->deleteOldSegments(firstNewest + 10001, log->logEndOffset()), 1);
    // At t, segments whose newest record is more than 10 s older go; the first that is not, stays
    // with everything after it.
    const int64_t now = 100000 + 26 * 1000;
    int expected = 0;
    for (std::size_t i = 0; i + 1 < bases.size(); ++i) {
      const int64_t lastTs = 100000 + ((bases[i + 1].value() - 1) / 2) * 1000 + 1;  // last record
      if (now - lastTs <= 10000) break;
      ++expected;
    }
    QVERIFY(expected > 1);
    QCOMPARE(*log->deleteOldSegments(now, log->logEndOffset()), expected - 1);
    QCOMPARE(log->logStartOffset(), bases[static_cast<std::size_t>(expected)]);
    QVERIFY(log->read(Offset(0), 100, log->logEndOffset(), false).status().is(StorageError::OffsetOutOfRange));
    // Far in the future everything but the active segment goes.
    QVERIFY(*log->deleteOldSegments(now * 10, log->logEndOffset()) > 0);
    QCOMPARE(log->segmentBaseOffsets(), std::vector<Offset>{bases.back()});
  }

  void retentionBySizeAndHighWatermark() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config = smallConfig();
    config.retentionMs = -1;
    config.retentionBytes = 8000;
    auto log = openLog(files, config);
    for (int i = 0; i < 40; ++i) append(*log, 2, 1000 + i, 200);
    const uint64_t before = log->sizeBytes();
    QVERIFY(before > 16000);
    // The high watermark at the first segment's end protects the rest.
    auto bases = log->segmentBaseOffsets();
    QCOMPARE(*log->deleteOldSegments(0, bases[1]), 1);
    QCOMPARE(*log->deleteOldSegments(0, log->logEndOffset()) > 0, true);
    QVERIFY(log->sizeBytes() <= 8000 + static_cast<uint64_t>(config.segmentBytes));
    QVERIFY(log->sizeBytes() >= 8000 - static_cast<uint64_t>(config.segmentBytes));
    // A compacted topic without "delete" keeps everything.
    LogConfig compactOnly = config;
    QVERIFY(compactOnly.setCleanupPolicy("compact").isOk());
    QVERIFY(!compactOnly.cleanupDelete && compactOnly.cleanupCompact);
    QVERIFY(config.setCleanupPolicy("compact, delete").isOk());
    QVERIFY(config.cleanupDelete && config.cleanupCompact);
    QVERIFY(config.setCleanupPolicy("archive").is(StorageError::InvalidConfig));
  }

  void manyPartitionsShareABoundedFileCache() {
    MemoryFileSystem fs;
    FileCache files(fs, 24);
    std::vector<std::unique_ptr<PartitionLog>> logs;
    for (int p = 0; p < 300; ++p) {
      auto log = PartitionLog::open(files, "/data/orders-" + std::to_string(p), {"orders", PartitionIndex(p)},
                                    smallConfig(), {}, 0);
      QVERIFY(log.isOk());
      logs.push_back(std::move(*log));
    }
    for (int round = 0; round < 3; ++round) {
      for (int p = 0; p < 300; ++p) {
        auto batch = makeBatch(1 + p % 3, 1000 * round + p, 64);
        QVERIFY(logs[static_cast<std::size_t>(p)]->appendAsLeader(batch, LeaderEpoch(0), 0).isOk());
        QVERIFY(files.openCount() <= 24);
      }
    }
    for (int p = 0; p < 300; ++p) {
      auto& log = *logs[static_cast<std::size_t>(p)];
      QCOMPARE(log.logEndOffset(), Offset(3 * (1 + p % 3)));
      QCOMPARE(batchBases(log.read(Offset(0), 1 << 20, log.logEndOffset(), false)->records).size(), std::size_t{3});
    }
    QVERIFY(files.openCount() <= 24);
    QVERIFY(files.opensTotal() > 900);  // handles were really closed and reopened
  }

  void badConfigNamesTheKey() {
    MemoryFileSystem fs;
    FileCache files(fs, 16);
    LogConfig config;
    config.segmentBytes = 3;
    auto log = PartitionLog::open(files, kDir, kTp, config, {}, 0);
    QVERIFY(log.status().is(StorageError::InvalidConfig));
    QVERIFY(log.status().message().find("segment.bytes=3") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestPartitionLog)
#include "tst_partition_log.moc"
