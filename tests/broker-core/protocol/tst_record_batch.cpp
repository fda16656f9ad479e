// Magic v2 record batches: known-answer bytes laid out from the Kafka protocol documentation
// ("Record Batch" / "Record" in the Kafka docs' implementation section), round trips with every
// codec, CRC corruption, truncation, random mutations, the batch iterator and validation.

#include <QtTest>

#include <string>
#include <vector>

#include "base/prng.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/batch_validation.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

using namespace pier;
using namespace pier::protocol;
using namespace pier::protocol::records;

namespace {

std::vector<uint8_t> bytesOf(std::string_view s) { return {s.begin(), s.end()}; }

void refreshCrc(std::vector<uint8_t>& batch) {
  uint32_t crc = computeBatchCrc(batch);
  for (int i = 0; i < 4; ++i) batch[kCrcOffset + i] = static_cast<uint8_t>(crc >> (24 - 8 * i));
}

std::optional<std::vector<uint8_t>> randomNullable(Prng& prng, std::size_t sizeMax) {
  if (prng.chance(1, 8)) return std::nullopt;
  return prng.bytes(static_cast<std::size_t>(prng.below(sizeMax + 1)));
}

std::vector<Record> randomRecords(Prng& prng, int count) {
  std::vector<Record> out;
  for (int i = 0; i < count; ++i) {
    Record rec;
    rec.offsetDelta = i;
    rec.timestampDelta = prng.between(0, 100000);
    rec.key = randomNullable(prng, 40);
    rec.value = randomNullable(prng, prng.chance(1, 10) ? 5000 : 200);
    for (int h = 0, n = static_cast<int>(prng.below(3)); h < n; ++h) {
      rec.headers.push_back({"header-" + std::to_string(prng.below(100)), randomNullable(prng, 20)});
    }
    out.push_back(std::move(rec));
  }
  return out;
}

std::vector<uint8_t> encodeOrDie(const BatchHeader& header, const std::vector<Record>& records,
                                 Compression codec = Compression::None) {
  auto bytes = encodeBatch(header, records, {codec, {}});
  if (!bytes) qFatal("encodeBatch: %s", bytes.status().toString().c_str());
  return *bytes;
}

// The first known-answer batch: one record, key "key", value "value", at 1700000000000 ms.
std::vector<Record> knownRecordsOne() {
  Record rec;
  rec.key = bytesOf("key");
  rec.value = bytesOf("value");
  return {rec};
}

// The second: two records of a transactional producer, null key, null value, headers.
std::vector<Record> knownRecordsTwo() {
  Record a;
  a.value = bytesOf("a");
  a.headers = {{"h", bytesOf("x")}};
  Record b;
  b.timestampDelta = 5;
  b.offsetDelta = 1;
  b.key = bytesOf("k");
  b.headers = {{"n", std::nullopt}};
  return {a, b};
}

std::vector<Compression> allCodecs() {
  return {Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4, Compression::Zstd};
}

}  // namespace

class TestRecordBatch : public QObject {
  Q_OBJECT

 private slots:
  void knownAnswer_data();
  void knownAnswer();
  void roundTripEveryCodec_data();
  void roundTripEveryCodec();
  void everyFlippedByteIsNoticed();
  void truncationsAreReportedAsPartial();
  void mutatedRecordsNeverCrash();
  void iteratorReportsPartialTailApartFromCorruption();
  void shallowValidationOfProducedRecords();
  void deepValidationRules();
  void decompressionBombIsRefused();
  void recordCountMustMatchHeader();
};

void TestRecordBatch::knownAnswer_data() {
  QTest::addColumn<int>("which");
  QTest::addColumn<QByteArray>("expected");
  // Field by field, as the Kafka documentation lays out a v2 batch. The CRC32C values were
  // computed independently (bitwise Castagnoli CRC in Python) over attributes..end.
  QTest::newRow("one record") << 1
      << QByteArray::fromHex("0000000000000000"   // baseOffset 0
                             "00000040"           // batchLength 64
                             "ffffffff"           // partitionLeaderEpoch -1
                             "02"                 // magic 2
                             "db5e9cdd"           // crc
                             "0000"               // attributes: none, CreateTime
                             "00000000"           // lastOffsetDelta 0
                             "0000018bcfe56800"   // baseTimestamp 1700000000000
                             "0000018bcfe56800"   // maxTimestamp
                             "ffffffffffffffff"   // producerId -1
                             "ffff"               // producerEpoch -1
                             "ffffffff"           // baseSequence -1
                             "00000001"           // records count 1
                             "1c" "00" "00" "00"  // length 14, attributes, timestampDelta, offsetDelta
                             "06" "6b6579"        // key length 3, "key"
                             "0a" "76616c7565"    // value length 5, "value"
                             "00");               // no headers
  QTest::newRow("transactional, nulls, headers") << 2
      << QByteArray::fromHex("000000000000002a"   // baseOffset 42
                             "00000048"           // batchLength 72
                             "00000005"           // partitionLeaderEpoch 5
                             "02" "1c03d75e"      // magic, crc
                             "0010"               // attributes: transactional
                             "00000001"           // lastOffsetDelta 1
                             "0000018bcfe56800" "0000018bcfe56805"
                             "00000000000003e8" "0003" "00000007"  // producer 1000, epoch 3, seq 7
                             "00000002"
                             "16" "00" "00" "00" "01" "02" "61"    // null key, value "a"
                             "02" "02" "68" "02" "78"              // 1 header: "h" = "x"
                             "14" "00" "0a" "02" "02" "6b" "01"    // ts +5, offset +1, key "k", null value
                             "02" "02" "6e" "01");                 // 1 header: "n" = null
}

void TestRecordBatch::knownAnswer() {
  QFETCH(int, which);
  QFETCH(QByteArray, expected);
  BatchHeader header = headerForRecords(Offset(which == 1 ? 0 : 42), 1700000000000,
                                        which == 1 ? knownRecordsOne() : knownRecordsTwo());
  if (which == 2) {
    header.partitionLeaderEpoch = LeaderEpoch(5);
    header.attributes = attr::kTransactional;
    header.producerId = ProducerId(1000);
    header.producerEpoch = ProducerEpoch(3);
    header.baseSequence = 7;
  }
  auto records = which == 1 ? knownRecordsOne() : knownRecordsTwo();
  auto bytes = encodeOrDie(header, records);
  QCOMPARE(QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<int>(bytes.size())), expected);
  auto decoded = decodeBatch(bytes);
  QVERIFY2(decoded, decoded.status().toString().c_str());
  QVERIFY(decoded->records == records);
  QCOMPARE(decoded->header.recordCount, static_cast<int32_t>(records.size()));
  QCOMPARE(decoded->header.isTransactional(), which == 2);
  QVERIFY(validateBatchRecords(*decoded));
}

void TestRecordBatch::roundTripEveryCodec_data() {
  QTest::addColumn<int>("codec");
  QTest::addColumn<int>("seed");
  for (auto codec : allCodecs()) {
    for (int seed = 1; seed <= 4; ++seed) {
      QTest::addRow("%s-%d", compressionName(codec).data(), seed) << static_cast<int>(codec) << seed;
    }
  }
}

void TestRecordBatch::roundTripEveryCodec() {
  QFETCH(int, codec);
  QFETCH(int, seed);
  Prng prng(static_cast<uint64_t>(seed) * 7919 + static_cast<uint64_t>(codec));
  auto records = randomRecords(prng, static_cast<int>(prng.between(0, 300)));
  BatchHeader header = headerForRecords(Offset(prng.between(0, 1 << 30)), 1600000000000, records);
  header.partitionLeaderEpoch = LeaderEpoch(static_cast<int32_t>(prng.below(100)));
  auto bytes = encodeOrDie(header, records, static_cast<Compression>(codec));
  auto decoded = decodeBatch(bytes);
  QVERIFY2(decoded, decoded.status().toString().c_str());
  QCOMPARE(decoded->header.compressionBits(), codec);
  QCOMPARE(decoded->header.baseOffset, header.baseOffset);
  QCOMPARE(decoded->header.maxTimestamp, header.maxTimestamp);
  QVERIFY(decoded->records == records);
  QVERIFY(validateBatchRecords(*decoded));
  // Re-encoding the decoded batch gives the same bytes.
  QVERIFY(encodeOrDie(decoded->header, decoded->records, static_cast<Compression>(codec)) == bytes);
}

void TestRecordBatch::everyFlippedByteIsNoticed() {
  BatchHeader header = headerForRecords(Offset(0), 1700000000000, knownRecordsOne());
  const auto good = encodeOrDie(header, knownRecordsOne());
  for (std::size_t i = 0; i < good.size(); ++i) {
    auto bad = good;
    bad[i] ^= 0x01;
    auto decoded = decodeBatch(bad);
    std::string where = "byte " + std::to_string(i);
    if (i < 8 || (i >= 12 && i < 16)) {
      // baseOffset and partitionLeaderEpoch are outside the CRC on purpose (the broker rewrites
      // them without recomputing it), exactly as in Kafka.
      QVERIFY2(decoded, where.c_str());
    } else if (i < 12) {
      QVERIFY2(!decoded, where.c_str());  // batchLength
    } else if (i == kMagicOffset) {
      QVERIFY2(decoded.status().is(RecordError::UnsupportedMagic), where.c_str());
    } else {
      QVERIFY2(decoded.status().is(RecordError::CrcMismatch), (where + ": " + decoded.status().toString()).c_str());
    }
  }
  auto bad = good;
  bad.back() ^= 0xff;
  auto decoded = decodeBatch(bad);
  QVERIFY(decoded.status().message().find("expected crc 0xdb5e9cdd") != std::string::npos);
  QVERIFY(decoded.status().message().find("actual 0x") != std::string::npos);
}

void TestRecordBatch::truncationsAreReportedAsPartial() {
  Prng prng(11);
  auto records = randomRecords(prng, 20);
  for (auto codec : allCodecs()) {
    auto bytes = encodeOrDie(headerForRecords(Offset(0), 0, records), records, codec);
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      auto decoded = decodeBatch(std::span<const uint8_t>(bytes).first(n));
      QVERIFY2(decoded.status().is(RecordError::PartialBatch), decoded.status().toString().c_str());
    }
  }
}

void TestRecordBatch::mutatedRecordsNeverCrash() {
  // Mutations with the CRC recomputed reach the record parser and the decompressors.
  Prng prng(12345);
  int failures = 0, total = 0;
  for (auto codec : allCodecs()) {
    auto records = randomRecords(prng, 30);
    const auto good = encodeOrDie(headerForRecords(Offset(0), 0, records), records, codec);
    for (int round = 0; round < 400; ++round) {
      auto bad = good;
      for (int k = 0, n = static_cast<int>(prng.between(1, 4)); k < n; ++k) {
        std::size_t at = kAttributesOffset + 2 + prng.below(bad.size() - kAttributesOffset - 2);
        bad[at] = static_cast<uint8_t>(prng.next());
      }
      if (prng.chance(1, 4)) bad.resize(kBatchHeaderBytes + prng.below(bad.size() - kBatchHeaderBytes));
      for (int i = 0; i < 4; ++i) bad[8 + i] = static_cast<uint8_t>((bad.size() - 12) >> (24 - 8 * i));
      refreshCrc(bad);
      auto decoded = decodeBatch(bad, {1 << 20, 1 << 20});
      ++total;
      if (!decoded) {
        ++failures;
        continue;
      }
      // Whatever the decoder accepts, it must be able to write back and read again unchanged.
      auto again = decodeBatch(encodeOrDie(decoded->header, decoded->records, codec));
      QVERIFY2(again && again->records == decoded->records, "accepted batch does not round-trip");
    }
  }
  QVERIFY2(failures > 0 && failures < total, "mutations should be a mix of detected and benign");
}

void TestRecordBatch::iteratorReportsPartialTailApartFromCorruption() {
  Prng prng(3);
  std::vector<uint8_t> blob;
  std::vector<std::size_t> sizes;
  for (int i = 0; i < 3; ++i) {
    auto records = randomRecords(prng, 5);
    auto b = encodeOrDie(headerForRecords(Offset(i * 5), 0, records), records, Compression::Lz4);
    sizes.push_back(b.size());
    blob.insert(blob.end(), b.begin(), b.end());
  }
  std::size_t cut = blob.size() - sizes[2] / 2;
  BatchIterator it(std::span<const uint8_t>(blob).first(cut));
  for (int i = 0; i < 2; ++i) {
    auto entry = it.next();
    QVERIFY(entry && *entry);
    QCOMPARE((*entry)->baseOffset, int64_t(i * 5));
    QVERIFY(decodeBatch((*entry)->bytes));
  }
  auto tail = it.next();
  QVERIFY2(tail.status().is(RecordError::PartialBatch), tail.status().toString().c_str());
  QCOMPARE(it.remaining().size(), cut - sizes[0] - sizes[1]);
  BatchIterator clean(blob);
  int n = 0;
  for (auto e = clean.next(); e && *e; e = clean.next()) ++n;
  QCOMPARE(n, 3);
  auto corrupt = blob;
  corrupt[8] = 0xff;  // negative batchLength
  QVERIFY(BatchIterator(corrupt).next().status().is(RecordError::CorruptBatch));
  QVERIFY(BatchIterator(std::span<const uint8_t>(blob).first(5)).next().status().is(RecordError::PartialBatch));
}

void TestRecordBatch::shallowValidationOfProducedRecords() {
  Prng prng(4);
  std::vector<uint8_t> blob;
  for (int i = 0; i < 3; ++i) {
    auto records = randomRecords(prng, 4 + i);
    auto b = encodeOrDie(headerForRecords(Offset(0), 0, records), records);
    blob.insert(blob.end(), b.begin(), b.end());
  }
  auto summary = validateRecordsShallow(blob);
  QVERIFY2(summary, summary.status().toString().c_str());
  QCOMPARE(summary->batchCount, std::size_t(3));
  QCOMPARE(summary->recordCount, int64_t(4 + 5 + 6));
  QVERIFY(validateRecordsShallow(std::span<const uint8_t>(blob).first(blob.size() - 1))
              .status().is(RecordError::CorruptBatch));
  QVERIFY(validateRecordsShallow({}).status().is(RecordError::CorruptBatch));
  QVERIFY(validateRecordsShallow(blob, {100, 1 << 20}).status().is(RecordError::CorruptBatch));
  auto badCodec = blob;
  badCodec[kAttributesOffset + 1] |= 0x05;
  refreshCrc(badCodec);
  QVERIFY(validateRecordsShallow(badCodec).status().is(RecordError::UnsupportedCompression));
  auto badCrc = blob;
  badCrc[blob.size() - 1] ^= 0x80;
  QVERIFY(validateRecordsShallow(badCrc).status().is(RecordError::CrcMismatch));
}

void TestRecordBatch::deepValidationRules() {
  Prng prng(5);
  auto records = randomRecords(prng, 3);
  RecordBatch batch{headerForRecords(Offset(0), 1000, records), records};
  batch.header.recordCount = 3;
  QVERIFY(validateBatchRecords(batch));
  auto gap = batch;
  gap.records[2].offsetDelta = 3;
  QVERIFY(validateBatchRecords(gap).is(RecordError::InvalidRecord));
  auto last = batch;
  last.header.lastOffsetDelta = 5;
  QVERIFY(validateBatchRecords(last).is(RecordError::InvalidRecord));
  auto time = batch;
  time.header.maxTimestamp += 1;
  QVERIFY(validateBatchRecords(time).is(RecordError::InvalidRecord));
  time.header.attributes |= attr::kTimestampType;  // LogAppendTime: the broker's time, not records'
  QVERIFY(validateBatchRecords(time));
  auto control = batch;
  control.header.attributes |= attr::kControl | attr::kTransactional;
  QVERIFY(validateBatchRecords(control).is(RecordError::InvalidRecord));
  auto count = batch;
  count.header.recordCount = 2;
  QVERIFY(validateBatchRecords(count).is(RecordError::InvalidRecord));
}

void TestRecordBatch::decompressionBombIsRefused() {
  Record rec;
  rec.value = std::vector<uint8_t>(4u << 20, 0);
  std::vector<Record> records{rec};
  for (auto codec : allCodecs()) {
    if (codec == Compression::None) continue;
    auto bytes = encodeOrDie(headerForRecords(Offset(0), 0, records), records, codec);
    QVERIFY2(bytes.size() < (1u << 20), "zeros compress well");
    auto decoded = decodeBatch(bytes, {1u << 20, 1u << 20});
    QVERIFY2(decoded.status().is(RecordError::DecompressedTooLarge), decoded.status().toString().c_str());
    QVERIFY(decodeBatch(bytes, {1u << 20, 8u << 20}));
  }
}

void TestRecordBatch::recordCountMustMatchHeader() {
  auto bytes = encodeOrDie(headerForRecords(Offset(0), 0, knownRecordsTwo()), knownRecordsTwo());
  for (uint8_t claimed : {uint8_t(1), uint8_t(3), uint8_t(200)}) {
    auto bad = bytes;
    bad[60] = claimed;
    refreshCrc(bad);
    QVERIFY(decodeBatch(bad).status().is(RecordError::CorruptBatch));
  }
}

QTEST_APPLESS_MAIN(TestRecordBatch)
#include "tst_record_batch.moc"
