#pragma once
// `pierctl consumer-groups`, shaped like kafka-consumer-groups.sh against a broker
// (--bootstrap-server), through client::KafkaClient:
//
//   --list [--state [stable,empty]]       group ids (protocol type "consumer" or none), or a GROUP
//                                         STATE table, filtered by state when given
//   --describe (--group g ... | --all-groups) [--members | --state | --offsets]
//                                         the lag table (group_tables.h), the members, the state
//   --delete (--group g ... | --all-groups)
//   --reset-offsets (--group g | --all-groups) (--topic t[:p,...] ... | --all-topics)
//                   (--to-earliest | --to-latest | --to-offset n | --shift-by n | --to-datetime d)
//                   [--dry-run | --execute]          (offsets_reset.h)
//
// Output and messages are Kafka's (ConsumerGroupCommand), with one difference: what Kafka
// prints as "Error: ..." on stdout and exits 0 goes to stderr here and exits 1 (as `pierctl
// topics` does), so scripts can tell. Notices ("has no active members", "is rebalancing", the
// missing --execute warning) go to stderr as Kafka prints them, with exit 0.
//
// Talks to one broker, the first of --bootstrap-server, as the coordinator of every group and
// the leader of every partition: true for a single-node pier-broker (see client/group_lag.h).
// Thread-safety: a function over its arguments.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace pier::pierctl {

struct ConsumerGroupsArgs {
  std::string bootstrapServer;
  bool list = false;
  bool describe = false;
  bool remove = false;  // --delete
  bool resetOffsets = false;
  std::vector<std::string> groups;  // --group, repeatable
  bool allGroups = false;
  bool members = false;
  bool offsets = false;
  bool state = false;              // --state given
  std::optional<std::string> states;  // its value, with --list: "stable,empty"
  std::vector<std::string> topics;    // --topic, repeatable
  bool allTopics = false;
  bool toEarliest = false;
  bool toLatest = false;
  std::optional<int64_t> toOffset;
  std::optional<int64_t> shiftBy;
  std::optional<std::string> toDatetime;
  bool dryRun = false;
  bool execute = false;
};

int runConsumerGroups(const ConsumerGroupsArgs& args, std::ostream& out, std::ostream& err);

}  // namespace pier::pierctl
