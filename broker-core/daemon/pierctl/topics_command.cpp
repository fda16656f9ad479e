#include "daemon/pierctl/topics_command.h"

#include <algorithm>

#include <fmt/format.h>

#include "daemon/pierctl/broker_session.h"
#include "protocol/kafka/generated/create_partitions_request.h"
#include "protocol/kafka/generated/create_partitions_response.h"
#include "protocol/kafka/generated/create_topics_request.h"
#include "protocol/kafka/generated/create_topics_response.h"
#include "protocol/kafka/generated/delete_topics_request.h"
#include "protocol/kafka/generated/delete_topics_response.h"
#include "protocol/kafka/generated/describe_configs_request.h"
#include "protocol/kafka/generated/describe_configs_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"

namespace pier::pierctl {

using namespace protocol::kafka;

namespace {

constexpr int16_t kTopicAlreadyExists = 36;
constexpr int8_t kTopicResource = 2;
constexpr int8_t kTopicConfigSource = 1;

int fail(std::ostream& err, const std::string& message) {
  err << "Error while executing topic command : " << message << "\n";
  return 1;
}

std::string joinIds(const std::vector<NodeId>& ids) {
  std::string out;
  for (NodeId id : ids) out += (out.empty() ? "" : ",") + std::to_string(id.value());
  return out;
}

Result<MetadataResponse> metadata(BrokerSession& s, const std::string& topic) {
  MetadataRequest req;
  req.allowAutoTopicCreation = false;
  if (topic.empty()) {
    req.topics = std::nullopt;
  } else {
    MetadataRequest::MetadataRequestTopic t;
    t.name = topic;
    req.topics = std::vector<MetadataRequest::MetadataRequestTopic>{t};
  }
  return s.call<MetadataRequest, MetadataResponse>(req, 12);
}

std::string topicConfigs(BrokerSession& s, const std::string& topic) {
  DescribeConfigsRequest req;
  DescribeConfigsRequest::DescribeConfigsResource r;
  r.resourceType = kTopicResource;
  r.resourceName = topic;
  r.configurationKeys = std::nullopt;
  req.resources.push_back(r);
  auto resp = s.call<DescribeConfigsRequest, DescribeConfigsResponse>(req, 4);
  std::string out;
  if (!resp || resp->results.empty()) return out;
  for (const auto& c : resp->results[0].configs) {
    if (c.configSource == kTopicConfigSource) out += (out.empty() ? "" : ",") + c.name + "=" + c.value.value_or("");
  }
  return out;
}

int describe(BrokerSession& s, const TopicsArgs& args, std::ostream& out, std::ostream& err) {
  auto md = metadata(s, args.topic);
  if (!md) return fail(err, md.status().toString());
  for (const auto& t : md->topics) {
    const std::string name = t.name.value_or("");
    if (t.errorCode != 0) return fail(err, fmt::format("Topic '{}' does not exist as expected (error {})", name, t.errorCode));
    const std::size_t rf = t.partitions.empty() ? 0 : t.partitions[0].replicaNodes.size();
    out << fmt::format("Topic: {}\tTopicId: {}\tPartitionCount: {}\tReplicationFactor: {}\tConfigs: {}\n", name,
                       t.topicId.toString(), t.partitions.size(), rf, topicConfigs(s, name));
    auto partitions = t.partitions;
    std::sort(partitions.begin(), partitions.end(),
              [](const auto& a, const auto& b) { return a.partitionIndex < b.partitionIndex; });
    for (const auto& p : partitions) {
      const std::string leader = p.leaderId.value() < 0 ? "none" : std::to_string(p.leaderId.value());
      out << fmt::format("\tTopic: {}\tPartition: {}\tLeader: {}\tReplicas: {}\tIsr: {}\n", name, p.partitionIndex, leader,
                         joinIds(p.replicaNodes), joinIds(p.isrNodes));
    }
  }
  return 0;
}

int create(BrokerSession& s, const TopicsArgs& args, std::ostream& out, std::ostream& err) {
  CreateTopicsRequest req;
  CreateTopicsRequest::CreatableTopic t;
  t.name = args.topic;
  t.numPartitions = args.partitions;
  t.replicationFactor = args.replicationFactor;
  for (const std::string& kv : args.configs) {
    const std::size_t eq = kv.find('=');
    if (eq == std::string::npos) return fail(err, fmt::format("--config {}: expected key=value", kv));
    CreateTopicsRequest::CreateableTopicConfig c;
    c.name = kv.substr(0, eq);
    c.value = kv.substr(eq + 1);
    t.configs.push_back(c);
  }
  req.topics.push_back(t);
  req.timeoutMs = 30000;
  auto resp = s.call<CreateTopicsRequest, CreateTopicsResponse>(req, 7);
  if (!resp) return fail(err, resp.status().toString());
  const auto& result = resp->topics.at(0);
  if (result.errorCode == kTopicAlreadyExists && args.ifNotExists) return 0;
  if (result.errorCode != 0) return fail(err, result.errorMessage.value_or(fmt::format("error {}", result.errorCode)));
  out << "Created topic " << args.topic << ".\n";
  return 0;
}

int remove(BrokerSession& s, const TopicsArgs& args, std::ostream&, std::ostream& err) {
  DeleteTopicsRequest req;
  DeleteTopicsRequest::DeleteTopicState t;
  t.name = args.topic;
  req.topics.push_back(t);
  req.timeoutMs = 30000;
  auto resp = s.call<DeleteTopicsRequest, DeleteTopicsResponse>(req, 6);
  if (!resp) return fail(err, resp.status().toString());
  const auto& result = resp->responses.at(0);
  if (result.errorCode != 0) return fail(err, result.errorMessage.value_or(fmt::format("error {}", result.errorCode)));
  return 0;
}

int alter(BrokerSession& s, const TopicsArgs& args, std::ostream&, std::ostream& err) {
  if (args.partitions < 0) return fail(err, "--alter needs --partitions");
  CreatePartitionsRequest req;
  CreatePartitionsRequest::CreatePartitionsTopic t;
  t.name = args.topic;
  t.count = args.partitions;
  t.assignments = std::nullopt;
  req.topics.push_back(t);
  req.timeoutMs = 30000;
  auto resp = s.call<CreatePartitionsRequest, CreatePartitionsResponse>(req, 3);
  if (!resp) return fail(err, resp.status().toString());
  const auto& result = resp->results.at(0);
  if (result.errorCode != 0) return fail(err, result.errorMessage.value_or(fmt::format("error {}", result.errorCode)));
  return 0;
}

}  // namespace

int runTopics(const TopicsArgs& args, std::ostream& out, std::ostream& err) {
  const int actions = args.create + args.list + args.describe + args.remove + args.alter;
  if (actions != 1) return fail(err, "exactly one of --create, --list, --describe, --delete, --alter is required");
  if ((args.create || args.remove || args.alter) && args.topic.empty()) return fail(err, "--topic is required");
  BrokerSession session;
  if (Status connected = session.connect(args.bootstrapServer); !connected) {
    return fail(err, fmt::format("cannot connect to {}: {}", args.bootstrapServer, connected.toString()));
  }
  if (args.list) {
    auto md = metadata(session, "");
    if (!md) return fail(err, md.status().toString());
    std::vector<std::string> names;
    for (const auto& t : md->topics) names.push_back(t.name.value_or(""));
    std::sort(names.begin(), names.end());
    for (const auto& n : names) out << n << "\n";
    return 0;
  }
  if (args.describe) return describe(session, args, out, err);
  if (args.create) return create(session, args, out, err);
  if (args.remove) return remove(session, args, out, err);
  return alter(session, args, out, err);
}

}  // namespace pier::pierctl
