// OffsetFetch: a group's committed offsets, for the partitions asked or (topics null, v2+) for
// every partition the group has committed. A partition without a commit answers offset -1,
// metadata "" and no error, as Kafka does; a leader epoch is -1 when the commit had none. v8+
// ask for several groups at once. requireStable (v7+) needs nothing here: without transactions
// no offset is ever pending.

#include <map>

#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/offset_fetch_request.h"
#include "protocol/kafka/generated/offset_fetch_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

struct FetchedTopic {
  std::string name;
  std::vector<std::pair<int32_t, group::CommittedOffset>> partitions;
};

// The offsets of the partitions in `topics` (OffsetFetchRequestTopic or ...Topics), in the
// request's order, or of every committed partition by topic and partition when null.
template <typename RequestTopic>
std::vector<FetchedTopic> fetch(const group::GroupCoordinator& groups, const std::string& groupId,
                                const std::optional<std::vector<RequestTopic>>& topics) {
  std::optional<std::vector<TopicPartition>> wanted;
  if (topics) {
    wanted.emplace();
    for (const auto& t : *topics) {
      for (int32_t p : t.partitionIndexes)
        wanted->push_back(TopicPartition{t.name, PartitionIndex(p)});
    }
  }
  const std::map<TopicPartition, group::CommittedOffset> committed =
      groups.fetchOffsets(groupId, wanted);
  std::vector<FetchedTopic> out;
  if (!topics) {
    for (const auto& [tp, offset] : committed) {
      if (out.empty() || out.back().name != tp.topic) out.push_back(FetchedTopic{tp.topic, {}});
      out.back().partitions.emplace_back(tp.partition.value(), offset);
    }
    return out;
  }
  for (const auto& t : *topics) {
    FetchedTopic& topic = out.emplace_back(FetchedTopic{t.name, {}});
    for (int32_t p : t.partitionIndexes) {
      auto it = committed.find(TopicPartition{t.name, PartitionIndex(p)});
      topic.partitions.emplace_back(
          p, it != committed.end() ? it->second : group::CommittedOffset{});  // -1, -1, ""
    }
  }
  return out;
}

// Fills OffsetFetchResponseTopic (v0-7) or OffsetFetchResponseTopics (v8+).
template <typename ResponseTopic>
std::vector<ResponseTopic> toResponse(const std::vector<FetchedTopic>& fetched, int16_t version) {
  std::vector<ResponseTopic> topics;
  for (const FetchedTopic& f : fetched) {
    ResponseTopic& topic = topics.emplace_back();
    topic.name = f.name;
    for (const auto& [index, committed] : f.partitions) {
      auto& p = topic.partitions.emplace_back();
      p.partitionIndex = index;
      p.committedOffset = committed.offset;
      if (version >= 5) p.committedLeaderEpoch = committed.leaderEpoch;
      p.metadata = committed.metadata;
    }
  }
  return topics;
}

}  // namespace

Status KafkaApis::onOffsetFetch(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(OffsetFetchRequest body,
                        decodeRequestBody<OffsetFetchRequest>(req.body, req.apiVersion()));
  const int16_t version = req.apiVersion();
  OffsetFetchResponse resp;
  if (version < 8) {
    resp.topics = toResponse<OffsetFetchResponse::OffsetFetchResponseTopic>(
        fetch(m_groups, body.groupId, body.topics), version);
    return respond(req, reply, resp);
  }
  for (const auto& g : body.groups) {
    OffsetFetchResponse::OffsetFetchResponseGroup& answered = resp.groups.emplace_back();
    answered.groupId = g.groupId;
    answered.topics = toResponse<OffsetFetchResponse::OffsetFetchResponseTopics>(
        fetch(m_groups, g.groupId, g.topics), version);
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
