// Idempotent producer state: the next sequence is appended, a retry of one of the last five
// batches is a duplicate answered with its original offsets, a gap is out of order, an older
// epoch is fenced, a new epoch restarts at sequence 0, sequences wrap at Int.MaxValue; idle
// producers expire; a snapshot keeps each producer's last batch.

#include <QtTest>

#include "storage/producer_state.h"

using namespace pier;
using namespace pier::storage;
namespace records = pier::protocol::records;

namespace {
records::BatchHeader batch(int64_t pid, int16_t epoch, int32_t firstSeq, int32_t count) {
  records::BatchHeader h;
  h.producerId = ProducerId(pid);
  h.producerEpoch = ProducerEpoch(epoch);
  h.baseSequence = firstSeq;
  h.lastOffsetDelta = count - 1;
  h.recordCount = count;
  return h;
}
}  // namespace

class TestProducerState : public QObject {
  Q_OBJECT

 private slots:
  void sequencesDuplicatesAndGaps() {
    ProducerState state;
    int64_t offset = 0;
    for (int i = 0; i < 8; ++i) {
      auto h = batch(7, 0, i * 10, 10);
      auto check = state.check(h);
      QVERIFY(check.isOk());
      QVERIFY(check->verdict == SequenceVerdict::Append);
      state.record(h, offset, 1000 + offset);
      offset += 10;
    }
    // A retry of batch 6 (sequences 60-69): the offsets it got the first time.
    auto retry = state.check(batch(7, 0, 60, 10));
    QVERIFY(retry.isOk());
    QVERIFY(retry->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(retry->duplicateOf.firstOffset, int64_t{60});
    // Batch 1 is no longer among the last five: out of order, not a duplicate.
    QVERIFY(state.check(batch(7, 0, 10, 10)).status().is(ProducerError::OutOfOrderSequence));
    Status gap = state.check(batch(7, 0, 90, 10)).status();
    QVERIFY(gap.is(ProducerError::OutOfOrderSequence));
  }

  void epochs() {
    ProducerState state;
    state.record(batch(3, 2, 0, 5), 0, 1000);
    QVERIFY(state.check(batch(3, 1, 5, 5)).status().is(ProducerError::InvalidProducerEpoch));
    QVERIFY(state.check(batch(3, 3, 5, 5)).status().is(ProducerError::OutOfOrderSequence));
    QVERIFY(state.check(batch(3, 3, 0, 5)).isOk());
    QVERIFY(state.check(batch(4, 0, 0, 1)).isOk());  // another producer
  }

  void sequencesWrap() {
    ProducerState state;
    state.record(batch(1, 0, INT32_MAX - 4, 5), 0, 1000);
    auto next = state.check(batch(1, 0, 0, 3));
    QVERIFY(next.isOk());
    QVERIFY(next->verdict == SequenceVerdict::Append);
  }

  void idleProducersExpire() {
    ProducerState state;
    state.record(batch(1, 0, 0, 1), 0, 1000);
    state.record(batch(2, 0, 0, 1), 1, 5000);
    QCOMPARE(state.removeExpired(5999, 5000), std::size_t{0});
    QCOMPARE(state.removeExpired(6000, 5000), std::size_t{1});  // 6000 - 1000 >= 5000
    QVERIFY(!state.contains(ProducerId(1)));
    QVERIFY(state.contains(ProducerId(2)));
    // A new batch refreshes the time.
    state.record(batch(2, 0, 1, 1), 2, 9000);
    QCOMPARE(state.removeExpired(12000, 5000), std::size_t{0});
    QCOMPARE(state.size(), std::size_t{1});
  }

  void snapshotsKeepTheLastBatch() {
    ProducerState state;
    for (int i = 0; i < 3; ++i) state.record(batch(9, 2, i * 4, 4), 100 + i * 4, 7000 + i);
    state.record(batch(5, 0, INT32_MAX - 1, 3), 50, 6000);  // wraps: sequences MAX-1, MAX, 0
    auto entries = state.snapshotEntries();
    QCOMPARE(entries.size(), std::size_t{2});
    QCOMPARE(entries[0], (ProducerSnapshotEntry{5, 0, 0, 52, 2, 6000, -1, -1}));
    QCOMPARE(entries[1], (ProducerSnapshotEntry{9, 2, 11, 111, 3, 7002, -1, -1}));
    ProducerState restored;
    restored.restore(entries);
    QCOMPARE(restored.snapshotEntries(), entries);
    auto dup = restored.check(batch(9, 2, 8, 4));
    QVERIFY(dup.isOk() && dup->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(dup->duplicateOf.firstOffset, int64_t{108});
    auto wrapped = restored.check(batch(5, 0, INT32_MAX - 1, 3));
    QVERIFY(wrapped.isOk() && wrapped->verdict == SequenceVerdict::Duplicate);
    QCOMPARE(wrapped->duplicateOf.firstOffset, int64_t{50});
    QVERIFY(restored.check(batch(5, 0, 1, 1))->verdict == SequenceVerdict::Append);
    // Only the last batch survives a snapshot (Kafka's format keeps one): older ones are gaps.
    QVERIFY(restored.check(batch(9, 2, 4, 4)).status().is(ProducerError::OutOfOrderSequence));
    QVERIFY(restored.check(batch(9, 1, 12, 4)).status().is(ProducerError::InvalidProducerEpoch));
  }
};

QTEST_APPLESS_MAIN(TestProducerState)
#include "tst_producer_state.moc"
