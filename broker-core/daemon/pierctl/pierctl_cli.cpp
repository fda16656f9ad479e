#include "daemon/pierctl/pierctl_cli.h"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "daemon/pierctl/consumer_groups_command.h"
#include "daemon/pierctl/dump_log.h"
#include "daemon/pierctl/topics_command.h"

namespace pier::pierctl {

namespace {

// What `dump-log` was given.
struct DumpLogArgs {
  std::string files;
  DumpLogOptions options;
};

void addDumpLog(CLI::App& app, DumpLogArgs& args) {
  CLI::App* dump = app.add_subcommand(
      "dump-log", "Parse log segment and index files and dump their contents, as kafka-dump-log.sh does: useful "
                  "for debugging a seemingly corrupt log segment.");
  dump->add_option("--files", args.files,
                   "The comma separated list of data and index log files to be dumped.")
      ->required()
      ->type_name("file1,file2,...");
  dump->add_flag("--print-data-log", args.options.printDataLog,
                 "If set, print the messages' content when dumping data logs. Implied by --offsets-decoder.");
  dump->add_flag("--deep-iteration", args.options.deepIteration,
                 "If set, uses deep instead of shallow iteration. Implied by --print-data-log.");
  dump->add_flag("--index-sanity-check", args.options.indexSanityCheck,
                 "If set, just checks the index sanity without printing its content (the check a broker runs on "
                 "startup to decide whether to rebuild an index).");
  dump->add_flag("--verify-index-only", args.options.verifyIndexOnly,
                 "If set, just verify the index log without printing its content.");
  dump->add_flag("--offsets-decoder", args.options.offsetsDecoder,
                 "If set, log data will be parsed as offset data from the __consumer_offsets topic.");
  dump->add_option("--max-message-size", args.options.maxMessageSizeBytes, "Size of largest message.")
      ->type_name("size")
      ->capture_default_str();
}

// "a,b,,c" -> {a, b, c}.
std::vector<std::string> splitFiles(const std::string& files) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= files.size()) {
    std::size_t comma = files.find(',', start);
    if (comma == std::string::npos) comma = files.size();
    if (comma > start) out.push_back(files.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

void addTopics(CLI::App& app, TopicsArgs& args) {
  CLI::App* topics = app.add_subcommand("topics", "Create, delete, describe, or change a topic, as kafka-topics.sh does.");
  topics->add_option("--bootstrap-server", args.bootstrapServer, "The Kafka server to connect to.")->required();
  topics->add_flag("--create", args.create, "Create a new topic.");
  topics->add_flag("--list", args.list, "List all available topics.");
  topics->add_flag("--describe", args.describe, "List details for the given topics.");
  topics->add_flag("--delete", args.remove, "Delete a topic.");
  topics->add_flag("--alter", args.alter, "Alter the number of partitions of a topic.");
  topics->add_flag("--if-not-exists", args.ifNotExists, "With --create: only if the topic does not exist already.");
  topics->add_option("--topic", args.topic, "The topic to create, alter, describe or delete.");
  topics->add_option("--partitions", args.partitions, "The number of partitions for the topic.");
  topics->add_option("--replication-factor", args.replicationFactor, "The replication factor for each partition.");
  topics->add_option("--config", args.configs, "A topic configuration override, key=value (repeatable).");
}

// What `consumer-groups` was given, before the optional values are known to be present.
struct ConsumerGroupsCli {
  ConsumerGroupsArgs args;
  std::string state;
  int64_t toOffset = 0;
  int64_t shiftBy = 0;
  std::string toDatetime;
  CLI::Option* stateOpt = nullptr;
  CLI::Option* toOffsetOpt = nullptr;
  CLI::Option* shiftByOpt = nullptr;
  CLI::Option* toDatetimeOpt = nullptr;

  // The parsed options, with the optional ones set only when given.
  ConsumerGroupsArgs resolved() const {
    ConsumerGroupsArgs a = args;
    a.state = stateOpt->count() > 0;
    if (!state.empty()) a.states = state;
    if (toOffsetOpt->count() > 0) a.toOffset = toOffset;
    if (shiftByOpt->count() > 0) a.shiftBy = shiftBy;
    if (toDatetimeOpt->count() > 0) a.toDatetime = toDatetime;
    return a;
  }
};

void addConsumerGroupsActions(CLI::App& cmd, ConsumerGroupsCli& cli) {
  ConsumerGroupsArgs& a = cli.args;
  cmd.add_option("--bootstrap-server", a.bootstrapServer, "REQUIRED: The server(s) to connect to.")->required();
  cmd.add_flag("--list", a.list, "List all consumer groups.");
  cmd.add_flag("--describe", a.describe,
               "Describe consumer group and list offset lag (number of messages not yet processed) related to given group.");
  cmd.add_flag("--delete", a.remove, "Pass in groups to delete topic partition offsets and ownership information over "
                                     "the entire consumer group. For instance --group g1 --group g2");
  cmd.add_flag("--reset-offsets", a.resetOffsets,
               "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be "
               "inactive. --dry-run (the default) shows the plan, --execute commits it.");
  cmd.add_option("--group", a.groups, "The consumer group we wish to act on (repeatable).");
  cmd.add_flag("--all-groups", a.allGroups, "Apply to all consumer groups.");
  cmd.add_flag("--members", a.members, "Describe members of the group. With --describe only.");
  cmd.add_flag("--offsets", a.offsets, "Describe the group and list all topic partitions in the group along with their "
                                       "offset lag. The default sub-action of --describe.");
  cli.stateOpt = cmd.add_option("--state", cli.state,
                                "With --describe: the state of the group. With --list: the state of all groups, or "
                                "only groups in the given states (e.g. stable,empty).")
                     ->expected(0, 1);
}

void addConsumerGroupsReset(CLI::App& cmd, ConsumerGroupsCli& cli) {
  ConsumerGroupsArgs& a = cli.args;
  cmd.add_option("--topic", a.topics, "The topic whose offsets --reset-offsets resets; partitions as topic1:0,1,2 "
                                      "(repeatable).");
  cmd.add_flag("--all-topics", a.allTopics, "Consider all topics assigned to a group in the reset-offsets process.");
  cmd.add_flag("--to-earliest", a.toEarliest, "Reset offsets to earliest offset.");
  cmd.add_flag("--to-latest", a.toLatest, "Reset offsets to latest offset.");
  cli.toOffsetOpt = cmd.add_option("--to-offset", cli.toOffset, "Reset offsets to a specific offset.");
  cli.shiftByOpt = cmd.add_option("--shift-by", cli.shiftBy,
                                  "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.");
  cli.toDatetimeOpt = cmd.add_option("--to-datetime", cli.toDatetime,
                                     "Reset offsets to offset from datetime. Format: 'YYYY-MM-DDTHH:mm:SS.sss' and a "
                                     "time zone: Z or +hh:mm.");
  cmd.add_flag("--dry-run", a.dryRun, "Only show results without executing changes on Consumer Groups.");
  cmd.add_flag("--execute", a.execute, "Execute operation. Supported operations: reset-offsets.");
}

void addConsumerGroups(CLI::App& app, ConsumerGroupsCli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "consumer-groups", "List all consumer groups, describe a consumer group, delete consumer group info, or reset "
                         "consumer group offsets, as kafka-consumer-groups.sh does.");
  addConsumerGroupsActions(*cmd, cli);
  addConsumerGroupsReset(*cmd, cli);
}

}  // namespace

int runPierctl(int argc, const char* const* argv, FileSystem& fs, std::ostream& out, std::ostream& err) {
  CLI::App app("pierctl: command line tools for Pier and Apache Kafka clusters and their data", "pierctl");
  app.require_subcommand(1);
  DumpLogArgs dumpLogArgs;
  addDumpLog(app, dumpLogArgs);
  TopicsArgs topicsArgs;
  addTopics(app, topicsArgs);
  ConsumerGroupsCli groupsCli;
  addConsumerGroups(app, groupsCli);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 1;
  }
  if (app.got_subcommand("topics")) return runTopics(topicsArgs, out, err);
  if (app.got_subcommand("consumer-groups")) return runConsumerGroups(groupsCli.resolved(), out, err);
  if (app.got_subcommand("dump-log")) {
    return dumpLog(fs, splitFiles(dumpLogArgs.files), dumpLogArgs.options, out, err);
  }
  return 1;
}

}  // namespace pier::pierctl
