// Reader: round trips with Writer at the varint boundaries, exact errors on malformed input,
// position left at the failed field, and no crash on random or truncated bytes.

#include <QtTest>

#include <functional>
#include <limits>

#include "base/base_error.h"
#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/prng.h"

using namespace pier;

namespace {
std::vector<uint8_t> fromHex(const char* text) {
  QByteArray b = QByteArray::fromHex(text);
  return std::vector<uint8_t>(b.begin(), b.end());
}

// Every read the Reader offers, so malformed-input tests cover all of them.
const std::vector<std::pair<const char*, std::function<Status(Reader&)>>>& allReads() {
  static const std::vector<std::pair<const char*, std::function<Status(Reader&)>>> reads = {
      {"int8", [](Reader& r) { return r.readInt8().status(); }},
      {"int16", [](Reader& r) { return r.readInt16().status(); }},
      {"int32", [](Reader& r) { return r.readInt32().status(); }},
      {"int64", [](Reader& r) { return r.readInt64().status(); }},
      {"uint32", [](Reader& r) { return r.readUint32().status(); }},
      {"float64", [](Reader& r) { return r.readFloat64().status(); }},
      {"bool", [](Reader& r) { return r.readBool().status(); }},
      {"uvarint", [](Reader& r) { return r.readUnsignedVarint().status(); }},
      {"uvarlong", [](Reader& r) { return r.readUnsignedVarlong().status(); }},
      {"varint", [](Reader& r) { return r.readVarint().status(); }},
      {"varlong", [](Reader& r) { return r.readVarlong().status(); }},
      {"string", [](Reader& r) { return r.readString().status(); }},
      {"nullableString", [](Reader& r) { return r.readNullableString().status(); }},
      {"compactString", [](Reader& r) { return r.readCompactString().status(); }},
      {"compactNullableString", [](Reader& r) { return r.readCompactNullableString().status(); }},
      {"bytes", [](Reader& r) { return r.readBytes().status(); }},
      {"nullableBytes", [](Reader& r) { return r.readNullableBytes().status(); }},
      {"compactBytes", [](Reader& r) { return r.readCompactBytes().status(); }},
      {"compactNullableBytes", [](Reader& r) { return r.readCompactNullableBytes().status(); }},
  };
  return reads;
}
}  // namespace

class TestByteReader : public QObject {
  Q_OBJECT

 private slots:
  void varintRoundTrip_data() {
    QTest::addColumn<qint64>("value");
    for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{63}, int64_t{64}, int64_t{-64},
                      int64_t{-65}, int64_t{8191}, int64_t{8192}, int64_t{1048575}, int64_t{1048576},
                      int64_t{std::numeric_limits<int32_t>::max()},
                      int64_t{std::numeric_limits<int32_t>::min()}}) {
      QTest::newRow(QByteArray::number(static_cast<qlonglong>(v)).constData()) << static_cast<qint64>(v);
    }
  }

  void varintRoundTrip() {
    QFETCH(qint64, value);
    Writer w;
    w.writeVarint(static_cast<int32_t>(value));
    w.writeVarlong(value);
    Reader r(w.bytes());
    QCOMPARE(*r.readVarint(), static_cast<int32_t>(value));
    QCOMPARE(*r.readVarlong(), static_cast<int64_t>(value));
    QVERIFY(r.atEnd());
  }

  void varlongExtremes() {
    for (int64_t v : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max()}) {
      Writer w;
      w.writeVarlong(v);
      Reader r(w.bytes());
      QCOMPARE(*r.readVarlong(), v);
    }
    Writer w;
    w.writeUnsignedVarlong(std::numeric_limits<uint64_t>::max());
    QCOMPARE(w.size(), std::size_t{10});
    Reader r(w.bytes());
    QCOMPARE(*r.readUnsignedVarlong(), std::numeric_limits<uint64_t>::max());
  }

  void overlongVarints_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("asLong");
    QTest::newRow("six-byte varint") << QByteArray("8080808080 01") << false;
    QTest::newRow("varint over 32 bits") << QByteArray("ffffffff 1f") << false;
    QTest::newRow("eleven-byte varlong") << QByteArray("80808080808080808080 01") << true;
    QTest::newRow("varlong over 64 bits") << QByteArray("ffffffffffffffffff 02") << true;
  }

  void overlongVarints() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, asLong);
    auto buf = fromHex(bytes.constData());
    Reader r(buf);
    Status s = asLong ? r.readUnsignedVarlong().status() : r.readUnsignedVarint().status();
    QVERIFY2(s.is(BaseError::VarintTooLong), s.toString().c_str());
    QCOMPARE(r.position(), std::size_t{0});
  }

  void truncatedVarint() {
    auto buf = fromHex("8080");
    Reader r(buf);
    QVERIFY(r.readVarint().status().is(BaseError::Truncated));
    QCOMPARE(r.position(), std::size_t{0});
  }

  void strings() {
    Writer w;
    w.writeString("héllo");
    w.writeNullableString(std::nullopt);
    w.writeCompactString("");
    w.writeCompactNullableString(std::nullopt);
    w.writeCompactNullableString(std::string_view("x"));
    Reader r(w.bytes());
    QCOMPARE(*r.readString(), std::string_view("héllo"));
    QVERIFY(!r.readNullableString()->has_value());
    QCOMPARE(*r.readCompactString(), std::string_view(""));
    QVERIFY(!r.readCompactNullableString()->has_value());
    QCOMPARE(r.readCompactNullableString()->value(), std::string_view("x"));
    QVERIFY(r.atEnd());
  }

  void nullWhereNotAllowed() {
    auto buf = fromHex("ffff");
    Reader r(buf);
    QVERIFY(r.readString().status().is(BaseError::NullNotAllowed));
    QCOMPARE(r.position(), std::size_t{0});
    auto compact = fromHex("00");
    Reader rc(compact);
    QVERIFY(rc.readCompactBytes().status().is(BaseError::NullNotAllowed));
  }

  void negativeLength() {
    auto buf = fromHex("fffe 6162");
    Reader r(buf);
    QVERIFY(r.readNullableString().status().is(BaseError::InvalidLength));
    QCOMPARE(r.position(), std::size_t{0});
    auto bytes = fromHex("80000000");
    Reader rb(bytes);
    QVERIFY(rb.readNullableBytes().status().is(BaseError::InvalidLength));
  }

  void lengthPastEnd() {
    auto buf = fromHex("0005 616263");
    Reader r(buf);
    Status s = r.readString().status();
    QVERIFY(s.is(BaseError::Truncated));
    QVERIFY2(s.message().find("need 5 bytes") != std::string::npos, s.toString().c_str());
    QCOMPARE(r.position(), std::size_t{0});
  }

  // Every prefix of a valid encoding, for every read: an error, never a crash, position kept.
  void everyTruncationIsAnError() {
    Writer w;
    w.writeInt64(-5);
    w.writeString("abcdef");
    w.writeCompactBytes(std::vector<uint8_t>(200, 1));
    w.writeVarlong(std::numeric_limits<int64_t>::min());
    const auto full = w.take();
    for (const auto& [name, read] : allReads()) {
      for (std::size_t len = 0; len < full.size(); ++len) {
        Reader r(std::span<const uint8_t>(full).first(len));
        while (true) {
          std::size_t before = r.position();
          Status s = read(r);
          if (!s.isOk()) {
            QVERIFY2(r.position() == before, name);
            break;
          }
          QVERIFY2(r.position() > before || r.atEnd(), name);
          if (r.atEnd()) break;
        }
      }
    }
  }

  void randomBytesNeverCrash() {
    Prng prng(20261122);
    for (int round = 0; round < 2000; ++round) {
      auto buf = prng.bytes(static_cast<std::size_t>(prng.below(64)));
      Reader r(buf);
      for (int step = 0; step < 32 && !r.atEnd(); ++step) {
        const auto& reads = allReads();
        std::size_t before = r.position();
        Status s = reads[prng.below(reads.size())].second(r);
        QVERIFY(r.position() <= buf.size());
        if (!s.isOk()) QCOMPARE(r.position(), before);
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestByteReader)
#include "tst_byte_reader.moc"
