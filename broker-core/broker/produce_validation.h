#pragma once
// The record checks a leader runs on produced data before appending it, as Kafka's
// LogValidator does: every batch walks (decompressed within limits, records read in place, not
// copied), its records carry consecutive offset deltas and a matching count and max timestamp,
// no control batch comes from a client, a compacted topic gets no record without a key, and
// CreateTime timestamps lie within message.timestamp.before/after.max.ms of now
// (records::validateProducedBatch). Errors are RecordError::InvalidRecord (or the
// decoder's CorruptBatch / CrcMismatch / UnsupportedCompression), mapped to Kafka codes by
// error_mapping. Stateless; thread-safe.

#include <cstdint>
#include <span>

#include "base/result.h"
#include "storage/log_config.h"

namespace pier::broker {

Status validateProducedRecords(std::span<const uint8_t> records, const storage::LogConfig& config, int64_t nowMs);

}  // namespace pier::broker
