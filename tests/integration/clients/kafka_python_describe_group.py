#!/usr/bin/python3
"""kafka-python's KafkaAdminClient.describe_consumer_groups on one group: an independent decoder
of the members' subscriptions and assignments (ConsumerProtocolMemberMetadata / ...Assignment).

  kafka_python_describe_group.py BOOTSTRAP GROUP

Prints the group's state and protocol, then one line per member, sorted:
"<client id> subscribed=<topics> assigned=<topic>:<partitions>;...". Exits 1 on an error."""
import sys

from kafka.admin import KafkaAdminClient


def main():
    bootstrap, group = sys.argv[1:3]
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10000, api_version_auto_timeout_ms=10000)
    described = admin.describe_consumer_groups([group])[0]
    print("state=%s protocol=%s/%s" % (described.state, described.protocol_type, described.protocol))
    lines = []
    for m in described.members:
        topics = ",".join(sorted(m.member_metadata.subscription)) if m.member_metadata else "-"
        assigned = ";".join("%s:%s" % (t, ",".join(str(p) for p in sorted(ps)))
                            for t, ps in sorted(m.member_assignment.assignment)) if m.member_assignment else "-"
        lines.append("%s subscribed=%s assigned=%s" % (m.client_id, topics, assigned))
    for line in sorted(lines):
        print(line)
    admin.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
