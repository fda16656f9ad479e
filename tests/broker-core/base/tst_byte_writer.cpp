// Writer: byte layout of every primitive, and the varint encodings Kafka's own tests use.

#include <QtTest>

#include <limits>

#include "base/byte_writer.h"

using namespace pier;

namespace {
QByteArray hex(const Writer& w) {
  return QByteArray(reinterpret_cast<const char*>(w.bytes().data()),
                    static_cast<qsizetype>(w.size()))
      .toHex(' ');
}
}  // namespace

class TestByteWriter : public QObject {
  Q_OBJECT

 private slots:
  void bigEndianIntegers() {
    Writer w;
    w.writeInt8(-2);
    w.writeInt16(0x0102);
    w.writeInt32(-1);
    w.writeInt64(0x0102030405060708LL);
    w.writeBool(true);
    QCOMPARE(hex(w), QByteArray("fe 01 02 ff ff ff ff 01 02 03 04 05 06 07 08 01"));
  }

  void varint_data() {
    QTest::addColumn<int>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("0") << 0 << QByteArray("00");
    QTest::newRow("-1") << -1 << QByteArray("01");
    QTest::newRow("1") << 1 << QByteArray("02");
    QTest::newRow("63") << 63 << QByteArray("7e");
    QTest::newRow("-64") << -64 << QByteArray("7f");
    QTest::newRow("64: first two-byte") << 64 << QByteArray("80 01");
    QTest::newRow("-65") << -65 << QByteArray("81 01");
    QTest::newRow("8191") << 8191 << QByteArray("fe 7f");
    QTest::newRow("8192: first three-byte") << 8192 << QByteArray("80 80 01");
    QTest::newRow("int32 max") << std::numeric_limits<int32_t>::max() << QByteArray("fe ff ff ff 0f");
    QTest::newRow("int32 min") << std::numeric_limits<int32_t>::min() << QByteArray("ff ff ff ff 0f");
  }

  void varint() {
    QFETCH(int, value);
    QFETCH(QByteArray, expected);
    Writer w;
    w.writeVarint(value);
    QCOMPARE(hex(w), expected);
  }

  void unsignedVarint_data() {
    QTest::addColumn<uint>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("0") << 0u << QByteArray("00");
    QTest::newRow("127: last one-byte") << 127u << QByteArray("7f");
    QTest::newRow("128: first two-byte") << 128u << QByteArray("80 01");
    QTest::newRow("16383: last two-byte") << 16383u << QByteArray("ff 7f");
    QTest::newRow("16384: first three-byte") << 16384u << QByteArray("80 80 01");
    QTest::newRow("2^21-1") << 2097151u << QByteArray("ff ff 7f");
    QTest::newRow("2^21") << 2097152u << QByteArray("80 80 80 01");
    QTest::newRow("2^28") << 268435456u << QByteArray("80 80 80 80 01");
    QTest::newRow("uint32 max") << 0xffffffffu << QByteArray("ff ff ff ff 0f");
  }

  void unsignedVarint() {
    QFETCH(uint, value);
    QFETCH(QByteArray, expected);
    Writer w;
    w.writeUnsignedVarint(value);
    QCOMPARE(hex(w), expected);
    QCOMPARE(unsignedVarlongSize(value), static_cast<int>(w.size()));
  }

  void varlongExtremes() {
    Writer w;
    w.writeVarlong(std::numeric_limits<int64_t>::min());
    QCOMPARE(hex(w), QByteArray("ff ff ff ff ff ff ff ff ff 01"));
    w.clear();
    w.writeVarlong(std::numeric_limits<int64_t>::max());
    QCOMPARE(hex(w), QByteArray("fe ff ff ff ff ff ff ff ff 01"));
  }

  void stringForms() {
    Writer w;
    w.writeString("ab");
    w.writeNullableString(std::nullopt);
    w.writeCompactString("ab");
    w.writeCompactNullableString(std::nullopt);
    w.writeCompactNullableString(std::string_view());
    QCOMPARE(hex(w), QByteArray("00 02 61 62 ff ff 03 61 62 00 01"));
  }

  void bytesForms() {
    const uint8_t raw[] = {9, 8};
    Writer w;
    w.writeBytes(raw);
    w.writeNullableBytes(std::nullopt);
    w.writeCompactBytes(raw);
    w.writeCompactNullableBytes(std::nullopt);
    QCOMPARE(hex(w), QByteArray("00 00 00 02 09 08 ff ff ff ff 03 09 08 00"));
  }

  void reserveAndPatch() {
    Writer w;
    std::size_t at = w.reserve(4);
    w.writeInt8(7);
    w.patchInt32(at, static_cast<int32_t>(w.size() - at - 4));
    QCOMPARE(hex(w), QByteArray("00 00 00 01 07"));
  }
};

QTEST_APPLESS_MAIN(TestByteWriter)
#include "tst_byte_writer.moc"
