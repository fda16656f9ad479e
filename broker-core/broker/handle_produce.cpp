// Produce: validates each partition's records (produce_validation.h), appends them as leader
// (offsets and epoch assigned, LogAppendTime applied by the log; the log trusts the validated
// batches and does not check them again), answers per partition. The records are validated and
// appended where they arrived, in the request frame (RecordBytes, RequestEnvelope::writable).
// Legacy message sets (Produce v0-2, magic 0/1; v3+ must carry one v2 batch) are CRC-checked
// and up-converted to one v2 batch first, as Kafka's LogValidator does for old clients, then
// validated like any batch (keys on compacted topics, timestamps). A topic whose
// compression.type names a codec gets batches compressed otherwise rebuilt with it. acks must be
// -1, 0 or 1; with acks=0 there is no response, and a failed append closes the connection so
// the client notices (Kafka's behaviour). acks=-1 on a partition whose min.insync.replicas exceeds its
// in-sync replicas (here: this broker alone) is NOT_ENOUGH_REPLICAS and appends nothing, checked
// before the records as Kafka's Partition.appendRecordsToLeader does.

#include <fmt/format.h>

#include "base/log.h"
#include "broker/broker_error.h"
#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "broker/produce_validation.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_error.h"

namespace pier::broker {

using namespace protocol::kafka;
namespace records = protocol::records;

// One partition's append, through the idempotent producer's sequence check when the batch
// carries a producer id: a duplicate of one of the producer's last five batches is answered
// with the offsets it already has and not appended again (Kafka requires one batch per
// partition from an idempotent producer). The log records the appended batch in its producer
// state.
Result<KafkaApis::AppendOutcome> KafkaApis::appendPartition(storage::PartitionLog& log,
                                                            const records::ValidatedBatches& batches) {
  AppendOutcome out;
  const records::BatchHeader& header = batches.headers().front();
  if (header.producerId.value() >= 0) {
    if (batches.headers().size() != 1) {
      return Status(protocol::RecordError::InvalidRecord, "an idempotent producer must send one batch per partition");
    }
    PIER_ASSIGN_OR_RETURN(storage::SequenceCheck check, log.producers().check(header));
    if (check.verdict == storage::SequenceVerdict::Duplicate) {
      out.baseOffset = check.duplicateOf.firstOffset;
      return out;
    }
  }
  PIER_ASSIGN_OR_RETURN(storage::AppendInfo info, log.appendAsLeader(batches, currentLeaderEpoch(log), nowMs()));
  m_metrics.addProduced(info.recordCount, info.sizeBytes);
  out.baseOffset = info.firstOffset.value();
  out.logAppendTimeMs = info.logAppendTimeMs;
  out.appended = true;
  return out;
}

// One partition's records: a legacy message set up-converted, then validated and appended.
Result<KafkaApis::AppendOutcome> KafkaApis::producePartition(int16_t version, storage::PartitionLog& log,
                                                             std::span<uint8_t> bytes) {
  PIER_RETURN_IF_ERROR(validateProduceRequestRecords(version, bytes));
  std::vector<uint8_t> upConverted;
  if (bytes.size() > records::kMagicOffset && bytes[records::kMagicOffset] < records::kMagicV2) {
    PIER_ASSIGN_OR_RETURN(upConverted, records::upConvertMessageSet(bytes));
    bytes = upConverted;
  }
  PIER_ASSIGN_OR_RETURN(records::ValidatedBatches batches, validateProducedRecords(bytes, log.config(), nowMs()));
  PIER_ASSIGN_OR_RETURN(std::optional<std::vector<uint8_t>> recompressed, recompressForTopic(batches, log.config()));
  if (!recompressed) return appendPartition(log, batches);
  PIER_ASSIGN_OR_RETURN(records::ValidatedBatches rebuilt,
                        validateProducedRecords(*recompressed, log.config(), nowMs()));
  return appendPartition(log, rebuilt);
}

Status KafkaApis::onProduce(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(ProduceRequest body, decodeRequestBody<ProduceRequest>(req.body, req.apiVersion()));
  ProduceResponse resp;
  Status firstError;
  const bool acksValid = body.acks == -1 || body.acks == 0 || body.acks == 1;
  bool appended = false;
  for (auto& topic : body.topicData) {
    ProduceResponse::TopicProduceResponse topicResp;
    topicResp.name = topic.name;
    for (auto& partition : topic.partitionData) {
      ProduceResponse::PartitionProduceResponse p;
      p.index = partition.index;
      storage::PartitionLog* log = m_topics.log(TopicPartition{topic.name, PartitionIndex(partition.index)});
      Status status;
      if (!acksValid) {
        p.errorCode = kafka_error::kInvalidRequiredAcks;
      } else if (!log) {
        p.errorCode = kafka_error::kUnknownTopicOrPartition;
      } else {
        if (body.acks == -1 && log->config().minInsyncReplicas > 1) {
          status = Status(BrokerError::NotEnoughReplicas,
                          fmt::format("The size of the current ISR Set({}) is insufficient to satisfy the min.isr "
                                      "requirement of {} for partition {}-{}",
                                      m_config.brokerId.value(), log->config().minInsyncReplicas, topic.name,
                                      partition.index));
        } else {
          const std::span<uint8_t> bytes =
              partition.records ? req.writable(partition.records->bytes()) : std::span<uint8_t>{};
          auto outcome = producePartition(req.apiVersion(), *log, bytes);
          status = outcome.status();
          if (outcome) {
            p.baseOffset = outcome->baseOffset;
            p.logAppendTimeMs = outcome->logAppendTimeMs;
            appended = appended || outcome->appended;
          }
        }
        p.errorCode = kafkaErrorCode(status);
        if (!status) p.errorMessage = status.message();
        p.logStartOffset = log->logStartOffset().value();
      }
      if (p.errorCode != kafka_error::kNone && firstError.isOk()) {
        firstError = status.isOk() ? Status(protocol::ProtocolError::UnsupportedVersion, "produce refused") : status;
        PIER_LOG_DEBUG("produce refused", {"topic", topic.name}, {"partition", partition.index}, {"error", p.errorCode},
                       {"why", status});
      }
      // Only the fields the version has (the encoder refuses the others).
      if (req.apiVersion() < 2) p.logAppendTimeMs = -1;
      if (req.apiVersion() < 5) p.logStartOffset = -1;
      if (req.apiVersion() < 8) p.errorMessage = std::nullopt;
      topicResp.partitionResponses.push_back(std::move(p));
    }
    resp.responses.push_back(std::move(topicResp));
  }
  if (appended) wakeFetches();
  if (body.acks == 0) {
    if (!firstError.isOk()) return firstError.withContext("acks=0 produce failed; closing the connection");
    reply(std::nullopt);
    return Status::ok();
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
