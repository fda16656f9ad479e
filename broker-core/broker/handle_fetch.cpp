// Fetch: reads each partition from its fetch offset up to the high watermark (the log end offset
// on a single replica), within partitionMaxBytes and the response's maxBytes; the first
// partition with data returns at least one whole batch (KIP-74). When fewer than minBytes are
// available the request waits, up to maxWaitMs, for appends (long poll); responses on the
// connection still leave in request order. Fetch sessions (KIP-227, v7+): see
// fetch_session_context.cpp; a sessionless fetch (epoch -1) is answered as before, session id 0.

#include <algorithm>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"

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

// A fetch is answered once it has min.bytes (at least one byte, as Kafka treats 0).
bool hasMinBytes(const FetchRequest& request, std::size_t bytes) {
  return bytes >= static_cast<std::size_t>(std::max(request.minBytes, 1));
}

}  // namespace

FetchResponse KafkaApis::buildFetchResponse(const FetchRequest& request, int16_t version, std::size_t& bytes) {
  FetchResponse resp;
  bytes = 0;
  const std::size_t responseMax = static_cast<std::size_t>(std::max(request.maxBytes, 0));
  for (const auto& topic : request.topics) {
    FetchResponse::FetchableTopicResponse topicResp;
    topicResp.topic = topic.topic;
    topicResp.topicId = topic.topicId;
    for (const auto& partition : topic.partitions) {
      storage::PartitionLog* log = m_topics.log(TopicPartition{topic.topic, PartitionIndex(partition.partition)});
      if (!log) {
        topicResp.partitions.push_back(partitionError(partition.partition, kafka_error::kUnknownTopicOrPartition));
        continue;
      }
      FetchResponse::PartitionData data;
      data.partitionIndex = partition.partition;
      data.highWatermark = log->logEndOffset().value();
      data.lastStableOffset = data.highWatermark;
      if (version >= 5) data.logStartOffset = log->logStartOffset().value();
      const std::size_t room = responseMax > bytes ? responseMax - bytes : 0;
      const uint64_t limit = std::min<uint64_t>(room, static_cast<uint64_t>(std::max(partition.partitionMaxBytes, 0)));
      auto read = log->read(Offset(partition.fetchOffset), limit, log->logEndOffset(), bytes == 0);
      if (!read) {
        data.errorCode = kafkaErrorCode(read.status());
        data.records = std::vector<uint8_t>{};
      } else {
        bytes += read->records.size();
        data.records = std::move(read->records);
      }
      topicResp.partitions.push_back(std::move(data));
    }
    resp.responses.push_back(std::move(topicResp));
  }
  return resp;
}

void KafkaApis::answerFetch(PendingFetch& fetch) {
  std::size_t bytes = 0;
  sendFetch(fetch, buildFetchResponse(fetch.request, fetch.version, bytes));
}

void KafkaApis::sendFetch(PendingFetch& fetch, FetchResponse resp) {
  closeFetchContext(fetch.context, fetch.request, resp);
  auto frame = encodeResponseFrame(fetch.correlationId, fetch.version, resp);
  // An encode failure cannot happen for what we built; answer nothing rather than garbage.
  fetch.reply(frame ? std::optional<std::vector<uint8_t>>(std::move(*frame)) : std::nullopt);
}

Status KafkaApis::onFetch(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(FetchRequest body, decodeRequestBody<FetchRequest>(req.body, req.apiVersion()));
  const FetchContext context = openFetchContext(body);
  if (context.error != kafka_error::kNone) {
    FetchResponse refused;
    refused.errorCode = context.error;
    return respond(req, reply, refused);
  }
  std::size_t bytes = 0;
  FetchResponse now = buildFetchResponse(body, req.apiVersion(), bytes);
  if (body.maxWaitMs <= 0 || hasMinBytes(body, bytes)) {
    closeFetchContext(context, body, now);
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
    std::size_t bytes = 0;
    FetchResponse resp = buildFetchResponse(it->request, it->version, bytes);
    if (hasMinBytes(it->request, bytes)) {
      m_loop.cancel(it->timer);
      sendFetch(*it, std::move(resp));
      it = m_pendingFetches.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace pier::broker
