#include "client/cluster_describe.h"

#include <algorithm>

#include "client/kafka_error.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/describe_log_dirs_request.h"
#include "protocol/kafka/generated/describe_log_dirs_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"

namespace pier::client {

using namespace protocol::kafka;

namespace {

constexpr int16_t kApiVersionsVersion = 0;  // answered by every broker, whatever it serves
constexpr int16_t kMetadataWithRacksVersion = 1;

}  // namespace

std::optional<int16_t> commonVersion(const std::vector<ApiVersionRange>& served, int16_t apiKey, int16_t ours) {
  for (const ApiVersionRange& r : served) {
    if (r.apiKey != apiKey) continue;
    const int16_t v = std::min(ours, r.maxVersion);
    return v >= r.minVersion ? std::optional<int16_t>(v) : std::nullopt;
  }
  return std::nullopt;
}

void apiVersions(KafkaClient& client, std::function<void(Result<std::vector<ApiVersionRange>>)> done) {
  client.call<ApiVersionsRequest, ApiVersionsResponse>(
      ApiVersionsRequest{}, kApiVersionsVersion, [done](Result<ApiVersionsResponse> resp) {
        if (!resp) return done(resp.status());
        if (resp->errorCode != 0) return done(brokerError("ApiVersions", resp->errorCode));
        std::vector<ApiVersionRange> out;
        for (const auto& k : resp->apiKeys) out.push_back({k.apiKey, k.minVersion, k.maxVersion});
        done(std::move(out));
      });
}

void describeBrokers(KafkaClient& client, std::function<void(Result<std::vector<BrokerNode>>)> done) {
  MetadataRequest req;  // an empty topic list: brokers only
  client.call<MetadataRequest, MetadataResponse>(req, kMetadataWithRacksVersion, [done](Result<MetadataResponse> resp) {
    if (!resp) return done(resp.status());
    std::vector<BrokerNode> out;
    for (const auto& b : resp->brokers) out.push_back({b.nodeId.value(), b.host, b.port, b.rack});
    std::sort(out.begin(), out.end(), [](const BrokerNode& a, const BrokerNode& b) { return a.id < b.id; });
    done(std::move(out));
  });
}

void describeLogDirs(KafkaClient& client, int16_t version, std::function<void(Result<std::vector<LogDirInfo>>)> done) {
  DescribeLogDirsRequest req;
  req.topics = std::nullopt;  // every topic
  client.call<DescribeLogDirsRequest, DescribeLogDirsResponse>(req, version, [done](Result<DescribeLogDirsResponse> resp) {
    if (!resp) return done(resp.status());
    if (resp->errorCode != 0) return done(brokerError("DescribeLogDirs", resp->errorCode));
    std::vector<LogDirInfo> out;
    for (const auto& d : resp->results) {
      LogDirInfo dir{d.logDir, d.errorCode, d.totalBytes, d.usableBytes, {}};
      for (const auto& t : d.topics) {
        for (const auto& p : t.partitions) {
          dir.replicas.push_back({t.name, p.partitionIndex, p.partitionSize, p.offsetLag, p.isFutureKey});
        }
      }
      out.push_back(std::move(dir));
    }
    done(std::move(out));
  });
}

}  // namespace pier::client
