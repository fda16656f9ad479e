// SHA-1 against the FIPS 180 test vectors (one, two and many blocks, a million bytes) and around
// the padding boundaries. ZooKeeper's digests of credentials are checked in tst_auth.
#include <QtTest>

#include <set>
#include <string>

#include "base/sha1.h"

using namespace pier;

namespace {

std::string hex(const std::array<uint8_t, 20>& d) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : d) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

std::array<uint8_t, 20> sha1Of(const std::string& s) {
  return sha1({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

}  // namespace

class TestSha1 : public QObject {
  Q_OBJECT

 private slots:
  void fipsVectors_data() {
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("digest");
    QTest::newRow("empty") << "" << "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    QTest::newRow("abc") << "abc" << "a9993e364706816aba3e25717850c26c9cd0d89d";
    QTest::newRow("448 bits") << "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
                              << "84983e441c3bd26ebaae4aa1f95129e5e54670f1";
    QTest::newRow("896 bits")
        << "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        << "a49b2446a02c645bf419f995b67091253a04a259";
  }
  void fipsVectors() {
    QFETCH(QString, message);
    QFETCH(QString, digest);
    QCOMPARE(QString::fromStdString(hex(sha1Of(message.toStdString()))), digest);
  }

  void millionAs() {
    QCOMPARE(hex(sha1Of(std::string(1000000, 'a'))), std::string("34aa973cd4c4daa4f61eeb2bdbad27316534016f"));
  }

  // Lengths around the 55/56/63/64-byte padding edges must all hash differently and stably.
  void paddingBoundaries() {
    std::set<std::string> seen;
    for (std::size_t n = 50; n <= 130; ++n) {
      const std::string digest = hex(sha1Of(std::string(n, 'x')));
      QVERIFY2(seen.insert(digest).second, "two lengths gave one digest");
      QCOMPARE(hex(sha1Of(std::string(n, 'x'))), digest);
    }
  }
};

QTEST_APPLESS_MAIN(TestSha1)
#include "tst_sha1.moc"
