#include "daemon/pierctl/pierctl_cli.h"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "daemon/pierctl/console_consumer.h"
#include "daemon/pierctl/console_producer.h"
#include "daemon/pierctl/consumer_groups_command.h"
#include "daemon/pierctl/dump_log.h"
#include "daemon/pierctl/topics_command.h"
#include "daemon/pierctl/transactions_command.h"

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

void addTransactions(CLI::App& app, TransactionsArgs& args) {
  CLI::App* transactions = app.add_subcommand(
      "transactions", "Analyze the transactional state of producers, as kafka-transactions.sh does.");
  transactions->add_option("--bootstrap-server", args.bootstrapServer, "The Kafka server to connect to.")->required();
  transactions->require_subcommand(1);
  CLI::App* producers = transactions->add_subcommand(
      "describe-producers", "Describe the states of active producers for a topic partition.");
  producers->add_option("--topic", args.topic, "Topic name.")->required();
  producers->add_option("--partition", args.partition, "Partition number.")->required();
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

// An option whose value is kept only when it was given.
template <typename T>
struct Optional {
  T value{};
  CLI::Option* option = nullptr;
  std::optional<T> get() const {
    return option->count() > 0 ? std::optional<T>(value) : std::nullopt;
  }
};

// What `console-producer` was given, before the optional values are known to be present.
struct ConsoleProducerCli {
  ConsoleProducerArgs args;
  Optional<std::string> compressionCodec;
  Optional<int32_t> batchSize;
  Optional<std::string> requestRequiredAcks;
  Optional<int32_t> requestTimeoutMs;
  Optional<int32_t> maxPartitionMemoryBytes;

  ConsoleProducerArgs resolved() const {
    ConsoleProducerArgs a = args;
    a.compressionCodec = compressionCodec.get();
    a.batchSize = batchSize.get();
    a.requestRequiredAcks = requestRequiredAcks.get();
    a.requestTimeoutMs = requestTimeoutMs.get();
    a.maxPartitionMemoryBytes = maxPartitionMemoryBytes.get();
    return a;
  }
};

void addConsoleProducer(CLI::App& app, ConsoleProducerCli& cli) {
  CLI::App* cmd = app.add_subcommand(
      "console-producer",
      "Read data from standard input and publish it to Kafka, as kafka-console-producer.sh does.");
  ConsoleProducerArgs& a = cli.args;
  cmd->add_option("--bootstrap-server", a.bootstrapServer,
                  "REQUIRED: The server(s) to connect to. The broker list string in the form "
                  "HOST1:PORT1,HOST2:PORT2.")
      ->required();
  cmd->add_option("--topic", a.topic, "REQUIRED: The topic id to produce messages to.")->required();
  cmd->add_flag("--sync", a.sync,
                "If set message send requests to the brokers are synchronously, one at a time as "
                "they arrive.");
  cli.compressionCodec.option =
      cmd->add_option("--compression-codec", cli.compressionCodec.value,
                      "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'. "
                      "If specified without value, then it defaults to 'gzip'")
          ->expected(0, 1);
  cli.batchSize.option =
      cmd->add_option("--batch-size", cli.batchSize.value,
                      "Number of bytes to send in a single batch if they are not being sent "
                      "synchronously (batch.size, default 16384).");
  cli.requestRequiredAcks.option =
      cmd->add_option("--request-required-acks", cli.requestRequiredAcks.value,
                      "The required `acks` of the producer requests (default -1).");
  cli.requestTimeoutMs.option =
      cmd->add_option("--request-timeout-ms", cli.requestTimeoutMs.value,
                      "The ack timeout of the producer requests (default 1500).");
  cli.maxPartitionMemoryBytes.option = cmd->add_option(
      "--max-partition-memory-bytes", cli.maxPartitionMemoryBytes.value,
      "The batch.size in producer configs; replaces --batch-size when both are given.");
  cmd->add_option("--property", a.properties,
                  "A property key=value for the line reader (repeatable): parse.key, "
                  "key.separator, parse.headers, headers.delimiter, headers.separator, "
                  "headers.key.separator, ignore.error, null.marker.");
  cmd->add_option(
      "--producer-property", a.producerProperties,
      "A producer property key=value (repeatable): acks, batch.size, client.id, request.timeout.ms "
      "and max.request.size are used, others are ignored with a warning.");
}

// What `console-consumer` was given, before the optional values are known to be present.
struct ConsoleConsumerCli {
  ConsoleConsumerArgs args;
  Optional<int32_t> partition;
  Optional<std::string> offset;
  Optional<int32_t> maxMessages;
  Optional<int64_t> timeoutMs;
  Optional<std::string> group;
  Optional<std::string> consumerConfig;

  ConsoleConsumerArgs resolved() const {
    ConsoleConsumerArgs a = args;
    a.partition = partition.get();
    a.offset = offset.get();
    a.maxMessages = maxMessages.get();
    a.timeoutMs = timeoutMs.get();
    a.group = group.get();
    a.consumerConfig = consumerConfig.get();
    return a;
  }
};

void addConsoleConsumer(CLI::App& app, ConsoleConsumerCli& cli) {
  CLI::App* cmd = app.add_subcommand("console-consumer",
                                     "Read data from Kafka topics and output it to standard "
                                     "output, as kafka-console-consumer.sh does.");
  ConsoleConsumerArgs& a = cli.args;
  cmd->add_option("--bootstrap-server", a.bootstrapServer, "REQUIRED: The server(s) to connect to.")
      ->required();
  cmd->add_option("--topic", a.topic, "The topic to consume on.")->required();
  cli.partition.option =
      cmd->add_option("--partition", cli.partition.value,
                      "The partition to consume from. Consumption starts from the end of the "
                      "partition unless '--offset' is specified.");
  cli.offset.option =
      cmd->add_option("--offset", cli.offset.value,
                      "The offset to consume from (a non-negative number), or 'earliest' which "
                      "means from beginning, or 'latest' which means from end (default: latest)");
  cmd->add_flag(
      "--from-beginning", a.fromBeginning,
      "If the consumer does not already have an established offset to consume from, start with the "
      "earliest message present in the log rather than the latest message.");
  cli.maxMessages.option = cmd->add_option("--max-messages", cli.maxMessages.value,
                                           "The maximum number of messages to consume before "
                                           "exiting. If not set, consumption is continual.");
  cli.timeoutMs.option = cmd->add_option(
      "--timeout-ms", cli.timeoutMs.value,
      "If specified, exit if no message is available for consumption for the specified interval.");
  cli.group.option =
      cmd->add_option("--group", cli.group.value,
                      "The consumer group id of the consumer: it joins the group (the partitions "
                      "are shared with the group's other members), starts at the group's committed "
                      "offsets and commits its own.");
  cmd->add_option("--consumer-property", a.consumerProperties,
                  "A mechanism to pass user-defined properties in the form key=value to the "
                  "consumer (repeatable): group.id, group.instance.id, client.id, auto.offset.reset, "
                  "enable.auto.commit, auto.commit.interval.ms, session.timeout.ms, "
                  "heartbeat.interval.ms, max.poll.interval.ms, retry.backoff.ms and "
                  "partition.assignment.strategy are used, others are ignored with a warning.");
  cli.consumerConfig.option = cmd->add_option("--consumer.config", cli.consumerConfig.value,
                  "Consumer config properties file. Note that --consumer-property takes precedence "
                  "over this config.");
  cmd->add_option("--property", a.properties,
                  "The properties to initialize the message formatter (repeatable): "
                  "print.timestamp, print.key, print.offset, print.partition, print.headers, "
                  "print.value, key.separator, line.separator, headers.separator, null.literal.");
  cmd->add_flag("--skip-message-on-error", a.skipMessageOnError,
                "If there is an error when processing a message, skip it instead of halt.");
}

}  // namespace

int runPierctl(int argc, const char* const* argv, FileSystem& fs, std::ostream& out, std::ostream& err) {
  return runPierctl(argc, argv, fs, std::cin, out, err);
}

int runPierctl(int argc, const char* const* argv, FileSystem& fs, std::istream& in, std::ostream& out,
               std::ostream& err) {
  CLI::App app("pierctl: command line tools for Pier and Apache Kafka clusters and their data", "pierctl");
  app.require_subcommand(1);
  DumpLogArgs dumpLogArgs;
  addDumpLog(app, dumpLogArgs);
  TopicsArgs topicsArgs;
  addTopics(app, topicsArgs);
  TransactionsArgs transactionsArgs;
  addTransactions(app, transactionsArgs);
  ConsumerGroupsCli groupsCli;
  addConsumerGroups(app, groupsCli);
  ConsoleProducerCli producerCli;
  addConsoleProducer(app, producerCli);
  ConsoleConsumerCli consumerCli;
  addConsoleConsumer(app, consumerCli);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 1;
  }
  if (app.got_subcommand("topics")) return runTopics(topicsArgs, out, err);
  if (app.got_subcommand("transactions")) return runDescribeProducers(transactionsArgs, out, err);
  if (app.got_subcommand("consumer-groups")) return runConsumerGroups(groupsCli.resolved(), out, err);
  if (app.got_subcommand("console-producer")) return runConsoleProducer(producerCli.resolved(), in, out, err);
  if (app.got_subcommand("console-consumer")) return runConsoleConsumer(consumerCli.resolved(), out, err);
  if (app.got_subcommand("dump-log")) {
    return dumpLog(fs, splitFiles(dumpLogArgs.files), dumpLogArgs.options, out, err);
  }
  return 1;
}

}  // namespace pier::pierctl
