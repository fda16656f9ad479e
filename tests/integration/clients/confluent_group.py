#!/usr/bin/python3
"""confluent-kafka (librdkafka) consumer groups against a broker.

  confluent_group.py BOOTSTRAP TOPIC GROUP cooperative
      Two consumers with partition.assignment.strategy=cooperative-sticky share a 6-partition
      topic; a third joins: the incremental rebalance revokes only the partitions that move to
      it (nobody loses everything it had).
  confluent_group.py BOOTSTRAP TOPIC GROUP static
      Two static members (group.instance.id); one process stops and a new one with the same
      instance id starts within the session timeout: it gets the same partitions back, and the
      other member sees no rebalance at all.

Prints "ok ..." and exits 0, or says why and exits 1. The topic must exist with 6 partitions."""
import sys
import time

from confluent_kafka import Consumer

PARTITIONS = 6
DEADLINE_S = 60


def fail(why):
    print(why)
    sys.exit(1)


class Member:
    def __init__(self, bootstrap, topic, group, name, extra):
        self.name = name
        self.events = []  # ("assign"|"revoke", [partitions])
        config = {"bootstrap.servers": bootstrap, "group.id": group, "client.id": name,
                  "enable.auto.commit": False, "auto.offset.reset": "earliest",
                  "session.timeout.ms": 6000, "heartbeat.interval.ms": 500}
        config.update(extra)
        self.consumer = Consumer(config)
        self.consumer.subscribe([topic], on_assign=self.on_assign, on_revoke=self.on_revoke)

    # The callbacks only record: the client then (un)assigns itself, incrementally under
    # cooperative-sticky.
    def on_assign(self, consumer, partitions):
        self.events.append(("assign", sorted(p.partition for p in partitions)))

    def on_revoke(self, consumer, partitions):
        self.events.append(("revoke", sorted(p.partition for p in partitions)))

    def owned(self):
        return sorted(p.partition for p in self.consumer.assignment())


def settle(members, check, what):
    start = time.time()
    while time.time() - start < DEADLINE_S:
        for m in members:
            msg = m.consumer.poll(0.1)
            if msg is not None and msg.error():
                fail("%s: %s" % (m.name, msg.error()))
        if check():
            return time.time() - start
    fail("timed out waiting for %s: %s" % (what, {m.name: m.owned() for m in members}))


def idle(members, seconds):
    """Polls for `seconds`: lets heartbeats and any pending rebalance run."""
    settle_until = time.time() + seconds
    while time.time() < settle_until:
        for m in members:
            m.consumer.poll(0.1)


def covers_all(members, sizes=None):
    owned = [m.owned() for m in members]
    flat = sorted(p for o in owned for p in o)
    return flat == list(range(PARTITIONS)) and (sizes is None or sorted(len(o) for o in owned) == sizes)


def cooperative(bootstrap, topic, group):
    extra = {"partition.assignment.strategy": "cooperative-sticky"}
    a, b = Member(bootstrap, topic, group, "a", extra), Member(bootstrap, topic, group, "b", extra)
    settle([a, b], lambda: covers_all([a, b], [3, 3]), "two members with three partitions each")
    before = {m.name: set(m.owned()) for m in (a, b)}
    marks = {m.name: len(m.events) for m in (a, b)}
    c = Member(bootstrap, topic, group, "c", extra)
    took = settle([a, b, c], lambda: covers_all([a, b, c], [2, 2, 2]), "three members with two partitions each")
    moved = set(c.owned())
    for m in (a, b):
        revoked = set(p for kind, ps in m.events[marks[m.name]:] if kind == "revoke" for p in ps)
        if not revoked <= moved:
            fail("%s had %s revoked, but only %s moved" % (m.name, sorted(revoked), sorted(moved)))
        if before[m.name] - revoked != set(m.owned()):
            fail("%s kept %s, expected %s" % (m.name, m.owned(), sorted(before[m.name] - revoked)))
    for m in (a, b, c):
        m.consumer.close()
    print("ok: cooperative-sticky moved %s to the new member in %.1f s, nothing else revoked" % (sorted(moved), took))


def static(bootstrap, topic, group):
    def member(name, instance):
        return Member(bootstrap, topic, group, name, {"group.instance.id": instance, "session.timeout.ms": 30000})

    a = member("a", "instance-a")
    settle([a], lambda: covers_all([a]), "the first static member to own everything")
    b = member("b", "instance-b")
    settle([a, b], lambda: covers_all([a, b], [3, 3]), "two static members with three partitions each")
    b_owned = b.owned()
    # A short settle so no rebalance is still in flight, then b's process "restarts".
    idle([a, b], 3)
    marks = len(a.events)
    b.consumer.close()  # a static member leaves no LeaveGroup behind: its partitions wait for it
    b2 = member("b2", "instance-b")
    took = settle([a, b2], lambda: b2.owned() == b_owned, "the restarted member to get %s back" % b_owned)
    idle([a, b2], 3)
    if a.events[marks:]:
        fail("the other member rebalanced: %s" % a.events[marks:])
    if a.owned() != sorted(set(range(PARTITIONS)) - set(b_owned)):
        fail("the other member now owns %s" % a.owned())
    for m in (a, b2):
        m.consumer.close()
    print("ok: static member got %s back in %.1f s without a rebalance of the other" % (b_owned, took))


def main():
    bootstrap, topic, group, mode = sys.argv[1:5]
    {"cooperative": cooperative, "static": static}[mode](bootstrap, topic, group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
