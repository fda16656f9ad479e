// pierctl dump-log: Kafka 3.8's kafka-dump-log.sh output on files written by our PartitionLog
// on a real disk (batch lines, record lines with payloads, index and time-index entries), a
// torn tail, a corrupted index entry, __consumer_offsets records decoded to Kafka's JSON, the
// record-format codecs under random bytes, and the real pierctl binary.

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

#include "base/big_endian.h"
#include "base/prng.h"
#include "daemon/pierctl/dump_log.h"
#include "daemon/pierctl/offsets_json.h"
#include "protocol/consumer_offsets_record.h"
#include "protocol/protocol_error.h"
#include "runtime/posix/posix_file_system.h"
#include "storage/producer_snapshot.h"
#include "storage/file_cache.h"
#include "storage/partition_log.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::pierctl;
using namespace pier::storage;
namespace records = pier::protocol::records;
namespace kafka = pier::protocol::kafka;

namespace {

constexpr int64_t kT0 = 1700000000000;

records::Record makeRecord(int32_t offsetDelta, std::optional<std::string> key, std::optional<std::string> value,
                           const std::vector<std::string>& headerKeys = {}) {
  records::Record r;
  r.offsetDelta = offsetDelta;
  r.timestampDelta = offsetDelta * 10;
  if (key) r.key = std::vector<uint8_t>(key->begin(), key->end());
  if (value) r.value = std::vector<uint8_t>(value->begin(), value->end());
  for (const auto& h : headerKeys) r.headers.push_back({h, std::vector<uint8_t>{'x'}});
  return r;
}

records::Record bytesRecord(int32_t offsetDelta, std::vector<uint8_t> key, std::optional<std::vector<uint8_t>> value) {
  records::Record r;
  r.offsetDelta = offsetDelta;
  r.key = std::move(key);
  r.value = std::move(value);
  return r;
}

std::vector<uint8_t> batchOf(const std::vector<records::Record>& rs, int64_t baseTimestamp) {
  auto bytes = records::encodeBatch(records::headerForRecords(Offset(0), baseTimestamp, rs), rs);
  if (!bytes) qFatal("encodeBatch: %s", bytes.status().toString().c_str());
  return std::move(*bytes);
}

// Appends `batches` as leader (epoch 5) to <root>/<topic>-0 and closes the log cleanly
// (indexes trimmed) or only flushes it (indexes stay preallocated, zero padded, as Kafka's
// active segment). Returns the segment's path without suffix.
std::string writeLog(const QTemporaryDir& tmp, const std::string& topic, std::vector<std::vector<uint8_t>> batches,
                     bool close) {
  PosixFileSystem fs;
  FileCache files(fs, 16);
  LogConfig config;
  config.indexIntervalBytes = 1;  // an index entry for every batch after the first
  config.segmentIndexBytes = 8 * 16;
  const std::string dir = tmp.path().toStdString() + "/" + topic + "-0";
  auto log = PartitionLog::open(files, dir, {topic, PartitionIndex(0)}, config, {}, 1000);
  if (!log) qFatal("open: %s", log.status().toString().c_str());
  for (auto& batch : batches) {
    auto info = (*log)->appendAsLeader(batch, LeaderEpoch(5), 2000);
    if (!info) qFatal("append: %s", info.status().toString().c_str());
  }
  if (!(close ? (*log)->close() : (*log)->flush())) qFatal("close/flush failed");
  return dir + "/00000000000000000000";
}

std::vector<std::vector<uint8_t>> smallBatches() {
  return {batchOf({makeRecord(0, "k0", "hello"), makeRecord(1, "k1", "world")}, kT0),
          batchOf({makeRecord(0, std::nullopt, "no key", {"trace", "span"})}, kT0 + 100),
          batchOf({makeRecord(0, "k3", std::nullopt), makeRecord(1, "k4", "h\xC3\xA9llo"),
                   makeRecord(2, "k5", std::string("bad \xFF byte"))},
                  kT0 + 200)};
}

QStringList linesOf(const std::string& text) {
  QStringList lines = QString::fromStdString(text).split('\n');
  if (!lines.isEmpty() && lines.back().isEmpty()) lines.removeLast();
  return lines;
}

struct DumpResult {
  int exitCode = 0;
  QStringList out;
  QStringList err;
};

DumpResult dump(const std::vector<std::string>& files, const DumpLogOptions& options = {}) {
  PosixFileSystem fs;
  std::ostringstream out;
  std::ostringstream err;
  DumpResult result;
  result.exitCode = dumpLog(fs, files, options, out, err);
  result.out = linesOf(out.str());
  result.err = linesOf(err.str());
  return result;
}

std::vector<uint8_t> readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

void writeFile(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<uint8_t> encodedKey(const protocol::ConsumerOffsetsKey& key) {
  auto bytes = protocol::encodeConsumerOffsetsKey(key);
  if (!bytes) qFatal("encode key: %s", bytes.status().toString().c_str());
  return std::move(*bytes);
}

std::vector<uint8_t> encodedValue(const protocol::ConsumerOffsetsValue& value) {
  auto bytes = protocol::encodeConsumerOffsetsValue(value);
  if (!bytes) qFatal("encode value: %s", bytes.status().toString().c_str());
  return std::move(*bytes);
}

kafka::OffsetCommitValue commitValue() {
  kafka::OffsetCommitValue v;
  v.offset = 42;
  v.leaderEpoch = 5;
  v.metadata = "m\"1";
  v.commitTimestamp = kT0;
  return v;
}

kafka::GroupMetadataValue groupValue() {
  kafka::GroupMetadataValue v;
  v.protocolType = "consumer";
  v.generation = 7;
  v.protocol = "range";
  v.leader = "member-1";
  v.currentStateTimestamp = kT0 + 500;
  kafka::GroupMetadataValue::MemberMetadata m;
  m.memberId = "member-1";
  m.clientId = "client-1";
  m.clientHost = "/127.0.0.1";
  m.rebalanceTimeout = 300000;
  m.sessionTimeout = 45000;
  m.subscription = {0, 1, 2, 3};
  m.assignment = {0xff};
  v.members.push_back(m);
  return v;
}

// The three __consumer_offsets records of the offsets-decoder test, in one batch.
std::vector<uint8_t> consumerOffsetsBatch() {
  const auto commitKey = protocol::offsetCommitKey(kafka::OffsetCommitKey{"g1", "orders", 3, {}}, 1);
  const auto groupKey = protocol::groupMetadataKey(kafka::GroupMetadataKey{"g1", {}});
  return batchOf({bytesRecord(0, encodedKey(commitKey), encodedValue(protocol::offsetCommitValue(commitValue(), 3))),
                  bytesRecord(1, encodedKey(groupKey), encodedValue(protocol::groupMetadataValue(groupValue(), 3))),
                  bytesRecord(2, encodedKey(commitKey), std::nullopt)},
                 kT0);
}

// A transactional LogAppendTime batch whose sequences wrap, its COMMIT marker, and a gzip
// batch, with offsets 0-2, 3 and 4 (written straight to a .log file, as a follower would).
std::vector<uint8_t> producerBatches() {
  std::vector<records::Record> txn = {makeRecord(0, "a", "1"), makeRecord(1, "b", "2"), makeRecord(2, "c", "3")};
  records::BatchHeader h = records::headerForRecords(Offset(0), kT0, txn);
  h.partitionLeaderEpoch = LeaderEpoch(1);
  h.producerId = ProducerId(1000);
  h.producerEpoch = ProducerEpoch(2);
  h.baseSequence = 2147483646;
  h.attributes = records::attr::kTransactional | records::attr::kTimestampType;
  h.maxTimestamp = kT0 + 999;  // the broker's append time
  records::Record marker = bytesRecord(0, {0, 0, 0, 1}, std::vector<uint8_t>{0, 0, 0, 0, 0, 3});
  records::BatchHeader m = records::headerForRecords(Offset(3), kT0 + 50, std::vector{marker});
  m.partitionLeaderEpoch = LeaderEpoch(1);
  m.producerId = ProducerId(1000);
  m.producerEpoch = ProducerEpoch(2);
  m.attributes = records::attr::kTransactional | records::attr::kControl;
  std::vector<records::Record> zipped = {makeRecord(0, "z", "zipped")};
  records::BatchHeader z = records::headerForRecords(Offset(4), kT0 + 60, zipped);
  z.partitionLeaderEpoch = LeaderEpoch(1);
  std::vector<uint8_t> out;
  for (auto encoded : {records::encodeBatch(h, txn), records::encodeBatch(m, std::vector{marker}),
                       records::encodeBatch(z, zipped, {records::Compression::Gzip, {}})}) {
    if (!encoded) qFatal("encodeBatch: %s", encoded.status().toString().c_str());
    out.insert(out.end(), encoded->begin(), encoded->end());
  }
  return out;
}

}  // namespace

class TestDumpLog : public QObject {
  Q_OBJECT

 private slots:
  void printsBatchesAndRecordsAsKafka() {
    QTemporaryDir tmp;
    const std::string log = writeLog(tmp, "orders", smallBatches(), true) + ".log";
    DumpLogOptions options;
    options.printDataLog = true;
    const DumpResult result = dump({log}, options);
    QCOMPARE(result.exitCode, 0);
    const QStringList expected = {
        QString::fromStdString("Dumping " + log),
        "Log starting offset: 0",
        "baseOffset: 0 lastOffset: 1 count: 2 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 "
        "partitionLeaderEpoch: 5 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty "
        "position: 0 CreateTime: 1700000000010 size: 89 magic: 2 compresscodec: none crc: 205528827 isvalid: true",
        "| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: -1 headerKeys: [] key: k0 "
        "payload: hello",
        "| offset: 1 CreateTime: 1700000000010 keySize: 2 valueSize: 5 sequence: -1 headerKeys: [] key: k1 "
        "payload: world",
        "baseOffset: 2 lastOffset: 2 count: 1 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 "
        "partitionLeaderEpoch: 5 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty "
        "position: 89 CreateTime: 1700000000100 size: 89 magic: 2 compresscodec: none crc: 760045236 isvalid: true",
        "| offset: 2 CreateTime: 1700000000100 keySize: -1 valueSize: 6 sequence: -1 headerKeys: [trace,span] "
        "payload: no key",
        "baseOffset: 3 lastOffset: 5 count: 3 baseSequence: -1 lastSequence: -1 producerId: -1 producerEpoch: -1 "
        "partitionLeaderEpoch: 5 isTransactional: false isControl: false deleteHorizonMs: OptionalLong.empty "
        "position: 178 CreateTime: 1700000000220 size: 104 magic: 2 compresscodec: none crc: 3177514013 isvalid: true",
        "| offset: 3 CreateTime: 1700000000200 keySize: 2 valueSize: -1 sequence: -1 headerKeys: [] key: k3",
        QString::fromUtf8("| offset: 4 CreateTime: 1700000000210 keySize: 2 valueSize: 6 sequence: -1 headerKeys: [] "
                          "key: k4 payload: h\u00e9llo"),
        QString::fromUtf8("| offset: 5 CreateTime: 1700000000220 keySize: 2 valueSize: 10 sequence: -1 "
                          "headerKeys: [] key: k5 payload: bad \uFFFD byte"),
    };
    QCOMPARE(result.out, expected);
    QCOMPARE(result.err, QStringList());
  }

  void printsProducerFieldsMarkersAndCodecs() {
    QTemporaryDir tmp;
    const std::string log = tmp.path().toStdString() + "/00000000000000000000.log";
    writeFile(log, producerBatches());
    DumpLogOptions options;
    options.printDataLog = true;
    const DumpResult result = dump({log}, options);
    QCOMPARE(result.exitCode, 0);
    const QStringList expected = {
        "baseOffset: 0 lastOffset: 2 count: 3 baseSequence: 2147483646 lastSequence: 0 producerId: 1000 "
        "producerEpoch: 2 partitionLeaderEpoch: 1 isTransactional: true isControl: false deleteHorizonMs: "
        "OptionalLong.empty position: 0 LogAppendTime: 1700000000999 size: 88 magic: 2 compresscodec: none "
        "crc: 645524145 isvalid: true",
        "| offset: 0 LogAppendTime: 1700000000999 keySize: 1 valueSize: 1 sequence: 2147483646 headerKeys: [] "
        "key: a payload: 1",
        "| offset: 1 LogAppendTime: 1700000000999 keySize: 1 valueSize: 1 sequence: 2147483647 headerKeys: [] "
        "key: b payload: 2",
        "| offset: 2 LogAppendTime: 1700000000999 keySize: 1 valueSize: 1 sequence: 0 headerKeys: [] "
        "key: c payload: 3",
        "baseOffset: 3 lastOffset: 3 count: 1 baseSequence: -1 lastSequence: -1 producerId: 1000 producerEpoch: 2 "
        "partitionLeaderEpoch: 1 isTransactional: true isControl: true deleteHorizonMs: OptionalLong.empty "
        "position: 88 CreateTime: 1700000000050 size: 78 magic: 2 compresscodec: none crc: 362883345 isvalid: true",
        "| offset: 3 CreateTime: 1700000000050 keySize: 4 valueSize: 6 sequence: -1 headerKeys: [] "
        "endTxnMarker: COMMIT coordinatorEpoch: 3",
    };
    QCOMPARE(result.out.mid(2, 6), expected);
    QVERIFY2(result.out[8].startsWith("baseOffset: 4 lastOffset: 4 count: 1 ") &&
                 result.out[8].contains(" compresscodec: gzip "),
             qPrintable(result.out[8]));
    QCOMPARE(result.out[9], QString("| offset: 4 CreateTime: 1700000000060 keySize: 1 valueSize: 6 sequence: -1 "
                                    "headerKeys: [] key: z payload: zipped"));
    QCOMPARE(result.out.size(), 10);
  }

  void shallowByDefaultAndDeepOnRequest() {
    QTemporaryDir tmp;
    const std::string log = writeLog(tmp, "orders", smallBatches(), true) + ".log";
    const DumpResult shallow = dump({log});
    QCOMPARE(shallow.out.size(), 5);  // Dumping, starting offset, three batches
    QVERIFY(shallow.out[4].startsWith("baseOffset: 3 lastOffset: 5 count: 3 "));
    DumpLogOptions deep;
    deep.deepIteration = true;
    const DumpResult result = dump({log}, deep);
    QCOMPARE(result.out.size(), 11);
    // Records without --print-data-log: metadata only.
    QCOMPARE(result.out[3], QString("| offset: 0 CreateTime: 1700000000000 keySize: 2 valueSize: 5 sequence: -1 "
                                    "headerKeys: []"));
  }

  void dumpsIndexAndTimeIndex() {
    QTemporaryDir tmp;
    const std::string segment = writeLog(tmp, "orders", smallBatches(), true);
    const DumpResult result = dump({segment + ".index", segment + ".timeindex"});
    QCOMPARE(result.exitCode, 0);
    const QStringList expected = {
        QString::fromStdString("Dumping " + segment + ".index"),
        "offset: 2 position: 89",
        "offset: 5 position: 178",
        QString::fromStdString("Dumping " + segment + ".timeindex"),
        "timestamp: 1700000000100 offset: 2",
        "timestamp: 1700000000220 offset: 5",
    };
    QCOMPARE(result.out, expected);
    QCOMPARE(result.err, QStringList());
    DumpLogOptions verifyOnly;
    verifyOnly.verifyIndexOnly = true;
    const DumpResult verified = dump({segment + ".index", segment + ".timeindex"}, verifyOnly);
    QCOMPARE(verified.out, QStringList({expected[0], expected[3]}));
    QCOMPARE(verified.err, QStringList());
  }

  void stopsIndexDumpAtZeroPadding() {
    // Flushed but not closed: both indexes keep their preallocated zero padding, which the dump
    // must neither print nor check (Kafka stops at the first entry that repeats the base offset).
    QTemporaryDir tmp;
    const std::string segment = writeLog(tmp, "orders", smallBatches(), false);
    QCOMPARE(readFile(segment + ".index").size(), std::size_t(8 * 16));
    const DumpResult result = dump({segment + ".index", segment + ".timeindex"});
    QCOMPARE(result.out.mid(1, 2), QStringList({"offset: 2 position: 89", "offset: 5 position: 178"}));
    QCOMPARE(result.out.mid(4),
             QStringList({"timestamp: 1700000000100 offset: 2", "timestamp: 1700000000220 offset: 5"}));
    QCOMPARE(result.err, QStringList());
  }

  void sanityCheckAndEmptyIndex() {
    QTemporaryDir tmp;
    const std::string segment = writeLog(tmp, "orders", smallBatches(), true);
    DumpLogOptions sanity;
    sanity.indexSanityCheck = true;
    const DumpResult passed = dump({segment + ".index", segment + ".timeindex"}, sanity);
    QCOMPARE(passed.exitCode, 0);
    QCOMPARE(passed.out[1], QString::fromStdString(segment + ".index passed sanity check."));
    QCOMPARE(passed.out[3], QString::fromStdString(segment + ".timeindex passed sanity check."));

    // A partial entry fails Kafka's check, with Kafka's message.
    auto index = readFile(segment + ".index");
    index.push_back(0);
    writeFile(segment + ".index", index);
    const DumpResult failed = dump({segment + ".index"}, sanity);
    QCOMPARE(failed.exitCode, 1);
    QCOMPARE(failed.err, QStringList({QString::fromStdString("Index file " + segment +
                                                             ".index is corrupt, found 17 bytes which is neither "
                                                             "positive nor a multiple of 8")}));

    writeFile(segment + ".index", {});
    const DumpResult empty = dump({segment + ".index"});
    QCOMPARE(empty.out[1], QString::fromStdString(segment + ".index is empty."));
  }

  void reportsTornTail() {
    QTemporaryDir tmp;
    const std::string log = writeLog(tmp, "orders", smallBatches(), true) + ".log";
    auto bytes = readFile(log);
    bytes.resize(bytes.size() - 10);  // the last batch cut short by a crash
    writeFile(log, bytes);
    const DumpResult result = dump({log});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.size(), 5);
    QVERIFY(result.out[3].startsWith("baseOffset: 2 lastOffset: 2 "));
    QCOMPARE(result.out[4], QString("Found 94 invalid bytes at the end of 00000000000000000000.log"));
    QCOMPARE(result.err, QStringList());
  }

  void reportsCorruptIndexEntry() {
    QTemporaryDir tmp;
    const std::string segment = writeLog(tmp, "orders", smallBatches(), true);
    auto index = readFile(segment + ".index");
    storeBigEndian<int32_t>(index.data() + 8 + 4, 0);  // entry (5, 178) now points at the first batch
    writeFile(segment + ".index", index);
    const DumpResult result = dump({segment + ".index"});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out.mid(1), QStringList({"offset: 2 position: 89", "offset: 5 position: 0"}));
    QCOMPARE(result.err, QStringList({QString::fromStdString("Mismatches in :" + segment + ".index"),
                                      "  Index offset: 5, log offset: 1"}));

    auto timeIndex = readFile(segment + ".timeindex");
    storeBigEndian<int32_t>(timeIndex.data() + 8, 4);             // (kT0+100, 2) -> offset 4: no batch ends there
    storeBigEndian<int64_t>(timeIndex.data() + 12, kT0 + 50);     // (kT0+220, 5) -> a timestamp out of order
    writeFile(segment + ".timeindex", timeIndex);
    const DumpResult time = dump({segment + ".timeindex"});
    QCOMPARE(time.out.mid(1),
             QStringList({"timestamp: 1700000000100 offset: 4", "timestamp: 1700000000050 offset: 5"}));
    QCOMPARE(time.err, QStringList({QString::fromStdString("Found timestamp mismatch in :" + segment + ".timeindex"),
                                    "  Index timestamp: 1700000000050, log timestamp: 1700000000220",
                                    QString::fromStdString("Found out of order timestamp in :" + segment +
                                                           ".timeindex"),
                                    "  Index timestamp: 1700000000050, Previously indexed timestamp: 1700000000100",
                                    "The following indexed offsets are not found in the log.",
                                    "Indexed offset: 4, found log offset: 5"}));
  }

  void stopsAtCorruptBatchWithoutCrashing() {
    QTemporaryDir tmp;
    const std::string log = writeLog(tmp, "orders", smallBatches(), true) + ".log";
    auto bytes = readFile(log);
    bytes[89 + 16] = 7;  // the second batch's magic byte
    writeFile(log, bytes);
    const DumpResult result = dump({log, log});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out.size(), 6);  // both files: Dumping, starting offset, the first batch
    QCOMPARE(result.err.size(), 2);
    QVERIFY2(result.err[0].startsWith(QString::fromStdString("Stopped dumping " + log + " at position 89: ")),
             qPrintable(result.err[0]));

    // A bad CRC is shown, not fatal (Kafka prints isvalid: false and reads on).
    bytes = readFile(log);
    bytes[89 + 16] = 2;
    bytes[89 + 40] ^= 0x01;  // inside maxTimestamp, covered by the CRC
    writeFile(log, bytes);
    const DumpResult badCrc = dump({log});
    QCOMPARE(badCrc.exitCode, 0);
    QVERIFY2(badCrc.out[3].endsWith("isvalid: false"), qPrintable(badCrc.out[3]));
    QVERIFY(badCrc.out[4].startsWith("baseOffset: 3 "));
  }

  void reportsUnknownAndMissingFiles() {
    QTemporaryDir tmp;
    const std::string dir = tmp.path().toStdString();
    writeFile(dir + "/notes.txt", {1, 2, 3});
    const DumpResult result = dump({dir + "/notes.txt", dir + "/00000000000000000000.log"});
    QCOMPARE(result.exitCode, 1);
    QCOMPARE(result.out, QStringList({QString::fromStdString("Dumping " + dir + "/notes.txt"),
                                      QString::fromStdString("Dumping " + dir + "/00000000000000000000.log"),
                                      "Log starting offset: 0"}));
    QCOMPARE(result.err.size(), 2);
    QCOMPARE(result.err[0], QString::fromStdString("Ignoring unknown file " + dir + "/notes.txt"));
    QVERIFY2(result.err[1].startsWith(QString::fromStdString("Cannot open " + dir + "/00000000000000000000.log")),
             qPrintable(result.err[1]));
  }

  void dumpsProducerSnapshotsAsKafka() {
    QTemporaryDir tmp;
    const std::string path = tmp.path().toStdString() + "/00000000000000000042.snapshot";
    // A wrapped sequence range (MAX-1 .. 1), a producer without a batch, an open transaction.
    const std::string bytes = storage::encodeProducerSnapshot(
        {{7, 3, 1, 1009, 3, 1700000000123, -1, -1}, {8, 0, -1, -1, 0, 55, -1, -1}, {9, 1, 4, 30, 4, 66, 5, 26}});
    writeFile(path, std::vector<uint8_t>(bytes.begin(), bytes.end()));
    const DumpResult result = dump({path});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QStringList());
    QCOMPARE(result.out,
             QStringList({QString::fromStdString("Dumping " + path),
                          "producerId: 7 producerEpoch: 3 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong.empty "
                          "lastTimestamp: 1700000000123 firstSequence: 2147483646 lastSequence: 1 lastOffset: 1009 "
                          "offsetDelta: 3 timestamp: 1700000000123",
                          "producerId: 8 producerEpoch: 0 coordinatorEpoch: -1 currentTxnFirstOffset: OptionalLong.empty "
                          "lastTimestamp: 55 ",
                          "producerId: 9 producerEpoch: 1 coordinatorEpoch: 5 currentTxnFirstOffset: OptionalLong[26] "
                          "lastTimestamp: 66 firstSequence: 0 lastSequence: 4 lastOffset: 30 offsetDelta: 4 timestamp: 66"}));
    // A corrupt one: Kafka prints the reason on stderr and carries on.
    std::vector<uint8_t> corrupt(bytes.begin(), bytes.end());
    corrupt[12] ^= 0x01;
    writeFile(path, corrupt);
    const DumpResult bad = dump({path});
    QCOMPARE(bad.exitCode, 0);
    QCOMPARE(bad.out, QStringList({QString::fromStdString("Dumping " + path)}));
    QCOMPARE(bad.err.size(), 1);
    QVERIFY2(bad.err[0].startsWith("CRC mismatch"), qPrintable(bad.err[0]));
  }

  void reportsNonConsecutiveOffsets() {
    // As a compacted log looks. Kafka keeps these pairs in a list it prepends to: newest first.
    QTemporaryDir tmp;
    const std::string log = tmp.path().toStdString() + "/00000000000000000000.log";
    std::vector<uint8_t> bytes;
    for (int64_t base : {0, 5, 9}) {
      const std::vector<records::Record> rs = {makeRecord(0, "k", "v"), makeRecord(1, "k", "v")};
      auto batch = records::encodeBatch(records::headerForRecords(Offset(base), kT0, rs), rs);
      bytes.insert(bytes.end(), batch->begin(), batch->end());
    }
    writeFile(log, bytes);
    DumpLogOptions deep;
    deep.deepIteration = true;
    const DumpResult result = dump({log}, deep);
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.err, QStringList({QString::fromStdString("Non-consecutive offsets in " + log),
                                      "  6 is followed by 9", "  1 is followed by 5"}));
    QCOMPARE(dump({log}).err, QStringList());  // shallow iteration does not look at records
  }

  void decodesConsumerOffsetsToKafkaJson() {
    QTemporaryDir tmp;
    const std::string log = writeLog(tmp, "__consumer_offsets", {consumerOffsetsBatch()}, true) + ".log";
    DumpLogOptions options;
    options.offsetsDecoder = true;  // implies --print-data-log and --deep-iteration
    const DumpResult result = dump({log}, options);
    QCOMPARE(result.exitCode, 0);
    const QString commitKey = R"({"type":"1","data":{"group":"g1","topic":"orders","partition":3}})";
    const QStringList expected = {
        "| offset: 0 CreateTime: 1700000000000 keySize: 18 valueSize: 27 sequence: -1 headerKeys: [] key: " +
            commitKey +
            " payload: {\"version\":\"3\",\"data\":{\"offset\":42,\"leaderEpoch\":5,\"metadata\":\"m\\\"1\","
            R"("commitTimestamp":1700000000000}})",
        R"(| offset: 1 CreateTime: 1700000000000 keySize: 6 valueSize: 100 sequence: -1 headerKeys: [] )"
        R"(key: {"type":"2","data":{"group":"g1"}} payload: {"version":"3","data":{"protocolType":"consumer",)"
        R"("generation":7,"protocol":"range","leader":"member-1","currentStateTimestamp":1700000000500,)"
        R"("members":[{"memberId":"member-1","groupInstanceId":null,"clientId":"client-1",)"
        R"("clientHost":"/127.0.0.1","rebalanceTimeout":300000,"sessionTimeout":45000,)"
        R"("subscription":"AAECAw==","assignment":"/w=="}]}})",
        "| offset: 2 CreateTime: 1700000000000 keySize: 18 valueSize: -1 sequence: -1 headerKeys: [] key: " +
            commitKey + " payload: <DELETE>",
    };
    QCOMPARE(result.out.mid(3), expected);
  }

  void consumerOffsetsRoundTrip() {
    // Fields absent from a version are omitted: expireTimestamp only in v1, leaderEpoch from v3.
    auto v1 = commitValue();
    v1.leaderEpoch = -1;
    v1.expireTimestamp = kT0 + 1;
    const auto value = protocol::offsetCommitValue(v1, 1);
    QCOMPARE(consumerOffsetsValueJson(value),
             std::string("{\"version\":\"1\",\"data\":{\"offset\":42,\"metadata\":\"m\\\"1\","
                         R"("commitTimestamp":1700000000000,"expireTimestamp":1700000000001}})"));
    // Jackson's escapes: upper-case hex for control characters; an escaped backslash stays.
    auto escaped = commitValue();
    escaped.metadata = "a\x1f\\u00ab\n";
    QCOMPARE(consumerOffsetsValueJson(protocol::offsetCommitValue(escaped, 0)),
             std::string(R"({"version":"0","data":{"offset":42,"metadata":"a\u001F\\u00ab\n",)"
                         R"("commitTimestamp":1700000000000}})"));
    const std::vector<protocol::ConsumerOffsetsKey> keys = {
        protocol::offsetCommitKey({"g", "t", 0, {}}, 0), protocol::offsetCommitKey({"g", "t", 9, {}}, 1),
        protocol::groupMetadataKey({"g", {}})};
    for (const auto& key : keys) {
      const auto bytes = encodedKey(key);
      auto decoded = protocol::decodeConsumerOffsetsKey(bytes);
      QVERIFY2(decoded.isOk(), decoded.status().toString().c_str());
      QVERIFY(*decoded == key);
    }
    for (int16_t version = 0; version <= 4; ++version) {
      const auto group = protocol::groupMetadataValue(groupValue(), version);
      auto decoded = protocol::decodeConsumerOffsetsValue(keys[2], encodedValue(group));
      QVERIFY2(decoded.isOk(), decoded.status().toString().c_str());
      QCOMPARE(decoded->value().version, version);
      const auto& members = std::get<kafka::GroupMetadataValue>(decoded->value().value).members;
      QCOMPARE(members.size(), std::size_t(1));
      QCOMPARE(members[0].subscription, groupValue().members[0].subscription);
    }
    auto tombstone = protocol::decodeConsumerOffsetsValue(keys[0], std::nullopt);
    QVERIFY(tombstone.isOk() && !tombstone->has_value());
    QCOMPARE(consumerOffsetsValueJson(*tombstone), std::string("<DELETE>"));
  }

  void consumerOffsetsRejectsWhatKafkaRejects() {
    auto wrongVersion = protocol::encodeConsumerOffsetsKey(protocol::offsetCommitKey({"g", "t", 0, {}}, 2));
    QVERIFY(wrongVersion.status().is(protocol::ProtocolError::UnsupportedVersion));
    auto badValue = protocol::encodeConsumerOffsetsValue(protocol::offsetCommitValue(commitValue(), 5));
    QVERIFY(badValue.status().is(protocol::ProtocolError::UnsupportedVersion));
    const std::vector<uint8_t> type3 = {0, 3, 0, 1, 'g'};
    QVERIFY(protocol::decodeConsumerOffsetsKey(type3).status().is(protocol::ProtocolError::UnsupportedVersion));
    const RecordText unknown = formatConsumerOffsetsRecord(12, type3, std::nullopt);
    QCOMPARE(*unknown.key, std::string("Unknown record type 3 at offset 12, skipping."));
    QVERIFY(!unknown.payload);
    const std::vector<uint8_t> shortKey = {0, 1, 0, 5, 'g'};
    const RecordText error = formatConsumerOffsetsRecord(13, shortKey, std::nullopt);
    QVERIFY2(error.key->starts_with("Error at offset 13, skipping. "), error.key->c_str());
    // Every truncation of a valid key or value is an error, never a crash.
    const auto groupKey = encodedKey(protocol::groupMetadataKey({"g1", {}}));
    const auto groupBytes = encodedValue(protocol::groupMetadataValue(groupValue(), 3));
    const auto key = *protocol::decodeConsumerOffsetsKey(groupKey);
    for (std::size_t n = 0; n < groupKey.size(); ++n) {
      QVERIFY(!protocol::decodeConsumerOffsetsKey(std::span(groupKey).first(n)).isOk());
    }
    for (std::size_t n = 0; n < groupBytes.size(); ++n) {
      QVERIFY(!protocol::decodeConsumerOffsetsValue(key, std::span(groupBytes).first(n)).isOk());
    }
  }

  void randomBytesNeverCrash() {
    Prng prng(20240917);
    const auto groupBytes = encodedValue(protocol::groupMetadataValue(groupValue(), 3));
    for (int i = 0; i < 20000; ++i) {
      std::vector<uint8_t> key = prng.bytes(prng.below(40));
      if (key.size() >= 2 && prng.chance(3, 4)) key[0] = 0, key[1] = static_cast<uint8_t>(prng.below(3));
      std::vector<uint8_t> value = prng.chance(1, 2) ? prng.bytes(prng.below(120)) : groupBytes;
      if (!value.empty()) value[prng.below(value.size())] = static_cast<uint8_t>(prng.next());
      const RecordText text = formatConsumerOffsetsRecord(i, key, value);
      QVERIFY(text.key.has_value());
    }
    // Whole files of random bytes, and a valid log with random bytes flipped.
    QTemporaryDir tmp;
    const std::string segment = writeLog(tmp, "orders", smallBatches(), false);
    const auto valid = readFile(segment + ".log");
    DumpLogOptions all;
    all.printDataLog = true;
    for (int i = 0; i < 200; ++i) {
      auto bytes = i % 2 == 0 ? prng.bytes(prng.below(400)) : valid;
      if (i % 2 == 1) {
        for (int flips = 0; flips < 3; ++flips) bytes[prng.below(bytes.size())] = static_cast<uint8_t>(prng.next());
      }
      writeFile(segment + ".log", bytes);
      writeFile(segment + ".index", prng.bytes(prng.below(64)));
      writeFile(segment + ".timeindex", prng.bytes(prng.below(64)));
      all.offsetsDecoder = i % 4 < 2;
      const DumpResult result = dump({segment + ".log", segment + ".index", segment + ".timeindex"}, all);
      QVERIFY(result.exitCode == 0 || result.exitCode == 1);
    }
  }

  void runsTheRealBinary() {
    QTemporaryDir tmp;
    const std::string log = writeLog(tmp, "orders", smallBatches(), true) + ".log";
    QProcess p;
    p.start(PIER_PIERCTL, {"dump-log", "--files", QString::fromStdString(log), "--deep-iteration"});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    const QStringList lines = QString::fromUtf8(p.readAllStandardOutput()).split('\n');
    QCOMPARE(lines.mid(0, 2), QStringList({QString::fromStdString("Dumping " + log), "Log starting offset: 0"}));
    QVERIFY(lines[2].startsWith("baseOffset: 0 lastOffset: 1 count: 2 "));
    QVERIFY(lines[3].startsWith("| offset: 0 CreateTime: 1700000000000 "));

    p.start(PIER_PIERCTL, {"dump-log"});  // --files is required
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains("--files"));

    p.start(PIER_PIERCTL, {"dump-log", "--files", "/nonexistent/00000000000000000000.log"});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 1);
    QVERIFY(p.readAllStandardError().contains("/nonexistent/00000000000000000000.log"));
  }
};

QTEST_APPLESS_MAIN(TestDumpLog)
#include "tst_dump_log.moc"
