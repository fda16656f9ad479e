#include "capture_responder.h"

#include <algorithm>
#include <functional>

#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/find_coordinator_request.h"
#include "protocol/kafka/generated/find_coordinator_response.h"
#include "protocol/kafka/generated/init_producer_id_request.h"
#include "protocol/kafka/generated/init_producer_id_response.h"
#include "protocol/kafka/generated/list_offsets_request.h"
#include "protocol/kafka/generated/list_offsets_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/protocol_error.h"

namespace pier::capture {

using namespace protocol::kafka;

namespace {

constexpr NodeId kSelf{0};
constexpr int16_t kUnsupportedVersion = 35;   // Kafka's UNSUPPORTED_VERSION
constexpr int16_t kUnknownTopicOrPartition = 3;
constexpr int64_t kLatestTimestamp = -1;
constexpr int64_t kEarliestTimestamp = -2;

constexpr int16_t kAnswered[] = {0, 1, 2, 3, 10, 18, 22};

template <typename Response>
Result<std::optional<std::vector<uint8_t>>> frame(const RequestEnvelope& req,
                                                 const Response& body) {
  PIER_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                        encodeResponseFrame(req.header.correlationId, req.apiVersion(), body));
  return std::optional<std::vector<uint8_t>>(std::move(bytes));
}

// A stable, non-zero topic id per name (clients at Metadata v10+ remember it).
Uuid topicIdOf(const std::string& name) {
  Uuid id;
  const std::size_t h = std::hash<std::string>{}(name);
  for (std::size_t i = 0; i < id.bytes.size(); ++i) {
    id.bytes[i] = static_cast<uint8_t>((h >> ((i % 8) * 8)) ^ (i * 31 + 1));
  }
  return id;
}

// Records in a produced record set: lastOffsetDelta + 1 per v2 batch, 1 per legacy entry.
int64_t recordCount(std::span<const uint8_t> records) {
  int64_t count = 0;
  Reader r(records);
  while (r.remaining() >= 17) {
    const std::span<const uint8_t> rest = r.rest();
    Reader head(rest);
    (void)head.readInt64();
    const int32_t length = head.readInt32().valueOr(0);
    if (length <= 0 || static_cast<std::size_t>(length) > r.remaining() - 12) break;
    const int8_t magic = static_cast<int8_t>(rest[16]);
    if (magic == 2 && rest.size() >= 27) {
      Reader delta(rest.subspan(23));
      count += delta.readInt32().valueOr(0) + 1;
    } else {
      count += 1;
    }
    (void)r.skip(12 + static_cast<std::size_t>(length));
  }
  return count;
}

}  // namespace

bool CaptureResponder::answers(int16_t apiKey) {
  for (int16_t k : kAnswered) {
    if (k == apiKey) return true;
  }
  return false;
}

int64_t& CaptureResponder::highWatermark(const std::string& topic) { return m_topics[topic]; }

Result<std::optional<std::vector<uint8_t>>> CaptureResponder::respond(const RequestEnvelope& req) {
  switch (req.apiKey()) {
    case 18: return onApiVersions(req);
    case 3: return onMetadata(req);
    case 0: return onProduce(req);
    case 22: return onInitProducerId(req);
    case 10: return onFindCoordinator(req);
    case 2: return onListOffsets(req);
    case 1: return onFetch(req);
    default:
      return Status(protocol::ProtocolError::UnsupportedVersion,
                    std::string(req.api->name) + " is not answered by pier_capture");
  }
}

CaptureResponder::Frame CaptureResponder::onApiVersions(const RequestEnvelope& req) {
  ApiVersionsResponse resp;
  for (const ApiInfo& api : kApis) {
    if (!answers(api.apiKey)) continue;
    ApiVersionsResponse::ApiVersion v;
    v.apiKey = api.apiKey;
    v.minVersion = api.minVersion;
    v.maxVersion = api.maxVersion;
    resp.apiKeys.push_back(v);
  }
  if (!req.versionSupported()) {
    // As Kafka does: answer v0 with UNSUPPORTED_VERSION so the client retries lower.
    resp.errorCode = kUnsupportedVersion;
    PIER_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes,
                          encodeResponseFrame(req.header.correlationId, 0, resp));
    return std::optional<std::vector<uint8_t>>(std::move(bytes));
  }
  PIER_ASSIGN_OR_RETURN(auto body, decodeBody<ApiVersionsRequest>(req.body, req.apiVersion()));
  (void)body;
  return frame(req, resp);
}

CaptureResponder::Frame CaptureResponder::onMetadata(const RequestEnvelope& req) {
  PIER_ASSIGN_OR_RETURN(MetadataRequest body, decodeBody<MetadataRequest>(req.body, req.apiVersion()));
  const bool all = !body.topics || (req.apiVersion() == 0 && body.topics->empty());
  if (!all) {
    for (const auto& t : *body.topics) {
      if (t.name) highWatermark(*t.name);
    }
  }
  MetadataResponse resp;
  MetadataResponse::MetadataResponseBroker self;
  self.nodeId = kSelf;
  self.host = m_host;
  self.port = m_port;
  resp.brokers.push_back(self);
  resp.clusterId = "pier-capture";
  resp.controllerId = kSelf;
  for (const auto& [name, hw] : m_topics) {
    if (!all && std::none_of(body.topics->begin(), body.topics->end(),
                             [&](const auto& t) { return t.name == name; })) {
      continue;
    }
    MetadataResponse::MetadataResponseTopic topic;
    topic.name = name;
    topic.topicId = topicIdOf(name);
    MetadataResponse::MetadataResponsePartition p;
    p.partitionIndex = 0;
    p.leaderId = kSelf;
    p.leaderEpoch = 0;
    p.replicaNodes = {kSelf};
    p.isrNodes = {kSelf};
    topic.partitions.push_back(p);
    resp.topics.push_back(std::move(topic));
  }
  return frame(req, resp);
}

CaptureResponder::Frame CaptureResponder::onProduce(const RequestEnvelope& req) {
  PIER_ASSIGN_OR_RETURN(ProduceRequest body, decodeBody<ProduceRequest>(req.body, req.apiVersion()));
  ProduceResponse resp;
  for (const auto& topicData : body.topicData) {
    ProduceResponse::TopicProduceResponse t;
    t.name = topicData.name;
    for (const auto& part : topicData.partitionData) {
      ProduceResponse::PartitionProduceResponse p;
      p.index = part.index;
      if (part.index != 0) {
        p.errorCode = kUnknownTopicOrPartition;
      } else {
        int64_t& hw = highWatermark(topicData.name);
        p.baseOffset = hw;
        hw += part.records ? recordCount(part.records->bytes()) : 0;
      }
      t.partitionResponses.push_back(p);
    }
    resp.responses.push_back(std::move(t));
  }
  if (body.acks == 0) return std::optional<std::vector<uint8_t>>();
  return frame(req, resp);
}

CaptureResponder::Frame CaptureResponder::onInitProducerId(const RequestEnvelope& req) {
  PIER_ASSIGN_OR_RETURN(auto body, decodeBody<InitProducerIdRequest>(req.body, req.apiVersion()));
  (void)body;
  InitProducerIdResponse resp;
  resp.producerId = ProducerId(4000);
  resp.producerEpoch = 0;
  return frame(req, resp);
}

CaptureResponder::Frame CaptureResponder::onFindCoordinator(const RequestEnvelope& req) {
  PIER_ASSIGN_OR_RETURN(FindCoordinatorRequest body,
                        decodeBody<FindCoordinatorRequest>(req.body, req.apiVersion()));
  FindCoordinatorResponse resp;
  if (req.apiVersion() >= 4) {
    for (const std::string& key : body.coordinatorKeys) {
      FindCoordinatorResponse::Coordinator c;
      c.key = key;
      c.nodeId = kSelf;
      c.host = m_host;
      c.port = m_port;
      c.errorMessage = std::nullopt;
      resp.coordinators.push_back(c);
    }
  } else {
    resp.nodeId = kSelf;
    resp.host = m_host;
    resp.port = m_port;
    if (req.apiVersion() >= 1) resp.errorMessage = std::nullopt;
  }
  return frame(req, resp);
}

CaptureResponder::Frame CaptureResponder::onListOffsets(const RequestEnvelope& req) {
  PIER_ASSIGN_OR_RETURN(ListOffsetsRequest body,
                        decodeBody<ListOffsetsRequest>(req.body, req.apiVersion()));
  ListOffsetsResponse resp;
  for (const auto& topic : body.topics) {
    ListOffsetsResponse::ListOffsetsTopicResponse t;
    t.name = topic.name;
    for (const auto& part : topic.partitions) {
      ListOffsetsResponse::ListOffsetsPartitionResponse p;
      p.partitionIndex = part.partitionIndex;
      const int64_t offset = part.timestamp == kEarliestTimestamp ? 0 : highWatermark(topic.name);
      if (req.apiVersion() == 0) {
        p.oldStyleOffsets = {offset};
      } else {
        p.timestamp = kLatestTimestamp;
        p.offset = offset;
      }
      t.partitions.push_back(p);
    }
    resp.topics.push_back(std::move(t));
  }
  return frame(req, resp);
}

CaptureResponder::Frame CaptureResponder::onFetch(const RequestEnvelope& req) {
  PIER_ASSIGN_OR_RETURN(FetchRequest body, decodeBody<FetchRequest>(req.body, req.apiVersion()));
  FetchResponse resp;
  for (const auto& topic : body.topics) {
    FetchResponse::FetchableTopicResponse t;
    t.topic = topic.topic;
    t.topicId = topic.topicId;
    for (const auto& part : topic.partitions) {
      FetchResponse::PartitionData p;
      p.partitionIndex = part.partition;
      // Nothing is stored, so the log ends where the client asks: it sees end of partition
      // (kcat -e exits) instead of fetching forever towards a high watermark it never reaches.
      p.highWatermark = part.fetchOffset;
      if (req.apiVersion() >= 4) p.lastStableOffset = p.highWatermark;
      if (req.apiVersion() >= 5) p.logStartOffset = 0;
      p.records = std::vector<uint8_t>();
      t.partitions.push_back(p);
    }
    resp.responses.push_back(std::move(t));
  }
  return frame(req, resp);
}

}  // namespace pier::capture
