#include "daemon/pierctl/consumer_groups_command.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "base/base_error.h"
#include "client/group_admin.h"
#include "client/group_lag.h"
#include "client/kafka_error.h"
#include "daemon/pierctl/broker_session.h"
#include "daemon/pierctl/group_tables.h"
#include "daemon/pierctl/offsets_reset.h"

namespace pier::pierctl {

namespace {

// The states a consumer group can be in, as Kafka 3.8's ConsumerGroupState names them (its
// "Invalid state list" message lists them in this order).
constexpr std::string_view kConsumerGroupStates[] = {"PreparingRebalance", "CompletingRebalance", "Stable", "Dead",
                                                     "Empty", "Assigning", "Reconciling"};

int usageError(std::ostream& err, const std::string& message) {
  err << message << "\n";
  return 1;
}

int failWith(std::ostream& err, const std::string& message) {
  err << "\nError: Executing consumer group command failed due to " << message << "\n";
  return 1;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// "stable, EMPTY" -> {"Stable", "Empty"}; Kafka's message for a name that is no state.
Result<std::vector<std::string>> parseStates(const std::string& text) {
  std::vector<std::string> states;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string name = text.substr(start, comma - start);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    auto known = std::find_if(std::begin(kConsumerGroupStates), std::end(kConsumerGroupStates),
                              [&](std::string_view s) { return lower(std::string(s)) == lower(name); });
    if (known == std::end(kConsumerGroupStates)) {
      return Status(BaseError::InvalidArgument,
                    fmt::format("Invalid state list '{}'. Valid states are: {}", text, fmt::join(kConsumerGroupStates, ", ")));
    }
    states.emplace_back(*known);
    start = comma + 1;
  }
  return states;
}

// Kafka's listConsumerGroups: groups of protocol type "consumer" or none, here by group id.
Result<std::vector<client::GroupListing>> consumerGroups(BrokerSession& s, const std::vector<std::string>& states) {
  PIER_ASSIGN_OR_RETURN(auto all, s.await<std::vector<client::GroupListing>>(
                                      [&](auto done) { client::listGroups(s.client(), states, std::move(done)); }));
  std::vector<client::GroupListing> groups;
  for (auto& g : all) {
    if (g.protocolType == "consumer" || g.protocolType.empty()) groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.groupId < b.groupId; });
  return groups;
}

int runList(BrokerSession& s, const ConsumerGroupsArgs& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> states;
  if (args.states && !args.states->empty()) {
    auto parsed = parseStates(*args.states);
    if (!parsed) return usageError(err, parsed.status().message());
    states = std::move(*parsed);
  }
  auto groups = consumerGroups(s, states);
  if (!groups) return failWith(err, groups.status().message());
  out << formatGroupList(*groups, args.state);
  return 0;
}

// DescribeConsumerGroups fails for a group of another protocol type, as Kafka's admin client does.
Status checkConsumerGroup(const client::GroupDescription& group) {
  if (group.protocolType == "consumer" || group.protocolType.empty()) return Status::ok();
  return Status(BaseError::InvalidArgument, fmt::format("java.lang.IllegalArgumentException: GroupId {} is not a "
                                                        "consumer group ({}).",
                                                        group.groupId, group.protocolType));
}

int describeOffsets(BrokerSession& s, const std::string& group, std::ostream& out, std::ostream& err) {
  auto lag = s.await<client::GroupLag>(
      [&](auto done) { client::fetchGroupLag(s.sharedClient(), group, std::move(done)); });
  if (!lag) return failWith(err, lag.status().message());
  if (Status ok = checkConsumerGroup(lag->group); !ok) return failWith(err, ok.message());
  const std::vector<OffsetsRow> rows = offsetsRows(*lag);
  const StateCheck check = checkGroupState(group, lag->group.state, rows.size());
  err << check.message;
  if (check.printTable) out << formatOffsetsTable(rows);
  return check.error ? 1 : 0;
}

int describeMembers(BrokerSession& s, const std::string& group, std::ostream& out, std::ostream& err) {
  auto described = s.await<client::GroupDescription>(
      [&](auto done) { client::describeGroup(s.client(), group, std::move(done)); });
  if (!described) return failWith(err, described.status().message());
  if (Status ok = checkConsumerGroup(*described); !ok) return failWith(err, ok.message());
  const StateCheck check = checkGroupState(group, described->state, described->members.size());
  err << check.message;
  out << formatMembersTable(*described);  // Kafka prints the header whatever the state
  return check.error ? 1 : 0;
}

int describeState(BrokerSession& s, const std::string& group, std::ostream& out, std::ostream& err) {
  auto described = s.await<client::GroupDescription>(
      [&](auto done) { client::describeGroup(s.client(), group, std::move(done)); });
  if (!described) return failWith(err, described.status().message());
  if (Status ok = checkConsumerGroup(*described); !ok) return failWith(err, ok.message());
  auto coordinator = s.await<client::Coordinator>(
      [&](auto done) { client::findGroupCoordinator(s.client(), group, std::move(done)); });
  if (!coordinator) return failWith(err, coordinator.status().message());
  const StateCheck check = checkGroupState(group, described->state, 1);
  err << check.message;
  if (check.printTable) out << formatStateTable(*described, *coordinator);
  return check.error ? 1 : 0;
}

// --group values, or every consumer group with --all-groups; by group id, as Kafka's TreeMap.
Result<std::vector<std::string>> selectedGroups(BrokerSession& s, const ConsumerGroupsArgs& args) {
  std::vector<std::string> ids = args.groups;
  if (args.allGroups) {
    PIER_ASSIGN_OR_RETURN(auto groups, consumerGroups(s, {}));
    for (const auto& g : groups) ids.push_back(g.groupId);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

int runDescribe(BrokerSession& s, const ConsumerGroupsArgs& args, std::ostream& out, std::ostream& err) {
  auto groups = selectedGroups(s, args);
  if (!groups) return failWith(err, groups.status().message());
  int code = 0;
  for (const std::string& group : *groups) {
    if (args.members) code |= describeMembers(s, group, out, err);
    else if (args.state) code |= describeState(s, group, out, err);
    else code |= describeOffsets(s, group, out, err);
  }
  return code;
}

std::string quotedList(const std::vector<std::string>& groups) {
  std::vector<std::string> quoted;
  for (const std::string& g : groups) quoted.push_back("'" + g + "'");
  return fmt::format("{}", fmt::join(quoted, ", "));
}

int runDelete(BrokerSession& s, const ConsumerGroupsArgs& args, std::ostream& out, std::ostream& err) {
  auto groups = selectedGroups(s, args);
  if (!groups) return failWith(err, groups.status().message());
  auto results = s.await<client::GroupErrors>(
      [&](auto done) { client::deleteGroups(s.client(), *groups, std::move(done)); });
  if (!results) return failWith(err, results.status().message());
  std::vector<std::string> deleted;
  std::string failures;
  for (const std::string& group : *groups) {
    auto it = results->find(group);
    const int16_t code = it == results->end() ? int16_t{-1} : it->second;
    if (code == 0) deleted.push_back(group);
    else failures += fmt::format("* Group '{}' could not be deleted due to: {}\n", group, client::kafkaExceptionText(code));
  }
  if (failures.empty()) {
    out << fmt::format("Deletion of requested consumer groups ({}) was successful.\n", quotedList(deleted));
    return 0;
  }
  err << "\nError: Deletion of some consumer groups failed:\n" << failures;
  if (!deleted.empty()) out << "\nThese consumer groups were deleted successfully: " << quotedList(deleted) << "\n";
  return 1;
}

Result<ResetSpec> resetSpec(const ConsumerGroupsArgs& args) {
  ResetSpec spec{args.topics, args.allTopics, ResetTo::Earliest, 0, args.execute};
  if (args.toLatest) spec.to = ResetTo::Latest;
  if (args.toOffset) spec = ResetSpec{args.topics, args.allTopics, ResetTo::Offset, *args.toOffset, args.execute};
  if (args.shiftBy) spec = ResetSpec{args.topics, args.allTopics, ResetTo::ShiftBy, *args.shiftBy, args.execute};
  if (args.toDatetime) {
    PIER_ASSIGN_OR_RETURN(int64_t timestampMs, parseDateTime(*args.toDatetime));
    spec = ResetSpec{args.topics, args.allTopics, ResetTo::Datetime, timestampMs, args.execute};
  }
  return spec;
}

int runReset(BrokerSession& s, const ConsumerGroupsArgs& args, std::ostream& out, std::ostream& err) {
  auto spec = resetSpec(args);
  if (!spec) return usageError(err, spec.status().message());
  auto groups = selectedGroups(s, args);
  if (!groups) return failWith(err, groups.status().message());
  int code = 0;
  for (const std::string& group : *groups) code |= resetGroupOffsets(s, group, *spec, out, err);
  return code;
}

// Kafka's checkArgs for the options pierctl offers; 0 when they hold.
int checkArgs(const ConsumerGroupsArgs& a, std::ostream& err) {
  if (a.list + a.describe + a.remove + a.resetOffsets != 1)
    return usageError(err, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets");
  const bool anyGroup = !a.groups.empty() || a.allGroups;
  if (!a.groups.empty() && a.allGroups) return usageError(err, "Option \"[group]\" can't be used with option \"[all-groups]\"");
  if (a.describe && !anyGroup) return usageError(err, "Option [describe] takes one of these options: [all-groups], [group]");
  if (a.describe && a.members + a.offsets + a.state > 1)
    return usageError(err, "Option [describe] takes at most one of these options: [members], [offsets], [state]");
  if (a.describe && a.states) return usageError(err, "Option [describe] does not take a value for [state]");
  if (a.remove && !anyGroup) return usageError(err, "Option [delete] takes one of these options: [all-groups], [group]");
  if (a.remove && !a.topics.empty())
    return usageError(err, "The consumer does not support topic-specific offset deletion from a consumer group.");
  if (!a.resetOffsets) return 0;
  if (a.dryRun && a.execute) return usageError(err, "Option [reset-offsets] only accepts one of [execute] and [dry-run]");
  if (!anyGroup) return usageError(err, "Option [reset-offsets] takes one of these options: [all-groups], [group]");
  if (a.toEarliest + a.toLatest + a.toOffset.has_value() + a.shiftBy.has_value() + a.toDatetime.has_value() != 1)
    return usageError(err, "Option [reset-offsets] requires exactly one of the following scenarios: [to-earliest], "
                           "[to-latest], [to-offset], [shift-by], [to-datetime]");
  if (a.topics.empty() != a.allTopics) return usageError(err, "One of the reset scopes should be defined: --all-topics, --topic.");
  if (!a.dryRun && !a.execute) {
    err << "WARN: No action will be performed as the --execute option is missing. In a future major release, the default "
           "behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. "
           "You should add the --dry-run option explicitly if you are scripting this command and want to keep the "
           "current default behavior without prompting.\n";
  }
  return 0;
}

}  // namespace

int runConsumerGroups(const ConsumerGroupsArgs& args, std::ostream& out, std::ostream& err) {
  if (int bad = checkArgs(args, err); bad != 0) return bad;
  BrokerSession session;
  if (Status connected = session.connect(args.bootstrapServer); !connected) {
    return failWith(err, fmt::format("cannot connect to {}: {}", args.bootstrapServer, connected.toString()));
  }
  if (args.list) return runList(session, args, out, err);
  if (args.describe) return runDescribe(session, args, out, err);
  if (args.remove) return runDelete(session, args, out, err);
  return runReset(session, args, out, err);
}

}  // namespace pier::pierctl
