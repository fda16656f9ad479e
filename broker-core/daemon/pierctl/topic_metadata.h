#pragma once
// The partition count of one topic, asked of the connected broker as Kafka's producer and
// consumer ask it: Metadata with allowAutoTopicCreation (so a broker with
// auto.create.topics.enable creates a topic on first use), retried for a few seconds while the
// broker answers LEADER_NOT_AVAILABLE (Kafka's answer right after it creates a topic).
//
// Blocks on `session`; not thread-safe.

#include <cstdint>
#include <string>

#include "base/result.h"
#include "daemon/pierctl/broker_session.h"

namespace pier::pierctl {

// ClientError::BrokerError naming the topic's error code when the broker has no such topic.
Result<int32_t> topicPartitionCount(BrokerSession& session, const std::string& topic);

}  // namespace pier::pierctl
