#include "daemon/pierctl/offsets_reset.h"

#include <array>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/base_error.h"
#include "base/parse_number.h"
#include "client/group_admin.h"
#include "client/kafka_error.h"
#include "daemon/pierctl/group_tables.h"

namespace pier::pierctl {

using client::CommittedOffsets;
using client::LogOffsets;

namespace {

int failWith(std::ostream& err, const std::string& message) {
  err << "\nError: Executing consumer group command failed due to " << message << "\n";
  return 1;
}

// Kafka's TopicPartition.toString().
std::string nameOf(const TopicPartition& tp) { return fmt::format("{}-{}", tp.topic, tp.partition.value()); }

std::string joinNames(const std::vector<TopicPartition>& partitions) {
  std::string out;
  for (const TopicPartition& tp : partitions) out += (out.empty() ? "" : ",") + nameOf(tp);
  return out;
}

// Every requested partition must exist and have a leader (Kafka's checkAllTopicPartitionsValid).
Status checkPartitions(BrokerSession& s, const std::vector<TopicPartition>& partitions) {
  std::set<std::string> topics;
  for (const TopicPartition& tp : partitions) topics.insert(tp.topic);
  const std::vector<std::string> names(topics.begin(), topics.end());
  PIER_ASSIGN_OR_RETURN(auto layouts, s.await<std::vector<client::TopicLayout>>([&](auto done) {
    client::describeTopics(s.client(), names, std::move(done));
  }));
  std::vector<TopicPartition> missing, leaderless;
  std::map<TopicPartition, NodeId> leaders;
  for (const client::TopicLayout& l : layouts) {
    for (const auto& [index, leader] : l.leaders) leaders[TopicPartition{l.topic, index}] = leader;
  }
  for (const TopicPartition& tp : partitions) {
    auto leader = leaders.find(tp);
    if (leader == leaders.end()) missing.push_back(tp);
    else if (leader->second.value() < 0) leaderless.push_back(tp);
  }
  if (!missing.empty())
    return Status(BaseError::InvalidArgument, fmt::format("The partitions \"{}\" do not exist", joinNames(missing)));
  if (!leaderless.empty())
    return Status(BaseError::InvalidArgument, fmt::format("The partitions \"{}\" have no leader", joinNames(leaderless)));
  return Status::ok();
}

Result<CommittedOffsets> committedOffsets(BrokerSession& s, const std::string& group) {
  return s.await<CommittedOffsets>([&](auto done) { client::fetchCommittedOffsets(s.client(), group, std::move(done)); });
}

Result<LogOffsets> logOffsets(BrokerSession& s, const std::vector<TopicPartition>& partitions, int64_t timestamp) {
  return s.await<LogOffsets>([&](auto done) { client::listOffsets(s.client(), partitions, timestamp, std::move(done)); });
}

// --topic arguments and --all-topics to partitions, validated.
Result<std::vector<TopicPartition>> partitionsToReset(BrokerSession& s, const std::string& group, const ResetSpec& spec) {
  std::vector<TopicPartition> out;
  if (spec.allTopics) {
    PIER_ASSIGN_OR_RETURN(CommittedOffsets committed, committedOffsets(s, group));
    for (const auto& [tp, offset] : committed) out.push_back(tp);
    return out;
  }
  std::vector<std::string> wholeTopics;
  for (const std::string& arg : spec.topics) {
    if (arg.find(':') == std::string::npos) {
      wholeTopics.push_back(arg);
      continue;
    }
    PIER_ASSIGN_OR_RETURN(std::vector<TopicPartition> listed, parseTopicPartitions(arg));
    out.insert(out.end(), listed.begin(), listed.end());
  }
  if (!wholeTopics.empty()) {
    PIER_ASSIGN_OR_RETURN(auto layouts, s.await<std::vector<client::TopicLayout>>([&](auto done) {
      client::describeTopics(s.client(), wholeTopics, std::move(done));
    }));
    for (const auto& l : layouts) {
      for (const auto& [index, leader] : l.leaders) out.push_back(TopicPartition{l.topic, index});
    }
  }
  PIER_RETURN_IF_ERROR(checkPartitions(s, out));
  return out;
}

// Kafka's checkOffsetsRange: above the log end offset -> the end, below the start -> the start.
Result<CommittedOffsets> keepInLog(BrokerSession& s, const std::map<TopicPartition, int64_t>& requested,
                                   std::ostream& err) {
  std::vector<TopicPartition> partitions;
  for (const auto& [tp, offset] : requested) partitions.push_back(tp);
  PIER_ASSIGN_OR_RETURN(LogOffsets start, logOffsets(s, partitions, client::kEarliestTimestamp));
  PIER_ASSIGN_OR_RETURN(LogOffsets end, logOffsets(s, partitions, client::kLatestTimestamp));
  CommittedOffsets out;
  for (const auto& [tp, offset] : requested) {
    int64_t chosen = offset;
    if (end[tp] && offset > end[tp]->value()) {
      chosen = end[tp]->value();
      err << fmt::format("WARN New offset ({}) is higher than latest offset for topic partition {}. Value will be set to {}.\n",
                         offset, nameOf(tp), chosen);
    } else if (start[tp] && offset < start[tp]->value()) {
      chosen = start[tp]->value();
      err << fmt::format("WARN New offset ({}) is lower than earliest offset for topic partition {}. Value will be set to {}.\n",
                         offset, nameOf(tp), chosen);
    }
    out[tp] = Offset(chosen);
  }
  return out;
}

// --to-earliest / --to-latest: every partition must have an answer.
Result<CommittedOffsets> toLogEdge(BrokerSession& s, const std::vector<TopicPartition>& partitions, bool earliest) {
  PIER_ASSIGN_OR_RETURN(LogOffsets edge,
                        logOffsets(s, partitions, earliest ? client::kEarliestTimestamp : client::kLatestTimestamp));
  CommittedOffsets out;
  for (const auto& [tp, offset] : edge) {
    if (!offset) {
      return Status(BaseError::InvalidArgument, fmt::format("Error getting {} offset of topic partition: {}",
                                                            earliest ? "starting" : "ending", nameOf(tp)));
    }
    out[tp] = *offset;
  }
  return out;
}

// --to-datetime: the first offset at or after the time; a partition with none falls back to its
// log end offset, with Kafka's notice on stdout.
Result<CommittedOffsets> toDatetime(BrokerSession& s, const std::vector<TopicPartition>& partitions, int64_t timestampMs,
                                    std::ostream& out) {
  PIER_ASSIGN_OR_RETURN(LogOffsets found, logOffsets(s, partitions, timestampMs));
  std::vector<TopicPartition> empty;
  CommittedOffsets offsets;
  for (const auto& [tp, offset] : found) {
    if (offset) offsets[tp] = *offset;
    else empty.push_back(tp);
  }
  for (const TopicPartition& tp : empty) {
    out << fmt::format("\nWarn: Partition {} from topic {} is empty. Falling back to latest known offset.\n",
                       tp.partition.value(), tp.topic);
  }
  if (empty.empty()) return offsets;
  PIER_ASSIGN_OR_RETURN(CommittedOffsets latest, toLogEdge(s, empty, false));
  offsets.insert(latest.begin(), latest.end());
  return offsets;
}

Result<CommittedOffsets> planReset(BrokerSession& s, const std::string& group, const std::vector<TopicPartition>& partitions,
                                   const ResetSpec& spec, std::ostream& out, std::ostream& err) {
  std::map<TopicPartition, int64_t> requested;
  switch (spec.to) {
    case ResetTo::Earliest: return toLogEdge(s, partitions, true);
    case ResetTo::Latest: return toLogEdge(s, partitions, false);
    case ResetTo::Datetime: return toDatetime(s, partitions, spec.value, out);
    case ResetTo::Offset:
      for (const TopicPartition& tp : partitions) requested[tp] = spec.value;
      return keepInLog(s, requested, err);
    case ResetTo::ShiftBy: {
      PIER_ASSIGN_OR_RETURN(CommittedOffsets committed, committedOffsets(s, group));
      for (const TopicPartition& tp : partitions) {
        auto current = committed.find(tp);
        if (current == committed.end()) {
          return Status(BaseError::InvalidArgument,
                        fmt::format("Cannot shift offset for partition {} since there is no current committed offset",
                                    nameOf(tp)));
        }
        requested[tp] = current->second.value() + spec.value;
      }
      return keepInLog(s, requested, err);
    }
  }
  return CommittedOffsets{};
}

// The day number of a proleptic Gregorian date, 1970-01-01 = 0 (Howard Hinnant's
// days_from_civil).
int64_t daysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// The fields of "yyyy-MM-ddTHH:mm:ss.SSS" at the start of `text` (23 characters).
std::optional<std::array<int64_t, 7>> dateTimeFields(std::string_view text) {
  constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd.ddd";
  if (text.size() < kShape.size()) return std::nullopt;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = text[i] >= '0' && text[i] <= '9';
    if (kShape[i] == 'd' ? !digit : text[i] != kShape[i]) return std::nullopt;
  }
  auto num = [&](std::size_t at, std::size_t n) { return *parseDecimal<int64_t>(text.substr(at, n)); };
  std::array<int64_t, 7> f{num(0, 4), num(5, 2), num(8, 2), num(11, 2), num(14, 2), num(17, 2), num(20, 3)};
  if (f[1] < 1 || f[1] > 12 || f[2] < 1 || f[2] > 31 || f[3] > 23 || f[4] > 59 || f[5] > 59) return std::nullopt;
  return f;
}

// "Z", "+hh", "+hhmm", "+hh:mm" (or "-") -> minutes east of UTC.
std::optional<int64_t> zoneOffsetMinutes(std::string_view zone) {
  if (zone == "Z") return 0;
  if (zone.size() < 3 || (zone[0] != '+' && zone[0] != '-')) return std::nullopt;
  std::string digits(zone.substr(1));
  if (digits.size() == 5 && digits[2] == ':') digits.erase(2, 1);
  if (digits.size() != 2 && digits.size() != 4) return std::nullopt;
  auto hours = parseDecimal<int64_t>(std::string_view(digits).substr(0, 2));
  auto minutes = digits.size() == 4 ? parseDecimal<int64_t>(std::string_view(digits).substr(2)) : std::optional<int64_t>(0);
  if (!hours || !minutes || *hours > 18 || *minutes > 59) return std::nullopt;
  return (zone[0] == '-' ? -1 : 1) * (*hours * 60 + *minutes);
}

}  // namespace

Result<std::vector<TopicPartition>> parseTopicPartitions(const std::string& arg) {
  const std::size_t colon = arg.find(':');
  if (colon == std::string::npos || arg.find(':', colon + 1) != std::string::npos || colon + 1 == arg.size()) {
    return Status(BaseError::InvalidArgument,
                  fmt::format("Invalid topic arg '{}', expected topic name and partitions", arg));
  }
  std::vector<TopicPartition> out;
  std::string_view rest = std::string_view(arg).substr(colon + 1);
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view item = rest.substr(0, comma);
    auto index = parseDecimal<int32_t>(item.starts_with('+') ? item.substr(1) : item);
    if (!index) {
      return Status(BaseError::InvalidArgument,
                    fmt::format("Invalid partition '{}' specified in topic arg '{}''", item, arg));
    }
    out.push_back(TopicPartition{arg.substr(0, colon), PartitionIndex(*index)});
    if (comma == std::string_view::npos) return out;
    rest.remove_prefix(comma + 1);
  }
}

Result<int64_t> parseDateTime(const std::string& text) {
  auto fields = dateTimeFields(text);
  auto zone = fields ? zoneOffsetMinutes(std::string_view(text).substr(23)) : std::nullopt;
  if (!fields || !zone) {
    return Status(BaseError::InvalidArgument,
                  fmt::format("Error parsing timestamp '{}': expected yyyy-MM-ddTHH:mm:ss.SSS and a time zone "
                              "(Z, +hh:mm or -hh:mm; pierctl does not read the local time zone)",
                              text));
  }
  const auto& f = *fields;
  const int64_t seconds = daysFromCivil(f[0], f[1], f[2]) * 86400 + f[3] * 3600 + f[4] * 60 + f[5] - *zone * 60;
  return seconds * 1000 + f[6];
}

int resetGroupOffsets(BrokerSession& session, const std::string& group, const ResetSpec& spec, std::ostream& out,
                      std::ostream& err) {
  auto described = session.await<client::GroupDescription>(
      [&](auto done) { client::describeGroup(session.client(), group, std::move(done)); });
  if (!described) return failWith(err, described.status().message());
  if (described->state != "Empty" && described->state != "Dead") {
    err << fmt::format("\nError: Assignments can only be reset if the group '{}' is inactive, but the current state is {}.\n",
                       group, described->state);
    return 1;
  }
  auto partitions = partitionsToReset(session, group, spec);
  if (!partitions) return failWith(err, partitions.status().message());
  auto plan = planReset(session, group, *partitions, spec, out, err);
  if (!plan) return failWith(err, plan.status().message());
  if (spec.execute && !plan->empty()) {
    auto committed = session.await<client::PartitionErrors>(
        [&](auto done) { client::commitOffsets(session.client(), group, *plan, std::move(done)); });
    if (!committed) return failWith(err, committed.status().message());
    for (const auto& [tp, code] : *committed) {
      if (code != 0) return failWith(err, client::kafkaErrorMessage(code));
    }
  }
  out << formatResetTable(group, *plan);
  return 0;
}

}  // namespace pier::pierctl
