// Legacy message sets (magic 0 and 1): known-answer bytes from the Kafka docs' "Old Message
// Format" layout, compressed wrappers with every legacy codec (relative inner offsets for
// magic 1, xerial snappy, Kafka 0.8's lz4 header checksum for magic 0), CRC32 corruption,
// truncation, and up-conversion to v2 batches for old producers.

#include <QtTest>

#include <string>
#include <vector>

#include "base/prng.h"
#include "protocol/records/batch_validation.h"
#include "protocol/records/compression_codecs.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

using namespace pier;
using namespace pier::protocol;
using namespace pier::protocol::records;

namespace {

std::vector<uint8_t> bytesOf(std::string_view s) { return {s.begin(), s.end()}; }

std::vector<uint8_t> fromHex(const char* hex) {
  QByteArray b = QByteArray::fromHex(hex);
  return {b.begin(), b.end()};
}

LegacyMessage message(int8_t magic, int64_t offset, std::string_view value, int64_t timestamp = kNoTimestamp) {
  LegacyMessage m;
  m.magic = magic;
  m.offset = offset;
  m.timestamp = magic == 0 ? kNoTimestamp : timestamp;
  if (offset % 3 != 1) m.key = bytesOf("key-" + std::to_string(offset));
  m.value = bytesOf(value);
  return m;
}

// A wrapper holding `inner` compressed with `codec`, as Java producers of that era wrote it.
std::vector<uint8_t> wrapper(int8_t magic, int64_t offset, Compression codec, const std::vector<LegacyMessage>& inner,
                             int64_t timestamp = kNoTimestamp, bool logAppendTime = false) {
  std::vector<uint8_t> set;
  for (const auto& m : inner) {
    auto b = encodeLegacyMessage(m);
    set.insert(set.end(), b.begin(), b.end());
  }
  auto packed = compress(codec, set, {SnappyFraming::Xerial, 0}).valueOr({});
  if (codec == Compression::Lz4 && magic == 0) {
    // Kafka 0.8 hashed the magic number into the frame header checksum.
    packed[6] = static_cast<uint8_t>(codecs::xxh32Short(std::span<const uint8_t>(packed).first(6), 0) >> 8);
  }
  LegacyMessage w;
  w.magic = magic;
  w.offset = offset;
  w.timestamp = timestamp;
  w.value = packed;
  return encodeLegacyMessage(w, static_cast<int8_t>(static_cast<int>(codec) | (logAppendTime ? 0x08 : 0)));
}

}  // namespace

class TestLegacyMessageSet : public QObject {
  Q_OBJECT

 private slots:
  void knownAnswer();
  void compressedWrappers_data();
  void compressedWrappers();
  void logAppendTimeWrapperSetsInnerTimestamps();
  void crcMismatchNamesBothValues();
  void truncatedTailIsPartial();
  void randomBytesNeverCrash();
  void upConvertsToV2();
  void rejectsZstdAndNesting();
};

void TestLegacyMessageSet::knownAnswer() {
  // CRC32 values computed with Python's zlib.crc32 over magic..end.
  auto v0 = fromHex("0000000000000007" "00000014" "a4cdab3a" "00" "00"
                    "00000001" "6b" "00000005" "68656c6c6f");
  auto v1 = fromHex("0000000000000008" "0000001b" "8ee30bba" "01" "00" "0000018bcfe56800"
                    "ffffffff" "00000005" "68656c6c6f");
  LegacyMessage m0{7, 0, Compression::None, kNoTimestamp, TimestampType::CreateTime, bytesOf("k"), bytesOf("hello")};
  LegacyMessage m1{8, 1, Compression::None, 1700000000000, TimestampType::CreateTime, std::nullopt, bytesOf("hello")};
  QVERIFY(encodeLegacyMessage(m0) == v0);
  QVERIFY(encodeLegacyMessage(m1) == v1);
  auto blob = v0;
  blob.insert(blob.end(), v1.begin(), v1.end());
  auto set = decodeMessageSet(blob);
  QVERIFY2(set, set.status().toString().c_str());
  QCOMPARE(set->messages.size(), std::size_t(2));
  QVERIFY(set->messages[0] == m0);
  QVERIFY(set->messages[1] == m1);
  QCOMPARE(set->partialTailBytes, std::size_t(0));
}

void TestLegacyMessageSet::compressedWrappers_data() {
  QTest::addColumn<int>("magic");
  QTest::addColumn<int>("codec");
  for (int magic : {0, 1}) {
    for (auto c : {Compression::Gzip, Compression::Snappy, Compression::Lz4}) {
      QTest::addRow("v%d-%s", magic, compressionName(c).data()) << magic << static_cast<int>(c);
    }
  }
}

void TestLegacyMessageSet::compressedWrappers() {
  QFETCH(int, magic);
  QFETCH(int, codec);
  auto m = static_cast<int8_t>(magic);
  // Magic 1 producers number inner messages 0..n-1 and the broker sets the wrapper's offset to
  // the absolute offset of the last one; magic 0 inner offsets are absolute.
  std::vector<LegacyMessage> inner;
  for (int i = 0; i < 5; ++i) inner.push_back(message(m, magic == 1 ? i : 100 + i, "value " + std::to_string(i), 1000 + i));
  auto blob = wrapper(m, 104, static_cast<Compression>(codec), inner, 1004);
  auto plain = encodeLegacyMessage(message(m, 105, "after"));
  blob.insert(blob.end(), plain.begin(), plain.end());
  auto set = decodeMessageSet(blob);
  QVERIFY2(set, set.status().toString().c_str());
  QCOMPARE(set->messages.size(), std::size_t(6));
  for (int i = 0; i < 5; ++i) {
    QCOMPARE(set->messages[i].offset, int64_t(100 + i));
    QVERIFY(set->messages[i].value == inner[i].value);
    QVERIFY(set->messages[i].key == inner[i].key);
    QCOMPARE(int(set->messages[i].wrapperCompression), codec);
    QCOMPARE(set->messages[i].timestamp, magic == 1 ? int64_t(1000 + i) : kNoTimestamp);
  }
  QCOMPARE(set->messages[5].offset, int64_t(105));
  QCOMPARE(set->messages[5].wrapperCompression, Compression::None);
}

void TestLegacyMessageSet::logAppendTimeWrapperSetsInnerTimestamps() {
  std::vector<LegacyMessage> inner = {message(1, 0, "a", 5), message(1, 1, "b", 6)};
  auto blob = wrapper(1, 41, Compression::Gzip, inner, 777, true);
  auto set = decodeMessageSet(blob);
  QVERIFY2(set, set.status().toString().c_str());
  for (const auto& msg : set->messages) {
    QCOMPARE(msg.timestamp, int64_t(777));
    QCOMPARE(msg.timestampType, TimestampType::LogAppendTime);
  }
  QCOMPARE(set->messages[0].offset, int64_t(40));
}

void TestLegacyMessageSet::crcMismatchNamesBothValues() {
  auto blob = encodeLegacyMessage(message(1, 3, "payload", 9));
  for (std::size_t i = 17; i < blob.size(); ++i) {
    auto bad = blob;
    bad[i] ^= 0x10;
    auto set = decodeMessageSet(bad);
    QVERIFY2(!set, qPrintable(QString("byte %1").arg(i)));
  }
  auto bad = blob;
  bad.back() ^= 1;
  auto set = decodeMessageSet(bad);
  QVERIFY(set.status().is(RecordError::CrcMismatch));
  QVERIFY(set.status().message().find("expected crc32 0x") != std::string::npos);
  QVERIFY(set.status().message().find("actual 0x") != std::string::npos);
}

void TestLegacyMessageSet::truncatedTailIsPartial() {
  std::vector<uint8_t> blob;
  for (int i = 0; i < 3; ++i) {
    auto b = encodeLegacyMessage(message(0, i, "v" + std::to_string(i)));
    blob.insert(blob.end(), b.begin(), b.end());
  }
  auto cut = std::span<const uint8_t>(blob).first(blob.size() - 4);
  auto set = decodeMessageSet(cut);
  QVERIFY2(set, set.status().toString().c_str());
  QCOMPARE(set->messages.size(), std::size_t(2));
  QVERIFY(set->partialTailBytes > 0);
  QVERIFY(upConvertMessageSet(cut).status().is(RecordError::CorruptBatch));
}

void TestLegacyMessageSet::randomBytesNeverCrash() {
  Prng prng(99);
  auto good = wrapper(1, 9, Compression::Snappy, {message(1, 0, "x"), message(1, 1, "y")}, 1);
  for (int round = 0; round < 2000; ++round) {
    auto bad = good;
    bad[prng.below(bad.size())] = static_cast<uint8_t>(prng.next());
    if (prng.chance(1, 3)) bad.resize(prng.below(bad.size() + 1));
    (void)decodeMessageSet(bad);
    (void)upConvertMessageSet(prng.bytes(prng.below(100)));
  }
}

void TestLegacyMessageSet::upConvertsToV2() {
  std::vector<LegacyMessage> inner;
  for (int i = 0; i < 4; ++i) inner.push_back(message(1, i, std::string(100, char('a' + i)), 5000 + i * 10));
  auto blob = wrapper(1, 23, Compression::Lz4, inner, 5030);
  auto v2 = upConvertMessageSet(blob);
  QVERIFY2(v2, v2.status().toString().c_str());
  auto batch = decodeBatch(*v2);
  QVERIFY2(batch, batch.status().toString().c_str());
  QVERIFY(validateBatchRecords(*batch));
  QCOMPARE(batch->header.baseOffset, Offset(20));
  QCOMPARE(batch->header.compressionBits(), int(Compression::Lz4));
  QCOMPARE(batch->header.baseTimestamp, int64_t(5000));
  QCOMPARE(batch->header.maxTimestamp, int64_t(5030));
  QCOMPARE(batch->records.size(), inner.size());
  for (std::size_t i = 0; i < inner.size(); ++i) {
    QVERIFY(batch->records[i].value == inner[i].value);
    QVERIFY(batch->records[i].key == inner[i].key);
    QCOMPARE(batch->records[i].timestampDelta, int64_t(i * 10));
  }
  // Magic 0: no timestamps, uncompressed messages -> one uncompressed batch.
  std::vector<uint8_t> v0;
  for (int i = 0; i < 3; ++i) {
    auto b = encodeLegacyMessage(message(0, i, "m"));
    v0.insert(v0.end(), b.begin(), b.end());
  }
  auto converted = decodeBatch(upConvertMessageSet(v0).valueOr({}));
  QVERIFY2(converted, converted.status().toString().c_str());
  QCOMPARE(converted->records.size(), std::size_t(3));
  QCOMPARE(converted->header.baseTimestamp, kNoTimestamp);
  QCOMPARE(converted->header.compressionBits(), 0);
}

void TestLegacyMessageSet::rejectsZstdAndNesting() {
  auto zstd = wrapper(1, 0, Compression::Zstd, {message(1, 0, "z")});
  QVERIFY(decodeMessageSet(zstd).status().is(RecordError::UnsupportedCompression));
  // A wrapper inside a wrapper: Kafka never nests compression.
  auto innerWrapper = wrapper(1, 0, Compression::Gzip, {message(1, 0, "n")});
  std::vector<uint8_t> nested;
  LegacyMessage outer;
  outer.magic = 1;
  outer.value = compress(Compression::Gzip, innerWrapper).valueOr({});
  nested = encodeLegacyMessage(outer, static_cast<int8_t>(Compression::Gzip));
  QVERIFY(decodeMessageSet(nested).status().is(RecordError::InvalidRecord));  // Kafka: INVALID_RECORD
  // A magic 0 message inside a magic 1 wrapper: "Log record magic does not match outer magic".
  auto mixed = wrapper(1, 0, Compression::Gzip, {message(0, 0, "m")});
  QVERIFY(decodeMessageSet(mixed).status().is(RecordError::InvalidRecord));
  auto v2 = encodeBatch(BatchHeader{}, std::vector<Record>{Record{}}).valueOr({});
  QVERIFY(decodeMessageSet(v2).status().is(RecordError::UnsupportedMagic));
}

QTEST_APPLESS_MAIN(TestLegacyMessageSet)
#include "tst_legacy_message_set.moc"
