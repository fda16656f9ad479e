#pragma once
// `pierctl console-producer`, shaped like Kafka 3.8's kafka-console-producer.sh: reads standard
// input, one record per line (line_message_reader.h), and sends them to --topic on the broker
// of --bootstrap-server through client::KafkaClient (Produce v9, batches built by
// protocol/records with the --compression-codec).
//
//   pierctl console-producer --bootstrap-server 127.0.0.1:9092 --topic t
//       [--property parse.key=true] [--request-required-acks 1] [--sync] [--compression-codec lz4]
//
// Batching: records are grouped per partition up to batch.size bytes (record_accumulator.h);
// a batch leaves when it is full, and every open batch leaves as soon as standard input has
// nothing more to read right away (where Kafka waits linger.ms = --timeout): typed lines go
// out at once, piped input goes out in full batches. At most five Produce requests are in
// flight (Kafka's max.in.flight.requests.per.connection). --sync sends each record alone and
// waits for its answer. Partitions: default_partitioner.h.
//
// Errors per record go to stderr as Kafka's ErrorLoggingCallback logs them, without log4j's
// timestamp:
//   ERROR Error when sending message to topic t with key: null, value: 5 bytes with error:
//   (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)
//   org.apache.kafka.common.errors.RecordTooLargeException: The message is ...
// and the run goes on (with --sync it stops, as Kafka's does, after
// "java.util.concurrent.ExecutionException: ..."). A line the reader refuses stops the run
// after "org.apache.kafka.common.KafkaException: ...", once the lines before it are sent.
//
// Exit codes: 0 when every record was acknowledged (acks=0: written to the socket); 1 when the
// broker is unreachable, a record failed or a line was refused (Kafka's tool exits 0 after
// async failures), or for invalid options.
//
// Blocks its caller; not thread-safe.

#include <istream>
#include <ostream>

#include "daemon/pierctl/producer_settings.h"

namespace pier::pierctl {

// `in` is standard input; when it is std::cin on a terminal, ">" is printed before each line
// as Kafka prints it.
int runConsoleProducer(const ConsoleProducerArgs& args, std::istream& in, std::ostream& out,
                       std::ostream& err);

}  // namespace pier::pierctl
