#pragma once
// OffsetsTopic: the door from the group coordinator to `__consumer_offsets`, implemented by the
// broker (which owns topics): the topic is created on first use, compacted, with
// offsets.topic.num.partitions partitions.
//
// Used on the broker's loop.

#include <cstdint>
#include <vector>

#include "base/result.h"
#include "storage/partition_log.h"

namespace pier::group {

class OffsetsTopic {
 public:
  virtual ~OffsetsTopic() = default;
  // The partition count groups are spread over: the topic's own once it exists, else the one it
  // will be created with.
  virtual int32_t partitionCount() const = 0;
  // The log of partition `partition`, creating the topic first when it does not exist.
  virtual Result<storage::PartitionLog*> partition(int32_t partition, int64_t nowMs) = 0;
  // The logs of the partitions that exist now (none before first use), by partition.
  virtual std::vector<storage::PartitionLog*> existing() = 0;
};

}  // namespace pier::group
