#!/usr/bin/python3
"""kafka-python's KafkaAdminClient against a broker: create topics (and the errors Kafka gives
for an existing topic, a replication factor above the broker count, a bad name), list them,
delete one; ACLs answered as by a Kafka broker without an authorizer (SecurityDisabledError for
describe, create and delete). Usage: kafka_python_admin.py BOOTSTRAP. Exits 1 on the first
surprise."""
import sys

from kafka import KafkaConsumer
from kafka.admin import (ACL, ACLFilter, ACLOperation, ACLPermissionType, ACLResourcePatternType, ConfigResource,
                         ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic, ResourcePattern,
                         ResourcePatternFilter, ResourceType)
from kafka.errors import (InvalidPartitionsError, InvalidReplicationFactorError, InvalidTopicError,
                          SecurityDisabledError, TopicAlreadyExistsError)


def expect_error(admin, topic, error_type):
    try:
        admin.create_topics([topic])
    except error_type:
        return True
    print("expected %s for %s" % (error_type.__name__, topic.name))
    return False


def acls_are_disabled(admin):
    """As Kafka without authorizer.class.name: every ACL call is SECURITY_DISABLED."""
    everything = ACLFilter(principal=None, host="*", operation=ACLOperation.ANY, permission_type=ACLPermissionType.ANY,
                           resource_pattern=ResourcePatternFilter(ResourceType.ANY, None, ACLResourcePatternType.ANY))
    try:
        admin.describe_acls(everything)
        print("describe_acls succeeded")
        return False
    except SecurityDisabledError as e:
        if "No Authorizer is configured on the broker" not in str(e):
            print("describe_acls: %s" % e)
            return False
    acl = ACL(principal="User:alice", host="*", operation=ACLOperation.READ, permission_type=ACLPermissionType.ALLOW,
              resource_pattern=ResourcePattern(ResourceType.TOPIC, "orders"))
    created = admin.create_acls([acl])
    if created["succeeded"] or [error for _, error in created["failed"]] != [SecurityDisabledError]:
        print("create_acls: %s" % created)
        return False
    deleted = admin.delete_acls([everything])
    if [error for _, _, error in deleted] != [SecurityDisabledError]:
        print("delete_acls: %s" % deleted)
        return False
    return True


def main():
    bootstrap = sys.argv[1]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000, api_version_auto_timeout_ms=10000)
    admin.create_topics([NewTopic("orders", num_partitions=3, replication_factor=1),
                         NewTopic("payments", num_partitions=1, replication_factor=1)])
    ok = expect_error(admin, NewTopic("orders", 1, 1), TopicAlreadyExistsError)
    ok = ok and expect_error(admin, NewTopic("replicated", 1, 3), InvalidReplicationFactorError)
    ok = ok and expect_error(admin, NewTopic("bad name!", 1, 1), InvalidTopicError)
    if not ok:
        return 1
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, api_version_auto_timeout_ms=10000)
    if consumer.partitions_for_topic("orders") != {0, 1, 2}:
        print("orders has partitions %s" % consumer.partitions_for_topic("orders"))
        return 1
    consumer.close()
    admin.create_partitions({"orders": NewPartitions(total_count=5)})
    try:
        admin.create_partitions({"orders": NewPartitions(total_count=2)})
        print("shrinking orders was accepted")
        return 1
    except InvalidPartitionsError:
        pass
    described = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "orders")])
    configs = {name: value for name, value, *_ in described[0].resources[0][4]}
    if configs.get("retention.ms") != "604800000" or configs.get("cleanup.policy") != "delete":
        print("describe_configs: %s" % configs)
        return 1
    if not acls_are_disabled(admin):
        return 1
    admin.delete_topics(["payments"])
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, api_version_auto_timeout_ms=10000)
    topics = consumer.topics()
    if consumer.partitions_for_topic("orders") != {0, 1, 2, 3, 4}:
        print("after create_partitions orders has %s" % consumer.partitions_for_topic("orders"))
        return 1
    consumer.close()
    admin.close()
    if "payments" in topics or "orders" not in topics:
        print("topics after delete: %s" % sorted(topics))
        return 1
    print("ok", sorted(topics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
