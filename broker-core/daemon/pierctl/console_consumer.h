#pragma once
// `pierctl console-consumer`, shaped like Kafka 3.8's kafka-console-consumer.sh: fetches --topic
// from the broker of --bootstrap-server through client::KafkaClient (Fetch v12, the newest a
// Pier broker serves that names topics) and prints each record with DefaultMessageFormatter's
// layout (message_formatter.h) on stdout.
//
//   pierctl console-consumer --bootstrap-server 127.0.0.1:9092 --topic t [--from-beginning]
//       [--partition 0 [--offset earliest|latest|N]] [--group g] [--max-messages N]
//       [--timeout-ms N] [--property print.key=true ...] [--skip-message-on-error]
//       [--consumer-property k=v ...] [--consumer.config file]
//
// Without a group (--group, or group.id in --consumer-property / --consumer.config): the
// partitions are assigned, not subscribed: --partition, or every partition of the topic, from
// --offset, --from-beginning (earliest) or latest, as consumer_options.h. Nothing is committed.
// (Kafka's tool joins a random group "console-consumer-NNNNN" with auto-commit off instead,
// which reads the same records; Pier skips the join and its group.initial.rebalance.delay.ms.)
//
// With a group the consumer subscribes to --topic as a member of the group (client::GroupMembership:
// FindCoordinator, JoinGroup with protocol type "consumer" and the assignors of
// consumer_settings.h, SyncGroup, heartbeats, rebalances), so consumers of one group share the
// partitions. Each partition assigned starts at the group's committed offset (OffsetFetch), or
// by auto.offset.reset (latest; earliest with --from-beginning). With enable.auto.commit (the
// default) the positions are committed as the member's generation every auto.commit.interval.ms,
// before partitions are given up in a rebalance, and when it stops; then a dynamic member sends
// LeaveGroup, so the others take its partitions at once. A commit refused because the group
// rebalanced is a warning and the member rejoins.
//
// Positions that fall outside the log (OFFSET_OUT_OF_RANGE) are reset by auto.offset.reset.
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
