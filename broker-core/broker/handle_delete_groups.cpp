// DeleteGroups: removes each named group and its committed offsets (tombstones in
// __consumer_offsets). Only a group without members goes: NON_EMPTY_GROUP otherwise,
// GROUP_ID_NOT_FOUND for one this broker does not have.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/delete_groups_request.h"
#include "protocol/kafka/generated/delete_groups_response.h"

namespace pier::broker {

using namespace protocol::kafka;

Status KafkaApis::onDeleteGroups(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DeleteGroupsRequest body,
                        decodeRequestBody<DeleteGroupsRequest>(req.body, req.apiVersion()));
  DeleteGroupsResponse resp;
  for (const std::string& groupId : body.groupsNames) {
    DeleteGroupsResponse::DeletableGroupResult& result = resp.results.emplace_back();
    result.groupId = groupId;
    result.errorCode = kafkaGroupErrorCode(m_groups.deleteGroup(groupId, nowMs()));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
