#pragma once
// Errors of the broker module that are not another module's: configuration, startup, and the
// leader epoch a request expects (KIP-320), the in-sync replicas acks=all needs.

#include <string_view>

#include "base/status.h"

namespace pier::broker {

enum class BrokerError {
  InvalidConfig,  // a server.properties value that does not parse or is out of range (names both)
  StartupFailed,  // a listener or log directory the broker could not take
  InvalidTopic,   // a topic name Kafka would refuse (INVALID_TOPIC_EXCEPTION)
  NotDynamic,     // a broker config Kafka will not change at runtime (INVALID_REQUEST)
  FencedLeaderEpoch,   // a request's current leader epoch is older than the partition's
  UnknownLeaderEpoch,  // a request's current leader epoch is newer than the partition's
  NotEnoughReplicas,   // acks=all with fewer in-sync replicas than min.insync.replicas
};

std::string_view describe(BrokerError e);

}  // namespace pier::broker

PIER_ERROR_DOMAIN(pier::broker::BrokerError, "broker");
