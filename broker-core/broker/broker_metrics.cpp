#include "broker/broker_metrics.h"

#include <fmt/format.h>

#include "protocol/kafka/generated/api_table.h"

namespace pier::broker {

void BrokerMetrics::observeRequest(int16_t apiKey, double seconds) {
  Histogram& h = m_requests[apiKey];
  for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) h.buckets[i] += 1;
  }
  h.count += 1;
  h.sumSeconds += seconds;
}

uint64_t BrokerMetrics::requestCount(int16_t apiKey) const {
  auto it = m_requests.find(apiKey);
  return it == m_requests.end() ? 0 : it->second.count;
}

std::string BrokerMetrics::render(const TopicManager& topics) const {
  std::string out;
  auto family = [&out](std::string_view name, std::string_view type, std::string_view help) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  };
  family("pier_requests_total", "counter", "Kafka requests answered, by API.");
  for (const auto& [key, h] : m_requests) {
    const auto* api = protocol::kafka::findApi(key);
    out += fmt::format("pier_requests_total{{api=\"{}\"}} {}\n", api ? api->name : "Unknown", h.count);
  }
  family("pier_request_latency_seconds", "histogram", "Time from a request's arrival to its response, by API.");
  for (const auto& [key, h] : m_requests) {
    const auto* api = protocol::kafka::findApi(key);
    const std::string_view name = api ? api->name : "Unknown";
    for (std::size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out += fmt::format("pier_request_latency_seconds_bucket{{api=\"{}\",le=\"{}\"}} {}\n", name, kBucketsSeconds[i],
                         h.buckets[i]);
    }
    out += fmt::format("pier_request_latency_seconds_bucket{{api=\"{}\",le=\"+Inf\"}} {}\n", name, h.count);
    out += fmt::format("pier_request_latency_seconds_sum{{api=\"{}\"}} {}\n", name, h.sumSeconds);
    out += fmt::format("pier_request_latency_seconds_count{{api=\"{}\"}} {}\n", name, h.count);
  }
  family("pier_network_bytes_in_total", "counter", "Bytes of Kafka requests received.");
  out += fmt::format("pier_network_bytes_in_total {}\n", m_bytesIn);
  family("pier_network_bytes_out_total", "counter", "Bytes of Kafka responses sent.");
  out += fmt::format("pier_network_bytes_out_total {}\n", m_bytesOut);
  family("pier_messages_in_total", "counter", "Records appended by Produce.");
  out += fmt::format("pier_messages_in_total {}\n", m_messagesIn);
  family("pier_produced_bytes_total", "counter", "Record batch bytes appended by Produce.");
  out += fmt::format("pier_produced_bytes_total {}\n", m_producedBytes);
  family("pier_partitions", "gauge", "Partitions this broker holds.");
  int64_t partitions = 0;
  for (const auto& [name, state] : topics.topics()) partitions += state.partitionCount;
  out += fmt::format("pier_partitions {}\n", partitions);
  family("pier_log_end_offset", "gauge", "Log end offset of each partition.");
  for (const auto& [name, state] : topics.topics()) {
    for (int32_t p = 0; p < state.partitionCount; ++p) {
      if (const auto* log = topics.log(TopicPartition{name, PartitionIndex(p)})) {
        out += fmt::format("pier_log_end_offset{{topic=\"{}\",partition=\"{}\"}} {}\n", name, p,
                           log->logEndOffset().value());
      }
    }
  }
  return out;
}

}  // namespace pier::broker
