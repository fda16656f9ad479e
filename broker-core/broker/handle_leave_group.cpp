// LeaveGroup: members leave at once and the group rebalances without them. v0-2 name one
// member and carry its error at the top; v3+ name a batch (static members by instance id) with
// an error per member, the top-level error kept for what concerns the whole group, as Kafka
// answers (an invalid group id, a coordinator that is not available).

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/leave_group_request.h"
#include "protocol/kafka/generated/leave_group_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

bool concernsWholeGroup(group::GroupError e) {
  return e == group::GroupError::InvalidGroupId || e == group::GroupError::CoordinatorNotAvailable;
}

std::vector<group::MemberIdentity> leavingMembers(const LeaveGroupRequest& body, int16_t version) {
  std::vector<group::MemberIdentity> members;
  if (version < 3) {
    members.push_back(group::MemberIdentity{body.memberId, std::nullopt});
    return members;
  }
  for (const auto& m : body.members)
    members.push_back(group::MemberIdentity{m.memberId, m.groupInstanceId});
  return members;
}

}  // namespace

Status KafkaApis::onLeaveGroup(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(LeaveGroupRequest body,
                        decodeRequestBody<LeaveGroupRequest>(req.body, req.apiVersion()));
  const int16_t version = req.apiVersion();
  const std::vector<group::MemberIdentity> members = leavingMembers(body, version);
  const std::vector<group::GroupError> errors = m_groups.leave(body.groupId, members, nowMs());
  LeaveGroupResponse resp;
  if (!errors.empty() && (version < 3 || concernsWholeGroup(errors.front()))) {
    resp.errorCode = kafkaErrorCode(errors.front());
    return respond(req, reply, resp);
  }
  for (std::size_t i = 0; i < members.size() && i < errors.size(); ++i) {
    LeaveGroupResponse::MemberResponse m;
    m.memberId = members[i].memberId;
    m.groupInstanceId = members[i].groupInstanceId;
    m.errorCode = kafkaErrorCode(errors[i]);
    resp.members.push_back(std::move(m));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
