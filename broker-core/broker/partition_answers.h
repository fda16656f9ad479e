#pragma once
// answerPartitions: the per-partition part of an OffsetCommit or OffsetDelete answer, in the
// request's order. known[k] says whether the k-th partition named (counting across topics)
// belongs to a topic this broker has: if not, UNKNOWN_TOPIC_OR_PARTITION; if so, the next of
// `results` (what the group coordinator said for it), as a Kafka error code.

#include <cstddef>
#include <vector>

#include "base/status.h"
#include "broker/error_mapping.h"

namespace pier::broker {

template <typename ResponseTopic, typename RequestTopics>
std::vector<ResponseTopic> answerPartitions(const RequestTopics& topics, const std::vector<bool>& known,
                                            const std::vector<Status>& results) {
  std::vector<ResponseTopic> out;
  std::size_t k = 0;
  std::size_t r = 0;
  for (const auto& topic : topics) {
    auto& answered = out.emplace_back();
    answered.name = topic.name;
    for (const auto& p : topic.partitions) {
      auto& partition = answered.partitions.emplace_back();
      partition.partitionIndex = p.partitionIndex;
      if (!known[k++]) {
        partition.errorCode = kafka_error::kUnknownTopicOrPartition;
      } else {
        partition.errorCode = r < results.size() ? kafkaGroupErrorCode(results[r]) : kafka_error::kUnknownServerError;
        ++r;
      }
    }
  }
  return out;
}

}  // namespace pier::broker
