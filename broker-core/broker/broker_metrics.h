#pragma once
// BrokerMetrics: what pier-broker exposes in Prometheus' text format (metrics_http.h):
// request counts and latency histograms per API, network bytes in and out, produced messages
// and bytes, and, read at scrape time, partitions and their log end offsets.
//
// Counters only grow; histogram buckets are Prometheus' cumulative "le" buckets in seconds.
// Owned by the Broker, updated and rendered on its loop; not thread-safe.

#include <array>
#include <cstdint>
#include <map>
#include <string>

#include "broker/topic_manager.h"

namespace pier::broker {

class BrokerMetrics {
 public:
  static constexpr std::array<double, 12> kBucketsSeconds = {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                             0.025,  0.05,   0.1,   0.25,   0.5,   1.0};

  void observeRequest(int16_t apiKey, double seconds);
  void addNetworkBytesIn(uint64_t bytes) { m_bytesIn += bytes; }
  void addNetworkBytesOut(uint64_t bytes) { m_bytesOut += bytes; }
  void addProduced(int64_t messages, uint64_t bytes) {
    m_messagesIn += messages;
    m_producedBytes += bytes;
  }
  uint64_t requestCount(int16_t apiKey) const;

  // The whole exposition, with the partitions of `topics` read now.
  std::string render(const TopicManager& topics) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBucketsSeconds.size()> buckets{};
    uint64_t count = 0;
    double sumSeconds = 0;
  };
  std::map<int16_t, Histogram> m_requests;
  uint64_t m_bytesIn = 0;
  uint64_t m_bytesOut = 0;
  int64_t m_messagesIn = 0;
  uint64_t m_producedBytes = 0;
};

}  // namespace pier::broker
