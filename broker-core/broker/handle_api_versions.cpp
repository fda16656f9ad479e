// ApiVersions: the APIs and versions this broker serves. An unsupported ApiVersions version is
// answered at v0 with UNSUPPORTED_VERSION and the list, as Kafka does, so the client can retry
// at a version both know.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"

namespace pier::broker {

using namespace protocol::kafka;

Status KafkaApis::onApiVersions(const RequestEnvelope& req, Reply& reply) {
  ApiVersionsResponse resp;
  for (const ServedApi& api : served()) {
    ApiVersionsResponse::ApiVersion v;
    v.apiKey = api.apiKey;
    v.minVersion = api.minVersion;
    v.maxVersion = api.maxVersion;
    resp.apiKeys.push_back(v);
  }
  int16_t version = req.apiVersion();
  if (!req.versionSupported() || version > 3) {
    resp.errorCode = kafka_error::kUnsupportedVersion;
    version = 0;
  } else {
    PIER_RETURN_IF_ERROR(decodeRequestBody<ApiVersionsRequest>(req.body, version).status());
  }
  PIER_ASSIGN_OR_RETURN(auto frame, encodeResponseFrame(req.header.correlationId, version, resp));
  reply(std::move(frame));
  return Status::ok();
}

}  // namespace pier::broker
