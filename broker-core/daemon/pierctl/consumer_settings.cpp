#include "daemon/pierctl/consumer_settings.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/base_error.h"
#include "base/parse_number.h"

namespace pier::pierctl {

namespace {

Status usage(std::string message) {
  return Status(BaseError::InvalidArgument, std::move(message));
}

Result<int32_t> parseInt(const std::string& key, const std::string& text, int32_t atLeast) {
  const auto value = parseDecimal<int32_t>(text);
  if (!value)
    return usage(
        fmt::format("Invalid value {} for configuration {}: Not a number of type INT", text, key));
  if (*value < atLeast) {
    return usage(fmt::format("Invalid value {} for configuration {}: Value must be at least {}",
                             text, key, atLeast));
  }
  return *value;
}

std::string trimmed(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Kafka's assignor classes and librdkafka's names, as the protocol names they join with.
std::optional<std::string> protocolOf(const std::string& name) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"org.apache.kafka.clients.consumer.RangeAssignor", "range"},
      {"org.apache.kafka.clients.consumer.RoundRobinAssignor", "roundrobin"},
      {"org.apache.kafka.clients.consumer.StickyAssignor", "sticky"},
      {"org.apache.kafka.clients.consumer.CooperativeStickyAssignor", "cooperative-sticky"},
  };
  for (const auto& [cls, protocol] : kNames) {
    if (name == cls || name == protocol) return std::string(protocol);
  }
  return std::nullopt;
}

Result<std::vector<std::string>> parseAssignors(const std::string& value) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= value.size()) {
    const std::size_t comma = std::min(value.find(',', from), value.size());
    const std::string name = trimmed(value.substr(from, comma - from));
    from = comma + 1;
    if (name.empty()) continue;
    const auto protocol = protocolOf(name);
    if (!protocol) {
      return usage(fmt::format(
          "Invalid value {} for configuration partition.assignment.strategy: Class {} could not "
          "be found.",
          value, name));
    }
    out.push_back(*protocol);
  }
  if (out.empty()) {
    return usage(fmt::format(
        "Invalid value {} for configuration partition.assignment.strategy: no assignor named.", value));
  }
  return out;
}

Status applyProperty(ConsumerSettings& s, const std::string& key, const std::string& value,
                     std::ostream& warnings) {
  if (key == "group.id") {
    s.groupId = value;
  } else if (key == "group.instance.id") {
    if (!value.empty()) s.groupInstanceId = value;
  } else if (key == "client.id") {
    if (!value.empty()) s.clientId = value;
  } else if (key == "auto.offset.reset") {
    if (value != "latest" && value != "earliest" && value != "none") {
      return usage(
          fmt::format("Invalid value {} for configuration auto.offset.reset: String must be one "
                      "of: latest, earliest, none",
                      value));
    }
    s.autoOffsetReset = value;
  } else if (key == "enable.auto.commit") {
    s.enableAutoCommit = isTrue(value);
  } else if (key == "auto.commit.interval.ms") {
    PIER_ASSIGN_OR_RETURN(s.autoCommitIntervalMs, parseInt(key, value, 0));
  } else if (key == "session.timeout.ms") {
    PIER_ASSIGN_OR_RETURN(s.sessionTimeoutMs, parseInt(key, value, 1));
  } else if (key == "heartbeat.interval.ms") {
    PIER_ASSIGN_OR_RETURN(s.heartbeatIntervalMs, parseInt(key, value, 1));
  } else if (key == "max.poll.interval.ms") {
    PIER_ASSIGN_OR_RETURN(s.maxPollIntervalMs, parseInt(key, value, 1));
  } else if (key == "retry.backoff.ms") {
    PIER_ASSIGN_OR_RETURN(s.retryBackoffMs, parseInt(key, value, 0));
  } else if (key == "partition.assignment.strategy") {
    PIER_ASSIGN_OR_RETURN(s.assignors, parseAssignors(value));
  } else {
    warnings << fmt::format(
        "WARN pierctl console-consumer does not use the consumer property '{}'; ignored.\n", key);
  }
  return Status::ok();
}

// ConsoleConsumerOptions.checkConsumerGroup: every group id given must be the same one.
Status checkGroupIds(const ConsoleConsumerArgs& args, const Properties& fromFile,
                     const Properties& fromArgs) {
  std::vector<std::string> ids;
  const auto add = [&ids](const std::string& id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  if (args.group) add(*args.group);
  if (auto it = fromFile.find("group.id"); it != fromFile.end()) add(it->second);
  if (auto it = fromArgs.find("group.id"); it != fromArgs.end()) add(it->second);
  if (ids.size() > 1) {
    std::string detected;
    for (const std::string& id : ids) detected += (detected.empty() ? "'" : ", '") + id + "'";
    return usage(
        "The group ids provided in different places (directly using '--group', via "
        "'--consumer-property', or via "
        "'--consumer.config') do not match. Detected group ids: " +
        detected);
  }
  if (!ids.empty() && args.partition)
    return usage("Options group and partition cannot be specified together.");
  return Status::ok();
}

}  // namespace

Result<ConsumerSettings> consumerSettings(const ConsoleConsumerArgs& args,
                                          const Properties& fromFile, std::ostream& warnings) {
  const Properties fromArgs = parseKeyValueArgs(args.consumerProperties);
  PIER_RETURN_IF_ERROR(checkGroupIds(args, fromFile, fromArgs));
  Properties merged = fromFile;
  for (const auto& [key, value] : fromArgs) merged[key] = value;
  if (auto it = merged.find("auto.offset.reset");
      it != merged.end() && args.fromBeginning && it->second != "earliest") {
    return usage(
        fmt::format("Can't simultaneously specify --from-beginning and 'auto.offset.reset={}', "
                    "please remove one option",
                    it->second));
  }
  ConsumerSettings s;
  if (args.fromBeginning) s.autoOffsetReset = "earliest";
  for (const auto& [key, value] : merged)
    PIER_RETURN_IF_ERROR(applyProperty(s, key, value, warnings));
  if (args.group) s.groupId = args.group;
  // Kafka's Heartbeat refuses the combination when the consumer is built.
  if (s.groupId && s.heartbeatIntervalMs >= s.sessionTimeoutMs) {
    return usage(
        "java.lang.IllegalArgumentException: Heartbeat must be set lower than the session timeout");
  }
  return s;
}

}  // namespace pier::pierctl
