#include "protocol/kafka_request.h"

#include <optional>

#include "base/assert.h"
#include "protocol/kafka_api_dispatch.h"

namespace pier::protocol::kafka {

Result<RequestEnvelope> parseRequest(std::span<uint8_t> frame) {
  // Every header version starts with api key and api version; peek them to pick the version.
  Reader peek(frame);
  PIER_ASSIGN_OR_RETURN(int16_t apiKey, peek.readInt16());
  PIER_ASSIGN_OR_RETURN(int16_t apiVersion, peek.readInt16());
  RequestEnvelope out;
  out.api = findApi(apiKey);
  if (out.api == nullptr) {
    return Status(FramingError::UnknownApiKey,
                  "request header: unknown api key " + std::to_string(apiKey));
  }
  out.headerVersion = requestHeaderVersion(*out.api, apiVersion);
  Reader r(frame);
  PIER_ASSIGN_OR_RETURN(out.header, RequestHeader::decode(r, out.headerVersion));
  out.body = frame.subspan(r.position());
  return out;
}

std::span<uint8_t> RequestEnvelope::writable(std::span<const uint8_t> view) const {
  PIER_ASSERT(view.empty() || (view.data() >= body.data() && view.data() + view.size() <= body.data() + body.size()),
              "a view outside the request body");
  if (view.empty()) return {};
  return body.subspan(static_cast<std::size_t>(view.data() - body.data()), view.size());
}

Result<std::string> describeRequest(const RequestEnvelope& request) {
  std::optional<Result<std::string>> body;
  visitApi(request.apiKey(), [&]<typename Request, typename Response>() {
    Result<Request> decoded = decodeBody<Request>(request.body, request.apiVersion());
    if (decoded.isOk()) {
      body.emplace(decoded->debugString());
    } else {
      body.emplace(decoded.status());
    }
  });
  if (!body) {
    return Status(FramingError::UnknownApiKey,
                  "unknown api key " + std::to_string(request.apiKey()));
  }
  if (!body->isOk()) return body->status();
  return request.header.debugString() + " " + **body;
}

}  // namespace pier::protocol::kafka
