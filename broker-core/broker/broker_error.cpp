#include "broker/broker_error.h"

namespace pier::broker {

std::string_view describe(BrokerError e) {
  switch (e) {
    case BrokerError::InvalidConfig: return "InvalidConfig";
    case BrokerError::StartupFailed: return "StartupFailed";
    case BrokerError::InvalidTopic: return "InvalidTopic";
    case BrokerError::NotDynamic: return "NotDynamic";
    case BrokerError::FencedLeaderEpoch: return "FencedLeaderEpoch";
    case BrokerError::UnknownLeaderEpoch: return "UnknownLeaderEpoch";
    case BrokerError::NotEnoughReplicas: return "NotEnoughReplicas";
  }
  return "Unknown";
}

}  // namespace pier::broker
