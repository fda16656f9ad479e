#include "daemon/pierctl/record_accumulator.h"

#include "protocol/records/batch_header.h"

namespace pier::pierctl {

namespace records = protocol::records;

namespace {

records::Record toRecord(ProducerRecord record) {
  records::Record r;
  r.key = std::move(record.key);
  r.value = std::move(record.value);
  r.headers = std::move(record.headers);
  return r;
}

int64_t lengthOf(const std::optional<std::vector<uint8_t>>& bytes) {
  return bytes ? static_cast<int64_t>(bytes->size()) : -1;
}

}  // namespace

std::size_t recordSizeBytes(const ProducerRecord& record) {
  records::Record r;
  r.key = record.key;
  r.value = record.value;
  r.headers = record.headers;
  return records::encodedRecordSize(r);
}

std::size_t singleRecordBatchBytes(const ProducerRecord& record) {
  return records::kBatchHeaderBytes + recordSizeBytes(record);
}

std::vector<ProducerBatch> RecordAccumulator::append(PartitionIndex partition,
                                                     ProducerRecord record, int64_t timestampMs) {
  std::vector<ProducerBatch> closed;
  const std::size_t size = recordSizeBytes(record);
  auto open = m_open.find(partition);
  if (open != m_open.end() && open->second.sizeBytes + size > m_batchSizeBytes) {
    closed.push_back(std::move(open->second));
    m_open.erase(open);
    open = m_open.end();
  }
  if (open == m_open.end()) {
    ProducerBatch fresh;
    fresh.partition = partition;
    fresh.baseTimestampMs = timestampMs;
    fresh.sizeBytes = records::kBatchHeaderBytes;
    open = m_open.emplace(partition, std::move(fresh)).first;
  }
  ProducerBatch& batch = open->second;
  batch.summaries.push_back(RecordSummary{lengthOf(record.key), lengthOf(record.value)});
  records::Record r = toRecord(std::move(record));
  r.offsetDelta = static_cast<int32_t>(batch.records.size());
  r.timestampDelta = timestampMs - batch.baseTimestampMs;
  batch.records.push_back(std::move(r));
  batch.sizeBytes += size;
  if (batch.sizeBytes >= m_batchSizeBytes) {
    closed.push_back(std::move(batch));
    m_open.erase(open);
  }
  return closed;
}

std::vector<ProducerBatch> RecordAccumulator::drain() {
  std::vector<ProducerBatch> closed;
  for (auto& [partition, batch] : m_open) closed.push_back(std::move(batch));
  m_open.clear();
  return closed;
}

}  // namespace pier::pierctl
