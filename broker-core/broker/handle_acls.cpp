// DescribeAcls, CreateAcls and DeleteAcls (v0-3) as a Kafka 3.8 broker without an authorizer
// (authorizer.class.name unset, Kafka's default) answers them (AclApis): SECURITY_DISABLED, on
// the whole response for DescribeAcls ("No Authorizer is configured on the broker"), on every
// creation and every filter for the other two ("No Authorizer is configured."). Admin tools
// (kafka-acls.sh, kafka-python's describe_acls, web consoles) then report ACLs as disabled
// instead of failing on an unsupported API.

#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/create_acls_request.h"
#include "protocol/kafka/generated/create_acls_response.h"
#include "protocol/kafka/generated/delete_acls_request.h"
#include "protocol/kafka/generated/delete_acls_response.h"
#include "protocol/kafka/generated/describe_acls_request.h"
#include "protocol/kafka/generated/describe_acls_response.h"
#include "protocol/kafka_error_codes.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

// One SECURITY_DISABLED result per creation or filter, with CreateAcls' and DeleteAcls' message.
template <typename Result>
std::vector<Result> securityDisabled(std::size_t count) {
  std::vector<Result> out(count);
  for (Result& r : out) {
    r.errorCode = kafka_error::kSecurityDisabled;
    r.errorMessage = "No Authorizer is configured.";
  }
  return out;
}

}  // namespace

Status KafkaApis::onDescribeAcls(const RequestEnvelope& req, Reply& reply) {
  PIER_RETURN_IF_ERROR(decodeRequestBody<DescribeAclsRequest>(req.body, req.apiVersion()).status());
  DescribeAclsResponse resp;
  resp.errorCode = kafka_error::kSecurityDisabled;
  resp.errorMessage = "No Authorizer is configured on the broker";
  return respond(req, reply, resp);
}

Status KafkaApis::onCreateAcls(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(CreateAclsRequest body, decodeRequestBody<CreateAclsRequest>(req.body, req.apiVersion()));
  CreateAclsResponse resp;
  resp.results = securityDisabled<CreateAclsResponse::AclCreationResult>(body.creations.size());
  return respond(req, reply, resp);
}

Status KafkaApis::onDeleteAcls(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DeleteAclsRequest body, decodeRequestBody<DeleteAclsRequest>(req.body, req.apiVersion()));
  DeleteAclsResponse resp;
  resp.filterResults = securityDisabled<DeleteAclsResponse::DeleteAclsFilterResult>(body.filters.size());
  return respond(req, reply, resp);
}

}  // namespace pier::broker
