#pragma once
// The strong ids shared across broker-core. Kafka and ZooKeeper terms as their docs use them.

#include <cstdint>

#include "base/strong_id.h"

namespace pier {

using NodeId = StrongId<struct NodeIdTag, int32_t>;              // broker.id / keeper myid
using PartitionIndex = StrongId<struct PartitionIndexTag, int32_t>;
using Offset = StrongId<struct OffsetTag, int64_t>;              // position in a partition log
using LeaderEpoch = StrongId<struct LeaderEpochTag, int32_t>;
using ControllerEpoch = StrongId<struct ControllerEpochTag, int32_t>;
using ProducerId = StrongId<struct ProducerIdTag, int64_t>;
using ProducerEpoch = StrongId<struct ProducerEpochTag, int16_t>;
using GenerationId = StrongId<struct GenerationIdTag, int32_t>;  // consumer group generation
using Zxid = StrongId<struct ZxidTag, int64_t>;                  // ZooKeeper transaction id
using SessionId = StrongId<struct SessionIdTag, int64_t>;        // ZooKeeper session
using CorrelationId = StrongId<struct CorrelationIdTag, int32_t>;

}  // namespace pier
