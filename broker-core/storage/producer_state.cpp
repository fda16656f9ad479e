#include "storage/producer_state.h"

#include <limits>

#include <fmt/format.h>

namespace pier::storage {

namespace records = protocol::records;

std::string_view describe(ProducerError e) {
  switch (e) {
    case ProducerError::OutOfOrderSequence: return "OutOfOrderSequence";
    case ProducerError::InvalidProducerEpoch: return "InvalidProducerEpoch";
  }
  return "Unknown";
}

namespace {

// Sequences wrap from Int.MaxValue to 0, as Kafka's DefaultRecordBatch.incrementSequence.
int32_t nextSequence(int32_t sequence) {
  return sequence == std::numeric_limits<int32_t>::max() ? 0 : sequence + 1;
}

int32_t lastSequenceOf(const records::BatchHeader& h) {
  const int64_t last = static_cast<int64_t>(h.baseSequence) + h.lastOffsetDelta;
  return static_cast<int32_t>(last > std::numeric_limits<int32_t>::max() ? last - std::numeric_limits<int32_t>::max() - 1
                                                                         : last);
}

}  // namespace

Result<SequenceCheck> ProducerState::check(const records::BatchHeader& h) const {
  const int16_t epoch = h.producerEpoch.value();
  auto it = m_producers.find(h.producerId.value());
  if (it == m_producers.end() || epoch > it->second.epoch) {
    // A new producer, or a new epoch of one: its sequence starts at 0 (Kafka checks the same).
    if (h.baseSequence != 0 && it != m_producers.end()) {
      return Status(ProducerError::OutOfOrderSequence,
                    fmt::format("producer {} epoch {}: a new epoch must start at sequence 0, got {}",
                                h.producerId.value(), epoch, h.baseSequence));
    }
    return SequenceCheck{};
  }
  const Entry& entry = it->second;
  if (epoch < entry.epoch) {
    return Status(ProducerError::InvalidProducerEpoch,
                  fmt::format("producer {}: epoch {} is older than the current {}", h.producerId.value(), epoch,
                              entry.epoch));
  }
  for (const ProducedBatch& b : entry.batches) {
    if (b.firstSequence == h.baseSequence && b.lastSequence == lastSequenceOf(h)) {
      return SequenceCheck{SequenceVerdict::Duplicate, b};
    }
  }
  const int32_t expected = entry.batches.empty() ? 0 : nextSequence(entry.batches.back().lastSequence);
  if (h.baseSequence != expected) {
    return Status(ProducerError::OutOfOrderSequence,
                  fmt::format("producer {} epoch {}: sequence {} where {} was expected", h.producerId.value(), epoch,
                              h.baseSequence, expected));
  }
  return SequenceCheck{};
}

void ProducerState::record(const records::BatchHeader& h, int64_t firstOffset, int64_t maxTimestamp) {
  if (h.producerId.value() < 0) return;
  Entry& entry = m_producers[h.producerId.value()];
  if (h.producerEpoch.value() > entry.epoch) {
    entry.epoch = h.producerEpoch.value();
    entry.batches.clear();
  }
  entry.lastTimestamp = maxTimestamp;
  entry.batches.push_back(ProducedBatch{h.baseSequence, lastSequenceOf(h), firstOffset, firstOffset + h.lastOffsetDelta});
  while (entry.batches.size() > kBatchesKept) entry.batches.pop_front();
}

std::size_t ProducerState::removeExpired(int64_t nowMs, int64_t expirationMs) {
  return std::erase_if(m_producers, [&](const auto& kv) { return nowMs - kv.second.lastTimestamp >= expirationMs; });
}

std::vector<ProducerSnapshotEntry> ProducerState::snapshotEntries() const {
  std::vector<ProducerSnapshotEntry> out;
  out.reserve(m_producers.size());
  for (const auto& [id, entry] : m_producers) {
    ProducerSnapshotEntry e;
    e.producerId = id;
    e.epoch = entry.epoch;
    e.timestamp = entry.lastTimestamp;
    if (!entry.batches.empty()) {
      const ProducedBatch& last = entry.batches.back();
      e.lastSequence = last.lastSequence;
      e.lastOffset = last.lastOffset;
      e.offsetDelta = static_cast<int32_t>(last.lastOffset - last.firstOffset);
    }
    out.push_back(e);
  }
  return out;
}

void ProducerState::restore(const std::vector<ProducerSnapshotEntry>& entries) {
  m_producers.clear();
  for (const ProducerSnapshotEntry& e : entries) {
    Entry& entry = m_producers[e.producerId];
    entry.epoch = e.epoch;
    entry.lastTimestamp = e.timestamp;
    if (e.lastOffset >= 0 && e.offsetDelta >= 0 && e.lastSequence >= 0) {
      entry.batches.push_back(ProducedBatch{firstSequence(e), e.lastSequence,
                                            e.lastOffset - e.offsetDelta, e.lastOffset});
    }
  }
}

}  // namespace pier::storage
