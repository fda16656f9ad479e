#pragma once
// Producer snapshots: the `<20-digit offset>.snapshot` files of a partition folder, Kafka's
// ProducerStateManager format version 1, byte for byte (docs/FORMAT-log.md):
//
//   version int16 (1) | crc uint32 | entries: int32 count, then per producer
//   producer_id int64 | epoch int16 | last_sequence int32 | last_offset int64 |
//   offset_delta int32 | timestamp int64 | coordinator_epoch int32 | current_txn_first_offset int64
//
// The CRC32C covers everything after the crc field. The offset in the name is the log end offset
// the state covers: the log from there on is replayed over it at load.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace pier::storage {

struct ProducerSnapshotEntry {
  int64_t producerId = -1;
  int16_t epoch = -1;
  int32_t lastSequence = -1;
  int64_t lastOffset = -1;  // -1: no batch kept
  int32_t offsetDelta = 0;  // last sequence - first sequence of that batch
  int64_t timestamp = -1;   // the batch's greatest timestamp
  int32_t coordinatorEpoch = -1;
  int64_t currentTxnFirstOffset = -1;

  friend bool operator==(const ProducerSnapshotEntry&, const ProducerSnapshotEntry&) = default;
};

inline constexpr int16_t kProducerSnapshotVersion = 1;

// The first sequence of the entry's batch: lastSequence - offsetDelta, wrapping below 0 to
// Int.MaxValue as Kafka's sequences do (DefaultRecordBatch.decrementSequence). Requires:
// lastSequence >= 0 and offsetDelta >= 0.
int32_t firstSequence(const ProducerSnapshotEntry& entry);

std::string encodeProducerSnapshot(const std::vector<ProducerSnapshotEntry>& entries);
// StorageError::CorruptSnapshot for an unknown version, a CRC mismatch or bytes that are not
// the layout above; never a crash, whatever the bytes. Bytes after the entries are ignored, as
// Kafka ignores them.
Result<std::vector<ProducerSnapshotEntry>> decodeProducerSnapshot(std::span<const uint8_t> bytes);

}  // namespace pier::storage
