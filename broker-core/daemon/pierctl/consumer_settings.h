#pragma once
// `pierctl console-consumer`'s consumer settings: --consumer.config (a Java properties file),
// then --consumer-property (which wins), then --group and --from-beginning, with Kafka 3.8's
// ConsoleConsumerOptions checks and messages:
//
//   "The group ids provided in different places (directly using '--group', via
//    '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'"
//   "Options group and partition cannot be specified together."  (a group.id property counts)
//   "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove
//    one option"
//
// and ConsumerConfig's ConfigException texts for bad values. Used: group.id, group.instance.id,
// client.id, auto.offset.reset, enable.auto.commit, auto.commit.interval.ms, session.timeout.ms,
// heartbeat.interval.ms, max.poll.interval.ms, retry.backoff.ms, partition.assignment.strategy
// (Kafka's class names or librdkafka's short names; range and roundrobin run, the sticky ones
// are dropped with a warning). Any other property is ignored with a warning.
//
// Pure functions; thread-safe.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/pierctl/consumer_options.h"
#include "daemon/pierctl/key_value_args.h"

namespace pier::pierctl {

struct ConsumerSettings {
  std::optional<std::string>
      groupId;  // none: no group (the partitions are assigned, not subscribed)
  std::optional<std::string> groupInstanceId;
  std::string clientId = "console-consumer";
  std::string autoOffsetReset = "latest";  // earliest, latest or none
  bool enableAutoCommit = true;
  int32_t autoCommitIntervalMs = 5000;
  int32_t sessionTimeoutMs = 45000;
  int32_t heartbeatIntervalMs = 3000;
  int32_t maxPollIntervalMs = 300000;
  int32_t retryBackoffMs = 100;
  // Protocol names, preferred first; Kafka's default [RangeAssignor, CooperativeStickyAssignor].
  std::vector<std::string> assignors{"range", "cooperative-sticky"};
  friend bool operator==(const ConsumerSettings&, const ConsumerSettings&) = default;
};

// `fromFile`: --consumer.config's properties (empty without one). One "WARN ..." line per
// ignored property goes to `warnings`.
Result<ConsumerSettings> consumerSettings(const ConsoleConsumerArgs& args,
                                          const Properties& fromFile, std::ostream& warnings);

}  // namespace pier::pierctl
