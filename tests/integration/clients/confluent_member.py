#!/usr/bin/python3
"""One confluent-kafka (librdkafka) consumer group member, for tests that put other clients in
the same group (pierctl console-consumer --group).

  confluent_member.py BOOTSTRAP TOPIC GROUP CLIENT_ID [ASSIGNMENT_STRATEGY]

Subscribes to TOPIC in GROUP (auto.offset.reset=earliest, auto-commit every 500 ms, heartbeats
every 300 ms; partition.assignment.strategy as given, librdkafka's default otherwise) and
prints each record's value on stdout as it reads it, flushed; its assignments
go to stderr as "assigned [0, 1]". Partitions it gives up in a rebalance are committed first
(as eager consumers do). On SIGTERM it commits, closes (LeaveGroup) and exits 0; it stops by
itself after 180 s. Exits 1 on a consumer error."""
import signal
import sys
import time

from confluent_kafka import Consumer, KafkaException

LIFETIME_S = 180
stopping = False


def on_term(signum, frame):
    global stopping
    stopping = True


def main():
    bootstrap, topic, group, client_id = sys.argv[1:5]
    signal.signal(signal.SIGTERM, on_term)
    config = {"bootstrap.servers": bootstrap, "group.id": group, "client.id": client_id,
              "auto.offset.reset": "earliest", "enable.auto.commit": True,
              "auto.commit.interval.ms": 500, "session.timeout.ms": 6000,
              "heartbeat.interval.ms": 300}
    if len(sys.argv) > 5:
        config["partition.assignment.strategy"] = sys.argv[5]
    consumer = Consumer(config)

    def on_assign(c, partitions):
        print("assigned %s" % sorted(p.partition for p in partitions), file=sys.stderr, flush=True)

    def on_revoke(c, partitions):
        try:
            c.commit(asynchronous=False)
        except KafkaException:
            pass  # nothing read since the last commit
        print("revoked %s" % sorted(p.partition for p in partitions), file=sys.stderr, flush=True)

    consumer.subscribe([topic], on_assign=on_assign, on_revoke=on_revoke)
    deadline = time.time() + LIFETIME_S
    while not stopping and time.time() < deadline:
        msg = consumer.poll(0.1)
        if msg is None:
            continue
        if msg.error():
            print("error: %s" % msg.error(), file=sys.stderr, flush=True)
            consumer.close()
            return 1
        print(msg.value().decode(), flush=True)
    consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
