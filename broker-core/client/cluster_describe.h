#pragma once
// What a console asks each broker about itself, answers as plain values: the API versions it
// serves (ApiVersions v0, which every broker answers), the brokers with their racks (Metadata
// v1 without topics: the oldest version that carries racks, served by every Kafka since 0.10.0),
// and its log directories with the size of every replica in them (DescribeLogDirs; v4 adds the
// volume's total and usable bytes). DescribeLogDirs describes only the broker that receives it:
// ask each broker.
//
// Asynchronous like KafkaClient: `done` runs once, on the client's loop, with the answer or the
// error that failed the request (the connection, a response that does not decode, or a
// request-level Kafka error: ClientError::BrokerError). Per-directory errors are values in the
// answer. Requires: `client` is connected and outlives the call; used on the client's loop.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/kafka_client.h"

namespace pier::client {

struct ApiVersionRange {
  int16_t apiKey = 0;
  int16_t minVersion = 0;
  int16_t maxVersion = 0;
};

// The highest version both sides speak: min(`ours`, the broker's max) when that is at least the
// broker's min; nullopt when the broker does not serve `apiKey` or only newer versions of it.
std::optional<int16_t> commonVersion(const std::vector<ApiVersionRange>& served, int16_t apiKey, int16_t ours);

void apiVersions(KafkaClient& client, std::function<void(Result<std::vector<ApiVersionRange>>)> done);

struct BrokerNode {
  int32_t id = -1;
  std::string host;
  int32_t port = 0;
  std::optional<std::string> rack;
  friend bool operator==(const BrokerNode&, const BrokerNode&) = default;
};

void describeBrokers(KafkaClient& client, std::function<void(Result<std::vector<BrokerNode>>)> done);

struct ReplicaSize {
  std::string topic;
  int32_t partition = 0;
  int64_t sizeBytes = 0;
  int64_t offsetLag = 0;  // how far a future replica (being moved) is behind; 0 otherwise
  bool future = false;    // a replica being moved into this directory
  friend bool operator==(const ReplicaSize&, const ReplicaSize&) = default;
};

struct LogDirInfo {
  std::string path;
  int16_t errorCode = 0;    // e.g. KAFKA_STORAGE_ERROR for an offline directory
  int64_t totalBytes = -1;  // -1: not known (versions before 4)
  int64_t usableBytes = -1;
  std::vector<ReplicaSize> replicas;
  friend bool operator==(const LogDirInfo&, const LogDirInfo&) = default;
};

// Every directory of the receiving broker with every replica in it, at `version` (0-4).
void describeLogDirs(KafkaClient& client, int16_t version, std::function<void(Result<std::vector<LogDirInfo>>)> done);

}  // namespace pier::client
