#!/usr/bin/python3
"""kafka-python 2.0.2 against a broker: produce keyed messages with headers (gzip), then consume
them from the beginning with a manually assigned partition (no group: groups come later).
Usage: kafka_python_roundtrip.py BOOTSTRAP TOPIC COUNT. Prints one line per message consumed:
"<offset> <key> <value> <header>"; exits 1 on any mismatch."""
import sys

from kafka import KafkaConsumer, KafkaProducer, TopicPartition


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all", compression_type="gzip",
                             request_timeout_ms=10000, api_version_auto_timeout_ms=10000)
    futures = [producer.send(topic, key=b"k%d" % i, value=b"value-%d" % i, partition=0,
                             headers=[("h", b"%d" % i)]) for i in range(count)]
    offsets = [f.get(timeout=10).offset for f in futures]
    producer.close()
    if offsets != list(range(offsets[0], offsets[0] + count)):
        print("offsets not consecutive: %s" % offsets)
        return 1
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                             consumer_timeout_ms=5000, api_version_auto_timeout_ms=10000)
    tp = TopicPartition(topic, 0)
    consumer.assign([tp])
    consumer.seek(tp, offsets[0])
    got = []
    for message in consumer:
        got.append(message)
        print(message.offset, message.key.decode(), message.value.decode(), message.headers[0][1].decode())
        if len(got) == count:
            break
    consumer.close()
    expected = [(offsets[0] + i, b"k%d" % i, b"value-%d" % i) for i in range(count)]
    if [(m.offset, m.key, m.value) for m in got] != expected:
        print("consumed messages differ from produced ones")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
