// FindCoordinator: this broker coordinates every group, and answers with the address of the
// listener the request came in on. The first lookup creates `__consumer_offsets`, and a group's
// answer waits for its partition to exist, so a client never finds a coordinator that cannot
// yet persist its group (Kafka answers COORDINATOR_NOT_AVAILABLE until then; creating it here
// is synchronous). Transaction coordinators do not exist yet: COORDINATOR_NOT_AVAILABLE. v0-3
// ask for one key, v4+ for a batch.

#include "base/log.h"
#include "broker/consumer_offsets_topic.h"
#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/find_coordinator_request.h"
#include "protocol/kafka/generated/find_coordinator_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

constexpr int8_t kGroupKeyType = 0;
constexpr int8_t kTransactionKeyType = 1;

// Kafka sends the error's text, "NONE" included, as the message.
FindCoordinatorResponse::Coordinator coordinatorError(const std::string& key, int16_t error,
                                                      std::string message) {
  FindCoordinatorResponse::Coordinator c;
  c.key = key;
  c.nodeId = NodeId(-1);  // Kafka's Node.noNode()
  c.host = "";
  c.port = -1;
  c.errorCode = error;
  c.errorMessage = std::move(message);
  return c;
}

// A group's coordinator is this broker once the group's partition of __consumer_offsets exists.
FindCoordinatorResponse::Coordinator findOne(const std::string& key, int8_t keyType,
                                             group::OffsetsTopic& offsets, NodeId brokerId,
                                             const ListenerConfig& at, int64_t nowMs) {
  if (keyType == kTransactionKeyType) {
    return coordinatorError(key, kafka_error::kCoordinatorNotAvailable,
                            "no transaction coordinator");
  }
  if (keyType != kGroupKeyType) {
    return coordinatorError(key, kafka_error::kInvalidRequest,
                            "unknown coordinator key type " + std::to_string(keyType));
  }
  auto partition = offsets.partition(
      group::GroupCoordinator::partitionFor(key, offsets.partitionCount()), nowMs);
  if (!partition) {
    PIER_LOG_WARN("group coordinator not available", {"group", key}, {"why", partition.status()});
    return coordinatorError(key, kafka_error::kCoordinatorNotAvailable,
                            partition.status().message());
  }
  FindCoordinatorResponse::Coordinator c = coordinatorError(key, kafka_error::kNone, "NONE");
  c.nodeId = brokerId;
  c.host = at.host;
  c.port = at.port;
  return c;
}

}  // namespace

Status KafkaApis::onFindCoordinator(const RequestEnvelope& req, const ClientInfo& client,
                                    Reply& reply) {
  PIER_ASSIGN_OR_RETURN(FindCoordinatorRequest body,
                        decodeRequestBody<FindCoordinatorRequest>(req.body, req.apiVersion()));
  const int16_t version = req.apiVersion();
  const std::vector<std::string> keys =
      version >= 4 ? body.coordinatorKeys : std::vector<std::string>{body.key};
  const ListenerConfig self = m_config.advertised(client.listenerIndex);
  std::vector<FindCoordinatorResponse::Coordinator> found;
  for (const std::string& key : keys) {
    found.push_back(findOne(key, body.keyType, m_offsetsTopic, m_config.brokerId, self, nowMs()));
  }
  FindCoordinatorResponse resp;
  if (version >= 4) {
    resp.coordinators = std::move(found);
  } else {
    const auto& c = found.front();
    resp.errorCode = c.errorCode;
    if (version >= 1) resp.errorMessage = c.errorMessage;
    resp.nodeId = c.nodeId;
    resp.host = c.host;
    resp.port = c.port;
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
