"""A tiny, single-threaded ZooKeeper wire client for the differential harness.

kazoo 2.8 cannot send addWatch, removeWatches, checkWatches, getEphemerals,
getAllChildrenNumber, whoAmI, createContainer, createTTL or multiRead, and it
hides the wire order of watch events relative to replies. This client sends
raw jute records (layouts: /work/shared/protocol/zookeeper/zookeeper.jute) and
returns every frame it reads, in wire order, as JSON-able dicts.

Decoding is strict enough for tests: a malformed frame raises ProtocolError,
which the caller records as an observation.
"""

import socket
import struct
import time

OP = {
    "notification": 0, "create": 1, "delete": 2, "exists": 3, "getData": 4,
    "setData": 5, "getACL": 6, "setACL": 7, "getChildren": 8, "sync": 9,
    "ping": 11, "getChildren2": 12, "check": 13, "multi": 14, "create2": 15,
    "reconfig": 16, "checkWatches": 17, "removeWatches": 18, "createContainer": 19,
    "deleteContainer": 20, "createTTL": 21, "multiRead": 22, "auth": 100,
    "setWatches": 101, "sasl": 102, "getEphemerals": 103, "getAllChildrenNumber": 104,
    "setWatches2": 105, "addWatch": 106, "whoAmI": 107, "createSession": -10,
    "closeSession": -11, "error": -1,
}
OP_NAME = {v: k for k, v in OP.items()}

ERR_NAME = {
    0: "Ok", -1: "SystemError", -2: "RuntimeInconsistency", -3: "DataInconsistency",
    -4: "ConnectionLoss", -5: "MarshallingError", -6: "Unimplemented",
    -7: "OperationTimeout", -8: "BadArguments", -12: "UnknownSession",
    -13: "NewConfigNoQuorum", -14: "ReconfigInProgress", -100: "APIError",
    -101: "NoNode", -102: "NoAuth", -103: "BadVersion", -108: "NoChildrenForEphemerals",
    -110: "NodeExists", -111: "NotEmpty", -112: "SessionExpired", -113: "InvalidCallback",
    -114: "InvalidACL", -115: "AuthFailed", -118: "SessionMoved", -119: "NotReadOnly",
    -120: "EphemeralOnLocalSession", -121: "NoWatcher", -122: "RequestTimeout",
    -123: "ReconfigDisabled", -124: "SessionClosedRequireSaslAuth", -125: "QuotaExceeded",
    -127: "Throttled",
}
EVENT_NAME = {-1: "None", 1: "NodeCreated", 2: "NodeDeleted", 3: "NodeDataChanged",
              4: "NodeChildrenChanged", 5: "DataWatchRemoved", 6: "ChildWatchRemoved",
              7: "PersistentWatchRemoved"}
STATE_NAME = {-1: "Unknown", 0: "Disconnected", 3: "SyncConnected", 4: "AuthFailed",
              5: "ConnectedReadOnly", 6: "SaslAuthenticated", -112: "Expired", 7: "Closed"}
STAT_FIELDS = ("czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion",
               "ephemeralOwner", "dataLength", "numChildren", "pzxid")
_STAT = struct.Struct(">qqqqiiiqiiq")

WATCH_XID, PING_XID, AUTH_XID, SET_WATCHES_XID = -1, -2, -4, -8
OPEN_ACL_UNSAFE = [(31, "world", "anyone")]
MAX_FRAME_BYTES = 16 * 1024 * 1024


class ProtocolError(Exception):
    pass


def err_name(code):
    return ERR_NAME.get(code, "Err(%d)" % code)


# ---------------------------------------------------------------- encoding
def e_int(v):
    return struct.pack(">i", v)


def e_long(v):
    return struct.pack(">q", v)


def e_bool(v):
    return b"\x01" if v else b"\x00"


def e_buf(b):
    return e_int(-1) if b is None else e_int(len(b)) + bytes(b)


def e_str(s):
    return e_buf(None if s is None else s.encode("utf-8"))


def e_strs(items):
    return e_int(len(items)) + b"".join(e_str(s) for s in items)


def e_acls(acls):
    return e_int(len(acls)) + b"".join(e_int(p) + e_str(sch) + e_str(i) for p, sch, i in acls)


def create_body(path, data=b"", acl=OPEN_ACL_UNSAFE, flags=0, ttl=None):
    body = e_str(path) + e_buf(data) + e_acls(acl) + e_int(flags)
    return body + (e_long(ttl) if ttl is not None else b"")


def path_watch(path, watch=False):
    return e_str(path) + e_bool(watch)


def path_int(path, v):
    return e_str(path) + e_int(v)


def set_data_body(path, data, version=-1):
    return e_str(path) + e_buf(data) + e_int(version)


def set_acl_body(path, acl, version=-1):
    return e_str(path) + e_acls(acl) + e_int(version)


def multi_body(ops):
    """ops: list of (opname, body_bytes)."""
    out = b""
    for name, body in ops:
        out += e_int(OP[name]) + e_bool(False) + e_int(-1) + body
    return out + e_int(-1) + e_bool(True) + e_int(-1)


def set_watches2_body(rel_zxid, data=(), exist=(), child=(), persistent=(), recursive=()):
    return (e_long(rel_zxid) + e_strs(list(data)) + e_strs(list(exist)) + e_strs(list(child))
            + e_strs(list(persistent)) + e_strs(list(recursive)))


# ---------------------------------------------------------------- decoding
class Reader:
    def __init__(self, buf, off=0):
        self.buf, self.off = buf, off

    def _take(self, n):
        if n < 0 or self.off + n > len(self.buf):
            raise ProtocolError("short frame: need %d at %d of %d" % (n, self.off, len(self.buf)))
        b = self.buf[self.off:self.off + n]
        self.off += n
        return b

    def int(self):
        return struct.unpack(">i", self._take(4))[0]

    def long(self):
        return struct.unpack(">q", self._take(8))[0]

    def bool(self):
        return self._take(1) != b"\x00"

    def buf_(self):
        n = self.int()
        return None if n < 0 else self._take(n)

    def str(self):
        b = self.buf_()
        return None if b is None else b.decode("utf-8", "replace")

    def strs(self):
        n = self.int()
        if n < 0:
            return None
        return [self.str() for _ in range(min(n, 1 << 20))]

    def stat(self):
        return dict(zip(STAT_FIELDS, _STAT.unpack(self._take(_STAT.size))))

    def acls(self):
        n = self.int()
        return [{"perms": self.int(), "scheme": self.str(), "id": self.str()} for _ in range(n)]

    def rest(self):
        return len(self.buf) - self.off


def data_repr(b):
    """JSON-able form of znode data that keeps null / empty / binary apart."""
    if b is None:
        return None
    try:
        s = b.decode("utf-8")
        if all(c.isprintable() for c in s) and len(s) <= 64:
            return s
    except UnicodeDecodeError:
        pass
    if len(b) > 64:
        import hashlib
        return {"len": len(b), "sha1": hashlib.sha1(b).hexdigest()[:16]}
    return {"hex": b.hex()}


def decode_body(op, r):
    """Decode a successful reply body of opcode op."""
    if op in (OP["create"],):
        return {"path": r.str()}
    if op in (OP["create2"], OP["createContainer"], OP["createTTL"]):
        return {"path": r.str(), "stat": r.stat()}
    if op in (OP["exists"], OP["setData"], OP["setACL"]):
        return {"stat": r.stat()}
    if op == OP["getData"]:
        return {"data": data_repr(r.buf_()), "stat": r.stat()}
    if op == OP["getACL"]:
        return {"acl": r.acls(), "stat": r.stat()}
    if op == OP["getChildren"]:
        return {"children": r.strs()}
    if op == OP["getChildren2"]:
        return {"children": r.strs(), "stat": r.stat()}
    if op == OP["sync"]:
        return {"path": r.str()}
    if op in (OP["multi"], OP["multiRead"]):
        return {"results": decode_multi(r)}
    if op == OP["getEphemerals"]:
        return {"ephemerals": r.strs()}
    if op == OP["getAllChildrenNumber"]:
        return {"totalNumber": r.int()}
    if op == OP["addWatch"]:
        return {"body": {"err": err_name(r.int())}}
    if op == OP["whoAmI"]:
        n = r.int()
        return {"clientInfo": [{"authScheme": r.str(), "user": r.str()} for _ in range(n)]}
    return {}


def decode_multi(r):
    results = []
    for _ in range(10000):
        t, done, err = r.int(), r.bool(), r.int()
        if done:
            return results
        item = {"type": OP_NAME.get(t, t), "headerErr": err_name(err)}
        if t == OP["error"]:
            item["err"] = err_name(r.int())
        elif t in (OP["create"],):
            item["path"] = r.str()
        elif t in (OP["create2"], OP["createContainer"], OP["createTTL"]):
            item["path"], item["stat"] = r.str(), r.stat()
        elif t == OP["setData"]:
            item["stat"] = r.stat()
        elif t == OP["getData"]:
            item["data"], item["stat"] = data_repr(r.buf_()), r.stat()
        elif t == OP["getChildren"]:
            item["children"] = r.strs()
        results.append(item)
    raise ProtocolError("multi response without done marker")


# ---------------------------------------------------------------- session
class RawSession:
    """One TCP connection / ZooKeeper session. Not thread-safe; all I/O bounded."""

    def __init__(self, port, host="127.0.0.1", io_timeout_s=5.0):
        self.addr = (host, port)
        self.io_timeout_s = io_timeout_s
        self.sock = None
        self.xid = 0
        self.session_id = 0
        self.passwd = b"\0" * 16
        self.last_zxid = 0
        self.closed_by_peer = False
        self._rx = b""

    def connect(self, timeout_ms=10000, session_id=0, passwd=None, last_zxid=None,
                read_only=False):
        """Send ConnectRequest; return the ConnectResponse as a dict."""
        self.sock = socket.create_connection(self.addr, timeout=self.io_timeout_s)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        body = (e_int(0) + e_long(self.last_zxid if last_zxid is None else last_zxid)
                + e_int(timeout_ms) + e_long(session_id)
                + e_buf(passwd if passwd is not None else b"\0" * 16) + e_bool(read_only))
        self._send(body)
        frame = self._read_frame(self.io_timeout_s)
        if frame is None:
            return {"closed": True}
        r = Reader(frame)
        resp = {"protocolVersion": r.int(), "timeOut": r.int(), "sessionId": r.long()}
        pw = r.buf_()
        resp["passwdLen"] = None if pw is None else len(pw)
        if r.rest() >= 1:
            resp["readOnly"] = r.bool()
        if resp["timeOut"] > 0:
            self.session_id, self.passwd = resp["sessionId"], pw
        return resp

    def _send(self, body):
        """Send one frame. A peer that closes mid-send (e.g. on an oversized
        frame) is recorded like a close seen while reading."""
        try:
            self.sock.sendall(e_int(len(body)) + body)
        except OSError:
            self.closed_by_peer = True

    def send(self, op, body=b"", xid=None):
        if xid is None:
            self.xid += 1
            xid = self.xid
        self._send(e_int(xid) + e_int(OP[op] if isinstance(op, str) else op) + body)
        return xid

    def _read_frame(self, timeout_s):
        """One frame, or None on EOF/timeout (closed_by_peer set on EOF)."""
        deadline = time.monotonic() + timeout_s
        for _ in range(100000):
            if len(self._rx) >= 4:
                (n,) = struct.unpack(">i", self._rx[:4])
                if n < 0 or n > MAX_FRAME_BYTES:
                    raise ProtocolError("bad frame length %d" % n)
                if len(self._rx) >= 4 + n:
                    frame, self._rx = self._rx[4:4 + n], self._rx[4 + n:]
                    return frame
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(1 << 20)
            except socket.timeout:
                return None
            except OSError:   # ECONNRESET and friends: same as EOF for the transcript
                chunk = b""
            if not chunk:
                self.closed_by_peer = True
                return None
            self._rx += chunk
        return None

    def _parse(self, frame, pending):
        r = Reader(frame)
        xid, zxid, err = r.int(), r.long(), r.int()
        if xid == WATCH_XID:
            t, st, path = r.int(), r.int(), r.str()
            return {"kind": "event", "type": EVENT_NAME.get(t, t),
                    "state": STATE_NAME.get(st, st), "path": path, "zxid": zxid}
        if zxid > 0:
            self.last_zxid = zxid
        out = {"kind": "reply", "xid": xid, "zxid": zxid, "err": err_name(err)}
        op = pending.get(xid)
        if xid == PING_XID:
            out["op"] = "ping"
        elif xid == AUTH_XID:
            out["op"] = "auth"
        elif op is not None:
            out["op"] = OP_NAME.get(op, op)
            if err == 0 or op in (OP["multi"], OP["multiRead"]):
                if r.rest() > 0 or err == 0:
                    out.update(decode_body(op, r))
        if r.rest() > 0 and "op" in out and err == 0:
            out["trailingBytes"] = r.rest()
        return out

    def call(self, op, body=b"", xid=None, timeout_s=None):
        """Send one request; return all frames read up to and including its reply."""
        opcode = OP[op] if isinstance(op, str) else op
        xid = self.send(opcode, body, xid)
        if self.closed_by_peer:
            self._rx = b""
            return [{"kind": "closed"}]
        return self.read_until(xid, {xid: opcode}, timeout_s)

    def read_until(self, xid, pending, timeout_s=None):
        frames = []
        deadline = time.monotonic() + (timeout_s or self.io_timeout_s)
        for _ in range(10000):
            frame = self._read_frame(max(0.0, deadline - time.monotonic()))
            if frame is None:
                frames.append({"kind": "closed" if self.closed_by_peer else "timeout"})
                return frames
            f = self._parse(frame, pending)
            frames.append(f)
            if f["kind"] == "reply" and f["xid"] == xid:
                return frames
        return frames

    def drain(self, timeout_s=0.3, until_events=None):
        """Frames that arrive within timeout_s (e.g. late watch events); with
        until_events, return as soon as that many watch events arrived."""
        frames = []
        deadline = time.monotonic() + timeout_s
        for _ in range(10000):
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if until_events is not None and \
                    sum(1 for f in frames if f.get("kind") == "event") >= until_events:
                break
            frame = self._read_frame(left)
            if frame is None:
                if self.closed_by_peer:
                    frames.append({"kind": "closed"})
                break
            frames.append(self._parse(frame, {}))
        return frames

    def ping(self):
        return self.call(OP["ping"], b"", xid=PING_XID)

    def auth(self, scheme, credential):
        return self.call(OP["auth"], e_int(0) + e_str(scheme) + e_buf(credential), xid=AUTH_XID)

    def close_session(self):
        frames = self.call("closeSession")
        self.abandon()
        return frames

    def abandon(self):
        if self.sock is not None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.sock = None
