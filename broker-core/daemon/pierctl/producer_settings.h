#pragma once
// `pierctl console-producer`'s options (kafka-console-producer.sh's) and the producer settings
// they give, with Kafka 3.8's precedence: an option given on the command line wins over the
// same setting in --producer-property, which wins over the option's default
// (CommandLineUtils.maybeMergeOptions). Unknown or unsupported producer properties are ignored
// with a warning line.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/records/compression.h"

namespace pier::pierctl {

// What the command line gave; std::nullopt where an option was not given.
struct ConsoleProducerArgs {
  std::string bootstrapServer;
  std::string topic;
  bool sync = false;
  std::optional<std::string> compressionCodec;  // "" when given without a value: gzip
  std::optional<int32_t> batchSize;
  std::optional<std::string> requestRequiredAcks;
  std::optional<int32_t> requestTimeoutMs;
  std::optional<int32_t>
      maxPartitionMemoryBytes;          // Kafka's other name for batch.size; wins over --batch-size
  std::vector<std::string> properties;  // --property, for the line reader
  std::vector<std::string> producerProperties;  // --producer-property
};

struct ProducerSettings {
  int16_t acks = -1;
  protocol::records::Compression compression = protocol::records::Compression::None;
  int32_t batchSizeBytes = 16384;
  int32_t requestTimeoutMs = 1500;
  int32_t maxRequestSizeBytes = 1048576;
  std::string clientId = "console-producer";
  friend bool operator==(const ProducerSettings&, const ProducerSettings&) = default;
};

// The settings, writing one "WARN ..." line to `warnings` per ignored producer property. Fails
// with the text of Kafka's ConfigException for an invalid value ("Invalid value 2 for
// configuration acks: String must be one of: all, -1, 0, 1").
Result<ProducerSettings> producerSettings(const ConsoleProducerArgs& args, std::ostream& warnings);

}  // namespace pier::pierctl
