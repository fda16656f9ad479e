#include "daemon/pierctl/pierctl_cli.h"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

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

}  // namespace

int runPierctl(int argc, const char* const* argv, FileSystem& fs, std::ostream& out, std::ostream& err) {
  CLI::App app("pierctl: command line tools for Pier and Apache Kafka clusters and their data", "pierctl");
  app.require_subcommand(1);
  DumpLogArgs dumpLogArgs;
  addDumpLog(app, dumpLogArgs);
  TopicsArgs topicsArgs;
  addTopics(app, topicsArgs);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 1;
  }
  if (app.got_subcommand("topics")) return runTopics(topicsArgs, out, err);
  if (app.got_subcommand("dump-log")) {
    return dumpLog(fs, splitFiles(dumpLogArgs.files), dumpLogArgs.options, out, err);
  }
  return 1;
}

}  // namespace pier::pierctl
