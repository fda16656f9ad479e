#include "protocol/records/validated_batches.h"

#include <fmt/format.h>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

// Walks `blob` batch by batch, `check` validating each one and returning its header.
template <typename Check>
Result<std::vector<BatchHeader>> validateEach(std::span<const uint8_t> blob, Check check) {
  std::vector<BatchHeader> headers;
  BatchIterator it(blob);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto entry, it.next());
    if (!entry) break;
    PIER_ASSIGN_OR_RETURN(BatchHeader h, check(entry->bytes));
    headers.push_back(h);
  }
  if (headers.empty()) return Status(RecordError::CorruptBatch, "no record batch");
  return headers;
}

}  // namespace

Result<ValidatedBatches> validateBatchesForAppend(std::span<uint8_t> blob, const BatchLimits& limits) {
  PIER_ASSIGN_OR_RETURN(auto headers,
                        validateEach(blob, [&](std::span<const uint8_t> b) { return validateBatchShallow(b, limits); }));
  return ValidatedBatches(blob, std::move(headers));
}

Result<ValidatedBatches> validateProducedBatches(std::span<uint8_t> blob, const BatchLimits& limits,
                                                 const ProduceRules& rules) {
  PIER_ASSIGN_OR_RETURN(auto headers, validateEach(blob, [&](std::span<const uint8_t> b) {
                          return validateProducedBatch(b, limits, rules);
                        }));
  return ValidatedBatches(blob, std::move(headers));
}

}  // namespace pier::protocol::records
