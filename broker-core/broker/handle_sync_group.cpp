// SyncGroup: the leader brings the assignment, every member waits for its own; the coordinator
// answers once the leader's assignment is persisted (or at once, for an error or a group that
// is already Stable). The protocol type and name are checked and returned from v5.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/sync_group_request.h"
#include "protocol/kafka/generated/sync_group_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

group::SyncRequest toSyncRequest(SyncGroupRequest& body) {
  group::SyncRequest sync;
  sync.memberId = std::move(body.memberId);
  sync.groupInstanceId = std::move(body.groupInstanceId);
  sync.generationId = body.generationId;
  sync.protocolType = std::move(body.protocolType);  // null before v5
  sync.protocolName = std::move(body.protocolName);
  for (auto& a : body.assignments)
    sync.assignments.emplace_back(std::move(a.memberId), std::move(a.assignment));
  return sync;
}

SyncGroupResponse toResponse(const group::SyncResponse& synced, int16_t version) {
  SyncGroupResponse resp;
  resp.errorCode = kafkaErrorCode(synced.error);
  if (version >= 5) {
    resp.protocolType = synced.protocolType;
    resp.protocolName = synced.protocolName;
  }
  resp.assignment = synced.assignment;
  return resp;
}

}  // namespace

Status KafkaApis::onSyncGroup(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(SyncGroupRequest body,
                        decodeRequestBody<SyncGroupRequest>(req.body, req.apiVersion()));
  const int16_t version = req.apiVersion();
  const int32_t correlationId = req.header.correlationId;
  // The answer may come from a later request or tick: everything it needs is captured by value.
  m_groups.sync(body.groupId, toSyncRequest(body), nowMs(),
                [reply, correlationId, version](const group::SyncResponse& synced) {
                  respondLater(correlationId, version, reply, toResponse(synced, version));
                });
  return Status::ok();
}

}  // namespace pier::broker
