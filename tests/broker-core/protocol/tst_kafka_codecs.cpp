// Every generated Kafka message, every version: seeded random values round-trip byte for
// byte, and malformed input (random bytes, truncations and mutations of valid encodings) is an
// error value, never a crash or a hang.
#include <QtTest>

#include <string>
#include <vector>

#include "base/prng.h"
#include "protocol/kafka/generated/api_table.h"
#include "protocol/kafka/generated/testing/message_cases.h"

using pier::Prng;
using pier::protocol::kafka::testing::allMessageCases;
using pier::protocol::kafka::testing::MessageCase;

namespace {

constexpr uint64_t kSeed = 0x9e3779b97f4a7c15ULL;
constexpr int kRoundTripsPerVersion = 25;
constexpr int kMutationsPerVersion = 40;

const MessageCase* findCase(const QString& name) {
  for (const MessageCase& c : allMessageCases()) {
    if (QString::fromUtf8(c.name.data(), static_cast<int>(c.name.size())) == name) return &c;
  }
  return nullptr;
}

void addMessageRows() {
  QTest::addColumn<QString>("message");
  for (const MessageCase& c : allMessageCases()) {
    const QString name = QString::fromUtf8(c.name.data(), static_cast<int>(c.name.size()));
    QTest::newRow(qPrintable(name)) << name;
  }
}

}  // namespace

class TestKafkaCodecs : public QObject {
  Q_OBJECT

 private slots:
  void everyApiHasRequestAndResponseCases() {
    using pier::protocol::kafka::kApis;
    QVERIFY(kApis.size() >= 70);
    for (const auto& api : kApis) {
      const QString name = QString::fromUtf8(api.name.data(), static_cast<int>(api.name.size()));
      const MessageCase* req = findCase(name + "Request");
      const MessageCase* resp = findCase(name + "Response");
      QVERIFY2(req && resp, qPrintable(name));
      QCOMPARE(req->minVersion, api.minVersion);
      QCOMPARE(req->maxVersion, api.maxVersion);
      QCOMPARE(resp->maxVersion, api.maxVersion);
    }
  }

  void roundTripEveryVersion_data() { addMessageRows(); }
  void roundTripEveryVersion() {
    QFETCH(QString, message);
    const MessageCase* c = findCase(message);
    QVERIFY(c);
    Prng prng(kSeed);
    std::vector<uint8_t> encoded;
    for (int16_t v = c->minVersion; v <= c->maxVersion; ++v) {
      for (int i = 0; i < kRoundTripsPerVersion; ++i) {
        const std::string failure = c->roundTrip(prng, v, encoded);
        QVERIFY2(failure.empty(), qPrintable(QString("%1 v%2 seed %3 iteration %4: %5")
                                                 .arg(message).arg(v).arg(kSeed).arg(i)
                                                 .arg(QString::fromStdString(failure))));
      }
    }
  }

  void unsupportedVersionsAreErrors_data() { addMessageRows(); }
  void unsupportedVersionsAreErrors() {
    QFETCH(QString, message);
    const MessageCase* c = findCase(message);
    const std::vector<uint8_t> bytes(64, 0);
    QVERIFY(!c->decode(bytes, static_cast<int16_t>(c->maxVersion + 1)).isOk());
    QVERIFY(!c->decode(bytes, -1).isOk());
  }

  // Every proper prefix of a valid encoding must fail: the decoder reads the same bytes in the
  // same order and so must run out before the end.
  void truncatedEncodingsAreErrors_data() { addMessageRows(); }
  void truncatedEncodingsAreErrors() {
    QFETCH(QString, message);
    const MessageCase* c = findCase(message);
    Prng prng(kSeed + 1);
    std::vector<uint8_t> encoded;
    for (int16_t v = c->minVersion; v <= c->maxVersion; ++v) {
      QVERIFY(c->roundTrip(prng, v, encoded).empty());
      QVERIFY(c->decode(encoded, v).isOk());
      for (std::size_t n = 0; n < encoded.size(); ++n) {
        const std::span<const uint8_t> prefix(encoded.data(), n);
        QVERIFY2(!c->decode(prefix, v).isOk(),
                 qPrintable(QString("%1 v%2: prefix of %3/%4 bytes decoded")
                                .arg(message).arg(v).arg(n).arg(encoded.size())));
      }
    }
  }

  // Random bytes and single-byte mutations of valid encodings: any outcome but a crash, hang
  // or runaway allocation is acceptable (the sanitizer build catches memory errors).
  void malformedInputNeverCrashes_data() { addMessageRows(); }
  void malformedInputNeverCrashes() {
    QFETCH(QString, message);
    const MessageCase* c = findCase(message);
    Prng prng(kSeed + 2);
    std::vector<uint8_t> encoded;
    for (int16_t v = c->minVersion; v <= c->maxVersion; ++v) {
      for (int i = 0; i < kMutationsPerVersion; ++i) {
        const std::vector<uint8_t> noise = prng.bytes(static_cast<std::size_t>(prng.below(48)));
        (void)c->decode(noise, v);
        // Lengths and counts near the edges (0xff.., 0x7f..) are the interesting mutations.
        QVERIFY(c->roundTrip(prng, v, encoded).empty());
        if (encoded.empty()) continue;
        const std::size_t at = static_cast<std::size_t>(prng.below(encoded.size()));
        static constexpr uint8_t kEdges[] = {0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff};
        encoded[at] = prng.chance(1, 2) ? kEdges[prng.below(6)] : static_cast<uint8_t>(prng.next());
        (void)c->decode(encoded, v);
      }
    }
  }
};

QTEST_APPLESS_MAIN(TestKafkaCodecs)
#include "tst_kafka_codecs.moc"
