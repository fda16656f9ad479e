#!/usr/bin/python3
"""confluent-kafka's idempotent producer while its broker is killed and restarted: produces
COUNT messages to partition 0 of TOPIC at about a thousand a second, printing "half" once half are
acknowledged (the test kills and restarts the broker then, on the same port); librdkafka
retries what was in flight, and the broker must recognise retries of batches it had already
written (its producer state, rebuilt at start) so that every message is in the log exactly once,
in order. Usage: confluent_idempotent_restart.py BOOTSTRAP TOPIC COUNT. Exits 1 on any mismatch."""
import sys
import time

from confluent_kafka import Consumer, Producer, TopicPartition


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 1,
                         "batch.num.messages": 20, "reconnect.backoff.ms": 20,
                         "reconnect.backoff.max.ms": 200, "message.timeout.ms": 60000})
    errors, acked = [], [0]

    def delivered(err, msg):
        if err:
            errors.append(err)
        else:
            acked[0] += 1

    told = False
    deadline = time.monotonic() + 90
    for i in range(count):  # paced (about 1k/s), so the kill lands mid-stream
        while True:
            try:
                producer.produce(topic, value=b"m%d" % i, partition=0, on_delivery=delivered)
                break
            except BufferError:
                producer.poll(0.05)
        producer.poll(0.001)
        if not told and acked[0] >= count // 2:
            print("half", flush=True)
            told = True
        if time.monotonic() > deadline:
            print("timed out producing")
            return 1
    while len(producer) > 0 and time.monotonic() < deadline:
        producer.poll(0.05)
        if not told and acked[0] >= count // 2:
            print("half", flush=True)
            told = True
    if producer.flush(30) != 0 or errors:
        print("delivery errors: %s" % errors[:3])
        return 1
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused", "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, 0, 0)])
    values = []
    while len(values) < count + 1:
        msg = consumer.poll(3)
        if msg is None:
            break
        if msg.error():
            print("consume error: %s" % msg.error())
            return 1
        values.append(msg.value())
    consumer.close()
    want = [b"m%d" % i for i in range(count)]
    if values != want:
        dups = len(values) - len(set(values))
        print("consumed %d values (%d duplicates), first mismatch at %s" % (
            len(values), dups, next((k for k, (a, b) in enumerate(zip(values, want)) if a != b), None)))
        return 1
    print("ok %d idempotent messages across a restart" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
