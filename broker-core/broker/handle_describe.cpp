// DescribeCluster (this broker, the cluster id, itself as controller) and DescribeLogDirs (each
// log directory with the size of every partition in it, filtered by the request; totalBytes and
// usableBytes from the file system at v4).

#include <map>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/describe_cluster_request.h"
#include "protocol/kafka/generated/describe_cluster_response.h"
#include "protocol/kafka/generated/describe_log_dirs_request.h"
#include "protocol/kafka/generated/describe_log_dirs_response.h"

namespace pier::broker {

using namespace protocol::kafka;

namespace {


bool wanted(const std::optional<std::vector<DescribeLogDirsRequest::DescribableLogDirTopic>>& topics,
            const TopicPartition& tp) {
  if (!topics) return true;
  for (const auto& t : *topics) {
    if (t.topic != tp.topic) continue;
    for (int32_t p : t.partitions) {
      if (p == tp.partition.value()) return true;
    }
  }
  return false;
}

}  // namespace

Status KafkaApis::onDescribeCluster(const RequestEnvelope& req, const ClientInfo& client, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DescribeClusterRequest body, decodeRequestBody<DescribeClusterRequest>(req.body, req.apiVersion()));
  DescribeClusterResponse resp;
  if (req.apiVersion() >= 1) resp.endpointType = body.endpointType;
  if (body.endpointType != 1) {
    resp.errorCode = kafka_error::kUnsupportedEndpointType;  // controllers are not served by a ZK-mode broker
  } else {
    const ListenerConfig self = m_config.advertised(client.listenerIndex);
    DescribeClusterResponse::DescribeClusterBroker b;
    b.brokerId = m_config.brokerId;
    b.host = self.host;
    b.port = self.port;
    b.rack = m_config.rack;
    resp.brokers.push_back(b);
    resp.clusterId = m_topics.clusterId();
    resp.controllerId = m_config.brokerId;
  }
  return respond(req, reply, resp);
}

Status KafkaApis::onDescribeLogDirs(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(DescribeLogDirsRequest body, decodeRequestBody<DescribeLogDirsRequest>(req.body, req.apiVersion()));
  DescribeLogDirsResponse resp;
  for (const auto& dir : m_topics.directories()) {
    DescribeLogDirsResponse::DescribeLogDirsResult result;
    result.logDir = dir->path();
    std::map<std::string, DescribeLogDirsResponse::DescribeLogDirsTopic> byTopic;
    for (const TopicPartition& tp : dir->partitions()) {
      if (!wanted(body.topics, tp)) continue;
      DescribeLogDirsResponse::DescribeLogDirsPartition p;
      p.partitionIndex = tp.partition.value();
      p.partitionSize = static_cast<int64_t>(dir->find(tp)->sizeBytes());
      byTopic[tp.topic].name = tp.topic;
      byTopic[tp.topic].partitions.push_back(p);
    }
    for (auto& [name, topic] : byTopic) result.topics.push_back(std::move(topic));
    if (req.apiVersion() >= 4) {
      if (auto space = m_topics.fileSystem().space(dir->path())) {
        result.totalBytes = static_cast<int64_t>(space->capacityBytes);
        result.usableBytes = static_cast<int64_t>(space->availableBytes);
      }
    }
    resp.results.push_back(std::move(result));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
