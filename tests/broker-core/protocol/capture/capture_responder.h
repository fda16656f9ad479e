#pragma once
// CaptureResponder: the smallest broker that lets kcat, kafka-python and confluent-kafka get
// through producing and reading metadata, so that their requests can be recorded. One broker
// (node 0 = itself), every topic auto-created with one partition led by itself, produce always
// succeeds with increasing offsets, fetch is always empty. ApiVersions advertises only the
// APIs answered here, with the version range our generated codecs decode (kApis).
//
// Not a broker: no storage, no groups, no validation beyond what the codecs do. Test tool only.
// Owned and used on the capture tool's single loop thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/kafka_request.h"

namespace pier::capture {

class CaptureResponder {
 public:
  CaptureResponder(std::string host, int32_t port) : m_host(std::move(host)), m_port(port) {}

  // The response frame (size prefix included), std::nullopt when the request gets no answer
  // (Produce with acks=0), or an error for requests this tool does not answer.
  Result<std::optional<std::vector<uint8_t>>> respond(const protocol::kafka::RequestEnvelope& req);

  // Keys of the APIs respond() answers.
  static bool answers(int16_t apiKey);

 private:
  using Frame = Result<std::optional<std::vector<uint8_t>>>;
  Frame onApiVersions(const protocol::kafka::RequestEnvelope& req);
  Frame onMetadata(const protocol::kafka::RequestEnvelope& req);
  Frame onProduce(const protocol::kafka::RequestEnvelope& req);
  Frame onInitProducerId(const protocol::kafka::RequestEnvelope& req);
  Frame onFindCoordinator(const protocol::kafka::RequestEnvelope& req);
  Frame onListOffsets(const protocol::kafka::RequestEnvelope& req);
  Frame onFetch(const protocol::kafka::RequestEnvelope& req);

  // High watermark of partition 0 of `topic` (creating the topic).
  int64_t& highWatermark(const std::string& topic);

  std::string m_host;
  int32_t m_port;
  std::map<std::string, int64_t> m_topics;  // topic -> high watermark of its one partition
};

}  // namespace pier::capture
