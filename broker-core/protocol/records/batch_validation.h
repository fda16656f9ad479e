#pragma once
// Validation the broker runs on records it receives, in two tiers:
//
// - validateRecordsShallow: the fast path for every Produce. Walks the blob and checks each
//   batch's framing, magic (2 only), compression type and CRC32C; touches no record and
//   decompresses nothing, so it runs at CRC32C speed.
// - validateBatchRecords: the deep rules Kafka's LogValidator applies once records are decoded
//   (decodeBatch already bounds decompressed size and checks the record count against the
//   header): offset deltas 0,1,2,... consecutive, lastOffsetDelta matching, CreateTime
//   maxTimestamp matching the records, control batches holding one control record.
//
// Stateless; thread-safe.

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record_batch.h"

namespace pier::protocol::records {

struct ShallowSummary {
  std::size_t batchCount = 0;
  int64_t recordCount = 0;   // sum of the headers' record counts
  int64_t offsetSpan = 0;    // sum of lastOffsetDelta + 1
};

// Produce-side: the blob must hold one or more whole v2 batches, nothing else. A trailing
// partial batch is CorruptBatch here (a producer never sends one), unlike in BatchIterator.
Result<ShallowSummary> validateRecordsShallow(std::span<const uint8_t> blob, const BatchLimits& limits = {});

// Deep record rules on a decoded batch. InvalidRecord naming the first broken rule.
Status validateBatchRecords(const RecordBatch& batch);

}  // namespace pier::protocol::records
