// JoinGroup: hands the member to the group coordinator and answers when the group's rebalance
// completes (or at once, for an error or a first join that only gets its member id). The answer
// is encoded for the version the member asked with; the connection keeps it in request order.
// v0 has no rebalance timeout: the session timeout is used, as Kafka does. Members are
// described (DescribeGroups) with the request's client id and "/" + the peer's address.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/join_group_request.h"
#include "protocol/kafka/generated/join_group_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

group::JoinRequest toJoinRequest(JoinGroupRequest& body, int16_t version,
                                 const std::string& clientId, const ClientInfo& client) {
  group::JoinRequest join;
  join.memberId = std::move(body.memberId);
  join.groupInstanceId = std::move(body.groupInstanceId);
  join.clientId = clientId;
  join.clientHost = client.clientHost;
  join.sessionTimeoutMs = body.sessionTimeoutMs;
  join.rebalanceTimeoutMs = version >= 1 ? body.rebalanceTimeoutMs : body.sessionTimeoutMs;
  join.protocolType = std::move(body.protocolType);
  for (auto& p : body.protocols)
    join.protocols.push_back(group::Protocol{std::move(p.name), std::move(p.metadata)});
  join.requireKnownMemberId = version >= 4;
  join.supportsSkipAssignment = version >= 9;
  return join;
}

JoinGroupResponse toResponse(const group::JoinResponse& joined, int16_t version) {
  JoinGroupResponse resp;
  resp.errorCode = kafkaErrorCode(joined.error);
  resp.generationId = joined.generationId;
  if (version >= 7) {
    resp.protocolType = joined.protocolType;
    resp.protocolName = joined.protocolName;
  } else {
    resp.protocolName = joined.protocolName.value_or("");  // not nullable before v7
  }
  resp.leader = joined.leader;
  if (version >= 9) resp.skipAssignment = joined.skipAssignment;
  resp.memberId = joined.memberId;
  for (const group::JoinedMember& m : joined.members) {
    JoinGroupResponse::JoinGroupResponseMember member;
    member.memberId = m.memberId;
    if (version >= 5) member.groupInstanceId = m.groupInstanceId;
    member.metadata = m.metadata;
    resp.members.push_back(std::move(member));
  }
  return resp;
}

}  // namespace

Status KafkaApis::onJoinGroup(const RequestEnvelope& req, const ClientInfo& client, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(JoinGroupRequest body,
                        decodeRequestBody<JoinGroupRequest>(req.body, req.apiVersion()));
  const int16_t version = req.apiVersion();
  const int32_t correlationId = req.header.correlationId;
  group::JoinRequest join = toJoinRequest(body, version, req.header.clientId.value_or(""), client);
  // The answer may come from a later request or tick: everything it needs is captured by value.
  m_groups.join(body.groupId, std::move(join), nowMs(),
                [reply, correlationId, version](const group::JoinResponse& joined) {
                  respondLater(correlationId, version, reply, toResponse(joined, version));
                });
  return Status::ok();
}

}  // namespace pier::broker
