#pragma once
// Request and response envelopes: what surrounds a message body inside a frame.
//
// A request frame is a RequestHeader then the body. The header version depends on the API and
// its version: v1 (with client id) for non-flexible versions, v2 (plus tagged fields) for
// flexible ones, and v0 (no client id) for ControlledShutdown v0 only. A response frame is a
// ResponseHeader v0 (correlation id) or v1 (plus tagged fields) for flexible versions, except
// ApiVersionsResponse, which always uses v0 so that a client that does not yet know the
// broker's versions can read it.
//
// parseRequest() reads the api key and version (the first four bytes in every header version),
// picks the header version and decodes the header; the body stays bytes until the caller
// decodes it with decodeBody<T>() or through visitApi() (kafka_api_dispatch.h). A version
// outside the API's range still parses (Kafka answers ApiVersions with UNSUPPORTED_VERSION);
// check versionSupported().
//
// Stateless functions; thread-safe. RequestEnvelope::body views the caller's frame bytes.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/result.h"
#include "base/status.h"
#include "protocol/kafka/generated/api_table.h"
#include "protocol/kafka/generated/request_header.h"
#include "protocol/kafka/generated/response_header.h"
#include "protocol/kafka_framing.h"

namespace pier::protocol::kafka {

inline constexpr int16_t kApiVersionsKey = 18;
inline constexpr int16_t kControlledShutdownKey = 7;

// True when `apiVersion` of `api` uses the flexible (compact, tagged) encoding.
constexpr bool isFlexibleVersion(const ApiInfo& api, int16_t apiVersion) {
  return api.flexibleFromVersion >= 0 && apiVersion >= api.flexibleFromVersion;
}

// RequestHeader version (0, 1 or 2) that (api, apiVersion) uses.
constexpr int16_t requestHeaderVersion(const ApiInfo& api, int16_t apiVersion) {
  if (api.apiKey == kControlledShutdownKey && apiVersion == 0) return 0;
  return isFlexibleVersion(api, apiVersion) ? 2 : 1;
}

// ResponseHeader version (0 or 1) that (api, apiVersion) uses.
constexpr int16_t responseHeaderVersion(const ApiInfo& api, int16_t apiVersion) {
  if (api.apiKey == kApiVersionsKey) return 0;
  return isFlexibleVersion(api, apiVersion) ? 1 : 0;
}

// A request frame split into header and body.
struct RequestEnvelope {
  RequestHeader header;
  int16_t headerVersion = 1;
  const ApiInfo* api = nullptr;      // never null after parseRequest()
  std::span<uint8_t> body;           // a view into the frame given to parseRequest()

  int16_t apiKey() const { return header.requestApiKey; }
  int16_t apiVersion() const { return header.requestApiVersion; }
  bool versionSupported() const {
    return apiVersion() >= api->minVersion && apiVersion() <= api->maxVersion;
  }
  // The bytes of body that a view decoded from it covers (a ProduceRequest's records, see
  // RecordBytes), writable: a broker assigns a produce's offsets in the batches where they
  // arrived. Requires: `view` lies within body.
  std::span<uint8_t> writable(std::span<const uint8_t> view) const;
};

// Parses a frame payload (without its size prefix). Errors: UnknownApiKey, or the header's
// decode error. Requires: `frame` outlives the returned envelope's body. Writes nothing.
Result<RequestEnvelope> parseRequest(std::span<uint8_t> frame);

// Decodes a whole body as T: trailing bytes are a TrailingBytes error, since a body that does
// not fill its frame was not read the way its sender wrote it.
template <typename T>
Result<T> decodeBody(std::span<const uint8_t> body, int16_t version) {
  Reader r(body);
  PIER_ASSIGN_OR_RETURN(T message, T::decode(r, version));
  if (!r.atEnd()) {
    return Status(FramingError::TrailingBytes, std::string(T::kName) + " v" +
                                                   std::to_string(version) + ": " +
                                                   std::to_string(r.remaining()) +
                                                   " bytes after the message");
  }
  return message;
}

// Decodes a request body as a Kafka broker does: bytes after the message are ignored (Kafka's
// RequestContext.parseRequest never checks that the buffer was used up, and librdkafka 2.0.2
// sends ListGroups v4 with one such byte). The broker's handlers use this; decodeBody stays
// strict for everything else.
template <typename T>
Result<T> decodeRequestBody(std::span<const uint8_t> body, int16_t version) {
  Reader r(body);
  return T::decode(r, version);
}

// The protocol inspector's text for a request: header and decoded body, one line.
Result<std::string> describeRequest(const RequestEnvelope& request);

// A request frame (size prefix included). The header's api key is set from Request.
template <typename Request>
Result<std::vector<uint8_t>> encodeRequestFrame(RequestHeader header, const Request& body) {
  header.requestApiKey = Request::kApiKey;
  const ApiInfo* api = findApi(Request::kApiKey);
  Writer w;
  const std::size_t at = beginFrame(w);
  PIER_RETURN_IF_ERROR(header.encode(w, requestHeaderVersion(*api, header.requestApiVersion)));
  PIER_RETURN_IF_ERROR(body.encode(w, header.requestApiVersion));
  PIER_RETURN_IF_ERROR(finishFrame(w, at));
  return w.take();
}

// A response frame (size prefix included) answering `correlationId` at `apiVersion`.
template <typename Response>
Result<std::vector<uint8_t>> encodeResponseFrame(int32_t correlationId, int16_t apiVersion,
                                                 const Response& body) {
  const ApiInfo* api = findApi(Response::kApiKey);
  ResponseHeader header;
  header.correlationId = correlationId;
  Writer w;
  const std::size_t at = beginFrame(w);
  PIER_RETURN_IF_ERROR(header.encode(w, responseHeaderVersion(*api, apiVersion)));
  PIER_RETURN_IF_ERROR(body.encode(w, apiVersion));
  PIER_RETURN_IF_ERROR(finishFrame(w, at));
  return w.take();
}

}  // namespace pier::protocol::kafka
