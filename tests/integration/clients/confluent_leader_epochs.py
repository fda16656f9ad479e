#!/usr/bin/python3
"""confluent-kafka (librdkafka) consumers on a partition whose leadership moved: the broker adopted
a log led in epochs 2 (offsets 0-7), 4 (8-14) and 7 (15-19), values "m0".."m19", so it leads the
partition in epoch 7, and it advertises OffsetForLeaderEpoch, which librdkafka 2.1+ consumers ask
(KIP-320) to check a position after a leader change or when resuming from a committed offset.

  1. a group member reads the 20 messages from the beginning, commits offset 10 and leaves;
  2. 10 more are produced ("m20".."m29", stamped epoch 7 by the broker);
  3. a new member of the group resumes at the committed offset and reads "m10".."m29";
  4. OffsetForLeaderEpoch v3, written here by hand (not with Pier's codecs), answers each epoch's
     end offset, and FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH for a stale / newer current epoch.

Usage: confluent_leader_epochs.py BOOTSTRAP TOPIC GROUP. Prints "ok ..." (with how many
OffsetForLeaderEpoch requests librdkafka sent itself) and exits 0, or says why and exits 1."""
import collections
import logging
import re
import socket
import struct
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition

DEADLINE_S = 60
HISTORY = 20
PRODUCED = 10
COMMITTED = 10


def fail(why):
    print(why)
    sys.exit(1)


class RequestCounter(logging.Handler):
    """Counts the requests librdkafka sends, by API and version, from its protocol debug log."""

    SENT = re.compile(r"Sent (\w+?)Request \(v(\d+)")

    def __init__(self):
        super().__init__()
        self.sent = collections.Counter()

    def emit(self, record):
        match = self.SENT.search(record.getMessage())
        if match:
            self.sent["%s v%s" % match.groups()] += 1

    def versions(self, api):
        return sorted(k for k in self.sent if k.startswith(api + " v"))

    def count(self, api):
        return sum(n for k, n in self.sent.items() if k.startswith(api + " v"))


def consumer(bootstrap, group, counter):
    log = logging.getLogger("rdkafka")
    log.propagate = False
    log.setLevel(logging.DEBUG)
    log.addHandler(counter)
    return Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
                     "auto.offset.reset": "earliest", "session.timeout.ms": 6000,
                     "debug": "protocol", "logger": log})


def read(c, count):
    """(offset, value) of the next `count` messages."""
    got = []
    start = time.time()
    while len(got) < count and time.time() - start < DEADLINE_S:
        msg = c.poll(0.5)
        if msg is None:
            continue
        if msg.error():
            fail("consume error: %s" % msg.error())
        got.append((msg.offset(), msg.value().decode()))
    return got


def expect_messages(got, first, last, what):
    expected = [(o, "m%d" % o) for o in range(first, last + 1)]
    if got != expected:
        fail("%s: read %s, expected %s" % (what, got[:5], expected[:5]))


def produce(bootstrap, topic):
    p = Producer({"bootstrap.servers": bootstrap, "acks": "all"})
    offsets = []
    for i in range(HISTORY, HISTORY + PRODUCED):
        p.produce(topic, value=b"m%d" % i, partition=0,
                  on_delivery=lambda err, msg: offsets.append(msg.offset() if err is None else err))
    p.flush(10)
    if offsets != list(range(HISTORY, HISTORY + PRODUCED)):
        fail("produce: delivered %s" % offsets)


def frame(api_key, version, correlation_id, body):
    client_id = b"leader-epochs"
    header = struct.pack(">hhih", api_key, version, correlation_id, len(client_id)) + client_id
    return struct.pack(">i", len(header) + len(body)) + header + body


def offset_for_leader_epoch(bootstrap, topic, asks):
    """OffsetForLeaderEpoch v3 for partition 0 of `topic`: [(currentLeaderEpoch, leaderEpoch)] ->
    [(error, leaderEpoch, endOffset)]."""
    name = topic.encode()
    body = struct.pack(">ii", -1, 1) + struct.pack(">h", len(name)) + name + struct.pack(">i", len(asks))
    for current, epoch in asks:
        body += struct.pack(">iii", 0, current, epoch)
    host, port = bootstrap.rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(frame(23, 3, 7, body))
        size = struct.unpack(">i", recv_exactly(s, 4))[0]
        data = recv_exactly(s, size)
    correlation_id, _throttle, topics = struct.unpack_from(">iii", data, 0)
    at = 12
    (name_len,) = struct.unpack_from(">h", data, at)
    at += 2 + name_len
    (count,) = struct.unpack_from(">i", data, at)
    at += 4
    answers = []
    for _ in range(count):
        error, partition, epoch, end = struct.unpack_from(">hiiq", data, at)
        at += 18
        answers.append((error, epoch, end))
    if correlation_id != 7 or topics != 1 or at != len(data):
        fail("OffsetForLeaderEpoch: a malformed response %r" % data)
    return answers


def recv_exactly(s, n):
    out = b""
    while len(out) < n:
        chunk = s.recv(n - len(out))
        if not chunk:
            fail("connection closed")
        out += chunk
    return out


def main():
    bootstrap, topic, group = sys.argv[1], sys.argv[2], sys.argv[3]
    counter = RequestCounter()

    first = consumer(bootstrap, group, counter)
    first.subscribe([topic])
    expect_messages(read(first, HISTORY), 0, HISTORY - 1, "first member")
    first.commit(offsets=[TopicPartition(topic, 0, COMMITTED)], asynchronous=False)
    first.close()

    produce(bootstrap, topic)

    second = consumer(bootstrap, group, counter)
    second.subscribe([topic])
    expect_messages(read(second, HISTORY + PRODUCED - COMMITTED), COMMITTED, HISTORY + PRODUCED - 1,
                    "member resuming at the committed offset")
    second.close()

    log_end = HISTORY + PRODUCED
    asks = [(-1, 1), (-1, 2), (-1, 3), (-1, 4), (-1, 7), (-1, 8), (7, 4), (6, 4), (8, 4)]
    expected = [(0, 1, 0), (0, 2, 8), (0, 2, 8), (0, 4, 15), (0, 7, log_end), (0, -1, -1), (0, 4, 15),
                (74, -1, -1), (75, -1, -1)]
    answers = offset_for_leader_epoch(bootstrap, topic, asks)
    if answers != expected:
        fail("OffsetForLeaderEpoch %s: answered %s, expected %s" % (asks, answers, expected))
    if not counter.count("Fetch"):
        fail("no FetchRequest in librdkafka's debug log: the request count below would mean nothing")
    print("ok %d + %d messages across epochs 2, 4, 7; OffsetForLeaderEpoch answers %s; librdkafka %s "
          "fetched with %s and sent %d OffsetForLeaderEpoch requests itself"
          % (HISTORY, PRODUCED, answers, confluent_kafka_version(), ", ".join(counter.versions("Fetch")),
             counter.count("OffsetForLeaderEpoch")))
    return 0


def confluent_kafka_version():
    import confluent_kafka
    return confluent_kafka.libversion()[0]


if __name__ == "__main__":
    sys.exit(main())
