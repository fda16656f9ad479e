#pragma once
// Which partition `pierctl console-producer` sends a record to, as Kafka 3.8's producer does
// without a custom partitioner:
//
// - a record with a key: murmur2 of the key bytes, made positive (& 0x7fffffff), modulo the
//   partition count (Kafka's BuiltInPartitioner.partitionForKey, the same as librdkafka's
//   "murmur2_random" and kcat's -X partitioner=murmur2_random);
// - a record without a key: the "sticky" partition, kept until batch.size bytes have gone to it,
//   then the next one (KIP-794's uniform sticky partitioner without its adaptive weighting,
//   and moving round-robin where Kafka picks the next partition at random).
//
// murmur2 and partitionForKey are pure; a StickyPartitioner is a value owned by one producer,
// not thread-safe.

#include <cstdint>
#include <span>

#include "base/ids.h"

namespace pier::pierctl {

// Kafka's Utils.murmur2 (seed 0x9747b28c), as a signed 32-bit value like Java's.
int32_t murmur2(std::span<const uint8_t> data);

// Requires: partitionCount > 0.
PartitionIndex partitionForKey(std::span<const uint8_t> key, int32_t partitionCount);

class StickyPartitioner {
 public:
  // Requires: partitionCount > 0, 0 <= first < partitionCount.
  StickyPartitioner(int32_t partitionCount, int32_t first, int64_t batchSizeBytes);

  // The partition for a record of `recordBytes` without a key; the next record moves on once
  // at least batch.size bytes went to this one.
  PartitionIndex partitionFor(int64_t recordBytes);

 private:
  int32_t m_partitionCount;
  int32_t m_current;
  int64_t m_batchSizeBytes;
  int64_t m_producedBytes = 0;
};

}  // namespace pier::pierctl
