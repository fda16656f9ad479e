#!/usr/bin/python3
"""Dynamic broker configs through kafka-python's KafkaAdminClient: alter_configs on
ConfigResource(BROKER, "0") and on the cluster default (""), describe_configs on the broker
(value, source, synonyms) and on a topic without overrides (retention.ms follows the broker,
source DYNAMIC_BROKER_CONFIG), refusals (a key Kafka will not change at runtime: INVALID_REQUEST;
a bad value: INVALID_CONFIG). With --check-only, only reads and checks what an earlier run left
(after a broker restart). Usage: kafka_python_broker_configs.py BOOTSTRAP [--check-only].
Exits 1 on the first surprise."""
import sys

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import InvalidConfigurationError, InvalidRequestError

DYNAMIC_BROKER_CONFIG = 2  # Kafka's DescribeConfigsResponse.ConfigSource ids
DYNAMIC_DEFAULT_BROKER_CONFIG = 3
STATIC_BROKER_CONFIG = 4
DEFAULT_CONFIG = 5


def described(admin, resource_type, name, synonyms=False):
    """{name: (value, source, synonyms)} of one resource."""
    response = admin.describe_configs([ConfigResource(resource_type, name)], include_synonyms=synonyms)
    resource = response[0].resources[0]
    if resource[0] != 0:
        raise SystemExit("describe %s %r: error %s %s" % (resource_type, name, resource[0], resource[1]))
    return {e[0]: (e[1], e[3], e[5] if len(e) > 5 else []) for e in resource[4]}


def alter(admin, name, configs):
    response = admin.alter_configs([ConfigResource(ConfigResourceType.BROKER, name, configs=configs)])
    return response.resources[0][0], response.resources[0][1]


def expect(what, got, wanted):
    if got != wanted:
        print("%s: got %r, wanted %r" % (what, got, wanted))
        sys.exit(1)


def check_state(admin):
    broker = described(admin, ConfigResourceType.BROKER, "0", synonyms=True)
    expect("broker log.retention.ms", broker["log.retention.ms"][:2], ("7200000", DYNAMIC_BROKER_CONFIG))
    expect("broker log.retention.bytes", broker["log.retention.bytes"][:2], ("123456789", DYNAMIC_DEFAULT_BROKER_CONFIG))
    expect("broker log.segment.bytes", broker["log.segment.bytes"][1], DEFAULT_CONFIG)
    expect("broker num.partitions", broker["num.partitions"][1], DEFAULT_CONFIG)
    synonyms = [(s[0], s[1], s[2]) for s in broker["log.retention.ms"][2]]
    expect("log.retention.ms synonyms", synonyms,
           [("log.retention.ms", "7200000", DYNAMIC_BROKER_CONFIG), ("log.retention.hours", "168", DEFAULT_CONFIG)])
    topic = described(admin, ConfigResourceType.TOPIC, "plain")
    expect("topic retention.ms", topic["retention.ms"][:2], ("7200000", DYNAMIC_BROKER_CONFIG))
    expect("topic retention.bytes", topic["retention.bytes"][:2], ("123456789", DYNAMIC_DEFAULT_BROKER_CONFIG))
    expect("overridden topic retention.ms", described(admin, ConfigResourceType.TOPIC, "own")["retention.ms"][:2],
           ("60000", 1))  # TOPIC_CONFIG: the topic's own override wins


def main():
    bootstrap = sys.argv[1]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000, api_version_auto_timeout_ms=10000)
    if len(sys.argv) > 2 and sys.argv[2] == "--check-only":
        check_state(admin)
        print("after restart: ok")
        return 0
    admin.create_topics([NewTopic("plain", 1, 1), NewTopic("own", 1, 1, topic_configs={"retention.ms": "60000"})])
    before = described(admin, ConfigResourceType.TOPIC, "plain")
    expect("topic retention.ms before", before["retention.ms"][:2], ("604800000", DEFAULT_CONFIG))
    expect("alter per-broker", alter(admin, "0", {"log.retention.ms": "7200000"})[0], 0)
    expect("alter cluster default", alter(admin, "", {"log.retention.bytes": "123456789"})[0], 0)
    check_state(admin)
    code, message = alter(admin, "0", {"log.retention.ms": "7200000", "broker.id": "5"})
    expect("a static key", code, InvalidRequestError.errno)
    expect("its message", message, "Cannot update these configs dynamically: Set(broker.id)")
    code, message = alter(admin, "0", {"log.segment.bytes": "10"})
    expect("a bad value", code, InvalidConfigurationError.errno)
    print("refused as expected: %s" % message)
    check_state(admin)  # nothing of the refused calls was kept
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
