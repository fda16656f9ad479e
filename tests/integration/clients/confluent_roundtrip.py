#!/usr/bin/python3
"""confluent-kafka (librdkafka) against a broker: produce with explicit timestamps (lz4), consume
them back by assignment, and look offsets up by time with offsets_for_times.
Usage: confluent_roundtrip.py BOOTSTRAP TOPIC COUNT. Exits 1 on any mismatch."""
import sys

from confluent_kafka import Consumer, Producer, TopicPartition

BASE_TS = 1_700_000_000_000


def produce(bootstrap, topic, count):
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "compression.type": "lz4",
                         "linger.ms": 5})
    reports = []
    for i in range(count):
        producer.produce(topic, key=b"k%d" % i, value=b"v%d" % i, partition=0, timestamp=BASE_TS + 1000 * i,
                         on_delivery=lambda err, msg: reports.append((err, msg.offset())))
    producer.flush(10)
    errors = [e for e, _ in reports if e is not None]
    if len(reports) != count or errors:
        print("delivery failed: %d reports, errors %s" % (len(reports), errors))
        return None
    return sorted(o for _, o in reports)


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    offsets = produce(bootstrap, topic, count)
    if offsets is None:
        return 1
    first = offsets[0]
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False})
    middle = count // 2
    found = consumer.offsets_for_times([TopicPartition(topic, 0, BASE_TS + 1000 * middle - 500)], timeout=10)
    if found[0].offset != first + middle:
        print("offsets_for_times: got %d, expected %d" % (found[0].offset, first + middle))
        return 1
    consumer.assign([TopicPartition(topic, 0, first)])
    got = []
    while len(got) < count:
        msg = consumer.poll(5)
        if msg is None:
            break
        if msg.error():
            print("consume error: %s" % msg.error())
            return 1
        got.append((msg.offset(), msg.key(), msg.value(), msg.timestamp()[1]))
    consumer.close()
    expected = [(first + i, b"k%d" % i, b"v%d" % i, BASE_TS + 1000 * i) for i in range(count)]
    if got != expected:
        print("consumed %s, expected %s" % (got[:3], expected[:3]))
        return 1
    print("ok %d messages, offsets_for_times %d" % (len(got), found[0].offset))
    return 0


if __name__ == "__main__":
    sys.exit(main())
