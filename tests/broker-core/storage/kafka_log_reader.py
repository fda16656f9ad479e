#!/usr/bin/python3
"""Independent reader of an Apache Kafka partition directory (on-disk log format, magic v2).

Standard library only: it runs under /usr/bin/python3 on Debian 12 and never imports a Kafka
client library (python3-kafka / python3-confluent-kafka may be installed; they are not used).

Written from Kafka's documented format (docs/implementation.html, "Record Batch" / "Record")
and from Kafka's own sources, which define the behaviour followed here:
  clients/.../common/record/DefaultRecordBatch.java   batch header layout, CRC coverage, attributes
  clients/.../common/record/DefaultRecord.java        record layout, varints, headers
  clients/.../common/record/FileLogInputStream.java   how a file is cut into batches (partial tail)
  storage/.../internals/log/AbstractIndex.java,
  OffsetIndex.java, TimeIndex.java                    index entry layouts, preallocation
  storage/.../internals/log/ProducerStateManager.java producer snapshot layout (version 1)
  core/.../kafka/tools/DumpLogSegments.scala          how Kafka's own dump tool stops on zero slots
It is deliberately not derived from any other project's code (including the code under test).

Usage
  kafka_log_reader.py DIR          print ONE JSON object describing the partition directory DIR
  kafka_log_reader.py --self-test  run built-in checks, exit 0 on success

Output
  {"segments": [ {                                  sorted by base offset
      "base_offset": N,                             from the 20-digit file name
      "log_bytes": N,                               size of NNNN.log (0 when it is missing)
      "batches": [ {
          "position": P,                            byte position of the batch in the .log
          "base_offset": N, "last_offset": N,       last = base + lastOffsetDelta
          "batch_length": N,                        the batchLength field (bytes after it)
          "partition_leader_epoch": N, "magic": 2,
          "crc_ok": true,
          "attributes": N,                          raw int16
          "compression": "none"|"gzip"|"snappy"|"lz4"|"zstd",
          "timestamp_type": "CreateTime"|"LogAppendTime",
          "base_timestamp": N, "max_timestamp": N,
          "producer_id": N, "producer_epoch": N, "base_sequence": N,
          "record_count": N,
          "records": [ {"offset": N, "timestamp": N, "key": hex|null, "value": hex|null,
                        "headers": [[key-str, hex|null], ...]} ]
                     or null when the records were not decoded (snappy/lz4/zstd, or crc_ok false)
      } ],
      "partial_tail_bytes": N,                      bytes at the end of the .log that do not form a
                                                    complete batch (0 when the file ends cleanly)
      "index": [[offset, position], ...],           absolute offsets
      "timeindex": [[timestamp, offset], ...]       absolute offsets
  } ],
  "producer_snapshots": [ {                         NNNN.snapshot files, sorted by offset
      "offset": N,                                  from the 20-digit file name
      "entries": [ {"producer_id": N, "epoch": N, "last_sequence": N, "last_offset": N,
                    "offset_delta": N, "timestamp": N, "coordinator_epoch": N,
                    "current_txn_first_offset": N} ]
  } ] }

Decisions (see the functions for the source facts behind them)
  * Record timestamps: baseTimestamp + timestampDelta for CreateTime; for LogAppendTime every
    record's timestamp is the batch maxTimestamp (DefaultRecordBatch.RecordIterator passes
    maxTimestamp as logAppendTime and DefaultRecord.readFrom uses it instead of the delta).
  * Header keys are UTF-8 strings (malformed bytes replaced with U+FFFD, as Java's decoder does);
    a negative header key length is corrupt (DefaultRecord.readHeaders). Any negative key/value
    length means null (Utils.readBytes).
  * A trailing incomplete batch (crash mid-write) ends the file: it is counted in
    partial_tail_bytes, not reported as an error.  Like FileLogInputStream.nextBatch, a tail
    whose declared length runs past the end of the file is "incomplete", except that when
    the magic byte is already readable and is not 2 the file is called corrupt.  A tail made
    only of zero bytes (what log.preallocate=true leaves after an unclean shutdown) is also
    counted in partial_tail_bytes.
  * A complete batch with a bad CRC followed by more data is corruption (exit 1).  A bad CRC on
    the very last batch of the file is what a torn final write looks like (Kafka's segment
    recovery truncates it): it is reported with "crc_ok": false and "records": null, a warning
    goes to stderr, and the exit status stays 0.
  * Index trailing zeros: see parse_offset_index().
Exit status: 0 success, 1 corrupt file (message on stderr), 2 usage or I/O error.
"""

import json
import os
import re
import struct
import sys
import tempfile
import zlib

# ---------------------------------------------------------------------------------------------
# CRC-32C (Castagnoli), table driven, reflected polynomial 0x82F63B78, init/xorout 0xFFFFFFFF.


def _make_crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return tuple(table)


_CRC32C_TABLE = _make_crc32c_table()


def crc32c(data, crc=0):
    """CRC-32C of data; pass a previous result as crc to continue a running checksum."""
    table = _CRC32C_TABLE
    c = crc ^ 0xFFFFFFFF
    for b in bytes(data):
        c = table[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


# ---------------------------------------------------------------------------------------------
# Format constants (DefaultRecordBatch.java).

LOG_OVERHEAD = 12                  # baseOffset int64 + batchLength int32
HEADER_SIZE_UP_TO_MAGIC = 17       # + partitionLeaderEpoch int32 + magic int8
ATTRIBUTES_OFFSET = 21             # CRC covers [21, end of batch)
RECORD_BATCH_OVERHEAD = 61         # full v2 header including recordCount
MIN_BATCH_LENGTH = RECORD_BATCH_OVERHEAD - LOG_OVERHEAD
# >q baseOffset, i batchLength, i partitionLeaderEpoch, b magic, I crc, h attributes,
# i lastOffsetDelta, q baseTimestamp, q maxTimestamp, q producerId, h producerEpoch,
# i baseSequence, i recordCount
BATCH_HEADER = struct.Struct(">qiibIhiqqqhii")
assert BATCH_HEADER.size == RECORD_BATCH_OVERHEAD

COMPRESSION_NAMES = {0: "none", 1: "gzip", 2: "snappy", 3: "lz4", 4: "zstd"}
TIMESTAMP_TYPE_MASK = 0x08

OFFSET_INDEX_ENTRY = struct.Struct(">ii")   # relative offset, physical position
TIME_INDEX_ENTRY = struct.Struct(">qi")     # timestamp, relative offset

SEGMENT_FILE_RE = re.compile(r"^([0-9]{20})\.(log|index|timeindex)$")
SNAPSHOT_FILE_RE = re.compile(r"^([0-9]{20})\.snapshot$")
# ProducerStateManager.PRODUCER_SNAPSHOT_ENTRY_SCHEMA: producer_id int64, epoch int16,
# last_sequence int32, last_offset int64, offset_delta int32, timestamp int64,
# coordinator_epoch int32, current_txn_first_offset int64.
SNAPSHOT_ENTRY = struct.Struct(">qhiqiqiq")
SNAPSHOT_FIELDS = ("producer_id", "epoch", "last_sequence", "last_offset", "offset_delta", "timestamp",
                   "coordinator_epoch", "current_txn_first_offset")


class CorruptError(Exception):
    """The data does not follow the format (a corrupt file)."""


# ---------------------------------------------------------------------------------------------
# Primitive reading.


class Cursor:
    def __init__(self, data, what):
        self.data = data
        self.pos = 0
        self.what = what

    def remaining(self):
        return len(self.data) - self.pos

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise CorruptError("%s: needs %d bytes at %d, only %d left"
                               % (self.what, n, self.pos, self.remaining()))
        out = bytes(self.data[self.pos:self.pos + n])
        self.pos += n
        return out

    def int8(self):
        return struct.unpack(">b", self.take(1))[0]

    def _unsigned_varint(self, max_bytes):
        value = 0
        shift = 0
        for _ in range(max_bytes):
            if self.pos >= len(self.data):
                raise CorruptError("%s: varint runs past the end at %d" % (self.what, self.pos))
            b = self.data[self.pos]
            self.pos += 1
            value |= (b & 0x7F) << shift
            if not b & 0x80:
                return value
            shift += 7
        raise CorruptError("%s: varint longer than %d bytes at %d"
                           % (self.what, max_bytes, self.pos))

    def varint(self):
        """Zig-zag int32 in at most 5 bytes (ByteUtils.readVarint)."""
        u = self._unsigned_varint(5) & 0xFFFFFFFF
        return (u >> 1) ^ -(u & 1)

    def varlong(self):
        """Zig-zag int64 in at most 10 bytes (ByteUtils.readVarlong)."""
        u = self._unsigned_varint(10) & 0xFFFFFFFFFFFFFFFF
        return (u >> 1) ^ -(u & 1)

    def nullable_bytes(self):
        n = self.varint()
        if n < 0:
            return None
        return self.take(n)


def _hex(b):
    return None if b is None else b.hex()


# ---------------------------------------------------------------------------------------------
# Records.


def decode_records(data, count, base_offset, base_timestamp, log_append_time, what):
    """Decode exactly `count` v2 records filling all of `data` (DefaultRecord.readFrom)."""
    if count < 0:
        raise CorruptError("%s: negative record count %d" % (what, count))
    cur = Cursor(data, what)
    records = []
    for i in range(count):
        if cur.remaining() == 0:
            raise CorruptError("%s: record %d of %d missing (premature end of batch)"
                               % (what, i, count))
        length = cur.varint()
        if length < 0:
            raise CorruptError("%s: record %d has negative length %d" % (what, i, length))
        body = Cursor(cur.take(length), "%s record %d" % (what, i))
        body.int8()                                   # record attributes: unused
        timestamp_delta = body.varlong()
        offset_delta = body.varint()
        key = body.nullable_bytes()
        value = body.nullable_bytes()
        header_count = body.varint()
        if header_count < 0 or header_count > body.remaining():
            raise CorruptError("%s record %d: invalid header count %d" % (what, i, header_count))
        headers = []
        for _ in range(header_count):
            key_len = body.varint()
            if key_len < 0:
                raise CorruptError("%s record %d: negative header key length" % (what, i))
            hkey = body.take(key_len).decode("utf-8", errors="replace")
            hvalue = body.nullable_bytes()
            headers.append([hkey, _hex(hvalue)])
        if body.remaining() != 0:
            raise CorruptError("%s record %d: %d bytes left over inside the record"
                               % (what, i, body.remaining()))
        timestamp = (log_append_time if log_append_time is not None
                     else base_timestamp + timestamp_delta)
        records.append({
            "offset": base_offset + offset_delta,
            "timestamp": timestamp,
            "key": _hex(key),
            "value": _hex(value),
            "headers": headers,
        })
    if cur.remaining() != 0:
        raise CorruptError("%s: %d bytes left after %d records (incorrect declared batch size)"
                           % (what, cur.remaining(), count))
    return records


def gunzip(data, what):
    """Decompress a gzip stream (one or more members) with zlib."""
    out = []
    rest = bytes(data)
    try:
        while True:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out.append(d.decompress(rest))
            out.append(d.flush())
            if not d.eof:
                raise CorruptError("%s: truncated gzip stream" % what)
            rest = d.unused_data
            if not rest:
                break
    except zlib.error as e:
        raise CorruptError("%s: bad gzip data: %s" % (what, e))
    return b"".join(out)


# ---------------------------------------------------------------------------------------------
# The .log file.


def parse_log(data, name="log"):
    """Cut a .log file into batches.

    Returns (batches, partial_tail_bytes, warnings).  Raises CorruptError.
    """
    batches = []
    warnings = []
    size = len(data)
    pos = 0
    tail = 0
    while pos < size:
        rem = size - pos
        if rem < LOG_OVERHEAD:
            tail = rem                                  # not even a whole length field
            break
        batch_length = struct.unpack_from(">i", data, pos + 8)[0]
        magic = struct.unpack_from(">b", data, pos + 16)[0] if rem > 16 else 2
        if batch_length < MIN_BATCH_LENGTH or magic != 2:
            if not any(data[pos:]):
                # Only zero bytes up to the end: preallocated space (log.preallocate) that was
                # never written, e.g. after an unclean shutdown.  No batch was started here.
                tail = rem
                break
            if batch_length < MIN_BATCH_LENGTH:
                raise CorruptError("%s: position %d: batch length %d is smaller than the v2 "
                                   "minimum %d" % (name, pos, batch_length, MIN_BATCH_LENGTH))
            raise CorruptError("%s: position %d: magic %d is not supported (only v2)"
                               % (name, pos, magic))
        if LOG_OVERHEAD + batch_length > rem:
            tail = rem                                  # incomplete final batch
            break
        end = pos + LOG_OVERHEAD + batch_length
        (base_offset, _, leader_epoch, magic, stored_crc, attributes, last_delta, base_ts,
         max_ts, producer_id, producer_epoch, base_sequence, record_count) = \
            BATCH_HEADER.unpack_from(data, pos)
        computed = crc32c(memoryview(data)[pos + ATTRIBUTES_OFFSET:end])
        crc_ok = computed == stored_crc
        codec = attributes & 0x07
        if codec not in COMPRESSION_NAMES:
            if crc_ok:
                raise CorruptError("%s: position %d: unknown compression type %d"
                                   % (name, pos, codec))
        batch = {
            "position": pos,
            "base_offset": base_offset,
            "last_offset": base_offset + last_delta,
            "batch_length": batch_length,
            "partition_leader_epoch": leader_epoch,
            "magic": magic,
            "crc_ok": crc_ok,
            "attributes": attributes,
            "compression": COMPRESSION_NAMES.get(codec, "unknown(%d)" % codec),
            "timestamp_type": "LogAppendTime" if attributes & TIMESTAMP_TYPE_MASK else "CreateTime",
            "base_timestamp": base_ts,
            "max_timestamp": max_ts,
            "producer_id": producer_id,
            "producer_epoch": producer_epoch,
            "base_sequence": base_sequence,
            "record_count": record_count,
            "records": None,
        }
        if not crc_ok:
            msg = ("%s: position %d: bad CRC (stored 0x%08x, computed 0x%08x)"
                   % (name, pos, stored_crc, computed))
            if end < size:
                raise CorruptError(msg)
            warnings.append(msg + "; last batch of the file, treated as a torn final write")
            batches.append(batch)
            pos = end
            break
        what = "%s: batch at position %d" % (name, pos)
        payload = memoryview(data)[pos + RECORD_BATCH_OVERHEAD:end]
        log_append_time = max_ts if attributes & TIMESTAMP_TYPE_MASK else None
        if record_count == 0:
            # Like DefaultRecordBatch.iterator(): an empty batch (e.g. kept by compaction to
            # preserve producer state) has no records to read, whatever its codec.
            batch["records"] = []
        elif codec == 0:
            batch["records"] = decode_records(payload, record_count, base_offset, base_ts,
                                              log_append_time, what)
        elif codec == 1:
            batch["records"] = decode_records(gunzip(payload, what), record_count, base_offset,
                                              base_ts, log_append_time, what)
        elif record_count < 0:
            raise CorruptError("%s: negative record count %d" % (what, record_count))
        batches.append(batch)
        pos = end
    return batches, tail, warnings


# ---------------------------------------------------------------------------------------------
# The .index and .timeindex files.
#
# How Kafka itself knows where the entries end (AbstractIndex.java): the index file is created
# preallocated to maxIndexSize (zero filled) and the live broker keeps the entry count in memory
# (mmap position).  On a clean close / segment roll it is trimmed to exactly entries*entrySize
# (trimToValidSize).  When Kafka reopens an existing file it simply assumes every slot up to
# the file length is valid (createMappedBuffer: position = roundDown(limit, entrySize));
# after an unclean shutdown it does not trust the indexes of the unflushed segments and
# rebuilds them from the .log.  So the file itself has no end marker, and a file from a live or
# crashed broker can carry zero-filled slots.
#
# Kafka's own reader of these files, DumpLogSegments.dumpIndex / dumpTimeIndex, decides with:
#     "since it is a sparse file, in the event of a crash there may be many zero entries,
#      stop if we see one":   if (entry.offset == index.baseOffset && i > 0) return
# That rule is sound because OffsetIndex.append only accepts strictly increasing offsets and
# TimeIndex.maybeAppend only appends strictly increasing timestamps (the first entry starts
# above -1), so relative offset 0 after slot 0 can only be an unwritten slot.
#
# Choice made here:
#  1. Entries end at the first slot i > 0 whose relative offset is 0 (Kafka's rule above; an
#     all-zero slot always satisfies it).  Slots after that point are ignored; if any of them
#     has non-zero bytes a warning goes to stderr.
#  2. Slot 0 is the ambiguous one: an all-zero slot 0 is what every freshly preallocated,
#     still-empty index holds, but (offset index) "relative offset 0 at position 0" is also a
#     real entry when the first append covered only offset base (LogSegment.append and
#     LogSegment.recover write (largest offset of the appended batches, position of the first
#     one)).  Kafka's dump tool prints it either way; this reader settles it with the .log:
#       .index     all-zero slot 0 is kept only if the batch at position 0 exists and its
#                  last_offset equals the segment base offset;
#       .timeindex all-zero slot 0 (timestamp 0 at the base offset) is kept only if the batch
#                  whose last_offset equals the base offset exists and has max_timestamp 0.
#     Otherwise it is unwritten space and the index is empty.  A non-zero slot 0 is always kept.
#  3. A file length that is not a multiple of the entry size is corrupt (the same check as
#     OffsetIndex.sanityCheck / TimeIndex.sanityCheck).


def _index_slots(data, entry, name):
    if len(data) % entry.size != 0:
        raise CorruptError("%s: length %d is not a multiple of the entry size %d"
                           % (name, len(data), entry.size))
    return [entry.unpack_from(data, i * entry.size) for i in range(len(data) // entry.size)]


def _trailing_warning(data, used_slots, entry_size, name, warnings):
    if any(data[used_slots * entry_size:]):
        warnings.append("%s: non-zero bytes after the last entry (slot %d) were ignored"
                        % (name, used_slots))


def parse_offset_index(data, base_offset, batches, name="index"):
    warnings = []
    slots = _index_slots(data, OFFSET_INDEX_ENTRY, name)
    entries = []
    for i, (rel, position) in enumerate(slots):
        if i > 0 and rel == 0:
            break
        entries.append([base_offset + rel, position])
    if entries and slots[0] == (0, 0):
        first = batches[0] if batches and batches[0]["position"] == 0 else None
        if first is None or first["last_offset"] != base_offset:
            entries = []
    used = max(len(entries), 1 if slots else 0)
    _trailing_warning(data, used, OFFSET_INDEX_ENTRY.size, name, warnings)
    return entries, warnings


def parse_time_index(data, base_offset, batches, name="timeindex"):
    warnings = []
    slots = _index_slots(data, TIME_INDEX_ENTRY, name)
    entries = []
    for i, (timestamp, rel) in enumerate(slots):
        if i > 0 and rel == 0:
            break
        entries.append([timestamp, base_offset + rel])
    if entries and slots[0] == (0, 0):
        keep = any(b["last_offset"] == base_offset and b["max_timestamp"] == 0 for b in batches)
        if not keep:
            entries = []
    used = max(len(entries), 1 if slots else 0)
    _trailing_warning(data, used, TIME_INDEX_ENTRY.size, name, warnings)
    return entries, warnings


# ---------------------------------------------------------------------------------------------
# The partition directory.


def parse_producer_snapshot(data, name="snapshot"):
    """A producer snapshot, version 1 (ProducerStateManager.PID_SNAPSHOT_MAP_SCHEMA): version
    int16, crc uint32 = CRC-32C of every byte after the crc field (readSnapshot computes it over
    the rest of the file), then an array (int32 count) of SNAPSHOT_ENTRY.  Bytes after the array
    are covered by the CRC but otherwise ignored, as Kafka's schema reader ignores them."""
    if len(data) < 10:
        raise CorruptError("%s: %d bytes, shorter than a snapshot header" % (name, len(data)))
    version, crc, count = struct.unpack_from(">hIi", data, 0)
    if version != 1:
        raise CorruptError("%s: unknown snapshot version %d" % (name, version))
    if crc32c(data[6:]) != crc:
        raise CorruptError("%s: CRC mismatch" % name)
    if count < 0 or 10 + count * SNAPSHOT_ENTRY.size > len(data):
        raise CorruptError("%s: %d entries do not fit %d bytes" % (name, count, len(data)))
    return [dict(zip(SNAPSHOT_FIELDS, SNAPSHOT_ENTRY.unpack_from(data, 10 + i * SNAPSHOT_ENTRY.size)))
            for i in range(count)]


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def read_partition_dir(path):
    """Return (result_dict, warnings).  Raises CorruptError or OSError."""
    files = {}
    for entry in os.listdir(path):
        m = SEGMENT_FILE_RE.match(entry)
        if m and os.path.isfile(os.path.join(path, entry)):
            files.setdefault(int(m.group(1)), {})[m.group(2)] = os.path.join(path, entry)
    segments = []
    warnings = []
    snapshots = []
    for entry in sorted(os.listdir(path)):
        m = SNAPSHOT_FILE_RE.match(entry)
        if m:
            snapshots.append({"offset": int(m.group(1)),
                              "entries": parse_producer_snapshot(_read(os.path.join(path, entry)), entry)})
    for base in sorted(files):
        kinds = files[base]
        stem = "%020d" % base
        log = _read(kinds["log"]) if "log" in kinds else b""
        if "log" not in kinds:
            warnings.append("%s: index files without a .log" % stem)
        batches, tail, w = parse_log(log, stem + ".log")
        warnings += w
        index, timeindex = [], []
        if "index" in kinds:
            index, w = parse_offset_index(_read(kinds["index"]), base, batches, stem + ".index")
            warnings += w
        if "timeindex" in kinds:
            timeindex, w = parse_time_index(_read(kinds["timeindex"]), base, batches,
                                            stem + ".timeindex")
            warnings += w
        segments.append({
            "base_offset": base,
            "log_bytes": len(log),
            "batches": batches,
            "partial_tail_bytes": tail,
            "index": index,
            "timeindex": timeindex,
        })
    return {"segments": segments, "producer_snapshots": snapshots}, warnings


# ---------------------------------------------------------------------------------------------
# Self-test: an encoder written from the format description, used only here.


def _zigzag_varint(n, bits):
    u = ((n << 1) ^ (n >> (bits - 1))) & ((1 << bits) - 1)
    out = bytearray()
    while True:
        if u < 0x80:
            out.append(u)
            return bytes(out)
        out.append((u & 0x7F) | 0x80)
        u >>= 7


def _enc_varint(n):
    return _zigzag_varint(n, 32)


def _enc_varlong(n):
    return _zigzag_varint(n, 64)


def _enc_nullable(b):
    return _enc_varint(-1) if b is None else _enc_varint(len(b)) + b


def build_record(offset_delta, timestamp_delta, key, value, headers):
    body = (b"\x00" + _enc_varlong(timestamp_delta) + _enc_varint(offset_delta)
            + _enc_nullable(key) + _enc_nullable(value) + _enc_varint(len(headers)))
    for hk, hv in headers:
        hkb = hk.encode("utf-8")
        body += _enc_varint(len(hkb)) + hkb + _enc_nullable(hv)
    return _enc_varint(len(body)) + body


def build_batch(base_offset, records, base_timestamp, max_timestamp, last_offset_delta=None,
                codec=0, log_append_time=False, leader_epoch=0, producer_id=-1,
                producer_epoch=-1, base_sequence=-1, raw_payload=None, record_count=None):
    """records: list of (offset_delta, timestamp_delta, key, value, [(hkey, hvalue)])."""
    payload = b"".join(build_record(*r) for r in records)
    if codec == 1:
        c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        payload = c.compress(payload) + c.flush()
    if raw_payload is not None:
        payload = raw_payload
    if last_offset_delta is None:
        last_offset_delta = max((r[0] for r in records), default=0)
    if record_count is None:
        record_count = len(records)
    attributes = codec | (TIMESTAMP_TYPE_MASK if log_append_time else 0)
    after_crc = struct.pack(">hiqqqhii", attributes, last_offset_delta, base_timestamp,
                            max_timestamp, producer_id, producer_epoch, base_sequence,
                            record_count) + payload
    batch_length = 4 + 1 + 4 + len(after_crc)
    return (struct.pack(">qiibI", base_offset, batch_length, leader_epoch, 2, crc32c(after_crc))
            + after_crc)


def _crc32c_bitwise(data):
    # Independent bit-at-a-time reference used to cross-check the table.
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def _expect(cond, what):
    if not cond:
        raise AssertionError(what)


def _expect_eq(got, want, what):
    if got != want:
        raise AssertionError("%s:\n  got  %r\n  want %r" % (what, got, want))


def _expect_corrupt(fn, what):
    try:
        fn()
    except CorruptError:
        return
    raise AssertionError("%s: expected CorruptError" % what)


def _expected_records(base_offset, base_ts, records, lat_ts=None):
    return [{"offset": base_offset + od,
             "timestamp": lat_ts if lat_ts is not None else base_ts + td,
             "key": _hex(k), "value": _hex(v),
             "headers": [[hk, _hex(hv)] for hk, hv in hs]}
            for od, td, k, v, hs in records]


def self_test():
    checks = 0
    # CRC-32C.
    _expect_eq(crc32c(b"123456789"), 0xE3069283, "crc32c('123456789')")
    _expect_eq(crc32c(b""), 0, "crc32c('')")
    _expect_eq(crc32c(bytes(32)), 0x8A9136AA, "crc32c(32 zero bytes)")       # RFC 3720 B.4
    _expect_eq(crc32c(b"\xff" * 32), 0x62A8AB43, "crc32c(32 0xff bytes)")    # RFC 3720 B.4
    sample = bytes((i * 7 + 3) & 0xFF for i in range(1000))
    _expect_eq(crc32c(sample), _crc32c_bitwise(sample), "table vs bitwise CRC")
    _expect_eq(crc32c(sample[500:], crc32c(sample[:500])), crc32c(sample), "running CRC")
    checks += 6

    # Varints (zig-zag) round trip, including the extremes.
    for n in (0, -1, 1, 63, -64, 64, 300, -300, 2**31 - 1, -2**31):
        _expect_eq(Cursor(_enc_varint(n), "t").varint(), n, "varint %d" % n)
    for n in (0, -1, 2**40, -2**40, 2**63 - 1, -2**63):
        _expect_eq(Cursor(_enc_varlong(n), "t").varlong(), n, "varlong %d" % n)
    _expect_eq(_enc_varint(-1), b"\x01", "varint(-1) encoding")
    _expect_eq(_enc_varint(300), b"\xd8\x04", "varint(300) encoding")
    checks += 18

    # Hand-built segment 0: uncompressed, gzip, LogAppendTime, snappy (not decoded), partial tail.
    recs_a = [(0, 0, b"k0", b"value-0", [("h1", b"\x01\x02"), ("h-null", None)]),
              (1, -5, None, b"", []),
              (2, 1234, b"", None, [("\u00e9t\u00e9", b"")])]
    batch_a = build_batch(0, recs_a, 1_700_000_000_000, 1_700_000_001_234, leader_epoch=3,
                          producer_id=42, producer_epoch=1, base_sequence=0)
    recs_b = [(0, 0, b"gz-key", b"x" * 300, []), (1, 7, None, b"y", [("a", b"b")])]
    batch_b = build_batch(3, recs_b, 1_700_000_002_000, 1_700_000_002_007, codec=1)
    recs_c = [(0, 10, b"lat", b"v", [])]
    batch_c = build_batch(5, recs_c, 1_700_000_003_000, 1_700_000_009_999, log_append_time=True)
    batch_d = build_batch(6, [], 1_700_000_004_000, 1_700_000_004_000, last_offset_delta=1,
                          codec=2, raw_payload=b"\x00opaque-snappy", record_count=2)
    batch_e = build_batch(8, [(0, 0, b"torn", b"write", [])], 1, 1)
    log0 = batch_a + batch_b + batch_c + batch_d
    pos_b = len(batch_a)
    pos_c = pos_b + len(batch_b)
    pos_d = pos_c + len(batch_c)
    partial = batch_e[:30]
    index0 = (OFFSET_INDEX_ENTRY.pack(2, 0) + OFFSET_INDEX_ENTRY.pack(4, pos_b)
              + bytes(8 * 10))
    timeindex0 = (TIME_INDEX_ENTRY.pack(1_700_000_001_234, 2)
                  + TIME_INDEX_ENTRY.pack(1_700_000_002_007, 4) + bytes(12 * 10))

    # Segment 100: one single-record batch, so the all-zero-looking slot 0 (0, 0) is real.
    batch_f = build_batch(100, [(0, 0, b"one", b"only", [])], 50, 50)
    index100 = OFFSET_INDEX_ENTRY.pack(0, 0) + bytes(8 * 5)
    timeindex100 = bytes(12 * 5)          # all zero: unwritten (max_timestamp is 50, not 0)

    # Segment 200: empty active segment, preallocated indexes, preallocated (zero) log space.
    log200 = bytes(4096)

    with tempfile.TemporaryDirectory() as d:
        def write(name, data):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
        write("00000000000000000000.log", log0 + partial)
        write("00000000000000000000.index", index0)
        write("00000000000000000000.timeindex", timeindex0)
        write("00000000000000000100.log", batch_f)
        write("00000000000000000100.index", index100)
        write("00000000000000000100.timeindex", timeindex100)
        write("00000000000000000200.log", log200)
        write("00000000000000000200.index", bytes(8 * 100))
        write("00000000000000000200.timeindex", bytes(12 * 100))
        write("leader-epoch-checkpoint", b"0\n1\n0 0\n")
        write("00000000000000000100.snapshot", struct.pack(">hIi", 1, crc32c(bytes(4)), 0))
        result, warnings = read_partition_dir(d)
        # Through JSON, exactly as the command line prints it.
        result = json.loads(json.dumps(result))
    _expect_eq(warnings, [], "warnings")
    _expect_eq(result["producer_snapshots"], [{"offset": 100, "entries": []}], "empty producer snapshot")
    segs = result["segments"]
    _expect_eq([s["base_offset"] for s in segs], [0, 100, 200], "segment base offsets")

    s0 = segs[0]
    _expect_eq(s0["log_bytes"], len(log0) + len(partial), "log_bytes")
    _expect_eq(s0["partial_tail_bytes"], 30, "partial_tail_bytes")
    _expect_eq([b["position"] for b in s0["batches"]], [0, pos_b, pos_c, pos_d], "positions")
    a, b, c, dd = s0["batches"]
    _expect_eq(a, {
        "position": 0, "base_offset": 0, "last_offset": 2, "batch_length": len(batch_a) - 12,
        "partition_leader_epoch": 3, "magic": 2, "crc_ok": True, "attributes": 0,
        "compression": "none", "timestamp_type": "CreateTime",
        "base_timestamp": 1_700_000_000_000, "max_timestamp": 1_700_000_001_234,
        "producer_id": 42, "producer_epoch": 1, "base_sequence": 0, "record_count": 3,
        "records": _expected_records(0, 1_700_000_000_000, recs_a)}, "batch A")
    _expect_eq(b["compression"], "gzip", "batch B compression")
    _expect_eq(b["attributes"], 1, "batch B attributes")
    _expect_eq(b["records"], _expected_records(3, 1_700_000_002_000, recs_b), "batch B records")
    _expect_eq((b["producer_id"], b["producer_epoch"], b["base_sequence"]), (-1, -1, -1),
               "batch B producer fields")
    _expect_eq(c["timestamp_type"], "LogAppendTime", "batch C timestamp type")
    _expect_eq(c["records"], _expected_records(5, 0, recs_c, lat_ts=1_700_000_009_999),
               "batch C records")
    _expect_eq((dd["compression"], dd["record_count"], dd["records"], dd["last_offset"]),
               ("snappy", 2, None, 7), "batch D (snappy, not decoded)")
    _expect_eq(s0["index"], [[2, 0], [4, pos_b]], "segment 0 index")
    _expect_eq(s0["timeindex"], [[1_700_000_001_234, 2], [1_700_000_002_007, 4]],
               "segment 0 timeindex")

    s100 = segs[1]
    _expect_eq(s100["index"], [[100, 0]], "segment 100 index (real slot 0)")
    _expect_eq(s100["timeindex"], [], "segment 100 timeindex (unwritten)")
    _expect_eq(s100["partial_tail_bytes"], 0, "segment 100 tail")
    _expect_eq(s100["batches"][0]["records"],
               [{"offset": 100, "timestamp": 50, "key": b"one".hex(), "value": b"only".hex(),
                 "headers": []}], "segment 100 records")

    s200 = segs[2]
    _expect_eq((s200["batches"], s200["partial_tail_bytes"], s200["index"], s200["timeindex"]),
               ([], 4096, [], []), "segment 200 (empty, preallocated)")
    checks += 20

    # Corruption: a flipped byte inside the first batch (more batches follow) is an error.
    bad = bytearray(log0)
    bad[80] ^= 0x40
    _expect_corrupt(lambda: parse_log(bytes(bad)), "bad CRC in the middle")
    # ... but in the very last batch it is a torn write: reported, crc_ok false, no records.
    bad = bytearray(log0)
    bad[-3] ^= 0x01
    batches, tail, warns = parse_log(bytes(bad))
    _expect_eq((batches[-1]["crc_ok"], batches[-1]["records"], tail, len(warns)),
               (False, None, 0, 1), "bad CRC in the last batch")
    # A batch length below the v2 minimum is corrupt.
    bad = bytearray(log0)
    struct.pack_into(">i", bad, pos_b + 8, 10)
    _expect_corrupt(lambda: parse_log(bytes(bad)), "batch length too small")
    # A wrong magic is corrupt, even in a short tail.
    bad = bytearray(batch_a)
    bad[16] = 1
    _expect_corrupt(lambda: parse_log(bytes(bad)), "magic 1")
    _expect_corrupt(lambda: parse_log(log0 + bytes(bad[:40])), "magic 1 in the tail")
    # Record count larger than the records present (CRC valid) is corrupt.
    _expect_corrupt(lambda: parse_log(build_batch(0, recs_a, 0, 0, record_count=4)),
                    "record count too large")
    _expect_corrupt(lambda: parse_log(build_batch(0, recs_a, 0, 0, record_count=2)),
                    "record count too small")
    # Index lengths that are not whole entries are corrupt.
    _expect_corrupt(lambda: parse_offset_index(bytes(12), 0, []), "index length")
    _expect_corrupt(lambda: parse_time_index(bytes(8), 0, []), "timeindex length")
    # Every cut of a good file into a shorter one is a clean partial tail, never an error.
    for cut in range(len(log0) + 1):
        batches, tail, warns = parse_log(log0[:cut])
        _expect_eq(sum(LOG_OVERHEAD + bb["batch_length"] for bb in batches) + tail, cut,
                   "cut at %d" % cut)
        _expect(all(bb["crc_ok"] for bb in batches) and not warns, "cut at %d clean" % cut)
    checks += 10 + len(log0) + 1

    # A producer snapshot built from the schema: two entries, then every corruption.
    body = struct.pack(">i", 2) + SNAPSHOT_ENTRY.pack(7, 3, 41, 1009, 9, 1700000000123, -1, -1) \
        + SNAPSHOT_ENTRY.pack(8, 0, -1, -1, 0, 55, 12, 400)
    snap = struct.pack(">hI", 1, crc32c(body)) + body
    got = parse_producer_snapshot(snap)
    _expect_eq(len(got), 2, "snapshot entries")
    _expect_eq(got[0], {"producer_id": 7, "epoch": 3, "last_sequence": 41, "last_offset": 1009,
                        "offset_delta": 9, "timestamp": 1700000000123, "coordinator_epoch": -1,
                        "current_txn_first_offset": -1}, "snapshot entry 0")
    _expect_eq(got[1]["current_txn_first_offset"], 400, "snapshot entry 1")
    _expect_corrupt(lambda: parse_producer_snapshot(struct.pack(">hI", 2, crc32c(body)) + body), "version")
    _expect_corrupt(lambda: parse_producer_snapshot(snap[:-1]), "cut snapshot")
    _expect_corrupt(lambda: parse_producer_snapshot(snap[:20] + bytes([snap[20] ^ 0xFF]) + snap[21:]), "snapshot CRC")
    checks += 6

    print("self-test passed (%d checks)" % checks)
    return 0


# ---------------------------------------------------------------------------------------------


def main(argv):
    prog = "kafka_log_reader.py"
    if len(argv) != 1 or argv[0] in ("-h", "--help"):
        sys.stderr.write("usage: %s DIR | --self-test\n" % prog)
        return 2
    if argv[0] == "--self-test":
        try:
            return self_test()
        except AssertionError as e:
            sys.stderr.write("%s: self-test FAILED: %s\n" % (prog, e))
            return 1
    path = argv[0]
    if not os.path.isdir(path):
        sys.stderr.write("%s: %s: not a directory\n" % (prog, path))
        return 2
    try:
        result, warnings = read_partition_dir(path)
    except CorruptError as e:
        sys.stderr.write("%s: corrupt: %s\n" % (prog, e))
        return 1
    except OSError as e:
        sys.stderr.write("%s: %s\n" % (prog, e))
        return 2
    for w in warnings:
        sys.stderr.write("%s: warning: %s\n" % (prog, w))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
