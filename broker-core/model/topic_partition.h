#pragma once
// TopicPartition: a topic name and a partition index, the key of almost everything a broker
// stores. Ordered by (topic, partition) so maps over it iterate deterministically, as
// checkpoint files list them. A value type.

#include <compare>
#include <string>

#include "base/ids.h"

namespace pier {

struct TopicPartition {
  std::string topic;
  PartitionIndex partition{0};

  friend auto operator<=>(const TopicPartition&, const TopicPartition&) = default;
  friend bool operator==(const TopicPartition&, const TopicPartition&) = default;
};

}  // namespace pier
