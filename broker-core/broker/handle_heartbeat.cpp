// Heartbeat: keeps a member's session alive and tells it when the group rebalances
// (REBALANCE_IN_PROGRESS: join again). Answered at once.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/heartbeat_request.h"
#include "protocol/kafka/generated/heartbeat_response.h"

namespace pier::broker {

using namespace protocol::kafka;

Status KafkaApis::onHeartbeat(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(HeartbeatRequest body,
                        decodeRequestBody<HeartbeatRequest>(req.body, req.apiVersion()));
  const group::MemberIdentity member{body.memberId, body.groupInstanceId};
  HeartbeatResponse resp;
  resp.errorCode =
      kafkaErrorCode(m_groups.heartbeat(body.groupId, member, body.generationId, nowMs()));
  return respond(req, reply, resp);
}

}  // namespace pier::broker
