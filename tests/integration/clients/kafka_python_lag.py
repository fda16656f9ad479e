#!/usr/bin/python3
"""kafka-python helpers for tst_pierctl_groups: a consumer group whose committed offsets and
members `pierctl consumer-groups` describes and resets.

Usage:
  kafka_python_lag.py produce BOOTSTRAP TOPIC N0 N1 N2
      sends N0, N1, N2 messages to partitions 0, 1, 2; prints "ok".
  kafka_python_lag.py member BOOTSTRAP TOPIC GROUP OFFSETS
      joins GROUP (client id "lag-reader"), waits for all 3 partitions, reads every message, then
      commits OFFSETS ("0=7,1=2": partition=offset, the part it has processed) and prints
      "member <member id>". Stays in the group (heartbeating) until a line "close" on stdin,
      then leaves it (close sends LeaveGroup) and prints "closed".
  kafka_python_lag.py committed BOOTSTRAP TOPIC GROUP
      prints the group's committed offsets of partitions 0..2, "0=7 1=2 2=None", without
      joining the group.
Exits 1 with the reason on stdout when something does not happen within 60 s."""
import sys
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.structs import OffsetAndMetadata

PARTITIONS = 3
DEADLINE_S = 60


def fail(why):
    print(why, flush=True)
    sys.exit(1)


def produce(bootstrap, topic, counts):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for p, n in enumerate(counts):
        for i in range(n):
            producer.send(topic, value=b"m-%d-%d" % (p, i), partition=p)
    producer.flush(10)
    producer.close()
    print("ok", flush=True)


def read_everything(consumer, topic):
    """Polls until the group owns all partitions and every record up to the end is read."""
    start = time.time()
    while time.time() - start < DEADLINE_S:
        consumer.poll(timeout_ms=100)
        assigned = consumer.assignment()
        if len(assigned) != PARTITIONS:
            continue
        ends = consumer.end_offsets(list(assigned))
        if all(consumer.position(tp) == ends[tp] for tp in assigned):
            return
    fail("timed out: assignment %s" % sorted(tp.partition for tp in consumer.assignment()))


def member(bootstrap, topic, group, offsets):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, client_id="lag-reader",
                             enable_auto_commit=False, auto_offset_reset="earliest",
                             session_timeout_ms=10000, heartbeat_interval_ms=500)
    consumer.subscribe([topic])
    read_everything(consumer, topic)
    commit = {}
    for item in offsets.split(","):
        partition, offset = item.split("=")
        commit[TopicPartition(topic, int(partition))] = OffsetAndMetadata(int(offset), "")
    consumer.commit(commit)
    print("member %s" % consumer._coordinator._generation.member_id, flush=True)
    for line in sys.stdin:
        if line.strip() == "close":
            break
    consumer.close()
    print("closed", flush=True)


def committed(bootstrap, topic, group):
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    print(" ".join("%d=%s" % (p, consumer.committed(TopicPartition(topic, p))) for p in range(PARTITIONS)),
          flush=True)
    consumer.close()


def main():
    mode, bootstrap, topic = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "produce":
        produce(bootstrap, topic, [int(n) for n in sys.argv[4:4 + PARTITIONS]])
    elif mode == "member":
        member(bootstrap, topic, sys.argv[4], sys.argv[5])
    elif mode == "committed":
        committed(bootstrap, topic, sys.argv[4])
    else:
        fail("unknown mode %s" % mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
