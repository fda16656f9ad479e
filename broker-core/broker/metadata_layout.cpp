#include "broker/metadata_layout.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/assert.h"
#include "base/parse_number.h"
#include "broker/broker_error.h"

namespace pier::broker::zk {

using json = nlohmann::json;

namespace {

Status bad(std::string_view what) { return Status(BrokerError::InvalidConfig, std::string(what)); }

// Never throws: bytes that are not UTF-8 (a cluster id from a config file, say) are replaced.
std::string dump(const json& doc) { return doc.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string topicPath(const std::string& topic) { return std::string(kTopics) + "/" + topic; }
std::string partitionStatePath(const std::string& topic, int32_t partition) {
  return fmt::format("{}/partitions/{}/state", topicPath(topic), partition);
}
std::string topicConfigPath(const std::string& topic) { return std::string(kTopicConfigs) + "/" + topic; }

std::string clusterIdJson(const std::string& clusterId) { return dump(json{{"version", "1"}, {"id", clusterId}}); }

std::optional<std::string> parseClusterId(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("id") || !doc["id"].is_string()) return std::nullopt;
  return doc["id"].get<std::string>();
}

std::string brokerJson(const std::vector<BrokerEndpoint>& endpoints, const std::optional<std::string>& rack,
                       int64_t nowMs) {
  PIER_ASSERT(!endpoints.empty(), "a broker registers at least one endpoint");
  json protocols = json::object();
  json urls = json::array();
  for (const BrokerEndpoint& e : endpoints) {
    protocols[e.listener] = "PLAINTEXT";
    urls.push_back(fmt::format("{}://{}:{}", e.listener, e.host, e.port));
  }
  // host and port: Kafka's legacy fields, the first PLAINTEXT endpoint's.
  json doc = {{"features", json::object()},
              {"listener_security_protocol_map", protocols},
              {"endpoints", urls},
              {"jmx_port", -1},
              {"port", endpoints.front().port},
              {"host", endpoints.front().host},
              {"version", 5},
              {"timestamp", std::to_string(nowMs)}};
  if (rack) doc["rack"] = *rack;  // Kafka writes the key only for a broker with a rack
  return dump(doc);
}

std::string controllerJson(NodeId brokerId, int64_t nowMs) {
  return dump(json{{"version", 1}, {"brokerid", brokerId.value()}, {"timestamp", std::to_string(nowMs)}});
}

std::string topicJson(const TopicAssignment& assignment) {
  json partitions = json::object();
  for (const auto& [p, replicas] : assignment.replicas) partitions[std::to_string(p)] = replicas;
  json doc = {{"partitions", partitions}, {"adding_replicas", json::object()}, {"removing_replicas", json::object()},
              {"version", 3}};
  if (!assignment.topicId.empty()) doc["topic_id"] = assignment.topicId;
  return dump(doc);
}

Result<TopicAssignment> parseTopicJson(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("partitions") || !doc["partitions"].is_object()) {
    return bad("topic znode has no \"partitions\" object");
  }
  TopicAssignment out;
  for (const auto& [key, replicas] : doc["partitions"].items()) {
    auto partition = parseDecimal<int32_t>(key);
    if (!partition || *partition < 0 || std::to_string(*partition) != key || !replicas.is_array()) {
      return bad(fmt::format("topic znode partition '{}' is malformed", key));
    }
    std::vector<int32_t> ids;
    for (const json& id : replicas) {
      if (!id.is_number_integer()) return bad(fmt::format("partition {}: a replica id is not a number", key));
      ids.push_back(id.get<int32_t>());
    }
    out.replicas[*partition] = std::move(ids);
  }
  if (doc.contains("topic_id") && doc["topic_id"].is_string()) out.topicId = doc["topic_id"].get<std::string>();
  return out;
}

std::string partitionStateJson(NodeId leader, int32_t leaderEpoch, const std::vector<int32_t>& isr,
                               int32_t controllerEpoch) {
  return dump(json{{"controller_epoch", controllerEpoch}, {"leader", leader.value()}, {"version", 1},
                   {"leader_epoch", leaderEpoch}, {"isr", isr}});
}

std::string topicConfigJson(const std::map<std::string, std::string>& config) {
  json entries = json::object();
  for (const auto& [k, v] : config) entries[k] = v;
  return dump(json{{"version", 1}, {"config", entries}});
}

Result<std::map<std::string, std::string>> parseTopicConfigJson(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("config") || !doc["config"].is_object()) {
    return bad("topic config znode has no \"config\" object");
  }
  std::map<std::string, std::string> out;
  for (const auto& [k, v] : doc["config"].items()) {
    if (!v.is_string()) return bad(fmt::format("topic config '{}' is not a string", k));
    out[k] = v.get<std::string>();
  }
  return out;
}

}  // namespace pier::broker::zk
