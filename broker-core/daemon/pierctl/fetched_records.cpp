#include "daemon/pierctl/fetched_records.h"

#include <algorithm>

#include "protocol/records/batch_iterator.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"

namespace pier::pierctl {

namespace records = protocol::records;

namespace {

// Kafka's ConsumerRecord timestamp: the batch's max timestamp for LogAppendTime, the record's
// own otherwise.
void addBatch(FetchedRecords& out, PartitionIndex partition, Offset fetchOffset,
              records::RecordBatch batch) {
  const records::BatchHeader& h = batch.header;
  out.nextOffset = std::max(out.nextOffset, Offset(h.lastOffset().value() + 1));
  if (h.isControl()) return;
  for (records::Record& r : batch.records) {
    const Offset offset(h.baseOffset.value() + r.offsetDelta);
    if (offset < fetchOffset) continue;
    ConsumedRecord c;
    c.partition = partition;
    c.offset = offset;
    c.timestampType = h.timestampType();
    c.timestampMs = h.timestampType() == records::TimestampType::LogAppendTime
                        ? h.maxTimestamp
                        : h.baseTimestamp + r.timestampDelta;
    c.key = std::move(r.key);
    c.value = std::move(r.value);
    c.headers = std::move(r.headers);
    out.records.push_back(std::move(c));
  }
}

void addMessages(FetchedRecords& out, PartitionIndex partition, Offset fetchOffset,
                 records::LegacyMessageSet set) {
  for (records::LegacyMessage& m : set.messages) {
    out.nextOffset = std::max(out.nextOffset, Offset(m.offset + 1));
    if (Offset(m.offset) < fetchOffset) continue;
    ConsumedRecord c;
    c.partition = partition;
    c.offset = Offset(m.offset);
    if (m.magic > 0) c.timestampType = m.timestampType;
    c.timestampMs = m.timestamp;
    c.key = std::move(m.key);
    c.value = std::move(m.value);
    out.records.push_back(std::move(c));
  }
}

// Decodes one entry into `out`; its error when it does not decode.
Status addEntry(FetchedRecords& out, PartitionIndex partition, Offset fetchOffset,
                const records::BatchEntry& entry, const records::BatchLimits& limits) {
  if (entry.magic == records::kMagicV2) {
    PIER_ASSIGN_OR_RETURN(records::RecordBatch batch, records::decodeBatch(entry.bytes, limits));
    addBatch(out, partition, fetchOffset, std::move(batch));
    return Status::ok();
  }
  PIER_ASSIGN_OR_RETURN(records::LegacyMessageSet set,
                        records::decodeMessageSet(entry.bytes, limits));
  addMessages(out, partition, fetchOffset, std::move(set));
  return Status::ok();
}

std::optional<Offset> offsetAfter(const records::BatchEntry& entry) {
  if (entry.magic != records::kMagicV2) return std::nullopt;
  auto header = records::decodeBatchHeader(entry.bytes);
  if (!header) return std::nullopt;
  return Offset(header->lastOffset().value() + 1);
}

}  // namespace

FetchedRecords decodeFetchedRecords(PartitionIndex partition, Offset fetchOffset,
                                    std::span<const uint8_t> blob,
                                    const records::BatchLimits& limits) {
  FetchedRecords out;
  out.nextOffset = fetchOffset;
  records::BatchIterator batches(blob);
  while (true) {
    auto entry = batches.next();
    if (!entry) {
      // A batch cut off at the end of the answer comes whole in the next fetch.
      if (!entry.status().is(protocol::RecordError::PartialBatch)) out.error = entry.status();
      return out;
    }
    if (!*entry) return out;
    if (Status added = addEntry(out, partition, fetchOffset, **entry, limits); !added) {
      out.error = added;
      out.skipTo = offsetAfter(**entry);
      return out;
    }
  }
}

}  // namespace pier::pierctl
