// Metadata: this broker, the cluster id, itself as controller, and the requested topics (all when
// the list is null, or empty at v0). A requested topic that does not exist is created when
// auto.create.topics.enable and the request allow it, with num.partitions partitions.
// `__consumer_offsets` is created as the group coordinator creates it, and marked internal.

#include <algorithm>

#include "broker/consumer_offsets_topic.h"
#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {

MetadataResponse::MetadataResponseTopic describeTopic(const std::string& name, const TopicState& state, NodeId self,
                                                      TopicManager& topics, int16_t version) {
  MetadataResponse::MetadataResponseTopic topic;
  topic.name = name;
  // Consumers leave internal topics out of pattern subscriptions (exclude.internal.topics).
  topic.isInternal = name == ConsumerOffsetsTopic::kName;
  if (version >= 10) topic.topicId = state.topicId;
  for (int32_t p = 0; p < state.partitionCount; ++p) {
    MetadataResponse::MetadataResponsePartition partition;
    partition.partitionIndex = p;
    partition.leaderId = self;
    partition.replicaNodes = {self};
    partition.isrNodes = {self};
    const storage::PartitionLog* log = topics.log(TopicPartition{name, PartitionIndex(p)});
    if (version >= 7) partition.leaderEpoch = log ? currentLeaderEpoch(*log).value() : 0;
    topic.partitions.push_back(partition);
  }
  return topic;
}

MetadataResponse::MetadataResponseTopic topicError(const std::string& name, int16_t error) {
  MetadataResponse::MetadataResponseTopic topic;
  topic.name = name;
  topic.errorCode = error;
  return topic;
}

}  // namespace

Status KafkaApis::onMetadata(const RequestEnvelope& req, const ClientInfo& client, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(MetadataRequest body, decodeRequestBody<MetadataRequest>(req.body, req.apiVersion()));
  MetadataResponse resp;
  // The endpoint of the listener the request came in on, as Kafka answers (its listener name).
  const ListenerConfig self = m_config.advertised(client.listenerIndex);
  MetadataResponse::MetadataResponseBroker broker;
  broker.nodeId = m_config.brokerId;
  broker.host = self.host;
  broker.port = self.port;
  broker.rack = m_config.rack;
  resp.brokers.push_back(broker);
  if (req.apiVersion() >= 2) resp.clusterId = m_topics.clusterId();
  if (req.apiVersion() >= 1) resp.controllerId = m_config.brokerId;
  const bool all = !body.topics || (req.apiVersion() == 0 && body.topics->empty());
  if (all) {
    for (const auto& [name, state] : m_topics.topics()) {
      resp.topics.push_back(describeTopic(name, state, m_config.brokerId, m_topics, req.apiVersion()));
    }
  } else {
    const bool mayCreate = m_config.autoCreateTopicsEnable && (req.apiVersion() < 4 || body.allowAutoTopicCreation);
    for (const auto& requested : *body.topics) {
      const std::string name = requested.name.value_or("");
      if (!m_topics.find(name) && mayCreate) {
        // As Kafka's AutoTopicCreationManager: the offsets topic gets its own partitions and configs.
        Status created = name == ConsumerOffsetsTopic::kName
                             ? m_offsetsTopic.partition(0, nowMs()).status()
                             : m_topics.create(name, m_config.numPartitions, {}, nowMs());
        if (!created) {
          resp.topics.push_back(topicError(name, kafkaErrorCode(created)));
          continue;
        }
      }
      const TopicState* state = m_topics.find(name);
      if (!state) {
        const bool validName = validateTopicName(name).isOk();
        resp.topics.push_back(topicError(name, validName ? kafka_error::kUnknownTopicOrPartition : kafka_error::kInvalidTopic));
        continue;
      }
      resp.topics.push_back(describeTopic(name, *state, m_config.brokerId, m_topics, req.apiVersion()));
    }
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
