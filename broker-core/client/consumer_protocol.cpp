#include "client/consumer_protocol.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "base/assert.h"
#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "client/kafka_error.h"
#include "protocol/kafka/generated/consumer_protocol_assignment.h"
#include "protocol/kafka/generated/consumer_protocol_subscription.h"

namespace pier::client {

using protocol::kafka::ConsumerProtocolAssignment;
using protocol::kafka::ConsumerProtocolSubscription;

namespace {

constexpr int16_t kWrittenVersion = 3;

// Partitions by topic, ascending, as the TopicPartition arrays carry them.
std::map<std::string, std::vector<int32_t>> byTopic(const std::vector<TopicPartition>& partitions) {
  std::map<std::string, std::vector<int32_t>> topics;
  for (const TopicPartition& tp : partitions) topics[tp.topic].push_back(tp.partition.value());
  for (auto& [topic, indexes] : topics) {
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  }
  return topics;
}

template <typename Part>
std::vector<TopicPartition> flatten(const std::vector<Part>& parts) {
  std::vector<TopicPartition> out;
  for (const auto& t : parts) {
    for (int32_t p : t.partitions) out.push_back(TopicPartition{t.topic, PartitionIndex(p)});
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The version prefix, checked; the version to decode the rest with.
template <typename Message>
Result<int16_t> readVersion(Reader& r, std::string_view what) {
  PIER_ASSIGN_OR_RETURN(int16_t version, r.readInt16());
  if (version < Message::kMinVersion) {
    return Status(ClientError::UnexpectedAnswer,
                  fmt::format("unsupported {} version {}", what, version));
  }
  return std::min(version, Message::kMaxVersion);
}

template <typename Message>
std::vector<uint8_t> encodeVersioned(const Message& message) {
  Writer w;
  w.writeInt16(kWrittenVersion);
  const Status s = message.encode(w, kWrittenVersion);
  PIER_ASSERT(s.isOk(), "a consumer protocol message always encodes at version 3");
  return w.take();
}

}  // namespace

std::vector<uint8_t> encodeConsumerSubscription(const ConsumerSubscription& subscription) {
  ConsumerProtocolSubscription m;
  m.topics = subscription.topics;
  for (auto& [topic, indexes] : byTopic(subscription.ownedPartitions)) {
    m.ownedPartitions.push_back({topic, indexes, {}});
  }
  m.generationId = subscription.generationId;
  m.rackId = subscription.rackId;
  return encodeVersioned(m);
}

Result<ConsumerSubscription> decodeConsumerSubscription(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  PIER_ASSIGN_OR_RETURN(int16_t version,
                        readVersion<ConsumerProtocolSubscription>(r, "subscription"));
  PIER_ASSIGN_OR_RETURN(ConsumerProtocolSubscription m,
                        ConsumerProtocolSubscription::decode(r, version));
  return ConsumerSubscription{m.topics, flatten(m.ownedPartitions), m.generationId, m.rackId};
}

std::vector<uint8_t> encodeConsumerAssignment(const std::vector<TopicPartition>& partitions) {
  ConsumerProtocolAssignment m;
  for (auto& [topic, indexes] : byTopic(partitions))
    m.assignedPartitions.push_back({topic, indexes, {}});
  return encodeVersioned(m);
}

Result<std::vector<TopicPartition>> decodeConsumerAssignment(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return std::vector<TopicPartition>{};
  Reader r(bytes);
  PIER_ASSIGN_OR_RETURN(int16_t version, readVersion<ConsumerProtocolAssignment>(r, "assignment"));
  PIER_ASSIGN_OR_RETURN(ConsumerProtocolAssignment m,
                        ConsumerProtocolAssignment::decode(r, version));
  return flatten(m.assignedPartitions);
}

}  // namespace pier::client
