#include "daemon/pierctl/topic_metadata.h"

#include <chrono>
#include <thread>

#include "client/kafka_error.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"

namespace pier::pierctl {

using namespace protocol::kafka;

namespace {

constexpr int16_t kMetadataVersion = 12;
constexpr int16_t kLeaderNotAvailable = 5;
constexpr int kAttempts = 50;
constexpr auto kRetryBackoff = std::chrono::milliseconds(100);  // Kafka's retry.backoff.ms

}  // namespace

Result<int32_t> topicPartitionCount(BrokerSession& session, const std::string& topic) {
  MetadataRequest req;
  req.allowAutoTopicCreation = true;
  req.topics.emplace().emplace_back().name = topic;
  for (int attempt = 1;; ++attempt) {
    PIER_ASSIGN_OR_RETURN(MetadataResponse resp,
                          (session.call<MetadataRequest, MetadataResponse>(req, kMetadataVersion)));
    for (const auto& t : resp.topics) {
      if (t.name.value_or("") != topic) continue;
      if (t.errorCode == kLeaderNotAvailable && attempt < kAttempts) break;
      if (t.errorCode != 0) return client::brokerError("Metadata " + topic, t.errorCode);
      if (t.partitions.empty()) break;
      return static_cast<int32_t>(t.partitions.size());
    }
    if (attempt >= kAttempts) {
      return client::brokerError("Metadata " + topic, kLeaderNotAvailable);
    }
    std::this_thread::sleep_for(kRetryBackoff);
  }
}

}  // namespace pier::pierctl
