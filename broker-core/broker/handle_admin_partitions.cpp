// CreatePartitions (grow a topic to `count` partitions; fewer or equal is INVALID_PARTITIONS with
// Kafka's message; validateOnly checks only) and DeleteRecords (raise the log start offset of a
// partition; -1 means the high watermark; above it is OFFSET_OUT_OF_RANGE; answers the new low
// watermark).

#include <fmt/format.h>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/create_partitions_request.h"
#include "protocol/kafka/generated/create_partitions_response.h"
#include "protocol/kafka/generated/delete_records_request.h"
#include "protocol/kafka/generated/delete_records_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {


struct Verdict {
  int16_t error = kafka_error::kNone;
  std::string message;
};

Verdict checkGrowth(const CreatePartitionsRequest::CreatePartitionsTopic& t, const TopicState* state, NodeId self) {
  if (!state) return {kafka_error::kUnknownTopicOrPartition, fmt::format("The topic '{}' does not exist.", t.name)};
  if (t.count <= state->partitionCount) {
    return {kafka_error::kInvalidPartitions, fmt::format("Topic currently has {} partitions, which is higher than the requested {}.",
                                            state->partitionCount, t.count)};
  }
  if (t.assignments) {
    if (static_cast<int32_t>(t.assignments->size()) != t.count - state->partitionCount) {
      return {kafka_error::kInvalidReplicaAssignment, "Increasing the number of partitions by "
                                         + std::to_string(t.count - state->partitionCount) + " but "
                                         + std::to_string(t.assignments->size()) + " assignments provided."};
    }
    for (const auto& a : *t.assignments) {
      if (a.brokerIds.size() != 1 || a.brokerIds[0] != self) {
        return {kafka_error::kInvalidReplicaAssignment, fmt::format("replicas must be [{}], the only broker", self.value())};
      }
    }
  }
  return {};
}

}  // namespace

Status KafkaApis::onCreatePartitions(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(CreatePartitionsRequest body, decodeRequestBody<CreatePartitionsRequest>(req.body, req.apiVersion()));
  CreatePartitionsResponse resp;
  for (const auto& t : body.topics) {
    Verdict verdict = checkGrowth(t, m_topics.find(t.name), m_config.brokerId);
    if (verdict.error == kafka_error::kNone && !body.validateOnly) {
      Status grown = m_topics.addPartitions(t.name, t.count, nowMs());
      if (!grown) verdict = {kafkaErrorCode(grown), grown.message()};
    }
    CreatePartitionsResponse::CreatePartitionsTopicResult r;
    r.name = t.name;
    r.errorCode = verdict.error;
    if (verdict.error != kafka_error::kNone) r.errorMessage = verdict.message;
    resp.results.push_back(std::move(r));
  }
  return respond(req, reply, resp);
}

Status KafkaApis::onDeleteRecords(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DeleteRecordsRequest body, decodeRequestBody<DeleteRecordsRequest>(req.body, req.apiVersion()));
  DeleteRecordsResponse resp;
  for (const auto& t : body.topics) {
    DeleteRecordsResponse::DeleteRecordsTopicResult topicResult;
    topicResult.name = t.name;
    for (const auto& p : t.partitions) {
      DeleteRecordsResponse::DeleteRecordsPartitionResult r;
      r.partitionIndex = p.partitionIndex;
      r.lowWatermark = -1;
      storage::PartitionLog* log = m_topics.log(TopicPartition{t.name, PartitionIndex(p.partitionIndex)});
      if (!log) {
        r.errorCode = kafka_error::kUnknownTopicOrPartition;
      } else {
        const Offset highWatermark = log->logEndOffset();
        auto start = log->deleteRecordsBefore(p.offset == -1 ? highWatermark : Offset(p.offset), highWatermark);
        r.errorCode = kafkaErrorCode(start.status());
        if (start) r.lowWatermark = start->value();
      }
      topicResult.partitions.push_back(r);
    }
    resp.topics.push_back(std::move(topicResult));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
