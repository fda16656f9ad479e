#include "broker/consumer_offsets_topic.h"

#include <string>

#include <fmt/format.h>

#include "group/group_error.h"

namespace pier::broker {

namespace {
const std::string& topicName() {
  static const std::string name(ConsumerOffsetsTopic::kName);
  return name;
}
}  // namespace

int32_t ConsumerOffsetsTopic::partitionCount() const {
  // Once it exists, the topic's own count decides where groups live, even when the config has
  // changed since: moving groups between partitions would lose them.
  const TopicState* state = m_topics.find(topicName());
  return state ? state->partitionCount : m_config.offsetsTopicNumPartitions;
}

TopicOverrides ConsumerOffsetsTopic::overrides() const {
  // Kafka also sets compression.type=producer, which is what Pier's logs already do (keep the
  // producer's compression); Pier's topic configs do not know that key yet, so it is left out.
  return {{"cleanup.policy", "compact"},
          {"segment.bytes", std::to_string(m_config.offsetsTopicSegmentBytes)}};
}

Result<storage::PartitionLog*> ConsumerOffsetsTopic::partition(int32_t partition, int64_t nowMs) {
  if (!m_topics.find(topicName())) {
    PIER_RETURN_IF_ERROR(
        m_topics.create(topicName(), m_config.offsetsTopicNumPartitions, overrides(), nowMs));
  }
  storage::PartitionLog* log = m_topics.log(TopicPartition{topicName(), PartitionIndex(partition)});
  if (!log) {
    return Status(group::GroupError::CoordinatorNotAvailable,
                  fmt::format("{}-{} does not exist", kName, partition));
  }
  return log;
}

std::vector<storage::PartitionLog*> ConsumerOffsetsTopic::existing() {
  std::vector<storage::PartitionLog*> logs;
  const TopicState* state = m_topics.find(topicName());
  if (!state) return logs;
  for (int32_t p = 0; p < state->partitionCount; ++p) {
    if (storage::PartitionLog* log = m_topics.log(TopicPartition{topicName(), PartitionIndex(p)}))
      logs.push_back(log);
  }
  return logs;
}

}  // namespace pier::broker
