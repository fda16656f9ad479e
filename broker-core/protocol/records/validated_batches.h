#pragma once
// ValidatedBatches: record batches that passed the checks a leader's append relies on, so the
// log appends them without reading them again (a produced batch's CRC32C is computed once, not
// once by the broker and again by the log). Only the two checks below make one:
//
// - validateBatchesForAppend: whole v2 batches and nothing after the last, each within
//   limits.batchBytesMax, a known compression type, a matching CRC32C (validateBatchShallow);
// - validateProducedBatches: the same, plus Kafka's produce rules on every record
//   (validateProducedBatch in record_view.h).
//
// It refers to the caller's bytes, which must outlive it and change only by the leader's in-place
// stamping (offsets, epoch, LogAppendTime: PartitionLog::appendAsLeader); it keeps each batch's
// header as validated. Errors: those of the checks, and CorruptBatch for a blob of no batches.
// Stateless functions; a ValidatedBatches is a value, not thread-safe to stamp concurrently.

#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record_view.h"

namespace pier::protocol::records {

class ValidatedBatches;

Result<ValidatedBatches> validateBatchesForAppend(std::span<uint8_t> blob, const BatchLimits& limits);
Result<ValidatedBatches> validateProducedBatches(std::span<uint8_t> blob, const BatchLimits& limits,
                                                 const ProduceRules& rules);

class ValidatedBatches {
 public:
  std::span<uint8_t> bytes() const { return m_bytes; }
  // One per batch, in order; each batch starts where the previous one's sizeBytes() ends.
  const std::vector<BatchHeader>& headers() const { return m_headers; }

 private:
  ValidatedBatches(std::span<uint8_t> bytes, std::vector<BatchHeader> headers)
      : m_bytes(bytes), m_headers(std::move(headers)) {}
  friend Result<ValidatedBatches> validateBatchesForAppend(std::span<uint8_t>, const BatchLimits&);
  friend Result<ValidatedBatches> validateProducedBatches(std::span<uint8_t>, const BatchLimits&,
                                                          const ProduceRules&);

  std::span<uint8_t> m_bytes;
  std::vector<BatchHeader> m_headers;
};

}  // namespace pier::protocol::records
