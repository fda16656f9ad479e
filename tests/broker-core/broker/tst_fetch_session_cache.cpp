// FetchSessionCache (KIP-227): ids non-zero and unique, epochs from 1 and wrapping to 1, the
// max.incremental.fetch.session.cache.slots bound, and Kafka's eviction rules: a session unused
// for longer than the eviction time goes first; a fresh session is not evicted by a client's;
// once older than the eviction time, a session with fewer partitions gives way to a larger new
// one (not to a smaller one); a follower (privileged) may evict a client's session at once.

#include <QtTest>

#include <limits>
#include <set>

#include "broker/fetch_session_cache.h"

using namespace pier::broker;

namespace {
constexpr int64_t kEvictionMs = FetchSessionCache::kEvictionMs;

std::vector<SessionPartition> partitions(int count) {
  std::vector<SessionPartition> out;
  for (int i = 0; i < count; ++i) out.push_back(SessionPartition{"t", {}, i, 0, 1024});
  return out;
}
}  // namespace

class TestFetchSessionCache : public QObject {
  Q_OBJECT

 private slots:
  void idsAndEpochs() {
    FetchSessionCache cache(100, 7);
    std::set<int32_t> ids;
    for (int i = 0; i < 100; ++i) {
      const int32_t id = cache.maybeCreate(1000, false, partitions(1));
      QVERIFY(id > 0);
      ids.insert(id);
      QCOMPARE(cache.find(id)->epoch, 1);
    }
    QCOMPARE(ids.size(), std::size_t(100));
    QCOMPARE(cache.size(), std::size_t(100));
    QVERIFY(!cache.find(0));
    QCOMPARE(FetchSessionCache::nextEpoch(1), 2);
    QCOMPARE(FetchSessionCache::nextEpoch(std::numeric_limits<int32_t>::max()), 1);
    QCOMPARE(FetchSessionCache::nextEpoch(-1), -1);
    cache.remove(*ids.begin());
    QCOMPARE(cache.size(), std::size_t(99));
  }

  void boundedByTheSlots() {
    FetchSessionCache none(0, 1);
    QCOMPARE(none.maybeCreate(0, false, partitions(3)), 0);
    FetchSessionCache cache(2, 1);
    QVERIFY(cache.maybeCreate(0, false, partitions(1)) > 0);
    QVERIFY(cache.maybeCreate(0, false, partitions(1)) > 0);
    // Both fresh: a client's new session, however large, finds no room.
    QCOMPARE(cache.maybeCreate(10, false, partitions(50)), 0);
    QCOMPARE(cache.size(), std::size_t(2));
    QCOMPARE(cache.evictions(), uint64_t(0));
  }

  void staleSessionsGoFirst() {
    FetchSessionCache cache(2, 1);
    const int32_t old = cache.maybeCreate(0, false, partitions(10));
    const int32_t used = cache.maybeCreate(0, false, partitions(10));
    cache.touch(*cache.find(used), kEvictionMs);
    // `old` was last used more than kEvictionMs ago: it goes, even for a smaller session.
    const int32_t next = cache.maybeCreate(kEvictionMs + 1, false, partitions(1));
    QVERIFY(next > 0);
    QVERIFY(!cache.find(old));
    QVERIFY(cache.find(used));
    QCOMPARE(cache.evictions(), uint64_t(1));
  }

  void olderSessionsGiveWayToLargerOnes() {
    FetchSessionCache cache(2, 1);
    const int32_t small = cache.maybeCreate(0, false, partitions(2));
    const int32_t large = cache.maybeCreate(0, false, partitions(20));
    // Both used recently (not stale) but older than kEvictionMs: evictable by anyone.
    cache.touch(*cache.find(small), kEvictionMs + 10);
    cache.touch(*cache.find(large), kEvictionMs + 10);
    QCOMPARE(cache.maybeCreate(kEvictionMs + 20, false, partitions(1)), 0);  // smaller than both
    const int32_t bigger = cache.maybeCreate(kEvictionMs + 20, false, partitions(5));
    QVERIFY(bigger > 0);
    QVERIFY(!cache.find(small));  // the least valuable: fewest partitions
    QVERIFY(cache.find(large));
  }

  void aFollowerEvictsAClientSessionAtOnce() {
    FetchSessionCache cache(1, 1);
    const int32_t client = cache.maybeCreate(0, false, partitions(100));
    const int32_t follower = cache.maybeCreate(1, true, partitions(1));
    QVERIFY(follower > 0);
    QVERIFY(!cache.find(client));
    // A fresh privileged session is evictable by nobody.
    QCOMPARE(cache.maybeCreate(2, true, partitions(100)), 0);
    QCOMPARE(cache.maybeCreate(2, false, partitions(100)), 0);
  }
};

QTEST_APPLESS_MAIN(TestFetchSessionCache)
#include "tst_fetch_session_cache.moc"
