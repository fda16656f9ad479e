// Idempotent producer state: the next sequence is appended, a retry of one of the last five
// batches is a duplicate answered with its original offsets, a gap is out of order, an older
// epoch is fenced, a new epoch restarts at sequence 0, sequences wrap at Int.MaxValue.

#include <QtTest>

#include "broker/error_mapping.h"
#include "broker/producer_state.h"

using namespace pier;
using namespace pier::broker;
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
      state.record(h, offset);
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
    QCOMPARE(kafkaErrorCode(gap), kafka_error::kOutOfOrderSequenceNumber);
  }

  void epochs() {
    ProducerState state;
    state.record(batch(3, 2, 0, 5), 0);
    QVERIFY(state.check(batch(3, 1, 5, 5)).status().is(ProducerError::InvalidProducerEpoch));
    QVERIFY(state.check(batch(3, 3, 5, 5)).status().is(ProducerError::OutOfOrderSequence));
    QVERIFY(state.check(batch(3, 3, 0, 5)).isOk());
    QVERIFY(state.check(batch(4, 0, 0, 1)).isOk());  // another producer
  }

  void sequencesWrap() {
    ProducerState state;
    state.record(batch(1, 0, INT32_MAX - 4, 5), 0);
    auto next = state.check(batch(1, 0, 0, 3));
    QVERIFY(next.isOk());
    QVERIFY(next->verdict == SequenceVerdict::Append);
  }
};

QTEST_APPLESS_MAIN(TestProducerState)
#include "tst_producer_state.moc"
