// OffsetDelete: removes a group's committed offsets for the partitions named. A partition of a
// topic the group's members still subscribe to answers GROUP_SUBSCRIBED_TO_TOPIC; one of a
// topic this broker does not have, UNKNOWN_TOPIC_OR_PARTITION, as in Kafka. What concerns the
// whole group (GROUP_ID_NOT_FOUND, INVALID_GROUP_ID, ...) is the top-level error, with no
// partitions listed, as Kafka answers.

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "broker/partition_answers.h"
#include "protocol/kafka/generated/offset_delete_request.h"
#include "protocol/kafka/generated/offset_delete_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

// A group error other than the per-partition one stands for the whole group.
bool concernsWholeGroup(const Status& s) {
  return s.inDomain<group::GroupError>() && !s.is(group::GroupError::GroupSubscribedToTopic);
}

}  // namespace

Status KafkaApis::onOffsetDelete(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(OffsetDeleteRequest body,
                        decodeRequestBody<OffsetDeleteRequest>(req.body, req.apiVersion()));
  std::vector<TopicPartition> partitions;
  std::vector<bool> known;
  for (const auto& topic : body.topics) {
    for (const auto& p : topic.partitions) {
      TopicPartition tp{topic.name, PartitionIndex(p.partitionIndex)};
      known.push_back(m_topics.log(tp) != nullptr);
      if (known.back()) partitions.push_back(std::move(tp));
    }
  }
  const std::vector<Status> results = m_groups.deleteOffsets(body.groupId, partitions, nowMs());
  OffsetDeleteResponse resp;
  for (const Status& s : results) {
    if (concernsWholeGroup(s)) {
      resp.errorCode = kafkaGroupErrorCode(s);
      return respond(req, reply, resp);
    }
  }
  resp.topics = answerPartitions<OffsetDeleteResponse::OffsetDeleteResponseTopic>(body.topics, known, results);
  return respond(req, reply, resp);
}

}  // namespace pier::broker
