#!/usr/bin/python3
"""Independent decoder of __consumer_offsets, written from Kafka's record formats
(GroupMetadataManager / coordinator-common's OffsetCommitKey, OffsetCommitValue,
GroupMetadataKey, GroupMetadataValue JSON schemas), not from Pier's code.

It reads every __consumer_offsets-N directory under a log directory with the independent segment
reader in tests/broker-core/storage/kafka_log_reader.py, replays the records in offset order
(latest value per key wins, a null value deletes) and prints one JSON object:

  {"offsets": {group: {"topic/partition": offset}}, "groups": {group: {"protocolType": ...,
   "generation": n, "protocol": ..., "leader": ..., "members": [memberId, ...]}}}

Usage: consumer_offsets_reader.py LOGDIR
"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "broker-core", "storage"))
import kafka_log_reader  # noqa: E402  (the independent segment reader)


class Buf:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ValueError("truncated at %d" % self.pos)
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def i16(self):
        return struct.unpack(">h", self.take(2))[0]

    def i32(self):
        return struct.unpack(">i", self.take(4))[0]

    def i64(self):
        return struct.unpack(">q", self.take(8))[0]

    def uvarint(self):
        shift, value = 0, 0
        while True:
            b = self.take(1)[0]
            value |= (b & 0x7F) << shift
            if b < 0x80:
                return value
            shift += 7

    def string(self, flexible, nullable=False):
        n = self.uvarint() - 1 if flexible else self.i16()
        if n < 0:
            if nullable:
                return None
            raise ValueError("null string")
        return self.take(n).decode("utf-8")

    def bytes_(self, flexible):
        n = self.uvarint() - 1 if flexible else self.i32()
        return None if n < 0 else self.take(n)

    def array_len(self, flexible):
        return self.uvarint() - 1 if flexible else self.i32()

    def skip_tags(self, flexible):
        if flexible:
            for _ in range(self.uvarint()):
                self.uvarint()
                self.take(self.uvarint())


def decode_key(data):
    b = Buf(data)
    version = b.i16()
    if version in (0, 1):
        return ("offset", b.string(False), b.string(False), b.i32())
    if version == 2:
        return ("group", b.string(False))
    return ("other", version)


def decode_offset_value(data):
    b = Buf(data)
    version = b.i16()
    flexible = version >= 4
    offset = b.i64()
    if version >= 3:
        b.i32()  # leader epoch
    b.string(flexible)  # metadata
    b.i64()  # commit timestamp
    if version == 1:
        b.i64()  # expire timestamp
    return offset


def decode_group_value(data):
    b = Buf(data)
    version = b.i16()
    flexible = version >= 4
    group = {"protocolType": b.string(flexible), "generation": b.i32(),
             "protocol": b.string(flexible, nullable=True), "leader": b.string(flexible, nullable=True)}
    if version >= 2:
        b.i64()  # current state timestamp
    members = []
    for _ in range(b.array_len(flexible)):
        member_id = b.string(flexible)
        if version >= 3:
            b.string(flexible, nullable=True)  # group instance id
        b.string(flexible)  # client id
        b.string(flexible)  # client host
        if version >= 1:
            b.i32()  # rebalance timeout
        b.i32()  # session timeout
        b.bytes_(flexible)  # subscription
        b.bytes_(flexible)  # assignment
        b.skip_tags(flexible)
        members.append(member_id)
    group["members"] = members
    return group


def main(argv):
    logdir = argv[1]
    records = []
    for name in sorted(os.listdir(logdir)):
        if not name.startswith("__consumer_offsets-"):
            continue
        parsed, _ = kafka_log_reader.read_partition_dir(os.path.join(logdir, name))
        for segment in parsed["segments"]:
            for batch in segment["batches"]:
                for record in batch.get("records") or []:
                    records.append((name, record["offset"], record["key"], record["value"]))
    records.sort(key=lambda r: (r[0], r[1]))
    offsets, groups = {}, {}
    for _, _, key_hex, value_hex in records:
        if key_hex is None:
            continue
        key = decode_key(bytes.fromhex(key_hex))
        value = None if value_hex is None else bytes.fromhex(value_hex)
        if key[0] == "offset":
            _, group, topic, partition = key
            where = "%s/%d" % (topic, partition)
            if value is None:
                offsets.get(group, {}).pop(where, None)
            else:
                offsets.setdefault(group, {})[where] = decode_offset_value(value)
        elif key[0] == "group":
            if value is None:
                groups.pop(key[1], None)
            else:
                groups[key[1]] = decode_group_value(value)
    print(json.dumps({"offsets": {g: o for g, o in offsets.items() if o}, "groups": groups}, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
