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
constexpr const char* kNoAuthorizer = "No Authorizer is configured.";
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
  for (std::size_t i = 0; i < body.creations.size(); ++i) {
    CreateAclsResponse::AclCreationResult& result = resp.results.emplace_back();
    result.errorCode = kafka_error::kSecurityDisabled;
    result.errorMessage = kNoAuthorizer;
  }
  return respond(req, reply, resp);
}

Status KafkaApis::onDeleteAcls(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DeleteAclsRequest body, decodeRequestBody<DeleteAclsRequest>(req.body, req.apiVersion()));
  DeleteAclsResponse resp;
  for (std::size_t i = 0; i < body.filters.size(); ++i) {
    DeleteAclsResponse::DeleteAclsFilterResult& result = resp.filterResults.emplace_back();
    result.errorCode = kafka_error::kSecurityDisabled;
    result.errorMessage = kNoAuthorizer;
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
