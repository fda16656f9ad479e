#!/usr/bin/python3
"""A consumer-group member that leaves lag behind: confluent-kafka subscribes GROUP to TOPIC,
consumes COUNT messages committing each, prints "consumed", then stays a live member (polling,
so it keeps heartbeating) until its stdin closes.
Usage: confluent_lag_reader.py BOOTSTRAP TOPIC GROUP COUNT"""
import sys
import threading

from confluent_kafka import Consumer


def main():
    bootstrap, topic, group, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "client.id": "lag-reader",
                         "enable.auto.commit": False, "auto.offset.reset": "earliest",
                         "session.timeout.ms": 6000, "heartbeat.interval.ms": 500})
    consumer.subscribe([topic])
    got = 0
    while got < count:
        message = consumer.poll(1)
        if message is None or message.error():
            continue
        got += 1
        consumer.commit(message=message, asynchronous=False)
        if got == count:
            consumer.pause(consumer.assignment())  # no more: the rest stays as lag
    print("consumed", flush=True)
    stdin_closed = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stdin_closed.set()), daemon=True).start()
    while not stdin_closed.is_set():
        consumer.poll(0.2)
    consumer.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
