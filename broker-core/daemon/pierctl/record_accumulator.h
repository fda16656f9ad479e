#pragma once
// RecordAccumulator: the console producer's per-partition batches (Kafka's RecordAccumulator,
// reduced to what a line-at-a-time producer needs). A record joins its partition's open batch;
// a batch closes when the next record would take it past batch.size bytes (it keeps at least
// one record, however large) or when it reaches batch.size; drain() closes all of them.
// Sizes are the uncompressed v2 record sizes plus the 61-byte batch header, as Kafka estimates
// them before compression.
//
// A value owned by one producer; no I/O, no clock (the caller passes each record's timestamp).
// Not thread-safe.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "base/ids.h"
#include "daemon/pierctl/line_message_reader.h"
#include "protocol/records/record.h"

namespace pier::pierctl {

// What an error line says of a record once its bytes are gone (Kafka's ErrorLoggingCallback:
// "key: null, value: 5 bytes").
struct RecordSummary {
  int64_t keyBytes = -1;  // -1: null
  int64_t valueBytes = -1;
  friend bool operator==(const RecordSummary&, const RecordSummary&) = default;
};

struct ProducerBatch {
  PartitionIndex partition{0};
  int64_t baseTimestampMs = 0;
  std::vector<protocol::records::Record> records;  // offset and timestamp deltas filled in
  std::vector<RecordSummary> summaries;            // one per record
  std::size_t sizeBytes = 0;                       // header + records, uncompressed
};

// Bytes a record adds to a batch, and what a batch of just this record takes
// (kBatchHeaderBytes more).
std::size_t recordSizeBytes(const ProducerRecord& record);
std::size_t singleRecordBatchBytes(const ProducerRecord& record);

class RecordAccumulator {
 public:
  explicit RecordAccumulator(std::size_t batchSizeBytes) : m_batchSizeBytes(batchSizeBytes) {}

  // Adds the record; returns the batches this closed (zero, one or two: the partition's
  // previous batch when the record did not fit, and the record's own when it filled it).
  std::vector<ProducerBatch> append(PartitionIndex partition, ProducerRecord record,
                                    int64_t timestampMs);
  // Closes every open batch, in partition order.
  std::vector<ProducerBatch> drain();
  bool empty() const { return m_open.empty(); }

 private:
  std::size_t m_batchSizeBytes;
  std::map<PartitionIndex, ProducerBatch> m_open;
};

}  // namespace pier::pierctl
