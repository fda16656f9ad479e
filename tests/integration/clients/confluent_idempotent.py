#!/usr/bin/python3
"""confluent-kafka's idempotent producer (enable.idempotence=True: InitProducerId, sequence
numbers) against a broker; every message must be consumed exactly once, in order.
Usage: confluent_idempotent.py BOOTSTRAP TOPIC COUNT. Exits 1 on any mismatch."""
import sys

from confluent_kafka import Consumer, Producer, TopicPartition


def main():
    bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True, "linger.ms": 2,
                         "batch.num.messages": 50})
    errors = []
    for i in range(count):
        producer.produce(topic, value=b"m%d" % i, partition=0,
                         on_delivery=lambda err, msg: errors.append(err) if err else None)
        producer.poll(0)
    if producer.flush(20) != 0 or errors:
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
    if values != [b"m%d" % i for i in range(count)]:
        print("consumed %d values, first %s" % (len(values), values[:3]))
        return 1
    print("ok %d idempotent messages" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
