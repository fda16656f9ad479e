// DescribeProducers (v0, KIP-664; kafka-transactions.sh describe-producers and
// Admin.describeProducers), as Kafka 3.8's ReplicaManager.activeProducerState answers it: for each
// partition, the idempotent producers its log knows (storage/producer_state.h, producers idle
// for producer.id.expiration.ms already dropped): id, epoch, last sequence, the timestamp of
// its last batch; coordinatorEpoch and currentTxnStartOffset are -1 (no transactions). A
// partition this broker does not have is UNKNOWN_TOPIC_OR_PARTITION.

#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/describe_producers_request.h"
#include "protocol/kafka/generated/describe_producers_response.h"
#include "protocol/kafka_error_codes.h"

namespace pier::broker {

using namespace protocol::kafka;

Status KafkaApis::onDescribeProducers(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DescribeProducersRequest body,
                        decodeRequestBody<DescribeProducersRequest>(req.body, req.apiVersion()));
  DescribeProducersResponse resp;
  for (const auto& topic : body.topics) {
    DescribeProducersResponse::TopicResponse& result = resp.topics.emplace_back();
    result.name = topic.name;
    for (int32_t partition : topic.partitionIndexes) {
      DescribeProducersResponse::PartitionResponse& p = result.partitions.emplace_back();
      p.partitionIndex = partition;
      const storage::PartitionLog* log = m_topics.log(TopicPartition{topic.name, PartitionIndex(partition)});
      if (!log) {
        p.errorCode = kafka_error::kUnknownTopicOrPartition;
        p.errorMessage = "This server does not host this topic-partition.";
        continue;
      }
      for (const storage::ProducerSnapshotEntry& e : log->producers().snapshotEntries()) {
        DescribeProducersResponse::ProducerState s;
        s.producerId = ProducerId(e.producerId);
        s.producerEpoch = e.epoch;
        s.lastSequence = e.lastSequence;
        s.lastTimestamp = e.timestamp;
        s.coordinatorEpoch = e.coordinatorEpoch;
        s.currentTxnStartOffset = e.currentTxnFirstOffset;
        p.activeProducers.push_back(std::move(s));
      }
    }
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
