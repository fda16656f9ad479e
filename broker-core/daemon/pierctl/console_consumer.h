#pragma once
// `pierctl console-consumer`, shaped like Kafka 3.8's kafka-console-consumer.sh: fetches --topic
// from the broker of --bootstrap-server through client::KafkaClient (Fetch v12, the newest a
// Pier broker serves that names topics) and prints each record with DefaultMessageFormatter's
// layout (message_formatter.h) on stdout.
//
//   pierctl console-consumer --bootstrap-server 127.0.0.1:9092 --topic t [--from-beginning]
//       [--partition 0 [--offset earliest|latest|N]] [--group g] [--max-messages N]
//       [--timeout-ms N] [--property print.key=true ...] [--skip-message-on-error]
//
// Partitions: --partition, or every partition of the topic. Start: --offset, --from-beginning
// (earliest) or latest, as consumer_options.h; with --group, each partition starts at the
// group's committed offset (OffsetFetch) and only partitions without one use that rule.
// Positions that fall outside the log (OFFSET_OUT_OF_RANGE) are reset the same way (Kafka's
// auto.offset.reset).
//
// --group is a "simple" consumer group, not a membership: the consumer never joins (no
// JoinGroup/SyncGroup, no rebalance, no partition sharing between consumers of the group); it
// commits its positions as a standalone consumer does (OffsetCommit with generation -1 and an
// empty member id) every 5 s and when it stops, so the next run resumes after the last
// printed record. A broker refuses those commits while the group has live members.
//
// Ends after --max-messages records, after --timeout-ms without a record (printing Kafka's
// "ERROR Error processing message, terminating consumer process: ..." and TimeoutException
// lines), on SIGINT/SIGTERM, or on an error. "Processed a total of N messages" goes to stderr
// at every end once connected, as Kafka prints it.
//
// A batch that does not decode stops the consumer; with --skip-message-on-error it is reported
// and skipped (Kafka applies that option to formatter errors, which cannot happen when records
// are printed as bytes; a broken batch is what can fail here).
//
// Exit codes: 0 at the normal ends (max messages, timeout, signal); 1 for invalid options, an
// unreachable broker, a fetch, decode or commit error (where Kafka's tool exits 0 after
// logging its error).
//
// Blocks its caller; installs SIGINT/SIGTERM handlers for its run. Not thread-safe.

#include <ostream>

#include "daemon/pierctl/consumer_options.h"

namespace pier::pierctl {

int runConsoleConsumer(const ConsoleConsumerArgs& args, std::ostream& out, std::ostream& err);

}  // namespace pier::pierctl
