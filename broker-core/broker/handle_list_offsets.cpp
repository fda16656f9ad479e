// ListOffsets: -2 (earliest) the log start offset, -1 (latest) the high watermark, -3 (max
// timestamp, v7) the batch with the greatest timestamp, any other timestamp the first record at
// or after it (offset -1 when there is none). v0 answers with the old offsets list.
// v4+: each partition's CurrentLeaderEpoch is checked first (KIP-320, leader_epochs.h; -1: no
// check): FENCED_LEADER_EPOCH or UNKNOWN_LEADER_EPOCH for that partition, offset and timestamp
// -1, as Kafka's Partition.fetchOffsetForTimestamp. The leader epoch answered is the epoch of
// the offset found, the current epoch for the latest offset (Kafka answers its leader epoch).

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/list_offsets_request.h"
#include "protocol/kafka/generated/list_offsets_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

constexpr int64_t kLatest = -1;
constexpr int64_t kEarliest = -2;
constexpr int64_t kMaxTimestamp = -3;

ListOffsetsResponse::ListOffsetsPartitionResponse lookup(storage::PartitionLog& log, int64_t timestamp) {
  ListOffsetsResponse::ListOffsetsPartitionResponse out;
  auto epochOf = [&](Offset o) {
    auto e = epochOfOffset(log, o);
    return e ? e->value() : -1;
  };
  if (timestamp == kLatest) {
    out.offset = log.logEndOffset().value();
  } else if (timestamp == kEarliest) {
    out.offset = log.logStartOffset().value();
  } else if (timestamp == kMaxTimestamp) {
    const storage::TimestampOffset max = log.maxTimestampAndOffset();
    out.timestamp = max.timestamp;
    out.offset = max.timestamp < 0 ? -1 : max.offset.value();
  } else {
    auto found = log.findOffsetByTimestamp(timestamp);
    if (!found) {
      out.errorCode = kafkaErrorCode(found.status());
    } else if (*found) {
      out.timestamp = (*found)->timestamp;
      out.offset = (*found)->offset.value();
    }
  }
  out.leaderEpoch = out.offset >= 0 ? epochOf(Offset(out.offset)) : -1;
  return out;
}

}  // namespace

Status KafkaApis::onListOffsets(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(ListOffsetsRequest body, decodeRequestBody<ListOffsetsRequest>(req.body, req.apiVersion()));
  ListOffsetsResponse resp;
  for (const auto& topic : body.topics) {
    ListOffsetsResponse::ListOffsetsTopicResponse topicResp;
    topicResp.name = topic.name;
    for (const auto& partition : topic.partitions) {
      storage::PartitionLog* log = m_topics.log(TopicPartition{topic.name, PartitionIndex(partition.partitionIndex)});
      ListOffsetsResponse::ListOffsetsPartitionResponse p;
      if (!log) {
        p.errorCode = kafka_error::kUnknownTopicOrPartition;
      } else if (Status fenced = checkCurrentLeaderEpoch(*log, expectedEpoch(partition.currentLeaderEpoch)); !fenced) {
        p.errorCode = kafkaErrorCode(fenced);
      } else {
        p = lookup(*log, partition.timestamp);
        // Only the fields the version has (the encoder refuses the others).
        if (req.apiVersion() < 4) p.leaderEpoch = -1;
        if (req.apiVersion() == 0) {
          if (p.offset >= 0) p.oldStyleOffsets = {p.offset};
          p.offset = -1;
          p.timestamp = -1;
        }
      }
      p.partitionIndex = partition.partitionIndex;
      topicResp.partitions.push_back(std::move(p));
    }
    resp.topics.push_back(std::move(topicResp));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
