// Down-conversion of stored v2 batches for Fetch v0-3 (protocol/records/down_conversion.h):
// every legacy codec to magic 0 and 1 with offsets, keys and values kept, wrapper offsets and
// relative inner offsets, timestamps (none for magic 0, LogAppendTime), the fetch offset inside
// an uncompressed batch, control batches, zstd, Kafka's size rules and overflow entry, and
// random bytes.

#include <QtTest>

#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/prng.h"
#include "protocol/records/down_conversion.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

using namespace pier;
using namespace pier::protocol;
using namespace pier::protocol::records;

namespace {

std::vector<uint8_t> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }

struct BatchSpec {
  int64_t baseOffset = 0;
  int count = 3;
  Compression codec = Compression::None;
  int64_t baseTimestamp = 1000;
  bool logAppendTime = false;
  int64_t logAppendTimeMs = 0;
  bool control = false;
  int valueBytes = 0;  // 0: short values
};

// A stored batch: record i has key k<offset> (none for every third), value v<offset>, a header,
// and timestamp baseTimestamp + 10 * i.
std::vector<uint8_t> batch(const BatchSpec& s) {
  std::vector<Record> records;
  for (int i = 0; i < s.count; ++i) {
    Record r;
    r.offsetDelta = i;
    r.timestampDelta = 10 * i;
    const int64_t offset = s.baseOffset + i;
    if (offset % 3 != 2) r.key = bytesOf("k" + std::to_string(offset));
    std::string value = "v" + std::to_string(offset);
    if (s.valueBytes > 0) value.resize(static_cast<std::size_t>(s.valueBytes), 'x');
    r.value = bytesOf(value);
    r.headers.push_back(RecordHeader{"h", bytesOf("dropped")});
    records.push_back(std::move(r));
  }
  BatchHeader h = headerForRecords(Offset(s.baseOffset), s.baseTimestamp, records);
  if (s.logAppendTime) {
    h.attributes |= attr::kTimestampType;
    h.maxTimestamp = s.logAppendTimeMs;
  }
  if (s.control) h.attributes |= attr::kControl | attr::kTransactional;
  EncodeOptions options;
  options.compression = s.codec;
  return encodeBatch(h, records, options).valueOr({});
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

// The top-level entries of a message set: offset, magic, attributes, and the wrapper's value.
struct Entry {
  int64_t offset = 0;
  int8_t magic = 0;
  int8_t attributes = 0;
  int64_t timestamp = kNoTimestamp;
  std::vector<uint8_t> value;
};

std::vector<Entry> entriesOf(std::span<const uint8_t> set) {
  std::vector<Entry> out;
  Reader r(set);
  while (r.remaining() >= 12) {
    Entry e;
    e.offset = r.readInt64().valueOr(0);
    const int32_t size = r.readInt32().valueOr(0);
    auto body = r.readRaw(static_cast<std::size_t>(size));
    if (!body) break;
    Reader b(*body);
    (void)b.readUint32();
    e.magic = b.readInt8().valueOr(-1);
    e.attributes = b.readInt8().valueOr(-1);
    if (e.magic == 1) e.timestamp = b.readInt64().valueOr(0);
    (void)b.readNullableBytes();
    auto value = b.readNullableBytes().valueOr(std::nullopt);
    if (value) e.value.assign(value->begin(), value->end());
    out.push_back(std::move(e));
  }
  return out;
}

DownConversion to(int8_t magic, int64_t fetchOffset = 0) {
  DownConversion o;
  o.toMagic = magic;
  o.fetchOffset = Offset(fetchOffset);
  return o;
}

}  // namespace

class TestDownConversion : public QObject {
  Q_OBJECT

 private slots:
  void magicPerFetchVersion() {
    QCOMPARE(magicForFetchVersion(0), int8_t{0});
    QCOMPARE(magicForFetchVersion(1), int8_t{0});
    QCOMPARE(magicForFetchVersion(2), int8_t{1});
    QCOMPARE(magicForFetchVersion(3), int8_t{1});
    QCOMPARE(magicForFetchVersion(4), int8_t{2});
  }

  void everyCodec_data() {
    QTest::addColumn<int>("codec");
    QTest::addColumn<int>("magic");
    for (Compression c : {Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4}) {
      for (int magic : {0, 1}) {
        QTest::addRow("%s-magic%d", std::string(compressionName(c)).c_str(), magic) << static_cast<int>(c) << magic;
      }
    }
  }
  void everyCodec() {
    QFETCH(int, codec);
    QFETCH(int, magic);
    const auto c = static_cast<Compression>(codec);
    auto stored = concat({batch({.baseOffset = 10, .count = 5, .codec = c}), batch({.baseOffset = 15, .count = 3, .codec = c})});
    auto out = downConvert(stored, to(static_cast<int8_t>(magic), 10));
    QVERIFY2(out.isOk(), out.status().toString().c_str());
    auto set = decodeMessageSet(*out);
    QVERIFY2(set.isOk(), set.status().toString().c_str());
    QCOMPARE(set->partialTailBytes, std::size_t{0});
    QCOMPARE(set->messages.size(), std::size_t{8});
    for (std::size_t i = 0; i < 8; ++i) {
      const LegacyMessage& m = set->messages[i];
      const int64_t offset = 10 + static_cast<int64_t>(i);
      QCOMPARE(m.offset, offset);
      QCOMPARE(m.magic, static_cast<int8_t>(magic));
      QCOMPARE(m.value, std::optional(bytesOf("v" + std::to_string(offset))));
      if (offset % 3 == 2) QVERIFY(!m.key);
      else QCOMPARE(m.key, std::optional(bytesOf("k" + std::to_string(offset))));
      const int64_t expectedTs = offset < 15 ? 1000 + 10 * (offset - 10) : 1000 + 10 * (offset - 15);
      QCOMPARE(m.timestamp, magic == 0 ? kNoTimestamp : expectedTs);
      QCOMPARE(m.timestampType, TimestampType::CreateTime);
      QCOMPARE(m.wrapperCompression, c);
    }
    auto entries = entriesOf(*out);
    if (c == Compression::None) {
      QCOMPARE(entries.size(), std::size_t{8});
      return;
    }
    // One wrapper per batch, at its last offset, with the batch's codec and (magic 1) the
    // greatest inner timestamp; magic 1 inner offsets count from 0, magic 0 ones are absolute.
    QCOMPARE(entries.size(), std::size_t{2});
    QCOMPARE(entries[0].offset, int64_t{14});
    QCOMPARE(entries[1].offset, int64_t{17});
    QCOMPARE(entries[0].attributes & 0x07, codec);
    if (magic == 1) QCOMPARE(entries[0].timestamp, int64_t{1040});
    DecompressOptions d;
    d.lz4HeaderChecksum = magic == 0 ? Lz4HeaderChecksum::Kafka08 : Lz4HeaderChecksum::Correct;
    auto inner = decompress(c, entries[0].value, d);
    QVERIFY(inner.isOk());
    auto innerEntries = entriesOf(*inner);
    QCOMPARE(innerEntries.size(), std::size_t{5});
    QCOMPARE(innerEntries.front().offset, magic == 1 ? int64_t{0} : int64_t{10});
    QCOMPARE(innerEntries.back().offset, magic == 1 ? int64_t{4} : int64_t{14});
    if (c == Compression::Snappy) {
      QVERIFY(entries[0].value.size() > 8 && entries[0].value[0] == 0x82);  // xerial, as Java wrote it
    }
    if (c == Compression::Lz4 && magic == 0) {
      // Kafka's magic 0 lz4 frame hashes the frame magic into its header checksum.
      QVERIFY(!decompress(c, entries[0].value).isOk());
    }
  }

  void logAppendTime_data() {
    QTest::addColumn<int>("codec");
    QTest::newRow("none") << 0;
    QTest::newRow("gzip") << 1;
  }
  void logAppendTime() {
    QFETCH(int, codec);
    auto stored = batch({.baseOffset = 0, .count = 3, .codec = static_cast<Compression>(codec), .logAppendTime = true,
                         .logAppendTimeMs = 777777});
    auto out = downConvert(stored, to(1));
    QVERIFY(out.isOk());
    auto set = decodeMessageSet(*out);
    QVERIFY(set.isOk());
    QCOMPARE(set->messages.size(), std::size_t{3});
    for (const auto& m : set->messages) {
      QCOMPARE(m.timestamp, int64_t{777777});
      QCOMPARE(m.timestampType, TimestampType::LogAppendTime);
    }
    for (const auto& e : entriesOf(*out)) QVERIFY(e.attributes & 0x08);
    // Magic 0 has neither timestamps nor the bit.
    auto v0 = downConvert(stored, to(0));
    QVERIFY(v0.isOk());
    for (const auto& e : entriesOf(*v0)) QCOMPARE(e.attributes & 0x08, 0);
  }

  void fetchOffsetInsideABatch() {
    // Uncompressed: records before the fetch offset are dropped; a wrapper stays whole.
    auto plain = downConvert(batch({.baseOffset = 0, .count = 5}), to(1, 3));
    QVERIFY(plain.isOk());
    auto set = decodeMessageSet(*plain);
    QCOMPARE(set->messages.size(), std::size_t{2});
    QCOMPARE(set->messages.front().offset, int64_t{3});
    auto packed = downConvert(batch({.baseOffset = 0, .count = 5, .codec = Compression::Gzip}), to(1, 3));
    QVERIFY(packed.isOk());
    QCOMPARE(decodeMessageSet(*packed)->messages.size(), std::size_t{5});
  }

  void controlBatchesAreSkipped() {
    auto stored = concat({batch({.baseOffset = 0, .count = 2}), batch({.baseOffset = 2, .count = 1, .control = true}),
                          batch({.baseOffset = 3, .count = 2})});
    auto out = downConvert(stored, to(0));
    QVERIFY(out.isOk());
    auto set = decodeMessageSet(*out);
    QCOMPARE(set->messages.size(), std::size_t{4});
    QCOMPARE(set->messages[2].offset, int64_t{3});
    // Only a control batch: Kafka's overflow entry, not nothing.
    auto onlyControl = downConvert(batch({.baseOffset = 2, .count = 1, .control = true}), to(1));
    QVERIFY(onlyControl.isOk());
    QCOMPARE(onlyControl->size(), std::size_t{12});
  }

  void zstdIsRefusedFirstAndEndsTheOutputLater() {
    auto zstd = batch({.baseOffset = 5, .count = 2, .codec = Compression::Zstd});
    QVERIFY(downConvert(zstd, to(1)).status().is(RecordError::UnsupportedCompression));
    auto out = downConvert(concat({batch({.baseOffset = 3, .count = 2}), zstd, batch({.baseOffset = 7})}), to(1));
    QVERIFY(out.isOk());
    auto set = decodeMessageSet(*out);
    QCOMPARE(set->messages.size(), std::size_t{2});
    QCOMPARE(set->messages.back().offset, int64_t{4});
  }

  void sizeRules() {
    auto first = batch({.baseOffset = 0, .count = 4});
    auto second = batch({.baseOffset = 4, .count = 4});
    // A batch cut at the fetch's byte limit is left out; only a cut batch: the overflow entry.
    auto cut = concat({first, std::vector<uint8_t>(second.begin(), second.begin() + 30)});
    auto out = downConvert(cut, to(1));
    QVERIFY(out.isOk());
    QCOMPARE(decodeMessageSet(*out)->messages.size(), std::size_t{4});
    auto overflow = downConvert(std::span<const uint8_t>(second).first(30), to(0));
    QVERIFY(overflow.isOk());
    Reader r(*overflow);
    QCOMPARE(overflow->size(), std::size_t{12});
    QCOMPARE(r.readInt64().valueOr(0), int64_t{-1});
    QCOMPARE(r.readInt32().valueOr(0), int32_t{61});
    auto set = decodeMessageSet(*overflow);
    QVERIFY(set.isOk() && set->messages.empty() && set->partialTailBytes == 12);
    // Nothing stored, nothing sent.
    QVERIFY(downConvert({}, to(0))->empty());

    // Conversion grows small records (26-34 bytes of overhead per message against a few for a
    // v2 record). The first chunk is whole however large; past it the output stops at
    // max(stored bytes, first chunk) on a message boundary.
    std::vector<uint8_t> many;
    for (int b = 0; b < 20; ++b) many = concat({many, batch({.baseOffset = 10 * b, .count = 10})});
    DownConversion small = to(1);
    small.firstChunkBytes = 1;  // the first chunk is the first batch
    auto grown = downConvert(many, small);
    QVERIFY(grown.isOk());
    QVERIFY(grown->size() <= many.size());
    auto kept = decodeMessageSet(*grown);
    QCOMPARE(kept->partialTailBytes, std::size_t{0});
    QVERIFY(kept->messages.size() >= 10 && kept->messages.size() < 200);
    for (std::size_t i = 0; i < kept->messages.size(); ++i) QCOMPARE(kept->messages[i].offset, static_cast<int64_t>(i));
    // The whole set converts when the stored bytes allow it (default chunk: all of it is first).
    QCOMPARE(decodeMessageSet(*downConvert(many, to(1)))->messages.size(), std::size_t{200});
  }

  void legacyEntriesInTheLog() {
    // Kafka logs from before 0.11 hold legacy messages: magic 1 for a magic 0 client converts,
    // anything at or below the target magic is copied.
    LegacyMessage m;
    m.magic = 1;
    m.offset = 4;
    m.timestamp = 99;
    m.value = bytesOf("old");
    auto v1 = encodeLegacyMessage(m);
    QCOMPARE(*downConvert(v1, to(1)), v1);
    auto v0 = downConvert(v1, to(0));
    QVERIFY(v0.isOk());
    auto set = decodeMessageSet(*v0);
    QCOMPARE(set->messages.size(), std::size_t{1});
    QCOMPARE(set->messages[0].magic, int8_t{0});
    QCOMPARE(set->messages[0].value, std::optional(bytesOf("old")));
  }

  void randomBytesNeverCrash() {
    Prng prng(20240601);
    auto valid = concat({batch({.baseOffset = 0, .count = 3, .codec = Compression::Gzip}), batch({.baseOffset = 3})});
    for (int i = 0; i < 3000; ++i) {
      std::vector<uint8_t> input = i % 2 ? prng.bytes(prng.below(200)) : valid;
      if (i % 2 == 0) {
        for (int flips = 0; flips < 3; ++flips) input[prng.below(input.size())] = static_cast<uint8_t>(prng.next());
      }
      for (int8_t magic : {int8_t{0}, int8_t{1}}) (void)downConvert(input, to(magic));
    }
    for (std::size_t n = 0; n <= valid.size(); ++n) {
      (void)downConvert(std::span<const uint8_t>(valid).first(n), to(0));
    }
  }
};

QTEST_APPLESS_MAIN(TestDownConversion)
#include "tst_down_conversion.moc"
