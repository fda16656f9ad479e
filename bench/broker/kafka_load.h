#pragma once
// The load side of bench_broker, on librdkafka (in the manner of rdkafka_performance): produce
// N messages of a size with given acks and linger.ms (as fast as it goes, or at a steady rate),
// recording each message's produce-to-ack latency from its delivery report (the clock starts once the producer knows the topic's
// leaders: topic creation and metadata discovery are not part of a row), and consume a topic from the beginning. Works against any
// bootstrap string: a pier-broker or librdkafka's own mock cluster.
//
// Every loop is bounded in messages and in seconds.

#include <cstdint>
#include <string>
#include <vector>

namespace pier::bench {

struct LoadFigures {
  int64_t messages = 0;
  int64_t errors = 0;
  double seconds = 0;
  double p50Us = 0;
  double p99Us = 0;
  std::string error;  // why the run failed, or empty

  double messagesPerSecond() const { return seconds > 0 ? messages / seconds : 0; }
};

struct ProduceSpec {
  std::string bootstrap;
  std::string topic;
  std::size_t messageBytes = 100;
  std::string acks = "1";  // "1" or "all"
  int lingerMs = 5;
  int64_t messagesMax = 200000;
  double secondsMax = 10;
  // Messages per second, evenly spaced; 0: as fast as the producer takes them (its queue fills
  // and latency is mostly time in that queue).
  double ratePerSecond = 0;
};

LoadFigures produce(const ProduceSpec& spec);
// Deletes `topic` (DeleteTopics, waiting up to secondsMax for the answer); empty or why not.
std::string deleteTopic(const std::string& bootstrap, const std::string& topic, double secondsMax);

// Consumes partitions 0..partitions-1 from their beginning until each reports its end (or
// `expected` messages, or secondsMax). The mock cluster keeps only the newest messages of a
// partition, so its beginning is not offset 0.
LoadFigures consume(const std::string& bootstrap, const std::string& topic, int partitions, int64_t expected,
                    double secondsMax);

}  // namespace pier::bench
