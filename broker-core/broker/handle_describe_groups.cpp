// DescribeGroups: each group's state, protocol and members (client id, host, the metadata of the
// selected protocol and the assignment). A group this broker does not have is described as
// Kafka describes it: no error, state "Dead", no protocol, no members. Authorized operations
// (v3+, when asked) are all of a group's, as with no authorizer: READ, DELETE and DESCRIBE.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/describe_groups_request.h"
#include "protocol/kafka/generated/describe_groups_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

// Bits of Kafka's AclOperation codes: READ 3, DELETE 6, DESCRIBE 8.
constexpr int32_t kGroupOperations = (1 << 3) | (1 << 6) | (1 << 8);

DescribeGroupsResponse::DescribedGroupMember describeMember(const group::MemberDescription& m,
                                                            int16_t version) {
  DescribeGroupsResponse::DescribedGroupMember member;
  member.memberId = m.memberId;
  if (version >= 4) member.groupInstanceId = m.groupInstanceId;
  member.clientId = m.clientId;
  member.clientHost = m.clientHost;
  member.memberMetadata = m.metadata;
  member.memberAssignment = m.assignment;
  return member;
}

}  // namespace

Status KafkaApis::onDescribeGroups(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DescribeGroupsRequest body,
                        decodeRequestBody<DescribeGroupsRequest>(req.body, req.apiVersion()));
  const int16_t version = req.apiVersion();
  DescribeGroupsResponse resp;
  for (const std::string& groupId : body.groups) {
    const group::GroupDescription d = m_groups.describeGroup(groupId);
    DescribeGroupsResponse::DescribedGroup& described = resp.groups.emplace_back();
    described.errorCode = kafkaErrorCode(d.error);
    described.groupId = groupId;
    described.groupState = std::string(group::stateName(d.state));
    described.protocolType = d.protocolType;
    described.protocolData = d.protocolName;
    for (const group::MemberDescription& m : d.members)
      described.members.push_back(describeMember(m, version));
    if (version >= 3 && body.includeAuthorizedOperations)
      described.authorizedOperations = kGroupOperations;
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
