#!/usr/bin/python3
"""Topic configs through kafka-python's KafkaAdminClient: create a topic with configs, read them
back (source: topic), alter them, refuse a bad value with InvalidConfigurationError. With
--check-only, only reads and checks what an earlier run left (after a broker restart).
Usage: kafka_python_configs.py BOOTSTRAP [--check-only]. Exits 1 on the first surprise."""
import sys

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import InvalidConfigurationError


def topic_configs(admin, topic):
    described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, topic)])
    return {entry[0]: entry[1] for entry in described[0].resources[0][4]}


def main():
    bootstrap = sys.argv[1]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000, api_version_auto_timeout_ms=10000)
    if len(sys.argv) > 2 and sys.argv[2] == "--check-only":
        configs = topic_configs(admin, "configured")
        ok = configs.get("retention.ms") == "3600000" and configs.get("cleanup.policy") == "compact"
        print("after restart: %s" % {k: configs.get(k) for k in ("retention.ms", "cleanup.policy")})
        return 0 if ok else 1
    admin.create_topics([NewTopic("configured", 1, 1, topic_configs={"retention.ms": "60000",
                                                                        "cleanup.policy": "compact"})])
    configs = topic_configs(admin, "configured")
    if configs.get("retention.ms") != "60000" or configs.get("cleanup.policy") != "compact":
        print("after create: %s" % configs)
        return 1
    admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "configured",
                                        configs={"retention.ms": "3600000", "cleanup.policy": "compact"})])
    if topic_configs(admin, "configured").get("retention.ms") != "3600000":
        print("alter_configs did not take")
        return 1
    # kafka-python's alter_configs returns the response rather than raising: read its error code.
    response = admin.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "configured",
                                                   configs={"retention.ms": "soon"})])
    error_code, error_message = response.resources[0][0], response.resources[0][1]
    if error_code != InvalidConfigurationError.errno:
        print("a bad retention.ms got error %s" % error_code)
        return 1
    print("refused as expected: %s" % error_message)
    try:
        admin.create_topics([NewTopic("bad-configs", 1, 1, topic_configs={"no.such.config": "1"})])
        print("an unknown topic config was accepted")
        return 1
    except InvalidConfigurationError:
        pass
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
