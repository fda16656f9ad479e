// Fetch: reads each partition from its fetch offset up to the high watermark (the log end offset
// on a single replica), within partitionMaxBytes and the response's maxBytes; the first
// partition with data returns at least one whole batch (KIP-74). When fewer than minBytes are
// available the request waits, up to maxWaitMs, for appends (long poll); responses on the
// connection still leave in request order. Fetch sessions (KIP-227, v7+): see
// fetch_session_context.cpp; a sessionless fetch (epoch -1) is answered as before, session id 0.
// Fetch v0-3 (Kafka before 0.11) get legacy message sets down-converted from the stored v2
// batches when the response is sent (protocol/records/down_conversion.h); v0-2 have no
// response-level maxBytes and a hard partition limit (no whole first batch, KIP-74 came with v3),
// and byte limits, as in Kafka, count the stored bytes, not the converted ones.
// Fetch v13+ (KIP-516) name topics by topic id, in the request, its forgotten topics and the
// response: an id that names no topic is UNKNOWN_TOPIC_ID (Kafka's KafkaApis.handleFetchRequest
// resolves ids with the metadata cache's topicIdsToNames). v15's ReplicaState only matters for
// followers; v16's NodeEndpoints and CurrentLeader are filled by Kafka only for
// NOT_LEADER_OR_FOLLOWER and FENCED_LEADER_EPOCH, which this broker, leading every partition and
// not checking leader epochs, never answers.
// A fetch leaves at once, min.bytes or not, when none of its partitions could be read or a read
// failed (Kafka's ReplicaManager.fetchMessages: no partition to fetch, or errorReadingData).

#include <algorithm>

#include "base/assert.h"
#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/records/down_conversion.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

FetchResponse::PartitionData partitionError(int32_t partition, int16_t error) {
  FetchResponse::PartitionData data;
  data.partitionIndex = partition;
  data.errorCode = error;
  data.highWatermark = -1;
  data.records = std::vector<uint8_t>{};
  return data;
}

// Fetch v13+: each topic's name from its id, empty when the id names no topic.
void resolveTopicIds(FetchRequest& request, const KafkaApis::TopicNames& names) {
  for (auto& topic : request.topics) topic.topic = names.nameOf(topic.topicId);
}

// A fetch is answered once it has min.bytes (at least one byte, as Kafka treats 0).
bool hasMinBytes(const FetchRequest& request, std::size_t bytes) {
  return bytes >= static_cast<std::size_t>(std::max(request.minBytes, 1));
}

// The response's records as a Fetch of `version` may receive them. Partitions that cannot be
// converted (zstd, a corrupt batch) answer with the error alone, as Kafka does.
void downConvertFetch(const FetchRequest& request, int16_t version, FetchResponse& resp) {
  const int8_t magic = protocol::records::magicForFetchVersion(version);
  if (magic == protocol::records::kMagicV2) return;
  // v0-3 have no sessions: the response lists the request's partitions in its order.
  PIER_ASSERT(resp.responses.size() == request.topics.size(), "fetch v0-3 response mirrors its request");
  for (std::size_t t = 0; t < resp.responses.size(); ++t) {
    auto& partitions = resp.responses[t].partitions;
    PIER_ASSERT(partitions.size() == request.topics[t].partitions.size(), "fetch v0-3 response mirrors its request");
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      FetchResponse::PartitionData& data = partitions[p];
      if (data.errorCode != kafka_error::kNone || !data.records || data.records->empty()) continue;
      protocol::records::DownConversion options;
      options.toMagic = magic;
      options.fetchOffset = Offset(request.topics[t].partitions[p].fetchOffset);
      auto converted = protocol::records::downConvert(*data.records, options);
      if (converted) {
        data.records = std::move(*converted);
      } else {
        data = partitionError(data.partitionIndex, kafkaErrorCode(converted.status()));
      }
    }
  }
}

}  // namespace

std::string KafkaApis::TopicNames::nameOf(const Uuid& id) const {
  auto it = byId.find(id.bytes);
  return it == byId.end() ? std::string() : it->second;
}

KafkaApis::TopicNames KafkaApis::topicNamesById() const {
  TopicNames names;
  for (const auto& [name, state] : m_topics.topics()) {
    if (state.topicId != Uuid{}) names.byId.emplace(state.topicId.bytes, name);
  }
  return names;
}

KafkaApis::FetchRead KafkaApis::buildFetchResponse(const FetchRequest& request, int16_t version) {
  FetchRead out;
  FetchResponse& resp = out.response;
  std::size_t& bytes = out.bytes;
  bool anyRead = false;
  const std::size_t responseMax = static_cast<std::size_t>(std::max(request.maxBytes, 0));
  for (const auto& topic : request.topics) {
    FetchResponse::FetchableTopicResponse topicResp;
    topicResp.topic = topic.topic;
    topicResp.topicId = topic.topicId;
    // v13+: an empty name is a topic id that names no topic (resolveTopicIds).
    const int16_t missing = version >= 13 && topic.topic.empty() ? kafka_error::kUnknownTopicId
                                                                  : kafka_error::kUnknownTopicOrPartition;
    for (const auto& partition : topic.partitions) {
      storage::PartitionLog* log = m_topics.log(TopicPartition{topic.topic, PartitionIndex(partition.partition)});
      if (!log) {
        topicResp.partitions.push_back(partitionError(partition.partition, missing));
        continue;
      }
      anyRead = true;
      FetchResponse::PartitionData data;
      data.partitionIndex = partition.partition;
      data.highWatermark = log->logEndOffset().value();
      if (version >= 4) data.lastStableOffset = data.highWatermark;
      if (version >= 5) data.logStartOffset = log->logStartOffset().value();
      const std::size_t room = responseMax > bytes ? responseMax - bytes : 0;
      const uint64_t limit = std::min<uint64_t>(room, static_cast<uint64_t>(std::max(partition.partitionMaxBytes, 0)));
      const bool minOneBatch = version >= 3 && bytes == 0;
      auto read = log->read(Offset(partition.fetchOffset), limit, log->logEndOffset(), minOneBatch);
      if (!read) {
        data.errorCode = kafkaErrorCode(read.status());
        data.records = std::vector<uint8_t>{};
        out.answerNow = true;
      } else {
        bytes += read->records.size();
        data.records = std::move(read->records);
      }
      topicResp.partitions.push_back(std::move(data));
    }
    resp.responses.push_back(std::move(topicResp));
  }
  out.answerNow = out.answerNow || !anyRead;
  return out;
}

void KafkaApis::answerFetch(PendingFetch& fetch) {
  sendFetch(fetch, buildFetchResponse(fetch.request, fetch.version).response);
}

void KafkaApis::sendFetch(PendingFetch& fetch, FetchResponse resp) {
  closeFetchContext(fetch.context, fetch.request, resp);
  downConvertFetch(fetch.request, fetch.version, resp);
  auto frame = encodeResponseFrame(fetch.correlationId, fetch.version, resp);
  // An encode failure cannot happen for what we built; answer nothing rather than garbage.
  fetch.reply(frame ? std::optional<std::vector<uint8_t>>(std::move(*frame)) : std::nullopt);
}

Status KafkaApis::onFetch(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(FetchRequest body, decodeRequestBody<FetchRequest>(req.body, req.apiVersion()));
  TopicNames names;
  if (req.apiVersion() >= 13) {
    names = topicNamesById();
    resolveTopicIds(body, names);
  }
  const FetchContext context = openFetchContext(body, req.apiVersion(), names);
  if (context.error != kafka_error::kNone) {
    FetchResponse refused;
    refused.errorCode = context.error;
    return respond(req, reply, refused);
  }
  FetchRead read = buildFetchResponse(body, req.apiVersion());
  if (body.maxWaitMs <= 0 || read.answerNow || hasMinBytes(body, read.bytes)) {
    FetchResponse& now = read.response;
    closeFetchContext(context, body, now);
    downConvertFetch(body, req.apiVersion(), now);
    PIER_ASSIGN_OR_RETURN(auto frame, encodeResponseFrame(req.header.correlationId, req.apiVersion(), now));
    reply(std::move(frame));
    return Status::ok();
  }
  m_pendingFetches.push_back(PendingFetch{std::move(body), context, req.apiVersion(), req.header.correlationId,
                                          std::move(reply), TimerId(0)});
  auto it = std::prev(m_pendingFetches.end());
  it->timer = m_loop.after(std::chrono::milliseconds(it->request.maxWaitMs), [this, it] {
    answerFetch(*it);
    m_pendingFetches.erase(it);
  });
  return Status::ok();
}

void KafkaApis::wakeFetches() {
  for (auto it = m_pendingFetches.begin(); it != m_pendingFetches.end();) {
    // Built once: the response that says min.bytes are there is the one sent.
    FetchRead read = buildFetchResponse(it->request, it->version);
    if (read.answerNow || hasMinBytes(it->request, read.bytes)) {
      m_loop.cancel(it->timer);
      sendFetch(*it, std::move(read.response));
      it = m_pendingFetches.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace pier::broker
