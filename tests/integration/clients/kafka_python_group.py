#!/usr/bin/python3
"""kafka-python consumer groups against a broker: three consumers in one group split a
6-partition topic; one leaves and the other two take its partitions within the session
timeout; every message is consumed once and committed; after all stop, a new consumer of the
group resumes exactly at the committed offsets.

Each consumer polls on its own thread, as applications run them (kafka-python's poll blocks
while its group rebalances, waiting for the other members to rejoin).
Usage: kafka_python_group.py BOOTSTRAP TOPIC GROUP. Prints "ok ..." and exits 0, or says why and exits 1."""
import sys
import threading
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import CommitFailedError

PARTITIONS = 6
DEADLINE_S = 60
seen = {}
duplicates = []
lock = threading.Lock()


def fail(why):
    print(why)
    sys.exit(1)


def produce(bootstrap, topic, per_partition, tag):
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for p in range(PARTITIONS):
        for i in range(per_partition):
            producer.send(topic, value=b"%s-%d-%d" % (tag, p, i), partition=p)
    producer.flush(10)
    producer.close()


def new_consumer(bootstrap, topic, group):
    return KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                         auto_offset_reset="earliest", session_timeout_ms=6000, heartbeat_interval_ms=500,
                         max_poll_interval_ms=30000, client_id="kp-%s" % group)


class Member(threading.Thread):
    def __init__(self, bootstrap, topic, group):
        super().__init__(daemon=True)
        self.consumer = new_consumer(bootstrap, topic, group)
        self.stopping = threading.Event()
        self.assigned = []

    def run(self):
        while not self.stopping.is_set():
            for tp, messages in self.consumer.poll(timeout_ms=100).items():
                with lock:
                    for m in messages:
                        key = (tp.partition, m.offset)
                        if key in seen:
                            duplicates.append(key)
                        seen[key] = m.value
            try:
                self.consumer.commit()
            except CommitFailedError:
                pass  # a rebalance began; the next poll rejoins
            self.assigned = sorted(p.partition for p in self.consumer.assignment())
        self.consumer.close()

    def leave(self):
        self.stopping.set()
        self.join(30)


def wait_until(what, check):
    start = time.time()
    while time.time() - start < DEADLINE_S:
        if duplicates:
            fail("consumed twice: %s" % duplicates)
        if check():
            return time.time() - start
        time.sleep(0.05)
    fail("timed out waiting for %s" % what)


def covers_all(members, each=None):
    parts = [m.assigned for m in members]
    flat = sorted(p for ps in parts for p in ps)
    return flat == list(range(PARTITIONS)) and (each is None or all(len(ps) == each for ps in parts))


def count():
    with lock:
        return len(seen)


def main():
    bootstrap, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    admin.create_topics([NewTopic(topic, PARTITIONS, 1)])
    admin.close()

    # Messages arrive once the group is stable: every one is then read exactly once.
    members = [Member(bootstrap, topic, group) for _ in range(3)]
    for m in members:
        m.start()
    wait_until("three members with two partitions each (%s)" % [m.assigned for m in members],
               lambda: covers_all(members, 2))
    produce(bootstrap, topic, 10, b"a")
    wait_until("60 messages", lambda: count() == 60)

    members[2].leave()  # LeaveGroup: its two partitions move
    rest = members[:2]
    took = wait_until("two members covering all partitions", lambda: covers_all(rest))
    produce(bootstrap, topic, 1, b"b")
    wait_until("66 messages", lambda: count() == 66)
    time.sleep(0.5)  # one more commit round after the last message
    for m in rest:
        m.leave()

    produce(bootstrap, topic, 1, b"c")
    again = new_consumer(bootstrap, topic, group)
    fresh = {}
    start = time.time()
    while len(fresh) < PARTITIONS and time.time() - start < DEADLINE_S:
        for tp, messages in again.poll(timeout_ms=200).items():
            for m in messages:
                fresh[(tp.partition, m.offset)] = m.value
    if sorted(fresh) != [(p, 11) for p in range(PARTITIONS)]:
        fail("after the restart the group read %s, expected offset 11 of each partition" % sorted(fresh))
    committed = [again.committed(TopicPartition(topic, p)) for p in range(PARTITIONS)]
    if committed != [11] * PARTITIONS:
        fail("committed offsets %s, expected 11 each" % committed)
    again.close()
    print("ok: 3 members split 6 partitions, a leave rebalanced in %.1f s, %d messages once each, resumed at 11"
          % (took, count()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
