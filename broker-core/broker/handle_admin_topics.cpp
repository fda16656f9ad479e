// CreateTopics and DeleteTopics, and SaslHandshake answered as a broker without SASL does.
//
// CreateTopics: numPartitions / replicationFactor -1 take num.partitions /
// default.replication.factor; a replication factor above the one broker is
// INVALID_REPLICATION_FACTOR with Kafka's message; explicit assignments must name only this
// broker; topic configs are validated (INVALID_CONFIG naming the key and value) and kept in
// /config/topics/<t>; validateOnly checks without creating.
// DeleteTopics: TOPIC_DELETION_DISABLED when delete.topic.enable=false.

#include <fmt/format.h>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/create_topics_request.h"
#include "protocol/kafka/generated/create_topics_response.h"
#include "protocol/kafka/generated/delete_topics_request.h"
#include "protocol/kafka/generated/delete_topics_response.h"
#include "protocol/kafka/generated/sasl_handshake_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {


struct Verdict {
  int16_t error = kafka_error::kNone;
  std::string message;
};

Verdict checkTopic(const CreateTopicsRequest::CreatableTopic& t, const BrokerConfig& config, const TopicManager& topics,
                   int32_t partitions, int16_t replication) {
  if (Status name = validateTopicName(t.name); !name) return {kafka_error::kInvalidTopic, name.message()};
  if (topics.find(t.name)) return {kafka_error::kTopicAlreadyExists, fmt::format("Topic '{}' already exists.", t.name)};
  if (partitions <= 0) return {kafka_error::kInvalidPartitions, "Number of partitions must be larger than 0."};
  if (replication <= 0) return {kafka_error::kInvalidReplicationFactor, "Replication factor must be larger than 0."};
  if (replication > 1) {
    return {kafka_error::kInvalidReplicationFactor,
            fmt::format("Replication factor: {} larger than available brokers: 1.", replication)};
  }
  for (const auto& a : t.assignments) {
    if (a.brokerIds.size() != 1 || a.brokerIds[0] != config.brokerId) {
      return {kafka_error::kInvalidReplicaAssignment, fmt::format("Partition {}: replicas must be [{}], the only broker",
                                                     a.partitionIndex, config.brokerId.value())};
    }
  }
  TopicOverrides overrides;
  for (const auto& c : t.configs) {
    if (!c.value) return {kafka_error::kInvalidConfig, fmt::format("Null value not supported for topic configs: {}", c.name)};
    overrides[c.name] = *c.value;
  }
  if (auto merged = topics.configWith(overrides); !merged) return {kafka_error::kInvalidConfig, merged.status().message()};
  return {};
}

TopicOverrides overridesOf(const CreateTopicsRequest::CreatableTopic& t) {
  TopicOverrides overrides;
  for (const auto& c : t.configs) {
    if (c.value) overrides[c.name] = *c.value;
  }
  return overrides;
}

}  // namespace

Status KafkaApis::onCreateTopics(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(CreateTopicsRequest body, decodeRequestBody<CreateTopicsRequest>(req.body, req.apiVersion()));
  CreateTopicsResponse resp;
  for (const auto& t : body.topics) {
    const int32_t partitions = !t.assignments.empty() ? static_cast<int32_t>(t.assignments.size())
                               : t.numPartitions == -1 ? m_config.numPartitions : t.numPartitions;
    const int16_t replication = t.replicationFactor == -1 ? m_config.defaultReplicationFactor : t.replicationFactor;
    Verdict verdict = checkTopic(t, m_config, m_topics, partitions, replication);
    if (verdict.error == kafka_error::kNone && !body.validateOnly) {
      Status created = m_topics.create(t.name, partitions, overridesOf(t), nowMs());
      if (!created) verdict = {kafkaErrorCode(created), created.message()};
    }
    CreateTopicsResponse::CreatableTopicResult r;
    r.name = t.name;
    r.errorCode = verdict.error;
    r.errorMessage = req.apiVersion() >= 1 && verdict.error != 0 ? std::optional<std::string>(verdict.message)
                                                                 : std::nullopt;
    if (req.apiVersion() >= 5) {
      r.numPartitions = verdict.error == 0 ? partitions : -1;
      r.replicationFactor = verdict.error == 0 ? replication : int16_t{-1};
      r.configs = std::vector<CreateTopicsResponse::CreatableTopicConfigs>{};
    } else {
      r.configs = std::nullopt;
    }
    if (const TopicState* state = m_topics.find(t.name); state && req.apiVersion() >= 7) r.topicId = state->topicId;
    resp.topics.push_back(std::move(r));
  }
  return respond(req, reply, resp);
}

Status KafkaApis::onDeleteTopics(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DeleteTopicsRequest body, decodeRequestBody<DeleteTopicsRequest>(req.body, req.apiVersion()));
  std::vector<std::string> names = body.topicNames;
  for (const auto& t : body.topics) {
    if (t.name) names.push_back(*t.name);  // by topic id alone: not served (Kafka 3.8 ZK brokers neither)
  }
  DeleteTopicsResponse resp;
  for (const std::string& name : names) {
    DeleteTopicsResponse::DeletableTopicResult r;
    r.name = name;
    const TopicState* state = m_topics.find(name);
    Status removed;
    if (!m_config.deleteTopicEnable) {
      r.errorCode = kafka_error::kTopicDeletionDisabled;
    } else if (!state) {
      r.errorCode = kafka_error::kUnknownTopicOrPartition;
    } else {
      if (req.apiVersion() >= 6) r.topicId = state->topicId;
      removed = m_topics.remove(name);
      r.errorCode = kafkaErrorCode(removed);
    }
    if (req.apiVersion() >= 5 && r.errorCode != 0) {
      r.errorMessage = removed.isOk() ? fmt::format("error {} for topic {}", r.errorCode, name) : removed.message();
    }
    resp.responses.push_back(std::move(r));
  }
  return respond(req, reply, resp);
}

Status KafkaApis::onSaslHandshake(const RequestEnvelope& req, Reply& reply) {
  SaslHandshakeResponse resp;
  resp.errorCode = kafka_error::kIllegalSaslState;  // what Kafka answers on a PLAINTEXT listener
  return respond(req, reply, resp);
}

}  // namespace pier::broker
