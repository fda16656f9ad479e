// Prng: a seed replays the same sequence (simulation failures depend on it), bounds hold, and
// the output is spread evenly enough to drive fault injection.

#include <QtTest>

#include <algorithm>
#include <numeric>

#include "base/prng.h"

using namespace pier;

class TestPrng : public QObject {
  Q_OBJECT

 private slots:
  void sameSeedSameSequence() {
    Prng a(1234), b(1234), c(1235);
    bool differs = false;
    for (int i = 0; i < 1000; ++i) {
      uint64_t x = a.next();
      QCOMPARE(x, b.next());
      differs |= x != c.next();
    }
    QVERIFY(differs);
  }

  // Pinned output, computed by an independent reference implementation of splitmix64-seeded
  // xoshiro256**: if this changes, every recorded simulation seed stops replaying.
  void pinnedSequence() {
    Prng p(0);
    QCOMPARE(p.next(), 0x99ec5f36cb75f2b4ULL);
    QCOMPARE(p.next(), 0xbf6e1f784956452aULL);
    QCOMPARE(p.below(1000), uint64_t{103});
  }

  void belowStaysInBounds() {
    Prng p(9);
    for (uint64_t bound : {uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{1000}, ~uint64_t{0}}) {
      for (int i = 0; i < 1000; ++i) QVERIFY(p.below(bound) < bound);
    }
    for (int i = 0; i < 1000; ++i) {
      int64_t v = p.between(-3, 3);
      QVERIFY(v >= -3 && v <= 3);
    }
    QCOMPARE(p.between(5, 5), int64_t{5});
  }

  void roughlyUniform() {
    Prng p(77);
    std::array<int, 10> counts{};
    for (int i = 0; i < 100000; ++i) counts[p.below(10)]++;
    for (int c : counts) QVERIFY2(c > 9500 && c < 10500, QByteArray::number(c).constData());
    int hits = 0;
    for (int i = 0; i < 100000; ++i) hits += p.chance(1, 4) ? 1 : 0;
    QVERIFY(hits > 24000 && hits < 26000);
  }

  void shuffleIsAPermutation() {
    Prng p(5);
    std::vector<int> v(100);
    std::iota(v.begin(), v.end(), 0);
    auto original = v;
    p.shuffle(std::span(v));
    QVERIFY(v != original);
    std::sort(v.begin(), v.end());
    QCOMPARE(v, original);
  }

  void fillIsDeterministic() {
    Prng a(3), b(3);
    QCOMPARE(a.bytes(13), b.bytes(13));
  }

};

QTEST_APPLESS_MAIN(TestPrng)
#include "tst_prng.moc"
