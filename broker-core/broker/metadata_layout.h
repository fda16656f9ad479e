#pragma once
// Kafka's ZooKeeper layout and JSON for the metadata a broker keeps in a CoordinationStore, so
// `zkCli.sh get /brokers/ids/0` shows what Kafka users expect (DESIGN.md):
//
//   /cluster/id                                  {"version":"1","id":"<cluster id>"}
//   /brokers/ids/<id>          (ephemeral)       {"features":{},"listener_security_protocol_map":
//                                                 {"PLAINTEXT":"PLAINTEXT",...},"endpoints":
//                                                 ["PLAINTEXT://host:port",...],"jmx_port":-1,
//                                                 "port":9092,"host":"host","version":5,"timestamp":"<ms>"}
//                                                (every advertised listener; host and port: the first)
//                                                (+ "rack":"<broker.rack>" when the broker has one)
//   /controller                (ephemeral)       {"version":1,"brokerid":0,"timestamp":"<ms>"}
//   /brokers/topics/<t>                          {"partitions":{"0":[0]},"topic_id":"<id>",
//                                                 "adding_replicas":{},"removing_replicas":{},"version":3}
//   /brokers/topics/<t>/partitions/<p>/state     {"controller_epoch":1,"leader":0,"version":1,
//                                                 "leader_epoch":0,"isr":[0]}
//   /config/topics/<t>                           {"version":1,"config":{"retention.ms":"1000"}}
//
// Pure functions; parsing never throws and names what it could not read.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"

namespace pier::broker::zk {

inline constexpr const char* kBrokerIds = "/brokers/ids";
inline constexpr const char* kTopics = "/brokers/topics";
inline constexpr const char* kTopicConfigs = "/config/topics";
inline constexpr const char* kClusterId = "/cluster/id";
inline constexpr const char* kController = "/controller";
inline constexpr const char* kControllerEpoch = "/controller_epoch";

// The persistent paths a Kafka broker makes at start (KafkaZkClient.createTopLevelPaths:
// ZkData.PersistentZkPaths and one /config/<type> per ConfigType).
inline constexpr const char* kPersistentPaths[] = {
    "/consumers",          "/brokers/ids",     "/brokers/topics",           "/config/changes",
    "/admin/delete_topics", "/brokers/seqid",  "/isr_change_notification",  "/latest_producer_id_block",
    "/log_dir_event_notification", "/config/topics", "/config/clients", "/config/users",
    "/config/brokers",     "/config/ips"};

std::string topicPath(const std::string& topic);
std::string partitionStatePath(const std::string& topic, int32_t partition);
std::string topicConfigPath(const std::string& topic);

std::string clusterIdJson(const std::string& clusterId);
std::optional<std::string> parseClusterId(const std::string& json);
// One advertised listener of a broker (all PLAINTEXT: the one security protocol served).
struct BrokerEndpoint {
  std::string listener;  // its name, "PLAINTEXT" by default
  std::string host;
  int32_t port = 0;
};
// Requires: at least one endpoint.
std::string brokerJson(const std::vector<BrokerEndpoint>& endpoints, const std::optional<std::string>& rack,
                       int64_t nowMs);
std::string controllerJson(NodeId brokerId, int64_t nowMs);

struct TopicAssignment {
  std::map<int32_t, std::vector<int32_t>> replicas;  // partition -> replica broker ids
  std::string topicId;                                 // base64, empty when absent
};
std::string topicJson(const TopicAssignment& assignment);
Result<TopicAssignment> parseTopicJson(const std::string& json);

std::string partitionStateJson(NodeId leader, int32_t leaderEpoch, const std::vector<int32_t>& isr,
                               int32_t controllerEpoch);

std::string topicConfigJson(const std::map<std::string, std::string>& config);
Result<std::map<std::string, std::string>> parseTopicConfigJson(const std::string& json);

}  // namespace pier::broker::zk
