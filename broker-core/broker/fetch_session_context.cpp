// Fetch sessions (KIP-227) around a Fetch: which session a request belongs to, and what its
// response says, as Kafka's FetchManager.newContext and the contexts'
// updateAndGenerateResponseData:
//
//   epoch -1            sessionless full fetch (what kafka-python and librdkafka 2.0 send);
//                       a session id given is closed. Response session id 0.
//   epoch 0             full fetch; a session id given is closed; a new session is created
//                       when the response leaves (0 when the cache has no room).
//   epoch >= 1, id      incremental: FETCH_SESSION_ID_NOT_FOUND for an unknown id,
//                       INVALID_FETCH_SESSION_EPOCH for another epoch; else the request's
//                       partitions are added or updated, ForgottenTopicsData removed, the epoch
//                       moves on, and the response leaves out unchanged partitions.
// Fetch v4-6 have no session fields: always sessionless.
//
// Topic ids (Fetch v13+, KIP-516): a session created by v13+ keys its partitions by topic id
// (a forgotten topic is named by id) and only v13+ may continue it, a session of names only
// v7-12: FETCH_SESSION_TOPIC_ID_ERROR otherwise (Kafka's FetchManager.newContext). A partition
// whose id names no topic (never did, or its topic was deleted) stays in the session and is
// answered UNKNOWN_TOPIC_ID each time, until a topic with that id appears
// (CachedPartition.maybeResolveUnknownName); ids are resolved on every fetch.
//
// Leader epochs (KIP-320): a session keeps each partition's CurrentLeaderEpoch and
// LastFetchedEpoch as the fetcher last sent them, so a partition an incremental fetch does not
// name is checked against those; a partition answered with a DivergingEpoch is always included.

#include <algorithm>
#include <map>
#include <utility>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

// Fetch v15+ carries the follower's id in ReplicaState, older versions in ReplicaId.
bool isFollower(const FetchRequest& request) {
  return request.replicaId.value() >= 0 || request.replicaState.replicaId.value() >= 0;
}

// A partition of a session: (topic name, partition), or (topic id bytes, partition) when the
// session uses topic ids, where a name may be unknown.
using PartitionKey = std::pair<std::string, int32_t>;

PartitionKey keyOf(bool usesTopicIds, const std::string& topic, const Uuid& topicId, int32_t partition) {
  if (!usesTopicIds) return PartitionKey{topic, partition};
  return PartitionKey{std::string(topicId.bytes.begin(), topicId.bytes.end()), partition};
}

PartitionKey keyOf(const FetchSession& session, const SessionPartition& s) {
  return keyOf(session.usesTopicIds, s.topic, s.topicId, s.partition);
}

// Where each partition sits in the session's order: lookups stay O(log n) for sessions of
// thousands of partitions.
std::map<PartitionKey, std::size_t> positions(const FetchSession& session) {
  std::map<PartitionKey, std::size_t> at;
  for (std::size_t i = 0; i < session.partitions.size(); ++i) at.emplace(keyOf(session, session.partitions[i]), i);
  return at;
}

// What a session keeps of a fetcher's request for a partition, as Kafka's
// CachedPartition.updateRequestParams: an incremental fetch that does not name the partition
// fetches it with these, leader epochs included.
void takeRequest(SessionPartition& cached, const FetchRequest::FetchPartition& p) {
  cached.fetchOffset = p.fetchOffset;
  cached.maxBytes = p.partitionMaxBytes;
  cached.currentLeaderEpoch = p.currentLeaderEpoch;
  cached.lastFetchedEpoch = p.lastFetchedEpoch;
}

SessionPartition sessionPartitionOf(const FetchRequest::FetchTopic& topic, const FetchRequest::FetchPartition& p) {
  SessionPartition cached;
  cached.topic = topic.topic;
  cached.topicId = topic.topicId;
  cached.partition = p.partition;
  takeRequest(cached, p);
  return cached;
}

// Adds or updates the request's partitions, then forgets ForgottenTopicsData, as Kafka's
// FetchSession.update.
void updateSession(FetchSession& session, const FetchRequest& request) {
  std::map<PartitionKey, std::size_t> at = positions(session);
  for (const auto& topic : request.topics) {
    for (const auto& p : topic.partitions) {
      auto [it, added] = at.emplace(keyOf(session.usesTopicIds, topic.topic, topic.topicId, p.partition),
                                    session.partitions.size());
      if (added) {
        session.partitions.push_back(sessionPartitionOf(topic, p));
      } else {
        takeRequest(session.partitions[it->second], p);
      }
    }
  }
  for (const auto& forgotten : request.forgottenTopicsData) {
    std::erase_if(session.partitions, [&](const SessionPartition& s) {
      const bool sameTopic = session.usesTopicIds ? s.topicId == forgotten.topicId : s.topic == forgotten.topic;
      return sameTopic &&
             std::find(forgotten.partitions.begin(), forgotten.partitions.end(), s.partition) !=
                 forgotten.partitions.end();
    });
  }
}

// The session's partitions as the request's topics (consecutive partitions of a topic together);
// in a session of topic ids, each id is looked up again in `names` every time: an id that named
// no topic may name one now, and a topic deleted (or deleted and made again, with a new id) no
// longer answers for the old id.
std::vector<FetchRequest::FetchTopic> sessionTopics(FetchSession& session, const KafkaApis::TopicNames& names) {
  std::vector<FetchRequest::FetchTopic> topics;
  for (SessionPartition& s : session.partitions) {
    if (session.usesTopicIds) s.topic = names.nameOf(s.topicId);
    if (topics.empty() || topics.back().topic != s.topic || topics.back().topicId != s.topicId) {
      topics.emplace_back();
      topics.back().topic = s.topic;
      topics.back().topicId = s.topicId;
    }
    FetchRequest::FetchPartition p;
    p.partition = s.partition;
    p.fetchOffset = s.fetchOffset;
    p.partitionMaxBytes = s.maxBytes;
    p.currentLeaderEpoch = s.currentLeaderEpoch;
    p.lastFetchedEpoch = s.lastFetchedEpoch;
    topics.back().partitions.push_back(p);
  }
  return topics;
}

// Kafka's CachedPartition.maybeUpdateResponseData: whether the fetcher must hear about the
// partition, remembering what it is told.
bool mustRespond(SessionPartition& cached, const FetchResponse::PartitionData& data) {
  bool must = data.records && !data.records->empty();
  if (cached.highWatermark != data.highWatermark) {
    must = true;
    cached.highWatermark = data.highWatermark;
  }
  if (cached.logStartOffset != data.logStartOffset) {
    must = true;
    cached.logStartOffset = data.logStartOffset;
  }
  if (data.errorCode != kafka_error::kNone) {
    // Re-sent once the error is gone.
    cached.highWatermark = -1;
    must = true;
  }
  // The fetcher must hear of a diverged log to truncate it.
  if (data.divergingEpoch != FetchResponse::EpochEndOffset{}) must = true;
  return must;
}

}  // namespace

KafkaApis::FetchContext KafkaApis::openFetchContext(FetchRequest& request, int16_t version, const TopicNames& names) {
  using Kind = FetchContext::Kind;
  if (request.sessionEpoch == -1 || request.sessionEpoch == 0) {
    if (request.sessionId != 0) m_fetchSessions.remove(request.sessionId);
    return FetchContext{request.sessionEpoch == 0 ? Kind::Full : Kind::Sessionless, 0,
                        kafka_error::kNone, version >= 13};
  }
  FetchSession* session = m_fetchSessions.find(request.sessionId);
  if (!session) return FetchContext{Kind::Sessionless, 0, kafka_error::kFetchSessionIdNotFound};
  if (session->epoch != request.sessionEpoch) {
    return FetchContext{Kind::Sessionless, 0, kafka_error::kInvalidFetchSessionEpoch};
  }
  if (session->usesTopicIds != (version >= 13)) {
    return FetchContext{Kind::Sessionless, 0, kafka_error::kFetchSessionTopicIdError};
  }
  updateSession(*session, request);
  if (session->partitions.empty()) {
    // Nothing left to fetch: the session ends, as in Kafka.
    m_fetchSessions.remove(session->id);
    request.topics.clear();
    return FetchContext{Kind::Sessionless, 0, kafka_error::kNone};
  }
  m_fetchSessions.touch(*session, nowMs());
  session->epoch = FetchSessionCache::nextEpoch(session->epoch);
  request.topics = sessionTopics(*session, names);
  return FetchContext{Kind::Incremental, session->id, kafka_error::kNone};
}

void KafkaApis::closeFetchContext(const FetchContext& context, const FetchRequest& request,
                                  FetchResponse& response) {
  using Kind = FetchContext::Kind;
  response.sessionId = 0;
  if (context.kind == Kind::Full) {
    std::vector<SessionPartition> partitions;
    for (std::size_t t = 0; t < request.topics.size(); ++t) {
      const auto& topic = request.topics[t];
      for (std::size_t p = 0; p < topic.partitions.size(); ++p) {
        const auto& data = response.responses[t].partitions[p];
        SessionPartition& cached = partitions.emplace_back(sessionPartitionOf(topic, topic.partitions[p]));
        cached.highWatermark = data.highWatermark;
        cached.logStartOffset = data.logStartOffset;
      }
    }
    response.sessionId =
        m_fetchSessions.maybeCreate(nowMs(), isFollower(request), std::move(partitions), context.usesTopicIds);
    return;
  }
  if (context.kind != Kind::Incremental) return;
  FetchSession* session = m_fetchSessions.find(context.sessionId);
  if (!session) return;  // evicted while the fetch waited: everything is sent, without a session
  response.sessionId = session->id;
  const std::map<PartitionKey, std::size_t> at = positions(*session);
  std::vector<bool> hadRecords(session->partitions.size(), false);
  std::vector<FetchResponse::FetchableTopicResponse> kept;
  for (auto& topicResp : response.responses) {
    for (auto& data : topicResp.partitions) {
      auto index = at.find(keyOf(session->usesTopicIds, topicResp.topic, topicResp.topicId, data.partitionIndex));
      if (index == at.end() || !mustRespond(session->partitions[index->second], data)) continue;
      if (kept.empty() || kept.back().topic != topicResp.topic || kept.back().topicId != topicResp.topicId) {
        kept.emplace_back();
        kept.back().topic = topicResp.topic;
        kept.back().topicId = topicResp.topicId;
      }
      hadRecords[index->second] = data.records && !data.records->empty();
      kept.back().partitions.push_back(std::move(data));
    }
  }
  // Partitions that returned records move to the end, so every partition gets its turn.
  std::vector<SessionPartition> reordered;
  reordered.reserve(session->partitions.size());
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < session->partitions.size(); ++i) {
      if (hadRecords[i] == (pass == 1)) reordered.push_back(std::move(session->partitions[i]));
    }
  }
  session->partitions = std::move(reordered);
  response.responses = std::move(kept);
}

}  // namespace pier::broker
