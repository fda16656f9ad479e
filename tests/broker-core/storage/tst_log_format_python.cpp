// Byte compatibility, checked by a second implementation: kafka_log_reader.py, written from
// Kafka's format description and sources without looking at ours, parses the segment, index
// and time-index files our PartitionLog writes on a real disk, and must agree with our own view
// on every segment, batch position, offset, timestamp, index and time-index entry, and on every
// producer snapshot's entries.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "protocol/records/record_batch.h"
#include "runtime/posix/posix_file_system.h"
#include "storage/file_cache.h"
#include "storage/atomic_file.h"
#include "storage/log_file_names.h"
#include "storage/partition_log.h"
#include "storage/producer_snapshot.h"
#include "storage/segment_scanner.h"
#include "log_test_util.h"

using namespace pier;
using namespace pier::storage;
using namespace pier::storage::testing;
namespace records = pier::protocol::records;

namespace {
const TopicPartition kTp{"orders", PartitionIndex(3)};

QJsonObject runReader(const QString& dir) {
  QProcess p;
  p.start("/usr/bin/python3", {PIER_LOG_READER, dir});
  if (!p.waitForFinished(60000)) qFatal("kafka_log_reader.py did not finish");
  if (p.exitCode() != 0) qFatal("kafka_log_reader.py failed: %s", p.readAllStandardError().constData());
  return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

// Writes a log with several segments, gzip and uncompressed batches, and returns its folder.
void writeLog(FileCache& files, const std::string& dir, bool closeCleanly) {
  LogConfig config;
  config.segmentBytes = 16 * 1024;
  config.indexIntervalBytes = 1024;
  config.segmentIndexBytes = 4096;
  auto log = std::move(*PartitionLog::open(files, dir, kTp, config, {}, 0));
  for (int i = 0; i < 60; ++i) {
    auto codec = i % 3 == 0 ? records::Compression::Gzip : records::Compression::None;
    auto batch = makeBatch(1 + i % 4, 1700000000000 + i * 1000 - (i % 5) * 300, 100 + (i * 37) % 700, codec);
    auto info = log->appendAsLeader(batch, LeaderEpoch(4), 0);
    if (!info) qFatal("append: %s", info.status().toString().c_str());
  }
  if (closeCleanly) {
    if (!log->close()) qFatal("close failed");
  } else if (!log->flush()) {
    qFatal("flush failed");
  }
}

// Two idempotent producers' batches among plain ones over several segments, closed cleanly:
// a producer snapshot at every roll and one at the end. Returns the log (closed).
std::unique_ptr<PartitionLog> writeProducerLog(FileCache& files, const std::string& dir) {
  LogConfig config;
  config.segmentBytes = 8 * 1024;
  auto log = std::move(*PartitionLog::open(files, dir, kTp, config, {}, 0));
  int32_t sequences[2] = {0, 0};
  for (int i = 0; i < 40; ++i) {
    std::vector<records::Record> rs(static_cast<std::size_t>(1 + i % 3));
    for (std::size_t r = 0; r < rs.size(); ++r) {
      rs[r].offsetDelta = static_cast<int32_t>(r);
      rs[r].timestampDelta = static_cast<int64_t>(r);
      rs[r].value = std::vector<uint8_t>(300, static_cast<uint8_t>('a' + i % 26));
    }
    records::BatchHeader h = records::headerForRecords(Offset(0), 1700000000000 + i, rs);
    if (i % 4 != 3) {  // every fourth batch has no producer
      const int who = i % 2;
      h.producerId = ProducerId(11 + who);
      h.producerEpoch = ProducerEpoch(static_cast<int16_t>(2 * who));
      h.baseSequence = sequences[who];
      sequences[who] += static_cast<int32_t>(rs.size());
    }
    auto batch = *records::encodeBatch(h, rs, {});
    if (!log->appendAsLeader(batch, LeaderEpoch(4), 0)) qFatal("append failed");
  }
  if (!log->close()) qFatal("close failed");
  return log;
}

// A compacted log: keyed gzip and plain batches, cleaned twice so batches have gaps, some are
// re-encoded and some are empty; closed cleanly.
void writeCompactedLog(FileCache& files, const std::string& dir) {
  LogConfig config;
  config.segmentBytes = 8 * 1024;
  config.indexIntervalBytes = 512;
  config.segmentIndexBytes = 4096;
  config.cleanupDelete = false;
  config.cleanupCompact = true;
  auto log = std::move(*PartitionLog::open(files, dir, kTp, config, {}, 0));
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 40; ++i) {
      std::vector<records::Record> rs(3);
      for (int r = 0; r < 3; ++r) {
        const std::string key = "key-" + std::to_string((i * 7 + r * 3) % 11);
        const std::string value = "value-" + std::to_string(round * 1000 + i * 3 + r) + std::string(static_cast<std::size_t>(50 + i), 'v');
        rs[static_cast<std::size_t>(r)].offsetDelta = r;
        rs[static_cast<std::size_t>(r)].timestampDelta = r;
        rs[static_cast<std::size_t>(r)].key = std::vector<uint8_t>(key.begin(), key.end());
        rs[static_cast<std::size_t>(r)].value = std::vector<uint8_t>(value.begin(), value.end());
      }
      auto codec = i % 2 ? records::Compression::Gzip : records::Compression::None;
      auto batch = *records::encodeBatch(records::headerForRecords(Offset(0), 1700000000000 + i * 10, rs), rs, {codec, {}});
      if (!log->appendAsLeader(batch, LeaderEpoch(4), 0)) qFatal("append failed");
    }
    if (!log->roll(0)) qFatal("roll failed");
    auto cleaned = log->clean(1700000100000, log->logEndOffset(), true);
    if (!cleaned || !cleaned->has_value()) qFatal("clean failed");
  }
  if (!log->close()) qFatal("close failed");
}

// The entries of an index as a running broker knows them: a preallocated file read back holds
// zero padding after them (Kafka counts it as entries; a broker only ever reads its in-memory
// count). Our writes never put (base, 0) first nor repeat an offset or timestamp, so the real
// entries are the leading run that keeps increasing.
std::vector<OffsetPosition> realEntries(OffsetIndex& index) {
  std::vector<OffsetPosition> out;
  for (std::size_t i = 0; i < index.entryCount(); ++i) {
    OffsetPosition e = index.entryAt(i);
    if (out.empty() ? e == OffsetPosition{index.baseOffset(), 0} : e.offset <= out.back().offset) break;
    out.push_back(e);
  }
  return out;
}

std::vector<TimestampOffset> realEntries(TimeIndex& index) {
  std::vector<TimestampOffset> out;
  for (std::size_t i = 0; i < index.entryCount(); ++i) {
    TimestampOffset e = index.entryAt(i);
    if (out.empty() ? e.timestamp == 0 : e.timestamp <= out.back().timestamp) break;
    out.push_back(e);
  }
  return out;
}

void compareWithOurView(FileCache& files, const std::string& dir, const QJsonObject& theirs, bool trimmed) {
  LogConfig config;
  config.segmentIndexBytes = 4096;
  auto names = *files.fs().list(dir);
  std::vector<Offset> bases;
  for (const auto& n : names) {
    if (n.size() == 24 && n.substr(20) == ".log") bases.push_back(Offset(std::stoll(n.substr(0, 20))));
  }
  const QJsonArray segments = theirs["segments"].toArray();
  QCOMPARE(static_cast<std::size_t>(segments.size()), bases.size());
  QVERIFY(bases.size() >= 3);
  for (std::size_t s = 0; s < bases.size(); ++s) {
    const QJsonObject seg = segments[static_cast<int>(s)].toObject();
    QCOMPARE(seg["base_offset"].toInteger(), bases[s].value());
    auto ours = std::move(*LogSegment::open(files, dir, bases[s], config, 0));
    QCOMPARE(seg["log_bytes"].toInteger(), static_cast<qint64>(ours->sizeBytes()));
    QCOMPARE(seg["partial_tail_bytes"].toInteger(), 0);
    auto logFile = *ours->logFile();
    SegmentScanner scan(*logFile, 0, ours->sizeBytes());
    QVERIFY(ours->loadIndexes().isOk());
    const QJsonArray batches = seg["batches"].toArray();
    for (const QJsonValue& b : batches) {
      auto batch = scan.next(true, true);
      QVERIFY(batch.isOk() && batch->has_value());
      const records::BatchHeader& h = (*batch)->header;
      const QJsonObject tb = b.toObject();
      QCOMPARE(tb["position"].toInteger(), static_cast<qint64>((*batch)->position));
      QCOMPARE(tb["base_offset"].toInteger(), h.baseOffset.value());
      QCOMPARE(tb["last_offset"].toInteger(), h.lastOffset().value());
      QCOMPARE(tb["max_timestamp"].toInteger(), h.maxTimestamp);
      QCOMPARE(tb["partition_leader_epoch"].toInteger(), 4);
      QVERIFY(tb["crc_ok"].toBool());
      auto decoded = records::decodeBatch((*batch)->bytes);
      QVERIFY(decoded.isOk());
      const QJsonArray recs = tb["records"].toArray();
      QCOMPARE(static_cast<std::size_t>(recs.size()), decoded->records.size());
      for (int r = 0; r < recs.size(); ++r) {
        const auto& rec = decoded->records[static_cast<std::size_t>(r)];
        QCOMPARE(recs[r].toObject()["offset"].toInteger(), h.baseOffset.value() + rec.offsetDelta);
        QCOMPARE(recs[r].toObject()["timestamp"].toInteger(), h.baseTimestamp + rec.timestampDelta);
        QByteArray value(reinterpret_cast<const char*>(rec.value->data()), static_cast<qsizetype>(rec.value->size()));
        QCOMPARE(recs[r].toObject()["value"].toString().toLatin1(), value.toHex());
      }
    }
    QVERIFY(!scan.next().value().has_value());  // they saw every batch we have
    const QJsonArray index = seg["index"].toArray();
    const auto offsetEntries = realEntries(ours->offsetIndex());
    if (trimmed) QCOMPARE(offsetEntries.size(), ours->offsetIndex().entryCount());
    QCOMPARE(static_cast<std::size_t>(index.size()), offsetEntries.size());
    for (int i = 0; i < index.size(); ++i) {
      OffsetPosition e = offsetEntries[static_cast<std::size_t>(i)];
      QCOMPARE(index[i].toArray()[0].toInteger(), e.offset.value());
      QCOMPARE(index[i].toArray()[1].toInteger(), static_cast<qint64>(e.position));
    }
    const QJsonArray timeindex = seg["timeindex"].toArray();
    const auto timeEntries = realEntries(ours->timeIndex());
    if (trimmed) QCOMPARE(timeEntries.size(), ours->timeIndex().entryCount());
    QCOMPARE(static_cast<std::size_t>(timeindex.size()), timeEntries.size());
    for (int i = 0; i < timeindex.size(); ++i) {
      TimestampOffset e = timeEntries[static_cast<std::size_t>(i)];
      QCOMPARE(timeindex[i].toArray()[0].toInteger(), e.timestamp);
      QCOMPARE(timeindex[i].toArray()[1].toInteger(), e.offset.value());
    }
    if (s + 1 < bases.size() && ours->sizeBytes() > 4096) QVERIFY(!offsetEntries.empty());  // rolled segments are indexed
  }
}
}  // namespace

class TestLogFormatPython : public QObject {
  Q_OBJECT

 private slots:
  void independentReaderSelfTest() {
    QProcess p;
    p.start("/usr/bin/python3", {PIER_LOG_READER, "--self-test"});
    QVERIFY(p.waitForFinished(60000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
  }

  void agreesAfterCleanClose() {
    QTemporaryDir tmp;
    PosixFileSystem fs;
    FileCache files(fs, 16);
    const std::string dir = tmp.path().toStdString() + "/orders-3";
    writeLog(files, dir, true);
    compareWithOurView(files, dir, runReader(QString::fromStdString(dir)), true);
  }

  void agreesAfterCompaction() {
    QTemporaryDir tmp;
    PosixFileSystem fs;
    FileCache files(fs, 16);
    const std::string dir = tmp.path().toStdString() + "/orders-3";
    writeCompactedLog(files, dir);
    compareWithOurView(files, dir, runReader(QString::fromStdString(dir)), true);
  }

  void agreesWithAPreallocatedActiveIndex() {
    QTemporaryDir tmp;
    PosixFileSystem fs;
    FileCache files(fs, 16);
    const std::string dir = tmp.path().toStdString() + "/orders-3";
    writeLog(files, dir, false);
    // The active segment's indexes are still preallocated (zero padding after the entries), as
    // a running Kafka broker leaves them; both readers must stop at the real entries.
    compareWithOurView(files, dir, runReader(QString::fromStdString(dir)), false);
  }

  void agreesOnProducerSnapshots() {
    QTemporaryDir tmp;
    PosixFileSystem fs;
    FileCache files(fs, 16);
    const std::string dir = tmp.path().toStdString() + "/orders-3";
    auto log = writeProducerLog(files, dir);
    const QJsonArray theirs = runReader(QString::fromStdString(dir))["producer_snapshots"].toArray();
    const std::vector<Offset> ours = log->producerSnapshotOffsets();
    QVERIFY(ours.size() >= 3);
    QCOMPARE(static_cast<std::size_t>(theirs.size()), ours.size());
    for (std::size_t i = 0; i < ours.size(); ++i) {
      const QJsonObject snapshot = theirs[static_cast<int>(i)].toObject();
      QCOMPARE(snapshot["offset"].toInteger(), ours[i].value());
      auto text = readSmallFile(fs, joinPath(dir, segmentFileName(ours[i], kProducerSnapshotSuffix)));
      QVERIFY(text.isOk() && *text);
      auto entries = decodeProducerSnapshot(
          std::span(reinterpret_cast<const uint8_t*>((*text)->data()), (*text)->size()));
      QVERIFY(entries.isOk());
      const QJsonArray theirEntries = snapshot["entries"].toArray();
      QCOMPARE(static_cast<std::size_t>(theirEntries.size()), entries->size());
      for (std::size_t e = 0; e < entries->size(); ++e) {
        const QJsonObject t = theirEntries[static_cast<int>(e)].toObject();
        const ProducerSnapshotEntry& o = (*entries)[e];
        QCOMPARE(t["producer_id"].toInteger(), o.producerId);
        QCOMPARE(t["epoch"].toInteger(), qint64{o.epoch});
        QCOMPARE(t["last_sequence"].toInteger(), qint64{o.lastSequence});
        QCOMPARE(t["last_offset"].toInteger(), o.lastOffset);
        QCOMPARE(t["offset_delta"].toInteger(), qint64{o.offsetDelta});
        QCOMPARE(t["timestamp"].toInteger(), o.timestamp);
        QCOMPARE(t["coordinator_epoch"].toInteger(), qint64{-1});
        QCOMPARE(t["current_txn_first_offset"].toInteger(), qint64{-1});
      }
    }
    // The last one, at the log end, holds both producers as the log knows them.
    QCOMPARE(ours.back(), log->logEndOffset());
    const QJsonArray last = theirs.last().toObject()["entries"].toArray();
    QCOMPARE(last.size(), 2);
    const auto expected = log->producers().snapshotEntries();
    QCOMPARE(last[0].toObject()["producer_id"].toInteger(), qint64{11});
    QCOMPARE(last[1].toObject()["producer_id"].toInteger(), qint64{12});
    QCOMPARE(last[1].toObject()["epoch"].toInteger(), qint64{2});
    for (int e = 0; e < 2; ++e) {
      QCOMPARE(last[e].toObject()["last_offset"].toInteger(), expected[static_cast<std::size_t>(e)].lastOffset);
      QCOMPARE(last[e].toObject()["last_sequence"].toInteger(), qint64{expected[static_cast<std::size_t>(e)].lastSequence});
    }
  }
};

QTEST_GUILESS_MAIN(TestLogFormatPython)
#include "tst_log_format_python.moc"
