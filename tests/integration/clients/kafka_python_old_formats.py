#!/usr/bin/python3
"""kafka-python 2.0.2 speaking an old protocol to a broker: api_version=(0,9) produces magic 0
message sets (Produce v1) and fetches with Fetch v1 (magic 0); (0,10,0) produces magic 1 with
timestamps (Produce v2) and fetches with Fetch v2 (magic 1). For each codec old clients had
(none, gzip, snappy, lz4) it produces COUNT keyed messages with the old format and reads them
back with the old format and with a current client (api_version negotiated, v2 batches); then
it produces with the current client (with a header) and reads that back with the old format.
Usage: kafka_python_old_formats.py BOOTSTRAP TOPIC API COUNT, API "0.9" or "0.10.0". Prints
one line per check; exits 1 on the first mismatch."""
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

CODECS = [None, "gzip", "snappy", "lz4"]
BASE_TS = 1700000000000


def produce(bootstrap, topic, api_version, codec, prefix, count, headers=False):
    extra = {"api_version": api_version} if api_version else {"api_version_auto_timeout_ms": 10000}
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks=1, compression_type=codec, linger_ms=50,
                             request_timeout_ms=10000, **extra)
    futures = [producer.send(topic, key=b"%s-k%d" % (prefix, i), value=b"%s-v%d" % (prefix, i), partition=0,
                             timestamp_ms=BASE_TS + i, headers=[("h", b"x")] if headers else None)
               for i in range(count)]
    offsets = [f.get(timeout=10).offset for f in futures]
    producer.close()
    return offsets


def consume(bootstrap, topic, api_version, start, count):
    extra = {"api_version": api_version} if api_version else {"api_version_auto_timeout_ms": 10000}
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False, consumer_timeout_ms=5000,
                             request_timeout_ms=11000, **extra)
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek(tp, start)
    got = []
    for message in consumer:
        got.append(message)
        if len(got) == count:
            break
    consumer.close()
    return got


def check(what, got, prefix, start, count, timestamps):
    expected = [(start + i, b"%s-k%d" % (prefix, i), b"%s-v%d" % (prefix, i)) for i in range(count)]
    actual = [(m.offset, m.key, m.value) for m in got]
    if actual != expected:
        print("%s: got %s, expected %s" % (what, actual, expected))
        return False
    if timestamps:
        stamps = [m.timestamp for m in got]
        if stamps != [BASE_TS + i for i in range(count)]:
            print("%s: timestamps %s" % (what, stamps))
            return False
    print("%s: %d messages from offset %d" % (what, count, start))
    return True


def main():
    bootstrap, topic, api, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    old = (0, 9) if api == "0.9" else (0, 10, 0)
    has_timestamps = old >= (0, 10, 0)
    for codec in CODECS:
        name = (codec or "none").encode()
        offsets = produce(bootstrap, topic, old, codec, b"old-" + name, count)
        start = offsets[0]
        if offsets != list(range(start, start + count)):
            print("old producer %s: offsets %s" % (codec, offsets))
            return 1
        if not check("old %s -> old" % (codec,), consume(bootstrap, topic, old, start, count),
                     b"old-" + name, start, count, has_timestamps):
            return 1
        if not check("old %s -> new" % (codec,), consume(bootstrap, topic, None, start, count),
                     b"old-" + name, start, count, has_timestamps):
            return 1
        offsets = produce(bootstrap, topic, None, codec, b"new-" + name, count, headers=True)
        if not check("new %s -> old" % (codec,), consume(bootstrap, topic, old, offsets[0], count),
                     b"new-" + name, offsets[0], count, has_timestamps):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
