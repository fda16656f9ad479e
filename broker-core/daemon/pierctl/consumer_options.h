#pragma once
// `pierctl console-consumer`'s options (Kafka 3.8's ConsoleConsumerOptions) and the checks
// Kafka makes of them, with Kafka's messages:
//
//   "The partition is required when offset is specified."
//   "Options from-beginning and offset cannot be specified together."
//   "Options group and partition cannot be specified together."
//   "The provided offset value 'x' is incorrect. Valid values are 'earliest', 'latest', or a
//    non-negative long."
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"

namespace pier::pierctl {

// What the command line gave; std::nullopt where an option was not given.
struct ConsoleConsumerArgs {
  std::string bootstrapServer;
  std::string topic;
  std::optional<int32_t> partition;
  std::optional<std::string> offset;
  bool fromBeginning = false;
  std::optional<int32_t> maxMessages;
  std::optional<int64_t> timeoutMs;
  std::optional<std::string> group;
  std::vector<std::string> properties;  // --property, for the formatter
  std::vector<std::string> consumerProperties;  // --consumer-property
  std::optional<std::string> consumerConfig;     // --consumer.config: a properties file
  bool skipMessageOnError = false;
};

// Where a partition starts when there is no committed offset to start from.
struct StartSpec {
  enum class Kind { Earliest, Latest, Offset };
  Kind kind = Kind::Latest;
  int64_t offset = 0;  // Kind::Offset
  friend bool operator==(const StartSpec&, const StartSpec&) = default;
};

// The combination checks, then the start: --offset (with --partition), else --from-beginning
// (earliest), else latest. Fails with Kafka's usage message.
Result<StartSpec> consumerStart(const ConsoleConsumerArgs& args);

}  // namespace pier::pierctl
