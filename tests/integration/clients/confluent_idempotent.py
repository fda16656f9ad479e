#!/usr/bin/python3
"""confluent-kafka's idempotent producer (enable.idempotence=True: InitProducerId, sequence
numbers) against a broker; every message must be consumed exactly once, in order.

Usage: confluent_idempotent.py BOOTSTRAP TOPIC COUNT [paced]
With `paced`, messages go at about a thousand a second and "half" is printed once half are
acknowledged: the test kills and restarts the broker then, on the same port; librdkafka
reconnects and retries what was in flight, and the broker must know the producer again (its
state rebuilt at start) so that every message is still in the log exactly once, in order.
Exits 1 on any mismatch."""
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def produce(bootstrap, topic, count, paced):
    settings = {"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 2,
                "batch.num.messages": 50}
    if paced:
        settings.update({"linger.ms": 1, "batch.num.messages": 20, "reconnect.backoff.ms": 20,
                         "reconnect.backoff.max.ms": 200, "message.timeout.ms": 60000})
    producer = Producer(settings)
    errors, acked, told = [], [0], [not paced]

    def delivered(err, msg):
        if err:
            errors.append(err)
        else:
            acked[0] += 1

    def tell_half():
        if not told[0] and acked[0] >= count // 2:
            print("half", flush=True)
            told[0] = True

    deadline = time.monotonic() + 90
    for i in range(count):
        while True:
            try:
                producer.produce(topic, value=b"m%d" % i, partition=0, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0.001 if paced else 0)
        tell_half()
        if time.monotonic() > deadline:
            return "timed out producing"
    while len(producer) > 0 and time.monotonic() < deadline:
        producer.poll(0.05)
        tell_half()
    if producer.flush(30) != 0 or errors:
        return "delivery errors: %s" % errors[:3]
    return None


def read_back(bootstrap, topic, count):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    values = []
    while len(values) < count + 1:
        msg = consumer.poll(3)
        if msg is None:
            break
        if msg.error():
            consumer.close()
            return "consume error: %s" % msg.error()
        values.append(msg.value())
    consumer.close()
    want = [b"m%d" % i for i in range(count)]
    if values != want:
        first = next((k for k, (a, b) in enumerate(zip(values, want)) if a != b), None)
        return "consumed %d values (%d duplicates), first mismatch at %s" % (
            len(values), len(values) - len(set(values)), first)
    return None


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    paced = len(sys.argv) > 4 and sys.argv[4] == "paced"
    problem = produce(bootstrap, topic, count, paced) or read_back(bootstrap, topic, count)
    if problem:
        print(problem)
        return 1
    print("ok %d idempotent messages%s" % (count, " across a restart" if paced else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
