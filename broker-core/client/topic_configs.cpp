#include "client/topic_configs.h"

#include <fmt/format.h>

#include "client/kafka_error.h"
#include "protocol/kafka/generated/describe_configs_request.h"
#include "protocol/kafka/generated/describe_configs_response.h"
#include "protocol/kafka/generated/incremental_alter_configs_request.h"
#include "protocol/kafka/generated/incremental_alter_configs_response.h"

namespace pier::client {

using namespace protocol::kafka;

namespace {

constexpr int16_t kDescribeConfigsVersion = 4;
constexpr int16_t kIncrementalAlterConfigsVersion = 0;
constexpr int8_t kTopicResource = 2;

ConfigSource sourceOf(int8_t code) {
  return code >= 0 && code <= static_cast<int8_t>(ConfigSource::DynamicBrokerLoggerConfig)
             ? static_cast<ConfigSource>(code)
             : ConfigSource::Unknown;
}

Result<TopicConfigsAnswer> toAnswer(const DescribeConfigsResponse& resp, const std::string& topic) {
  if (resp.results.size() != 1 || resp.results[0].resourceName != topic) {
    return Status(ClientError::UnexpectedAnswer,
                  fmt::format("DescribeConfigs: no answer for topic '{}'", topic));
  }
  const auto& r = resp.results[0];
  TopicConfigsAnswer answer{r.errorCode, r.errorMessage, {}};
  for (const auto& c : r.configs) {
    answer.entries.push_back(
        ConfigEntry{c.name, c.value, sourceOf(c.configSource), c.readOnly, c.isSensitive});
  }
  return answer;
}

}  // namespace

void describeTopicConfigs(KafkaClient& client, const std::string& topic,
                          std::function<void(Result<TopicConfigsAnswer>)> done) {
  DescribeConfigsRequest req;
  DescribeConfigsRequest::DescribeConfigsResource resource;
  resource.resourceType = kTopicResource;
  resource.resourceName = topic;
  resource.configurationKeys = std::nullopt;  // all of them
  req.resources.push_back(std::move(resource));
  client.call<DescribeConfigsRequest, DescribeConfigsResponse>(
      req, kDescribeConfigsVersion,
      [topic, done = std::move(done)](Result<DescribeConfigsResponse> resp) {
        if (!resp) {
          done(resp.status());
          return;
        }
        done(toAnswer(*resp, topic));
      });
}

void alterTopicConfigs(KafkaClient& client, const std::string& topic,
                       const std::vector<ConfigChange>& changes, bool validateOnly,
                       std::function<void(Result<AlterConfigsAnswer>)> done) {
  IncrementalAlterConfigsRequest req;
  req.validateOnly = validateOnly;
  IncrementalAlterConfigsRequest::AlterConfigsResource resource;
  resource.resourceType = kTopicResource;
  resource.resourceName = topic;
  for (const ConfigChange& c : changes) {
    IncrementalAlterConfigsRequest::AlterableConfig config;
    config.name = c.name;
    config.configOperation = static_cast<int8_t>(c.op);
    config.value =
        c.op == ConfigChange::Op::Set ? std::optional<std::string>(c.value) : std::nullopt;
    resource.configs.push_back(std::move(config));
  }
  req.resources.push_back(std::move(resource));
  client.call<IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse>(
      req, kIncrementalAlterConfigsVersion,
      [topic, done = std::move(done)](Result<IncrementalAlterConfigsResponse> resp) {
        if (!resp) {
          done(resp.status());
          return;
        }
        if (resp->responses.size() != 1 || resp->responses[0].resourceName != topic) {
          done(Status(ClientError::UnexpectedAnswer,
                      fmt::format("IncrementalAlterConfigs: no answer for topic '{}'", topic)));
          return;
        }
        done(AlterConfigsAnswer{resp->responses[0].errorCode, resp->responses[0].errorMessage});
      });
}

}  // namespace pier::client
