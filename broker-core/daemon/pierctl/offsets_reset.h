#pragma once
// `pierctl consumer-groups --reset-offsets`, as kafka-consumer-groups.sh resets: only while the
// group is inactive (Empty, or Dead: no group yet), for the partitions of --topic t[:p,p] or of
// --all-topics (every partition the group has committed), to --to-earliest, --to-latest,
// --to-offset n or --shift-by n (both kept between the log start and end offsets, with Kafka's
// warning) or --to-datetime (the first offset at or after it; the end offset where there is
// none). Prints the plan as GROUP TOPIC PARTITION NEW-OFFSET and commits it with --execute
// (OffsetCommit, generation -1, no member), only shows it otherwise.
//
// Differences from Kafka: --to-datetime needs a time zone ("Z", "+02:00"): pierctl reads no
// local time zone. --by-duration, --to-current, --from-file and --export are not offered.
//
// Thread-safety: runs on the caller's thread over its BrokerSession.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/pierctl/broker_session.h"
#include "model/topic_partition.h"

namespace pier::pierctl {

enum class ResetTo { Earliest, Latest, Offset, ShiftBy, Datetime };

struct ResetSpec {
  std::vector<std::string> topics;  // --topic, "t" or "t:0,1,2"
  bool allTopics = false;
  ResetTo to = ResetTo::Earliest;
  int64_t value = 0;  // the offset, the shift, or the timestamp in ms since the epoch
  bool execute = false;
};

// Resets one group; 0, or 1 after an error line on `err`.
int resetGroupOffsets(BrokerSession& session, const std::string& group, const ResetSpec& spec, std::ostream& out,
                      std::ostream& err);

// "t:0,2" -> t-0, t-2, with Kafka's messages for what does not parse.
Result<std::vector<TopicPartition>> parseTopicPartitions(const std::string& arg);

// Kafka's --to-datetime format, "yyyy-MM-ddTHH:mm:ss.SSS" followed by "Z", "+hh:mm", "-hh:mm",
// "+hhmm" or "+hh": milliseconds since the epoch.
Result<int64_t> parseDateTime(const std::string& text);

}  // namespace pier::pierctl
