// AlterConfigs (the topic's overrides become exactly the given set) and IncrementalAlterConfigs
// (SET / DELETE per key; APPEND / SUBTRACT on cleanup.policy, the one list-valued topic config)
// for topics: validated first (INVALID_CONFIG naming the key and the value), persisted in
// /config/topics/<t>, applied to the partition logs at once; validateOnly checks only.
// Broker resources (type 4; "<broker.id>" or "" for the cluster default): the same two
// operations on the dynamic broker config layer (DynamicBrokerConfig), whose new log defaults
// reach every topic without its own override at once. Keys Kafka will not change at runtime:
// INVALID_REQUEST "Cannot update these configs dynamically: Set(...)".

#include <algorithm>

#include <fmt/format.h>

#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/alter_configs_request.h"
#include "protocol/kafka/generated/alter_configs_response.h"
#include "protocol/kafka/generated/incremental_alter_configs_request.h"
#include "protocol/kafka/generated/incremental_alter_configs_response.h"

namespace pier::broker {

using namespace protocol::kafka;
using Outcome = KafkaApis::AlterOutcome;

namespace {

constexpr int8_t kTopicResource = 2;
constexpr int8_t kBrokerResource = 4;
enum Operation : int8_t { kSet = 0, kDelete = 1, kAppend = 2, kSubtract = 3 };

// cleanup.policy as a list: APPEND adds an item, SUBTRACT removes it.
std::string editPolicyList(const std::string& current, const std::string& item, bool add) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= current.size()) {
    std::size_t comma = current.find(',', start);
    if (comma == std::string::npos) comma = current.size();
    if (comma > start) items.push_back(current.substr(start, comma - start));
    start = comma + 1;
  }
  auto it = std::find(items.begin(), items.end(), item);
  if (add && it == items.end()) items.push_back(item);
  if (!add && it != items.end()) items.erase(it);
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

template <typename ResourceResponse>
ResourceResponse resultOf(const Outcome& outcome, int8_t resourceType, const std::string& resourceName) {
  ResourceResponse r;
  r.errorCode = outcome.error;
  r.errorMessage = outcome.message;
  r.resourceType = resourceType;
  r.resourceName = resourceName;
  return r;
}

}  // namespace

namespace {

// Validates `overrides` for `topic` and applies them unless validateOnly.
Outcome applyOverrides(TopicManager& topics, const std::string& topic, const TopicOverrides& overrides,
                              bool validateOnly) {
  if (!topics.find(topic)) return {kafka_error::kUnknownTopicOrPartition, fmt::format("Topic {} does not exist", topic)};
  auto merged = topics.configWith(overrides);
  if (!merged) return {kafka_error::kInvalidConfig, merged.status().message()};
  if (validateOnly) return {};
  Status applied = topics.setOverrides(topic, overrides);
  if (!applied) return {kafkaErrorCode(applied), applied.message()};
  return {};
}

// SET / DELETE / APPEND / SUBTRACT on a broker layer; log.cleanup.policy is its one list.
Outcome editBrokerLayer(ConfigMap& layer, const IncrementalAlterConfigsRequest::AlterableConfig& c) {
  const std::string value = c.value.value_or("");
  if (c.configOperation == kSet) {
    layer[c.name] = value;
  } else if (c.configOperation == kDelete) {
    layer.erase(c.name);
  } else if ((c.configOperation == kAppend || c.configOperation == kSubtract) && c.name == "log.cleanup.policy") {
    auto current = layer.count(c.name) ? std::optional<std::string>(layer[c.name]) : std::nullopt;
    layer[c.name] = editPolicyList(current.value_or("delete"), value, c.configOperation == kAppend);
  } else {
    return {kafka_error::kInvalidConfig, fmt::format("Config value append/subtract is not allowed for config key {}", c.name)};
  }
  return {};
}

}  // namespace

KafkaApis::AlterOutcome KafkaApis::alterBrokerLayer(const std::string& resourceName, const ConfigMap& configs, bool validateOnly) {
  Status altered = m_dynamic.alter(m_topics.store(), resourceName, configs, validateOnly);
  if (altered && !validateOnly) altered = m_topics.setDefaults(m_dynamic.current().logDefaults);
  if (!altered) return {kafkaErrorCode(altered), altered.message()};
  return {};
}

Status KafkaApis::onAlterConfigs(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(AlterConfigsRequest body, decodeRequestBody<AlterConfigsRequest>(req.body, req.apiVersion()));
  AlterConfigsResponse resp;
  for (const auto& resource : body.resources) {
    Outcome outcome;
    if (resource.resourceType == kBrokerResource) {
      ConfigMap configs;
      for (const auto& c : resource.configs) {
        if (c.value) configs[c.name] = *c.value;
      }
      outcome = alterBrokerLayer(resource.resourceName, configs, body.validateOnly);
    } else if (resource.resourceType != kTopicResource) {
      outcome = {kafka_error::kInvalidRequest, fmt::format("Unsupported resource type {}", resource.resourceType)};
    } else {
      TopicOverrides overrides;
      for (const auto& c : resource.configs) {
        if (c.value) overrides[c.name] = *c.value;
      }
      outcome = applyOverrides(m_topics, resource.resourceName, overrides, body.validateOnly);
    }
    resp.responses.push_back(resultOf<AlterConfigsResponse::AlterConfigsResourceResponse>(
        outcome, resource.resourceType, resource.resourceName));
  }
  return respond(req, reply, resp);
}

Status KafkaApis::onIncrementalAlterConfigs(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(IncrementalAlterConfigsRequest body,
                        decodeRequestBody<IncrementalAlterConfigsRequest>(req.body, req.apiVersion()));
  IncrementalAlterConfigsResponse resp;
  for (const auto& resource : body.resources) {
    Outcome outcome;
    const TopicState* state = m_topics.find(resource.resourceName);
    if (resource.resourceType == kBrokerResource) {
      ConfigMap layer = m_dynamic.layer(resource.resourceName);
      for (const auto& c : resource.configs) {
        if (outcome.error == kafka_error::kNone) outcome = editBrokerLayer(layer, c);
      }
      if (outcome.error == kafka_error::kNone) outcome = alterBrokerLayer(resource.resourceName, layer, body.validateOnly);
    } else if (resource.resourceType != kTopicResource) {
      outcome = {kafka_error::kInvalidRequest, fmt::format("Unsupported resource type {}", resource.resourceType)};
    } else if (!state) {
      outcome = {kafka_error::kUnknownTopicOrPartition, fmt::format("Topic {} does not exist", resource.resourceName)};
    } else {
      TopicOverrides overrides = state->overrides;
      for (const auto& c : resource.configs) {
        const std::string value = c.value.value_or("");
        if (c.configOperation == kSet) {
          overrides[c.name] = value;
        } else if (c.configOperation == kDelete) {
          overrides.erase(c.name);
        } else if ((c.configOperation == kAppend || c.configOperation == kSubtract) && c.name == "cleanup.policy") {
          const std::string current = overrides.count(c.name) ? overrides[c.name] : "delete";
          overrides[c.name] = editPolicyList(current, value, c.configOperation == kAppend);
        } else {
          outcome = {kafka_error::kInvalidConfig, fmt::format("Config value append/subtract is not allowed for config key {}", c.name)};
        }
      }
      if (outcome.error == kafka_error::kNone) {
        outcome = applyOverrides(m_topics, resource.resourceName, overrides, body.validateOnly);
      }
    }
    resp.responses.push_back(resultOf<IncrementalAlterConfigsResponse::AlterConfigsResourceResponse>(
        outcome, resource.resourceType, resource.resourceName));
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
