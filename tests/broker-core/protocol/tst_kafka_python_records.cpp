// Message sets and record batches written by a real third-party client, kafka-python 2.0.2
// (testdata/kafka_python/make_vectors.py wrote the .bin files and manifest.json): legacy
// magic 0 and 1 with none/gzip/snappy/lz4 (xerial snappy, Kafka 0.8's lz4 header checksum for
// magic 0, relative inner offsets for magic 1) and magic v2 with all five codecs, headers,
// null and empty keys and values, idempotent and transactional producer fields. Every file
// must decode with our decoders to exactly the records the manifest lists (what kafka-python's
// own reader got back); legacy sets must also up-convert to a v2 batch that decodes to the
// same records.

#include <QtTest>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <string>
#include <vector>

#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"

using namespace pier;
using namespace pier::protocol;
using namespace pier::protocol::records;

namespace {

using Bytes = std::vector<uint8_t>;
using OptBytes = std::optional<Bytes>;

const QStringList kRequiredFiles = {
    QStringLiteral("legacy_m0_none.bin"),   QStringLiteral("legacy_m0_gzip.bin"),
    QStringLiteral("legacy_m0_snappy.bin"), QStringLiteral("legacy_m0_lz4.bin"),
    QStringLiteral("legacy_m1_none.bin"),   QStringLiteral("legacy_m1_gzip.bin"),
    QStringLiteral("legacy_m1_snappy.bin"), QStringLiteral("legacy_m1_lz4.bin"),
    QStringLiteral("v2_none.bin"),          QStringLiteral("v2_gzip.bin"),
    QStringLiteral("v2_snappy.bin"),        QStringLiteral("v2_lz4.bin"),
    QStringLiteral("v2_zstd.bin"),
};

QDir vectorDir() {
  return QDir(QStringLiteral(PIER_KAFKA_PYTHON_VECTORS_DIR));
}

// The manifest's "files" object; empty when it is missing or unreadable.
QJsonObject manifestFiles() {
  QFile f(vectorDir().filePath(QStringLiteral("manifest.json")));
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("files")).toObject();
}

Bytes readFile(const QString& name) {
  QFile f(vectorDir().filePath(name));
  if (!f.open(QIODevice::ReadOnly)) return {};
  QByteArray b = f.readAll();
  return {b.begin(), b.end()};
}

Compression codecNamed(const QString& name) {
  if (name == QLatin1String("gzip")) return Compression::Gzip;
  if (name == QLatin1String("snappy")) return Compression::Snappy;
  if (name == QLatin1String("lz4")) return Compression::Lz4;
  if (name == QLatin1String("zstd")) return Compression::Zstd;
  return Compression::None;
}

// Manifest bytes: null, a UTF-8 string, or {"repeat": unit, "times": n}.
OptBytes bytesOf(const QJsonValue& v) {
  if (v.isNull()) return std::nullopt;
  QByteArray b;
  if (v.isObject()) {
    b = v[QStringLiteral("repeat")].toString().toUtf8().repeated(
        v[QStringLiteral("times")].toInt());
  } else {
    b = v.toString().toUtf8();
  }
  return Bytes(b.begin(), b.end());
}

QByteArray describe(const OptBytes& b) {
  if (!b) return "null";
  QByteArray s(reinterpret_cast<const char*>(b->data()), static_cast<qsizetype>(b->size()));
  if (s.size() > 80)
    return "\"" + s.left(60) + "...\" (" + QByteArray::number(s.size()) + " bytes)";
  return "\"" + s + "\"";
}

QByteArray describe(const std::vector<RecordHeader>& headers) {
  QByteArray s = "[";
  for (const auto& h : headers) {
    if (s.size() > 1) s += ", ";
    s += QByteArray::fromStdString(h.key) + "=" + describe(h.value);
  }
  return s + "]";
}

std::vector<RecordHeader> headersOf(const QJsonValue& v) {
  std::vector<RecordHeader> out;
  for (const QJsonValue& h : v.toArray()) {
    out.push_back({h[0].toString().toStdString(), bytesOf(h[1])});
  }
  return out;
}

QString text(const Status& s) {
  return QString::fromStdString(s.toString());
}

// One expected record, absolute offset and timestamp.
struct Expected {
  int64_t offset = 0;
  int64_t timestamp = 0;
  OptBytes key;
  OptBytes value;
  std::vector<RecordHeader> headers;
};

std::vector<Expected> expectedRecords(const QJsonObject& entry) {
  std::vector<Expected> out;
  for (const QJsonValue& r : entry[QStringLiteral("records")].toArray()) {
    Expected e;
    e.offset = r[QStringLiteral("offset")].toInteger();
    e.timestamp = r[QStringLiteral("timestamp")].toInteger();
    e.key = bytesOf(r[QStringLiteral("key")]);
    e.value = bytesOf(r[QStringLiteral("value")]);
    e.headers = headersOf(r[QStringLiteral("headers")]);
    out.push_back(std::move(e));
  }
  return out;
}

QByteArray describe(const std::vector<int64_t>& offsets) {
  QByteArray s = "[";
  for (int64_t o : offsets) s += (s.size() > 1 ? ", " : "") + QByteArray::number(o);
  return s + "]";
}

// Compares a decoded v2 batch with the expected records; `what` names the batch in messages.
void compareBatch(const RecordBatch& batch, const std::vector<Expected>& expected, const char* what) {
  QVERIFY2(batch.records.size() == expected.size(),
           qPrintable(QStringLiteral("%1: %2 records, expected %3")
                          .arg(what)
                          .arg(batch.records.size())
                          .arg(expected.size())));
  std::vector<int64_t> offsets, wantOffsets;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    offsets.push_back(batch.header.baseOffset.value() + batch.records[i].offsetDelta);
    wantOffsets.push_back(expected[i].offset);
  }
  QVERIFY2(offsets == wantOffsets, QByteArray(what) + ": offsets " + describe(offsets) +
                                       ", expected " + describe(wantOffsets));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Record& rec = batch.records[i];
    const Expected& e = expected[i];
    const QByteArray at =
        QByteArray(what) + " record " + QByteArray::number(static_cast<qulonglong>(i));
    QVERIFY2(rec.offsetDelta == static_cast<int32_t>(i),
             at + ": offsetDelta " + QByteArray::number(rec.offsetDelta));
    QVERIFY2(batch.header.baseTimestamp + rec.timestampDelta == e.timestamp,
             at + ": timestamp " +
                 QByteArray::number(batch.header.baseTimestamp + rec.timestampDelta) +
                 ", expected " + QByteArray::number(e.timestamp));
    QVERIFY2(rec.key == e.key, at + ": key " + describe(rec.key) + ", expected " + describe(e.key));
    QVERIFY2(rec.value == e.value,
             at + ": value " + describe(rec.value) + ", expected " + describe(e.value));
    QVERIFY2(rec.headers == e.headers,
             at + ": headers " + describe(rec.headers) + ", expected " + describe(e.headers));
  }
}

void addRows(int magicMin, int magicMax) {
  QTest::addColumn<QString>("file");
  QTest::addColumn<QJsonObject>("entry");
  const QJsonObject files = manifestFiles();
  int rows = 0;
  for (auto it = files.begin(); it != files.end(); ++it) {
    const QJsonObject entry = it.value().toObject();
    const int magic = entry[QStringLiteral("magic")].toInt(-1);
    if (magic < magicMin || magic > magicMax) continue;
    QTest::newRow(qPrintable(it.key())) << it.key() << entry;
    ++rows;
  }
  // No vectors must fail here too, not skip the test function.
  if (rows == 0)
    QTest::newRow("no-vectors") << QStringLiteral("manifest.json lists none") << QJsonObject();
}

}  // namespace

class TestKafkaPythonRecords : public QObject {
  Q_OBJECT

 private slots:
  void vectorsExistForEveryCodec();
  void legacyMessageSets_data() { addRows(0, 1); }
  void legacyMessageSets();
  void v2Batches_data() { addRows(2, 2); }
  void v2Batches();
};

// An empty or missing folder, or a codec without its file, must fail: that would test nothing.
void TestKafkaPythonRecords::vectorsExistForEveryCodec() {
  QVERIFY2(vectorDir().exists(), qPrintable(vectorDir().path() + QStringLiteral(" is missing")));
  const QJsonObject files = manifestFiles();
  QVERIFY2(!files.isEmpty(), "manifest.json is missing, unreadable or lists no files");
  for (const QString& name : kRequiredFiles) {
    QVERIFY2(files.contains(name), qPrintable(name + QStringLiteral(" is not in manifest.json")));
  }
  for (auto it = files.begin(); it != files.end(); ++it) {
    const QJsonObject entry = it.value().toObject();
    QVERIFY2(QFileInfo::exists(vectorDir().filePath(it.key())),
             qPrintable(it.key() + QStringLiteral(" is missing")));
    QCOMPARE(static_cast<qint64>(readFile(it.key()).size()),
             entry[QStringLiteral("size")].toInteger());
    QVERIFY2(!entry[QStringLiteral("records")].toArray().isEmpty(),
             qPrintable(it.key() + QStringLiteral(" lists no records")));
  }
  for (const QString& name : vectorDir().entryList({QStringLiteral("*.bin")}, QDir::Files)) {
    QVERIFY2(files.contains(name), qPrintable(name + QStringLiteral(" is not in manifest.json")));
  }
}

void TestKafkaPythonRecords::legacyMessageSets() {
  QFETCH(QString, file);
  QFETCH(QJsonObject, entry);
  const Bytes blob = readFile(file);
  QVERIFY2(!blob.empty(), qPrintable(file + QStringLiteral(" is missing or empty")));
  const auto magic = static_cast<int8_t>(entry[QStringLiteral("magic")].toInt());
  const Compression codec = codecNamed(entry[QStringLiteral("codec")].toString());
  const std::vector<Expected> expected = expectedRecords(entry);

  auto set = decodeMessageSet(blob);
  QVERIFY2(set.isOk(), qPrintable(text(set.status())));
  QCOMPARE(set->partialTailBytes, std::size_t{0});
  QCOMPARE(set->messages.size(), expected.size());
  std::vector<int64_t> offsets, wantOffsets;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    offsets.push_back(set->messages[i].offset);
    wantOffsets.push_back(expected[i].offset);
  }
  QVERIFY2(offsets == wantOffsets,
           "offsets " + describe(offsets) + ", expected " + describe(wantOffsets));
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const LegacyMessage& m = set->messages[i];
    const Expected& e = expected[i];
    const QByteArray at = "message " + QByteArray::number(static_cast<qulonglong>(i));
    QCOMPARE(m.magic, magic);
    QVERIFY2(m.timestamp == e.timestamp, at + ": timestamp " + QByteArray::number(m.timestamp) +
                                             ", expected " + QByteArray::number(e.timestamp));
    QVERIFY(m.timestampType == TimestampType::CreateTime);
    QVERIFY2(m.wrapperCompression == codec, at + ": wrong wrapper codec");
    QVERIFY2(m.key == e.key, at + ": key " + describe(m.key) + ", expected " + describe(e.key));
    QVERIFY2(m.value == e.value,
             at + ": value " + describe(m.value) + ", expected " + describe(e.value));
  }

  // An old producer's set as the broker would store it: one v2 batch, same codec.
  auto converted = upConvertMessageSet(blob);
  QVERIFY2(converted.isOk(), qPrintable(text(converted.status())));
  auto batch = decodeBatch(*converted);
  QVERIFY2(batch.isOk(), qPrintable(text(batch.status())));
  QCOMPARE(batch->header.compressionBits(), static_cast<int>(codec));
  QCOMPARE(batch->header.recordCount, static_cast<int32_t>(expected.size()));
  QCOMPARE(batch->header.lastOffsetDelta, static_cast<int32_t>(expected.size() - 1));
  int64_t maxTimestamp = kNoTimestamp;
  for (const auto& e : expected) maxTimestamp = std::max(maxTimestamp, e.timestamp);
  QCOMPARE(batch->header.maxTimestamp, maxTimestamp);
  QVERIFY(batch->header.timestampType() == TimestampType::CreateTime);
  compareBatch(*batch, expected, "up-converted");
}

void TestKafkaPythonRecords::v2Batches() {
  QFETCH(QString, file);
  QFETCH(QJsonObject, entry);
  const Bytes blob = readFile(file);
  QVERIFY2(!blob.empty(), qPrintable(file + QStringLiteral(" is missing or empty")));
  const Compression codec = codecNamed(entry[QStringLiteral("codec")].toString());

  auto batch = decodeBatch(blob);
  QVERIFY2(batch.isOk(), qPrintable(text(batch.status())));
  const BatchHeader& h = batch->header;
  const QJsonObject want = entry[QStringLiteral("header")].toObject();
  auto field = [&](const char* name) { return want[QLatin1String(name)].toInteger(); };
  QCOMPARE(h.compressionBits(), static_cast<int>(codec));
  QCOMPARE(static_cast<qint64>(h.baseOffset.value()), field("baseOffset"));
  QCOMPARE(static_cast<qint64>(h.partitionLeaderEpoch.value()), field("partitionLeaderEpoch"));
  QCOMPARE(static_cast<qint64>(h.attributes), field("attributes"));
  QCOMPARE(static_cast<qint64>(h.lastOffsetDelta), field("lastOffsetDelta"));
  QCOMPARE(static_cast<qint64>(h.baseTimestamp), field("baseTimestamp"));
  QCOMPARE(static_cast<qint64>(h.maxTimestamp), field("maxTimestamp"));
  QCOMPARE(static_cast<qint64>(h.producerId.value()), field("producerId"));
  QCOMPARE(static_cast<qint64>(h.producerEpoch.value()), field("producerEpoch"));
  QCOMPARE(static_cast<qint64>(h.baseSequence), field("baseSequence"));
  QCOMPARE(static_cast<qint64>(h.recordCount), field("recordCount"));
  QVERIFY(h.timestampType() == TimestampType::CreateTime);
  QVERIFY(!h.isControl());
  compareBatch(*batch, expectedRecords(entry), "v2");
}

QTEST_APPLESS_MAIN(TestKafkaPythonRecords)
#include "tst_kafka_python_records.moc"
