#pragma once
// The record checks a leader runs on produced data before appending it, as Kafka's
// LogValidator does: every batch walks (decompressed within limits, records read in place, not
// copied), its records carry consecutive offset deltas and a matching count and max timestamp,
// no control batch comes from a client, a compacted topic gets no record without a key, and
// CreateTime timestamps lie within message.timestamp.before/after.max.ms of now
// (records::validateProducedBatch). Errors are RecordError::InvalidRecord (or the
// decoder's CorruptBatch / CrcMismatch / UnsupportedCompression), mapped to Kafka codes by
// error_mapping; a batch over max.message.bytes is StorageError::RecordTooLarge before anything
// else is read (Kafka's order). The result goes to PartitionLog::appendAsLeader as it is: the log
// does not check the batches again. Stateless; thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/records/validated_batches.h"
#include "storage/log_config.h"

namespace pier::broker {

Result<protocol::records::ValidatedBatches> validateProducedRecords(std::span<uint8_t> records,
                                                                    const storage::LogConfig& config, int64_t nowMs);

// Kafka's LogValidator for a topic whose compression.type names a codec: every validated batch
// compressed otherwise is rebuilt with that codec at the topic's level
// (compression.gzip/lz4/zstd.level), its records, producer fields, sequence, epochs and
// timestamps kept. nullopt when every batch already has the codec (or compression.type is
// "producer"): the records are appended as they came. The result must be validated again.
Result<std::optional<std::vector<uint8_t>>> recompressForTopic(const protocol::records::ValidatedBatches& batches,
                                                               const storage::LogConfig& config);

// Kafka's ProduceRequest.validateRecords, per partition before anything else: from v3 the
// records must be exactly one magic v2 batch (InvalidRecord), and before v7 not zstd
// (UnsupportedCompression). v0-2 are not checked (Kafka accepts any magic there; legacy
// message sets are then up-converted).
Status validateProduceRequestRecords(int16_t version, std::span<const uint8_t> records);

}  // namespace pier::broker
