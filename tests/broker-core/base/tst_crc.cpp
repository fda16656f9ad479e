// CRC32C against the RFC 3720 (iSCSI) appendix B.4 vectors and the common check value, both
// implementations agreeing on every length and alignment, and zlib CRC32's check value.

#include <QtTest>

#include <numeric>
#include <vector>

#include "base/crc.h"
#include "base/prng.h"

using namespace pier;

namespace {
std::vector<uint8_t> bytesOf(std::initializer_list<int> values) {
  std::vector<uint8_t> out;
  for (int v : values) out.push_back(static_cast<uint8_t>(v));
  return out;
}
}  // namespace

class TestCrc : public QObject {
  Q_OBJECT

 private slots:
  void rfc3720_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<uint>("expected");
    QTest::newRow("32 zero bytes") << QByteArray(32, '\0') << 0x8A9136AAu;
    QTest::newRow("32 0xFF bytes") << QByteArray(32, '\xff') << 0x62A8AB43u;
    QByteArray up(32, 0), down(32, 0);
    for (int i = 0; i < 32; ++i) {
      up[i] = static_cast<char>(i);
      down[i] = static_cast<char>(31 - i);
    }
    QTest::newRow("incrementing 00..1f") << up << 0x46DD794Eu;
    QTest::newRow("decrementing 1f..00") << down << 0x113FDB5Cu;
    auto pdu = bytesOf({0x01, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                        0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
                        0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00, 0x18, 0x28, 0x00, 0x00, 0x00,
                        0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
    QTest::newRow("iSCSI read PDU") << QByteArray(reinterpret_cast<const char*>(pdu.data()), 48)
                                    << 0xD9963A56u;
    QTest::newRow("check value 123456789") << QByteArray("123456789") << 0xE3069283u;
    QTest::newRow("empty") << QByteArray() << 0x0u;
  }

  void rfc3720() {
    QFETCH(QByteArray, input);
    QFETCH(uint, expected);
    std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(input.constData()),
                                   static_cast<std::size_t>(input.size()));
    QCOMPARE(crc32cPortable(bytes), expected);
    QCOMPARE(crc32c(bytes), expected);
    if (crc32cHardwareAvailable()) QCOMPARE(crc32cHardware(bytes), expected);
  }

  // Lengths cross every internal block boundary (8, 256*3, 8192*3) at odd alignments.
  void hardwareMatchesPortable() {
    if (!crc32cHardwareAvailable()) QSKIP("this CPU has no SSE4.2 crc32 instruction");
    Prng prng(7);
    std::vector<uint8_t> buf = prng.bytes(3 * 8192 * 2 + 1000);
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n < 80; ++n) lengths.push_back(n);
    for (std::size_t n : {767u, 768u, 769u, 1535u, 1536u, 24575u, 24576u, 24577u, 49151u, 49152u})
      lengths.push_back(n);
    for (int i = 0; i < 200; ++i) lengths.push_back(static_cast<std::size_t>(prng.below(50000)));
    for (std::size_t n : lengths) {
      for (std::size_t align = 0; align < 3; ++align) {
        auto s = std::span<const uint8_t>(buf).subspan(align, n);
        QCOMPARE(crc32cHardware(s), crc32cPortable(s));
      }
    }
  }

  void extendingEqualsWhole() {
    Prng prng(11);
    std::vector<uint8_t> buf = prng.bytes(30000);
    uint32_t whole = crc32c(buf);
    for (std::size_t cut : {0u, 1u, 7u, 100u, 24576u, 29999u, 30000u}) {
      auto a = std::span<const uint8_t>(buf).first(cut);
      auto b = std::span<const uint8_t>(buf).subspan(cut);
      QCOMPARE(crc32c(b, crc32c(a)), whole);
      QCOMPARE(crc32cPortable(b, crc32cPortable(a)), whole);
    }
  }

  void detectsSingleBitFlip() {
    Prng prng(3);
    std::vector<uint8_t> buf = prng.bytes(4096);
    uint32_t before = crc32c(buf);
    buf[1234] ^= 0x10;
    QVERIFY(crc32c(buf) != before);
  }

  void crc32IeeeCheckValue() {
    const char* check = "123456789";
    QCOMPARE(crc32(std::span(reinterpret_cast<const uint8_t*>(check), 9)), 0xCBF43926u);
  }
};

QTEST_APPLESS_MAIN(TestCrc)
#include "tst_crc.moc"
