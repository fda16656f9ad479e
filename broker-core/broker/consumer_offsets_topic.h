#pragma once
// ConsumerOffsetsTopic: `__consumer_offsets` as the group coordinator sees it (group::OffsetsTopic)
// over the broker's TopicManager. The topic is created on first use, as Kafka creates it on the
// first FindCoordinator: offsets.topic.num.partitions partitions, cleanup.policy=compact and
// segment.bytes=offsets.topic.segment.bytes. It always gets one replica, whatever
// offsets.topic.replication.factor says: this broker is the only node.
//
// Owned by the Broker, used on its loop. Requires: `topics` and `config` outlive it.

#include <string_view>

#include "broker/broker_config.h"
#include "broker/topic_manager.h"
#include "group/offsets_topic.h"

namespace pier::broker {

class ConsumerOffsetsTopic final : public group::OffsetsTopic {
 public:
  static constexpr std::string_view kName = "__consumer_offsets";

  ConsumerOffsetsTopic(TopicManager& topics, const BrokerConfig& config)
      : m_topics(topics), m_config(config) {}

  int32_t partitionCount() const override;
  // CoordinatorNotAvailable (group domain) when the partition does not exist, or the topic
  // manager's error when the topic could not be created.
  Result<storage::PartitionLog*> partition(int32_t partition, int64_t nowMs) override;
  std::vector<storage::PartitionLog*> existing() override;

  // The topic configs it is created with.
  TopicOverrides overrides() const;

 private:
  TopicManager& m_topics;
  const BrokerConfig& m_config;
};

}  // namespace pier::broker
