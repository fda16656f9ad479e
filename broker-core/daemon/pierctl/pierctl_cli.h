#pragma once
// pierctl's command line (CLI11): one subcommand per tool, shaped like the Kafka script it
// stands for. Today:
//
//   pierctl dump-log --files a.log,a.index[,...] [--print-data-log] [--deep-iteration]
//                    [--index-sanity-check] [--verify-index-only] [--offsets-decoder]
//                    [--max-message-size N]          (kafka-dump-log.sh; dump_log.h)
//   pierctl topics --bootstrap-server host:port (--create | --list | --describe | --delete |
//                  --alter) [--topic t] [--partitions n] [--replication-factor n]
//                  [--config k=v ...] [--if-not-exists]   (kafka-topics.sh; topics_command.h)
//   pierctl consumer-groups --bootstrap-server host:port (--list [--state [s,...]] | --describe
//                  | --delete | --reset-offsets) [--group g ... | --all-groups] [--members |
//                  --state | --offsets] [--topic t[:p,...] ... | --all-topics] [--to-earliest |
//                  --to-latest | --to-offset n | --shift-by n | --to-datetime d] [--dry-run |
//                  --execute]                     (kafka-consumer-groups.sh; consumer_groups_command.h)
//   pierctl console-producer --bootstrap-server host:port --topic t [--property k=v ...]
//                  [--producer-property k=v ...] [--request-required-acks a] [--sync]
//                  [--batch-size n] [--compression-codec [c]]
//                                                 (kafka-console-producer.sh; console_producer.h)
//   pierctl console-consumer --bootstrap-server host:port --topic t [--partition p
//                  [--offset o]] [--from-beginning] [--group g] [--max-messages n]
//                  [--timeout-ms n] [--property k=v ...] [--skip-message-on-error]
//                                                 (kafka-console-consumer.sh; console_consumer.h)
//
// Exit codes: the subcommand's (0 on success, 1 when a file could not be dumped), 1 for a
// usage error (as Kafka's tools), 0 for --help.
//
// Thread-safety: a function over its arguments.

#include <istream>
#include <ostream>

#include "runtime/file_system.h"

namespace pier::pierctl {

// Parses argv (argv[0] is the program name) and runs the chosen subcommand on `fs`; `in` is
// what console-producer reads.
int runPierctl(int argc, const char* const* argv, FileSystem& fs, std::istream& in, std::ostream& out,
               std::ostream& err);
// The same, reading std::cin.
int runPierctl(int argc, const char* const* argv, FileSystem& fs, std::ostream& out, std::ostream& err);

}  // namespace pier::pierctl
