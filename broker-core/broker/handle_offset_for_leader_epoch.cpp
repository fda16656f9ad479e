// OffsetForLeaderEpoch (v0-4), as Kafka 3.8's KafkaApis.handleOffsetForLeaderEpochRequest and
// Partition.lastOffsetForLeaderEpoch: for each partition, the end offset of the requested epoch
// from the partition's leader epoch history (leader_epochs.h: the largest epoch <= the requested
// one and where the next epoch starts, the log end offset for the current epoch, the requested
// epoch and the first start offset for one older than every recorded epoch, -1 and -1 for one
// newer than the current epoch). Consumers ask it to check their position after a leader change
// (KIP-320), followers to find where to truncate; Kafka answers both from the leader's log alike
// (ReplicaId, v3+: -1 consumer, -2 debug, a follower's id, only decides authorization there), and
// so does this broker. v2+ carry CurrentLeaderEpoch: -1 no check, older than the partition's
// FENCED_LEADER_EPOCH, newer UNKNOWN_LEADER_EPOCH. A partition this broker does not have is
// UNKNOWN_TOPIC_OR_PARTITION. v0 has no LeaderEpoch in the response (the encoder leaves it out).

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/offset_for_leader_epoch_request.h"
#include "protocol/kafka/generated/offset_for_leader_epoch_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

using Request = OffsetForLeaderEpochRequest;
using Response = OffsetForLeaderEpochResponse;

Response::EpochEndOffset answerPartition(const storage::PartitionLog* log, const Request::OffsetForLeaderPartition& p) {
  Response::EpochEndOffset out;
  out.partition = p.partition;
  if (!log) {
    out.errorCode = kafka_error::kUnknownTopicOrPartition;
    return out;
  }
  if (Status fenced = checkCurrentLeaderEpoch(*log, expectedEpoch(p.currentLeaderEpoch)); !fenced) {
    out.errorCode = kafkaErrorCode(fenced);
    return out;
  }
  if (auto end = endOffsetForEpoch(*log, LeaderEpoch(p.leaderEpoch))) {
    out.leaderEpoch = end->epoch.value();
    out.endOffset = end->endOffset.value();
  }
  return out;
}

}  // namespace

Status KafkaApis::onOffsetForLeaderEpoch(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(Request body, decodeRequestBody<Request>(req.body, req.apiVersion()));
  Response resp;
  for (const auto& topic : body.topics) {
    Response::OffsetForLeaderTopicResult& result = resp.topics.emplace_back();
    result.topic = topic.topic;
    for (const auto& p : topic.partitions) {
      const storage::PartitionLog* log = m_topics.log(TopicPartition{topic.topic, PartitionIndex(p.partition)});
      result.partitions.push_back(answerPartition(log, p));
    }
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
