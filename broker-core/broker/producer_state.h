#pragma once
// ProducerState: the idempotent producer's view of one partition (Kafka's ProducerStateManager,
// without transactions): for every producer id, its epoch and the sequence ranges and offsets
// of its last five batches. Before a batch with a producer id is appended, check() says whether
// it is the next in sequence, a duplicate of a cached batch (answered with the original offsets,
// not appended again), or out of order; after the append, record() remembers it.
//
// Rebuilt after a restart from the batch headers of the log (PartitionLog::forEachBatchHeader).
// Owned by the broker's topic manager; used on its loop; not thread-safe.

#include <cstdint>
#include <deque>
#include <map>
#include <optional>

#include "base/ids.h"
#include "base/result.h"
#include "protocol/records/batch_header.h"

namespace pier::broker {

struct ProducedBatch {
  int32_t firstSequence = 0;
  int32_t lastSequence = 0;
  int64_t firstOffset = 0;
  int64_t lastOffset = 0;
};

enum class SequenceVerdict { Append, Duplicate };

struct SequenceCheck {
  SequenceVerdict verdict = SequenceVerdict::Append;
  ProducedBatch duplicateOf;  // for Duplicate: where the batch already is
};

class ProducerState {
 public:
  static constexpr std::size_t kBatchesKept = 5;  // Kafka's NUM_BATCHES_TO_RETAIN

  // OUT_OF_ORDER_SEQUENCE_NUMBER / INVALID_PRODUCER_EPOCH as ProducerError values.
  Result<SequenceCheck> check(const protocol::records::BatchHeader& batch) const;
  void record(const protocol::records::BatchHeader& batch, int64_t firstOffset);

 private:
  struct Entry {
    int16_t epoch = -1;
    std::deque<ProducedBatch> batches;  // oldest first
  };
  std::map<int64_t, Entry> m_producers;
};

enum class ProducerError { OutOfOrderSequence, InvalidProducerEpoch };
std::string_view describe(ProducerError e);

}  // namespace pier::broker

PIER_ERROR_DOMAIN(pier::broker::ProducerError, "broker.producer");
