#!/usr/bin/python3
"""Kafka 3.8's topic configs through confluent-kafka's AdminClient, and min.insync.replicas as a
producer meets it: every topic-level key is accepted at a non-default value and described back
with source DYNAMIC_TOPIC_CONFIG; acks=all into a topic whose min.insync.replicas (2) exceeds its ISR
(this one broker) fails with NOT_ENOUGH_REPLICAS and appends nothing, acks=1 succeeds; lowering
the topic's value lets acks=all through; the same through the broker's dynamic
min.insync.replicas for a topic without an override. Bad values are refused naming key and
value. Usage: confluent_topic_configs.py BOOTSTRAP. Exits 1 on the first surprise."""
import sys

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, ConfigResource, ConfigSource, NewTopic

EVERY_KEY = {
    "cleanup.policy": "compact,delete", "compression.gzip.level": "6", "compression.lz4.level": "12",
    "compression.type": "gzip", "compression.zstd.level": "7", "delete.retention.ms": "1000",
    "file.delete.delay.ms": "1000", "flush.messages": "10", "flush.ms": "1000",
    "follower.replication.throttled.replicas": "0:0", "index.interval.bytes": "1024",
    "leader.replication.throttled.replicas": "*", "local.retention.bytes": "-1", "local.retention.ms": "-1",
    "max.compaction.lag.ms": "3600000", "max.message.bytes": "2000000", "message.downconversion.enable": "false",
    "message.format.version": "3.0-IV1", "message.timestamp.after.max.ms": "3600000",
    "message.timestamp.before.max.ms": "3600000", "message.timestamp.type": "LogAppendTime",
    "min.cleanable.dirty.ratio": "0.3", "min.compaction.lag.ms": "10", "min.insync.replicas": "1",
    "preallocate": "true", "remote.storage.enable": "false", "retention.bytes": "100000000",
    "retention.ms": "3600000", "segment.bytes": "10485760", "segment.index.bytes": "1048576",
    "segment.jitter.ms": "10", "segment.ms": "3600000", "unclean.leader.election.enable": "true",
}


def wait(futures):
    return {key: future.result(15) for key, future in futures.items()}


def describe(admin, resource_type, name):
    result = wait(admin.describe_configs([ConfigResource(resource_type, name)]))
    return list(result.values())[0]


def produce(bootstrap, topic, acks):
    producer = Producer({"bootstrap.servers": bootstrap, "acks": acks, "retries": 0, "message.timeout.ms": 10000})
    reports = []
    producer.produce(topic, value=b"acks=" + acks.encode(), partition=0,
                     on_delivery=lambda err, msg: reports.append(err))
    producer.flush(15)
    if len(reports) != 1:
        return "no delivery report"
    return reports[0]


def end_offset(bootstrap, topic):
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": "unused"})
    low, high = consumer.get_watermark_offsets(TopicPartition(topic, 0), timeout=10)
    consumer.close()
    return high


def expect_not_enough_replicas(bootstrap, topic):
    before = end_offset(bootstrap, topic)
    err = produce(bootstrap, topic, "all")
    if err is None or err.code() != KafkaError.NOT_ENOUGH_REPLICAS:
        print("%s: acks=all gave %s, not NOT_ENOUGH_REPLICAS" % (topic, err))
        return False
    if end_offset(bootstrap, topic) != before:
        print("%s: the refused acks=all message was appended" % topic)
        return False
    print("%s: acks=all refused: %s" % (topic, err.str()))
    return True


def main():
    bootstrap = sys.argv[1]
    admin = AdminClient({"bootstrap.servers": bootstrap})
    topics = [NewTopic("every-key", 1, 1, config=EVERY_KEY), NewTopic("strict", 1, 1, config={"min.insync.replicas": "2"}),
              NewTopic("plain", 1, 1)]
    wait(admin.create_topics(topics))
    described = describe(admin, ConfigResource.Type.TOPIC, "every-key")
    for key, value in EVERY_KEY.items():
        entry = described.get(key)
        if entry is None or entry.value != value or entry.source != ConfigSource.DYNAMIC_TOPIC_CONFIG.value:
            print("every-key: %s described as %s" % (key, entry and (entry.value, entry.source)))
            return 1
    print("every-key: all %d topic configs read back" % len(EVERY_KEY))

    for bad in ({"compression.type": "brotli"}, {"min.insync.replicas": "0"}, {"remote.storage.enable": "true"}):
        try:
            wait(admin.create_topics([NewTopic("refused", 1, 1, config=bad)]))
            print("accepted %s" % bad)
            return 1
        except Exception as e:  # KafkaException carrying INVALID_CONFIG
            error = e.args[0]
            if error.code() != KafkaError.INVALID_CONFIG:
                print("%s: %s" % (bad, error))
                return 1
            print("refused as expected: %s" % error.str())

    if not expect_not_enough_replicas(bootstrap, "strict"):
        return 1
    err = produce(bootstrap, "strict", "1")
    if err is not None:
        print("strict: acks=1 failed: %s" % err)
        return 1
    wait(admin.alter_configs([ConfigResource(ConfigResource.Type.TOPIC, "strict",
                                             set_config={"min.insync.replicas": "1"})]))
    err = produce(bootstrap, "strict", "all")
    if err is not None:
        print("strict: acks=all after lowering min.insync.replicas failed: %s" % err)
        return 1

    # The broker's dynamic default reaches a topic without an override.
    wait(admin.alter_configs([ConfigResource(ConfigResource.Type.BROKER, "0",
                                             set_config={"min.insync.replicas": "2"})]))
    entry = describe(admin, ConfigResource.Type.TOPIC, "plain")["min.insync.replicas"]
    if entry.value != "2" or entry.source != ConfigSource.DYNAMIC_BROKER_CONFIG.value:
        print("plain: min.insync.replicas described as %s (source %s)" % (entry.value, entry.source))
        return 1
    if not expect_not_enough_replicas(bootstrap, "plain"):
        return 1
    wait(admin.alter_configs([ConfigResource(ConfigResource.Type.BROKER, "0", set_config={})]))
    err = produce(bootstrap, "plain", "all")
    if err is not None:
        print("plain: acks=all after the broker default went back failed: %s" % err)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
