// ZooKeeper 3.8's transaction log over MemoryFileSystem: the writer (file layout, group commit,
// preallocation, roll), the reader (zxid order from any zxid, zeros end a file, torn tails of
// every length and every flipped bit at the end of the log, corruption in the middle as an
// error naming file and offset, older files' cut-short tails skipped as ZooKeeper does), the
// truncation start-up and TRUNC use, and random bytes.
#include <QtTest>

#include "base/prng.h"
#include "keeper/zk_file_names.h"
#include "keeper/zk_persistence_error.h"
#include "keeper/zk_txn_log.h"
#include "keeper/zk_txn_log_reader.h"
#include "runtime/memory_file_system.h"
#include "zk_persistence_test_util.h"

using namespace pier;
using namespace pier::keeper;
using namespace pier::keeper::testing;

namespace {

const std::string kDir = "/data/log";
const std::string kVersionDir = "/data/log/version-2";

// Writes zxids [first, last] to `w` and commits.
void writeRange(TxnLogWriter& w, int64_t first, int64_t last) {
  for (int64_t z = first; z <= last; ++z) QVERIFY(w.append(makeTxn(z)).isOk());
  QVERIFY(w.commit().isOk());
}

std::vector<int64_t> zxidsOf(const TxnLogContents& c) {
  std::vector<int64_t> out;
  for (auto& t : c.txns) out.push_back(t.header.zxid);
  return out;
}

std::vector<int64_t> range(int64_t first, int64_t last) {
  std::vector<int64_t> out;
  for (int64_t z = first; z <= last; ++z) out.push_back(z);
  return out;
}

TxnLogContents readAll(FileSystem& fs, int64_t from = 0) {
  auto c = readTxnLog(fs, kDir, from);
  if (!c) qFatal("readTxnLog: %s", c.status().toString().c_str());
  return std::move(*c);
}

// Offsets where each entry of a log file starts, and where the last one ends.
std::vector<uint64_t> entryOffsets(const std::vector<uint8_t>& file) {
  std::vector<uint64_t> out{16};
  while (out.back() + 12 <= file.size()) {
    Reader r{std::span<const uint8_t>(file).subspan(out.back() + 8, 4)};
    const int32_t len = *r.readInt32();
    if (len <= 0) break;
    out.push_back(out.back() + 12 + static_cast<uint64_t>(len) + 1);
  }
  return out;
}

// A fresh file system holding only `bytes` as log.1.
std::unique_ptr<MemoryFileSystem> withLog(const std::vector<uint8_t>& bytes, const std::string& name = "log.1") {
  auto fs = std::make_unique<MemoryFileSystem>();
  writeFile(*fs, kVersionDir + "/" + name, bytes);
  return fs;
}

}  // namespace

class TstZkTxnLog : public QObject {
  Q_OBJECT

 private slots:
  void roundTripsEveryLoggedType() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 40);
    auto c = readAll(fs);
    QCOMPARE(c.txns.size(), 40u);
    for (int64_t z = 1; z <= 40; ++z) QCOMPARE(c.txns[static_cast<std::size_t>(z - 1)], makeTxn(z));
    QVERIFY(!c.tornTail);
    QVERIFY(c.skippedTails.empty());
  }

  void fileLayoutIsZooKeepers() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 0x1f, 0x20);
    QCOMPARE(*w.currentFileName(), std::string("log.1f"));
    const auto file = readFile(fs, kVersionDir + "/log.1f");
    const std::vector<uint8_t> header{'Z', 'K', 'L', 'G', 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0};
    QVERIFY(std::equal(header.begin(), header.end(), file.begin()));
    const auto payload = encodeTxnPayload(makeTxn(0x1f));
    Reader r{std::span<const uint8_t>(file).subspan(16)};
    QCOMPARE(*r.readInt64(), adler32Of(payload));
    QCOMPARE(*r.readInt32(), static_cast<int32_t>(payload.size()));
    QVERIFY(std::equal(payload.begin(), payload.end(), file.begin() + 28));
    QCOMPARE(file[28 + payload.size()], uint8_t{'B'});
    QCOMPARE(file.size(), 4096u);  // one preallocation block, zeros after the data
  }

  void groupCommitMakesEveryAppendDurableWithOneSync() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    for (int64_t z = 1; z <= 20; ++z) QVERIFY(w.append(makeTxn(z)).isOk());
    QCOMPARE(fs.unsyncedBytes(), 0u);  // appends stay in memory until commit
    QVERIFY(w.commit().isOk());
    QCOMPARE(w.lastCommittedZxid(), 20);
    QCOMPARE(fs.unsyncedBytes(), 0u);
    fs.crash();
    QCOMPARE(zxidsOf(readAll(fs)), range(1, 20));
  }

  void uncommittedAppendsAreLostInACrash() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 10);
    for (int64_t z = 11; z <= 15; ++z) QVERIFY(w.append(makeTxn(z)).isOk());
    fs.crash();
    QCOMPARE(zxidsOf(readAll(fs)), range(1, 10));
  }

  void rollStartsAFileNamedAfterTheNextZxid() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 10);
    QVERIFY(w.roll().isOk());
    QVERIFY(!w.currentFileName());
    writeRange(w, 11, 20);
    QVERIFY(w.roll().isOk());
    writeRange(w, 0x15, 0x1e);
    auto names = *listTxnLogs(fs, kDir);
    QCOMPARE(names.size(), 3u);
    QCOMPARE(names[0].name, std::string("log.1"));
    QCOMPARE(names[1].name, std::string("log.b"));
    QCOMPARE(names[2].name, std::string("log.15"));
    fs.crash();  // names were fsynced with their folder
    QCOMPARE(zxidsOf(readAll(fs)), range(1, 30));
  }

  void readingStartsInTheFileHoldingTheZxid() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 10);
    QVERIFY(w.roll().isOk());
    writeRange(w, 11, 20);
    QCOMPARE(zxidsOf(readAll(fs, 0)), range(1, 20));
    QCOMPARE(zxidsOf(readAll(fs, 5)), range(5, 20));
    QCOMPARE(zxidsOf(readAll(fs, 11)), range(11, 20));
    QCOMPARE(zxidsOf(readAll(fs, 15)), range(15, 20));
    QVERIFY(readAll(fs, 21).txns.empty());
    auto reader = *TxnLogReader::open(fs, kDir, 12);
    QCOMPARE((*reader.next())->header.zxid, 12);
    QCOMPARE(*reader.lastEntryEnd(), (LogPosition{"log.b", entryOffsets(readFile(fs, kVersionDir + "/log.b"))[2]}));
  }

  void preallocationGrowsInBlocks() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 8192});
    writeRange(w, 1, 2);
    QCOMPARE(w.currentFileBytes(), 8192u);
    int64_t z = 3;
    while (w.currentDataBytes() + 4096 < 8192) writeRange(w, z, z), ++z;
    writeRange(w, z, z);
    QCOMPARE(w.currentFileBytes(), 16384u);
    QCOMPARE(readFile(fs, kVersionDir + "/log.1").size(), 16384u);
    QCOMPARE(zxidsOf(readAll(fs)), range(1, z));
    TxnLogWriter unpadded(fs, "/other", {.preallocBytes = 0});
    QVERIFY(unpadded.append(makeTxn(1)).isOk() && unpadded.commit().isOk());
    QCOMPARE(readFile(fs, "/other/version-2/log.1").size(), unpadded.currentDataBytes());
  }

  void fileSizeWithPaddingIsFilePaddings() {
    QCOMPARE(fileSizeWithPadding(16, 16, 65536), 65552u);    // ZooKeeper's first pad: header + block
    QCOMPARE(fileSizeWithPadding(1000, 65552, 65536), 65552u);
    QCOMPARE(fileSizeWithPadding(61500, 65552, 65536), 131088u);
    QCOMPARE(fileSizeWithPadding(200000, 65552, 65536), 262144u);
    QCOMPARE(fileSizeWithPadding(200000, 65552, 0), 65552u);
  }

  void largeEntriesSpanTheReadWindow() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    LoggedTxn big = makeTxn(1);
    big.body = bodyOf(zk::SetDataTxn{"/big", std::string(3 << 20, 'x'), 1});
    big.header.type = txn_type::kSetData;
    QVERIFY(w.append(big).isOk());
    writeRange(w, 2, 3);
    auto c = readAll(fs);
    QCOMPARE(c.txns.size(), 3u);
    QCOMPARE(c.txns[0], big);
  }

  void everyTruncationOfTheFinalEntryEndsTheLog() {
    MemoryFileSystem source;
    TxnLogWriter w(source, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 6);
    const auto file = readFile(source, kVersionDir + "/log.1");
    const auto offsets = entryOffsets(file);
    const uint64_t lastStart = offsets[5], lastEnd = offsets[6];
    for (uint64_t cut = lastStart; cut < lastEnd; ++cut) {
      for (bool keepZeros : {false, true}) {
        std::vector<uint8_t> torn(file.begin(), keepZeros ? file.end() : file.begin() + static_cast<long>(cut));
        std::fill(torn.begin() + static_cast<long>(cut), torn.end(), 0);
        auto fs = withLog(torn);
        auto c = readAll(*fs);
        QCOMPARE(zxidsOf(c), range(1, 5));
        const bool anyWritten = std::any_of(file.begin() + static_cast<long>(lastStart),
                                            file.begin() + static_cast<long>(cut), [](uint8_t b) { return b != 0; });
        if (!anyWritten) {
          QVERIFY(!c.tornTail);  // only zeros reached the disk (the checksum's high half): a clean end
        } else {
          QVERIFY2(c.tornTail == (LogPosition{"log.1", lastStart}), qPrintable(QString::number(cut)));
        }
      }
    }
  }

  void startUpCutsATornTailAndAppendsAfterIt() {
    MemoryFileSystem fs;
    {
      TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
      writeRange(w, 1, 6);
    }
    auto file = readFile(fs, kVersionDir + "/log.1");
    const auto offsets = entryOffsets(file);
    file[offsets[5] + 20] ^= 0x10;  // the final entry: a checksum mismatch
    writeFile(fs, kVersionDir + "/log.1", file);
    auto c = readAll(fs);
    QCOMPARE(zxidsOf(c), range(1, 5));
    QCOMPARE(*c.tornTail, (LogPosition{"log.1", offsets[5]}));
    QVERIFY(truncateLogAfter(fs, kDir, 5).isOk());
    QCOMPARE(readFile(fs, kVersionDir + "/log.1").size(), offsets[5]);
    c = readAll(fs);
    QVERIFY(!c.tornTail);
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 6, 8);
    QCOMPARE(zxidsOf(readAll(fs)), range(1, 8));
  }

  void everyBitFlipInTheFinalEntryEndsTheLog() {
    MemoryFileSystem source;
    TxnLogWriter w(source, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 4);
    const auto file = readFile(source, kVersionDir + "/log.1");
    const auto offsets = entryOffsets(file);
    for (uint64_t bit = offsets[3] * 8; bit < offsets[4] * 8; ++bit) {
      auto flipped = file;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      auto fs = withLog(flipped);
      auto c = readTxnLog(*fs, kDir, 0);
      QVERIFY2(c.isOk(), qPrintable(QString::fromStdString(c.status().toString())));
      QCOMPARE(zxidsOf(*c), range(1, 3));
      QCOMPARE(*c->tornTail, (LogPosition{"log.1", offsets[3]}));
    }
  }

  void everyBitFlipInAMiddleEntryIsCorruption() {
    MemoryFileSystem source;
    TxnLogWriter w(source, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 6);
    const auto file = readFile(source, kVersionDir + "/log.1");
    const auto offsets = entryOffsets(file);
    const std::string where = "log.1 at offset " + std::to_string(offsets[2]);
    for (uint64_t bit = offsets[2] * 8; bit < offsets[3] * 8; ++bit) {
      auto flipped = file;
      flipped[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      auto fs = withLog(flipped);
      auto c = readTxnLog(*fs, kDir, 0);
      QVERIFY2(!c.isOk(), qPrintable(QString::number(bit)));
      QVERIFY(c.status().is(PersistenceError::CorruptTxnLog));
      QVERIFY2(c.status().message().find(where) != std::string::npos, c.status().message().c_str());
    }
  }

  void olderFilesEndAtACutShortEntryAsZooKeeperReadsThem() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 5);
    QVERIFY(w.roll().isOk());
    writeRange(w, 6, 8);
    // ZooKeeper after a crash: log.1 ends with half an entry, the restarted server wrote log.6.
    auto file = readFile(fs, kVersionDir + "/log.1");
    const uint64_t end = entryOffsets(file).back();
    auto half = encodeTxnPayload(makeTxn(6));
    Writer record;
    record.writeInt64(adler32Of(half));
    record.writeInt32(static_cast<int32_t>(half.size()));
    record.writeRaw(std::span(half).first(half.size() / 2));
    std::copy(record.bytes().begin(), record.bytes().end(), file.begin() + static_cast<long>(end));
    writeFile(fs, kVersionDir + "/log.1", file);
    auto c = readAll(fs);
    QCOMPARE(zxidsOf(c), range(1, 8));
    QCOMPARE(c.skippedTails, (std::vector<LogPosition>{{"log.1", end}}));
    QVERIFY(!c.tornTail);
  }

  void aChecksumMismatchEndingAnOlderFileIsCorruption() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 5);
    QVERIFY(w.roll().isOk());
    writeRange(w, 6, 8);
    auto file = readFile(fs, kVersionDir + "/log.1");
    file[entryOffsets(file)[4] + 30] ^= 1;
    writeFile(fs, kVersionDir + "/log.1", file);
    auto c = readTxnLog(fs, kDir, 0);
    QVERIFY(c.status().is(PersistenceError::CorruptTxnLog));
    QVERIFY(c.status().message().find("log.1") != std::string::npos);
  }

  void aHeaderCutShortEndsTheNewestFileOnly() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 5);
    const std::vector<uint8_t> stub{'Z', 'K', 'L'};
    writeFile(fs, kVersionDir + "/log.6", stub);
    auto c = readAll(fs);
    QCOMPARE(zxidsOf(c), range(1, 5));
    QCOMPARE(*c.tornTail, (LogPosition{"log.6", 0}));
    QVERIFY(truncateLogAfter(fs, kDir, 5).isOk());
    QCOMPARE(listTxnLogs(fs, kDir)->size(), 1u);
    writeFile(fs, kVersionDir + "/log.0", stub);  // now an older file
    QVERIFY(readTxnLog(fs, kDir, 0).status().is(PersistenceError::CorruptTxnLog));
    const std::vector<uint8_t> notALog(64, 'x');
    writeFile(fs, kVersionDir + "/log.0", notALog);
    QVERIFY(readTxnLog(fs, kDir, 0).status().is(PersistenceError::CorruptTxnLog));
  }

  void truncateLogAfterKeepsExactlyTheZxidsAtOrBelow() {
    for (int64_t keep : {0, 3, 10, 11, 17, 25, 30, 40}) {
      MemoryFileSystem fs;
      TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
      writeRange(w, 1, 10);
      QVERIFY(w.roll().isOk());
      writeRange(w, 11, 20);
      QVERIFY(w.roll().isOk());
      writeRange(w, 21, 30);
      QVERIFY(truncateLogAfter(fs, kDir, keep).isOk());
      fs.crash();  // everything truncateLogAfter did is durable
      const int64_t last = std::min<int64_t>(keep, 30);
      QCOMPARE(zxidsOf(readAll(fs)), range(1, last));
      TxnLogWriter next(fs, kDir, {.preallocBytes = 4096});
      writeRange(next, last + 1, last + 3);
      QCOMPARE(zxidsOf(readAll(fs)), range(1, last + 3));
    }
  }

  void appendsMustIncrease() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir);
    QVERIFY(w.append(makeTxn(5)).isOk());
    QVERIFY(w.append(makeTxn(5)).is(PersistenceError::ZxidOutOfOrder));
    QVERIFY(w.append(makeTxn(4)).is(PersistenceError::ZxidOutOfOrder));
  }

  void aWriterRefusesWorkAfterAnIoError() {
    MemoryFileSystem fs;
    TxnLogWriter w(fs, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 2);
    fs.setCapacity(5000);
    for (int64_t z = 3; z < 100; ++z) QVERIFY(w.append(makeTxn(z)).isOk());
    QVERIFY(!w.commit().isOk());
    fs.setCapacity(std::nullopt);
    QVERIFY(w.append(makeTxn(200)).is(PersistenceError::WriterFailed));
    QVERIFY(w.commit().is(PersistenceError::WriterFailed));
  }

  void randomBytesNeverCrashTheReader() {
    Prng prng(8);
    MemoryFileSystem source;
    TxnLogWriter w(source, kDir, {.preallocBytes = 4096});
    writeRange(w, 1, 12);
    const auto valid = readFile(source, kVersionDir + "/log.1");
    for (int i = 0; i < 400; ++i) {
      std::vector<uint8_t> bytes;
      if (i % 2 == 0) {
        bytes = prng.bytes(prng.below(3000));
        if (i % 4 == 0 && bytes.size() >= 16) std::copy(valid.begin(), valid.begin() + 16, bytes.begin());
      } else {
        bytes = valid;
        bytes.resize(prng.below(valid.size() + 1));
        for (uint64_t n = prng.below(8); n-- > 0 && !bytes.empty();) bytes[prng.below(bytes.size())] = static_cast<uint8_t>(prng.next());
      }
      auto fs = withLog(bytes, i % 3 ? "log.1" : "log.0");
      if (i % 3 == 0) writeFile(*fs, kVersionDir + "/log.d", valid);
      auto c = readTxnLog(*fs, kDir, 0);
      if (c) QVERIFY(c->txns.size() <= 24);
      (void)truncateLogAfter(*fs, kDir, static_cast<int64_t>(prng.below(14)));
      (void)decodeTxnPayload(bytes);
    }
  }
};

QTEST_APPLESS_MAIN(TstZkTxnLog)
#include "tst_zk_txn_log.moc"
