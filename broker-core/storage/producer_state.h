#pragma once
// ProducerState: the idempotent producer's view of one partition (Kafka's ProducerStateManager,
// without transactions): for every producer id, its epoch, the time of its last batch and the
// sequence ranges and offsets of its last five batches. Before a batch with a producer id is
// appended, check() says whether it is the next in sequence, a duplicate of a cached batch
// (answered with the original offsets, not appended again), or out of order; the log records
// every batch it appends (PartitionLog).
//
// Persisted as Kafka's producer snapshots (producer_snapshot.h), which keep each producer's
// last batch only, as Kafka's do. Producers idle for producer.id.expiration.ms are dropped
// (removeExpired), as Kafka drops them.
//
// Owned by its PartitionLog; used on its loop; not thread-safe.

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "storage/producer_snapshot.h"

namespace pier::storage {

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
  // A batch appended at `firstOffset` whose greatest timestamp (after LogAppendTime, if any) is
  // `maxTimestamp`. Batches without a producer id are ignored.
  void record(const protocol::records::BatchHeader& batch, int64_t firstOffset, int64_t maxTimestamp);

  // Drops producers whose last batch is expirationMs or more older than nowMs; returns how many.
  std::size_t removeExpired(int64_t nowMs, int64_t expirationMs);
  std::size_t size() const { return m_producers.size(); }
  bool contains(ProducerId id) const { return m_producers.contains(id.value()); }
  void clear() { m_producers.clear(); }

  // Every producer with its last batch, by producer id (a snapshot's entries).
  std::vector<ProducerSnapshotEntry> snapshotEntries() const;
  // Replaces the state with a snapshot's entries.
  void restore(const std::vector<ProducerSnapshotEntry>& entries);

 private:
  struct Entry {
    int16_t epoch = -1;
    int64_t lastTimestamp = -1;
    std::deque<ProducedBatch> batches;  // oldest first
  };
  std::map<int64_t, Entry> m_producers;
};

enum class ProducerError { OutOfOrderSequence, InvalidProducerEpoch };
std::string_view describe(ProducerError e);

}  // namespace pier::storage

PIER_ERROR_DOMAIN(pier::storage::ProducerError, "storage.producer");
