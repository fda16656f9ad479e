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
// followers.
// Leader epochs (KIP-320, leader_epochs.h), as Kafka's Partition.fetchRecords: v9+ carry each
// partition's CurrentLeaderEpoch (negative: no check): older than the partition's is
// FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH, with no records and high watermark -1. v16
// then adds where the leader is (KIP-951: CurrentLeader, this broker and its epoch, and this
// broker in NodeEndpoints, at the listener the request came in on), as Kafka does for
// FENCED_LEADER_EPOCH and NOT_LEADER_OR_FOLLOWER (never answered here: this broker leads every
// partition it has). v12+ carry LastFetchedEpoch, the epoch of the fetcher's last batch:
// followers send it, Kafka's consumer -1. Kafka checks it for any fetcher that sends one,
// consumer or follower, and so does this broker: when this log's end of that epoch
// (OffsetForLeaderEpoch's answer) has a lower epoch or lies below the fetch offset, the fetcher's
// log diverged and the answer is DivergingEpoch (that epoch and end offset) instead of records;
// an epoch newer than the current one, or a fetch offset below the log start offset, is
// OFFSET_OUT_OF_RANGE.
// A fetch leaves at once, min.bytes or not, when none of its partitions could be read, a read
// failed or was fenced, or a log diverged (Kafka's ReplicaManager.fetchMessages: no partition to
// fetch, errorReadingData or hasDivergingEpoch).

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
// converted (zstd, a corrupt batch) answer with the error alone, as Kafka does; so does every
// partition of a topic with message.downconversion.enable=false when a client (not a follower)
// fetches (UNSUPPORTED_VERSION, Kafka's KafkaApis.maybeConvertFetchedData).
void downConvertFetch(const FetchRequest& request, int16_t version, const TopicManager& topics, FetchResponse& resp) {
  const int8_t magic = protocol::records::magicForFetchVersion(version);
  if (magic == protocol::records::kMagicV2) return;
  // v0-3 have no sessions: the response lists the request's partitions in its order.
  PIER_ASSERT(resp.responses.size() == request.topics.size(), "fetch v0-3 response mirrors its request");
  for (std::size_t t = 0; t < resp.responses.size(); ++t) {
    auto& partitions = resp.responses[t].partitions;
    PIER_ASSERT(partitions.size() == request.topics[t].partitions.size(), "fetch v0-3 response mirrors its request");
    for (std::size_t p = 0; p < partitions.size(); ++p) {
      FetchResponse::PartitionData& data = partitions[p];
      const storage::PartitionLog* log =
          topics.log(TopicPartition{request.topics[t].topic, PartitionIndex(data.partitionIndex)});
      if (log && !log->config().messageDownconversionEnable && request.replicaId.value() < 0 &&
          data.errorCode != kafka_error::kUnsupportedCompressionType) {
        data = partitionError(data.partitionIndex, kafka_error::kUnsupportedVersion);
        continue;
      }
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

// A Fetch before v10 (no zstd in clients that old) of a topic whose compression.type is zstd:
// UNSUPPORTED_COMPRESSION_TYPE for each of its partitions, whatever was read (Kafka's
// KafkaApis.maybeConvertFetchedData).
void refuseZstdTopicsBeforeV10(int16_t version, const TopicManager& topics, FetchResponse& resp) {
  if (version >= 10) return;
  for (auto& topic : resp.responses) {
    for (FetchResponse::PartitionData& data : topic.partitions) {
      const storage::PartitionLog* log = topics.log(TopicPartition{topic.topic, PartitionIndex(data.partitionIndex)});
      if (log && log->config().compressionType == protocol::records::Compression::Zstd) {
        data = partitionError(data.partitionIndex, kafka_error::kUnsupportedCompressionType);
      }
    }
  }
}

// One partition's answer from its log, as Kafka's Partition.fetchRecords: the leader epoch the
// fetch expects, then its last fetched epoch, then the read of up to `limitBytes`.
FetchResponse::PartitionData readPartition(storage::PartitionLog& log, const FetchRequest::FetchPartition& partition,
                                           int16_t version, uint64_t limitBytes, bool minOneBatch, NodeId self) {
  if (Status fenced = checkCurrentLeaderEpoch(log, expectedFetchEpoch(partition.currentLeaderEpoch)); !fenced) {
    FetchResponse::PartitionData data = partitionError(partition.partition, kafkaErrorCode(fenced));
    if (version >= 16 && data.errorCode == kafka_error::kFencedLeaderEpoch) {
      data.currentLeader.leaderId = self;
      data.currentLeader.leaderEpoch = currentLeaderEpoch(log).value();
    }
    return data;
  }
  FetchResponse::PartitionData data;
  data.partitionIndex = partition.partition;
  data.highWatermark = log.logEndOffset().value();
  if (version >= 4) data.lastStableOffset = data.highWatermark;
  if (version >= 5) data.logStartOffset = log.logStartOffset().value();
  data.records = std::vector<uint8_t>{};
  if (auto lastFetched = expectedFetchEpoch(partition.lastFetchedEpoch)) {
    auto diverging = divergingEpoch(log, *lastFetched, Offset(partition.fetchOffset));
    if (!diverging) {
      data.errorCode = kafkaErrorCode(diverging.status());
      return data;
    }
    if (*diverging) {
      data.divergingEpoch.epoch = (*diverging)->epoch.value();
      data.divergingEpoch.endOffset = (*diverging)->endOffset.value();
      return data;
    }
  }
  auto read = log.read(Offset(partition.fetchOffset), limitBytes, log.logEndOffset(), minOneBatch);
  if (read) {
    data.records = std::move(read->records);
  } else {
    data.errorCode = kafkaErrorCode(read.status());
  }
  return data;
}

// Must the fetch be answered now, as Kafka's ReplicaManager.fetchMessages (errorReadingData,
// hasDivergingEpoch)?
bool answersAtOnce(const FetchResponse::PartitionData& data) {
  return data.errorCode != kafka_error::kNone || data.divergingEpoch != FetchResponse::EpochEndOffset{};
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
      const std::size_t room = responseMax > bytes ? responseMax - bytes : 0;
      const uint64_t limit = std::min<uint64_t>(room, static_cast<uint64_t>(std::max(partition.partitionMaxBytes, 0)));
      const bool minOneBatch = version >= 3 && bytes == 0;
      FetchResponse::PartitionData data =
          readPartition(*log, partition, version, limit, minOneBatch, m_config.brokerId);
      bytes += data.records ? data.records->size() : 0;
      out.answerNow = out.answerNow || answersAtOnce(data);
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

void KafkaApis::addNodeEndpoints(FetchResponse& resp, int16_t version, std::size_t listenerIndex) const {
  if (version < 16) return;
  for (const auto& topic : resp.responses) {
    for (const auto& partition : topic.partitions) {
      if (partition.currentLeader.leaderId != m_config.brokerId) continue;
      const ListenerConfig self = m_config.advertised(listenerIndex);
      FetchResponse::NodeEndpoint endpoint;
      endpoint.nodeId = m_config.brokerId;
      endpoint.host = self.host;
      endpoint.port = self.port;
      endpoint.rack = m_config.rack;
      resp.nodeEndpoints = {endpoint};
      return;
    }
  }
}

void KafkaApis::sendFetch(PendingFetch& fetch, FetchResponse resp) {
  closeFetchContext(fetch.context, fetch.request, resp);
  addNodeEndpoints(resp, fetch.version, fetch.listenerIndex);
  refuseZstdTopicsBeforeV10(fetch.version, m_topics, resp);
  downConvertFetch(fetch.request, fetch.version, m_topics, resp);
  auto frame = encodeResponseFrame(fetch.correlationId, fetch.version, resp);
  // An encode failure cannot happen for what we built; answer nothing rather than garbage.
  fetch.reply(frame ? std::optional<std::vector<uint8_t>>(std::move(*frame)) : std::nullopt);
}

Status KafkaApis::onFetch(const RequestEnvelope& req, const ClientInfo& client, Reply& reply) {
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
    addNodeEndpoints(now, req.apiVersion(), client.listenerIndex);
    refuseZstdTopicsBeforeV10(req.apiVersion(), m_topics, now);
    downConvertFetch(body, req.apiVersion(), m_topics, now);
    PIER_ASSIGN_OR_RETURN(auto frame, encodeResponseFrame(req.header.correlationId, req.apiVersion(), now));
    reply(std::move(frame));
    return Status::ok();
  }
  m_pendingFetches.push_back(PendingFetch{std::move(body), context, req.apiVersion(), req.header.correlationId,
                                          std::move(reply), TimerId(0), client.listenerIndex});
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
