#!/usr/bin/python3
"""Record test vectors written by a real third-party client: kafka-python 2.0.2.

Writes, next to this script, one .bin file per vector and manifest.json, which lists for each
file its magic, codec, header fields (v2) and the records kafka-python's own reader gets back
(offset, timestamp, key, value, headers). tst_kafka_python_records.cpp decodes the .bin files
with Pier's decoders and compares every field with the manifest.

Run with Debian's interpreter (the first python3 on PATH may not see kafka-python):

    apt-get install python3-kafka python3-snappy python3-lz4 python3-zstandard python3-xxhash
    /usr/bin/python3 tests/broker-core/protocol/testdata/kafka_python/make_vectors.py

python3-xxhash is only needed for magic 0 lz4 (kafka-python's lz4_encode_old_kafka asserts on
it). The output is deterministic: fixed offsets, timestamps, keys and values, and gzip's header
time is pinned to 0. Compressed bytes may still differ with other versions of the codec
libraries; the decoded records never do.

What kafka-python does, as these files record it:
  * Legacy wrappers (magic 0/1, compressed) are written with offset 0 and timestamp 0, as on
    produce. For magic 1 the inner offsets are relative (0..n-1), and the absolute base
    "wrapper offset - last inner offset" is -(n-1). Kafka's
    AbstractLegacyRecordBatch.DeepRecordsIterator, and kafka-python's reader (its port),
    resolve relative offsets only when that base is >= 0, so they read 0..n-1: the manifest
    lists what kafka-python's reader returns.
  * Snappy uses xerial framing (32 KiB blocks) for every magic.
  * lz4 with magic 0 uses lz4_encode_old_kafka: no content-size field, and the frame header
    checksum is Kafka 0.8's wrong one (xxh32 over magic+FLG+BD instead of FLG+BD). Magic 1 and
    v2 use a standard lz4 frame (content size present, independent blocks). The manifest
    records which checksum each lz4 frame carries ("lz4_header_checksum").
  * v2 batches: baseOffset 0, partitionLeaderEpoch 0, CreateTime; if compression does not
    shrink the records, kafka-python silently sends the batch uncompressed, so every value here
    is repetitive enough to compress and the script asserts the codec bits.
"""

import gzip
import json
import os
import sys

import kafka
from kafka.record.default_records import DefaultRecordBatchBuilder
from kafka.record.legacy_records import LegacyRecordBatchBuilder
from kafka.record.memory_records import MemoryRecords

try:
    import xxhash
except ImportError:  # only magic 0 lz4 needs it
    xxhash = None

HERE = os.path.dirname(os.path.abspath(__file__))
CODECS = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
BASE_TS = 1700000000000
# Deliberately not monotonic: maxTimestamp must be the maximum, deltas may be negative.
TS_STEPS = [0, 5000, 3000, 9000, 7000]

# gzip writes the current time into its header; pin it so the output is reproducible.
_gzip_init = gzip.GzipFile.__init__


def _gzip_init_fixed_mtime(self, *args, **kwargs):
    kwargs.setdefault("mtime", 0)
    _gzip_init(self, *args, **kwargs)


gzip.GzipFile.__init__ = _gzip_init_fixed_mtime


def text(b):
    """Manifest form of a byte string: null, {"repeat", "times"} for long runs, else the text."""
    if b is None:
        return None
    s = bytes(b).decode("utf-8")
    if len(s) > 256:
        unit = s[:64]
        assert s == unit * (len(s) // 64), "long values must repeat a 64-char unit"
        return {"repeat": unit, "times": len(s) // 64}
    return s


def legacy_records(magic, codec):
    name = "m%d-%s" % (magic, CODECS[codec])
    out = []
    for i in range(5):
        key = None if i == 1 else ("%s-key-%d" % (name, i)).encode()
        value = None if i == 3 else (("%s-value-%d " % (name, i)) * 4).encode()
        out.append((i, BASE_TS + TS_STEPS[i], key, value))
    return out


def v2_records(codec, large=False):
    name = "v2-%s" % CODECS[codec]
    out = []
    for i in range(5):
        key = None if i == 1 else ("%s-key-%d" % (name, i)).encode()
        if i == 4:
            key = b""  # empty, not null
        value = None if i == 3 else (("%s-value-%d " % (name, i)) * 4).encode()
        if large and i == 2:
            # > 64 KiB: two lz4 blocks, three xerial snappy blocks.
            value = (("%s-large-value-0123456789-" % name).ljust(64, "x") * 1200).encode()
        headers = []
        if i == 0:
            headers = [("trace-id", b"abc-123"), ("source", ("%s" % name).encode())]
        elif i == 2:
            headers = [("null-header", None)]
        elif i == 3:
            headers = [("empty-header", b""), ("cl\u00e9-utf8", b"\xc3\xa9t\xc3\xa9")]
        out.append((i, BASE_TS + TS_STEPS[i], key, value, headers))
    return out


def lz4_checksum_kind(frame):
    """Which frame header checksum an lz4 frame carries: standard or kafka08."""
    assert frame[:4] == b"\x04\x22\x4d\x18", "not an lz4 frame"
    flg = frame[4]
    hc_at = 6 + (8 if flg & 0x08 else 0)
    stored = frame[hc_at]
    if xxhash is not None:
        if stored == (xxhash.xxh32(bytes(frame[4:hc_at])).intdigest() >> 8) & 0xFF:
            return "standard"
        if stored == (xxhash.xxh32(bytes(frame[0:hc_at])).intdigest() >> 8) & 0xFF:
            return "kafka08"
        raise AssertionError("lz4 header checksum matches neither form")
    return "unknown"


def read_back(data):
    """kafka-python's own reading of the bytes: [(batch, [records])]."""
    mr = MemoryRecords(bytes(data))
    batches = []
    while True:
        batch = mr.next_batch()
        if batch is None:
            break
        assert batch.validate_crc()  # before iterating, as kafka-python requires
        batches.append((batch, list(batch)))
    return batches


def legacy_vector(magic, codec):
    builder = LegacyRecordBatchBuilder(magic=magic, compression_type=codec, batch_size=1 << 20)
    inputs = legacy_records(magic, codec)
    for offset, ts, key, value in inputs:
        assert builder.append(offset, timestamp=ts, key=key, value=value) is not None
    data = bytes(builder.build())
    # The attributes byte of the first message says the codec was applied.
    assert data[17] & 0x07 == codec, (magic, codec)
    assert data[16] == magic

    # Uncompressed: each message is its own "batch" to kafka-python's reader.
    records = [rec for _, recs in read_back(data) for rec in recs]
    assert len(records) == len(inputs)
    expected = []
    for (offset, ts, key, value), rec in zip(inputs, records):
        assert rec.key == key and rec.value == value
        # Magic 0 has no timestamp: kafka-python reads None, Pier kNoTimestamp (-1).
        assert rec.timestamp == (ts if magic == 1 else None)
        assert rec.timestamp_type == (0 if magic == 1 else None)
        timestamp = -1 if rec.timestamp is None else rec.timestamp
        expected.append({"offset": rec.offset, "timestamp": timestamp,
                         "key": text(rec.key), "value": text(rec.value)})
    entry = {"magic": magic, "codec": CODECS[codec], "records": expected}
    if codec == 3:
        key_at = 22 if magic == 0 else 30  # wrapper key is null; value length follows
        entry["lz4_header_checksum"] = lz4_checksum_kind(data[key_at + 4:])
    return data, entry


def v2_vector(codec, producer, large=False):
    pid, epoch, seq, txn = producer
    builder = DefaultRecordBatchBuilder(magic=2, compression_type=codec, is_transactional=txn,
                                        producer_id=pid, producer_epoch=epoch,
                                        base_sequence=seq, batch_size=1 << 20)
    inputs = v2_records(codec, large)
    for offset, ts, key, value, headers in inputs:
        assert builder.append(offset, timestamp=ts, key=key, value=value,
                              headers=headers) is not None
    data = bytes(builder.build())
    attributes = int.from_bytes(data[21:23], "big")
    assert attributes & 0x07 == codec, "kafka-python fell back to no compression"

    (batch, records), = read_back(data)
    assert len(records) == len(inputs)
    expected = []
    for (offset, ts, key, value, headers), rec in zip(inputs, records):
        assert rec.offset == offset and rec.timestamp == ts
        assert rec.key == key and rec.value == value and list(rec.headers) == headers
        expected.append({"offset": rec.offset, "timestamp": rec.timestamp,
                         "key": text(rec.key), "value": text(rec.value),
                         "headers": [[k, text(v)] for k, v in rec.headers]})
    # kafka-python's parse of the 61-byte header (DefaultRecordBase.HEADER_STRUCT).
    (base_offset, _length, leader_epoch, _magic, _crc, attrs, last_delta, first_ts, max_ts,
     producer_id, producer_epoch, base_sequence, record_count) = batch._header_data
    assert attrs == attributes and record_count == len(records)
    entry = {
        "magic": 2, "codec": CODECS[codec],
        "header": {
            "baseOffset": base_offset,
            "partitionLeaderEpoch": leader_epoch,
            "attributes": attrs,
            "lastOffsetDelta": last_delta,
            "baseTimestamp": first_ts,
            "maxTimestamp": max_ts,
            "producerId": producer_id,
            "producerEpoch": producer_epoch,
            "baseSequence": base_sequence,
            "recordCount": record_count,
        },
        "records": expected,
    }
    if codec == 3:
        entry["lz4_header_checksum"] = lz4_checksum_kind(data[61:])
    return data, entry


def main():
    assert kafka.__version__ == "2.0.2", "vectors are recorded from kafka-python 2.0.2"
    vectors = {}
    for magic in (0, 1):
        for codec in (0, 1, 2, 3):
            vectors["legacy_m%d_%s.bin" % (magic, CODECS[codec])] = legacy_vector(magic, codec)
    # (producerId, producerEpoch, baseSequence, transactional): plain, idempotent, transactional.
    producers = {0: (-1, -1, -1, False), 1: (1000, 1, 0, False), 2: (2000, 3, 10, True),
                 3: (-1, -1, -1, False), 4: (4000, 7, 2147483645, True)}
    for codec in (0, 1, 2, 3, 4):
        vectors["v2_%s.bin" % CODECS[codec]] = v2_vector(codec, producers[codec])
    vectors["v2_snappy_large.bin"] = v2_vector(2, producers[0], large=True)
    vectors["v2_lz4_large.bin"] = v2_vector(3, producers[0], large=True)

    manifest = {"generator": "make_vectors.py", "client": "kafka-python " + kafka.__version__,
                "files": {}}
    total = 0
    for name, (data, entry) in sorted(vectors.items()):
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        entry["size"] = len(data)
        manifest["files"][name] = entry
        total += len(data)
    with open(os.path.join(HERE, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print("wrote %d vectors, %d bytes" % (len(vectors), total), file=sys.stderr)


if __name__ == "__main__":
    main()
