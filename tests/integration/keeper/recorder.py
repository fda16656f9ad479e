"""Transcript recorder for the ZooKeeper differential harness (scenarios in scenarios.py).

Each scenario drives one fresh server through kazoo (what users run) and, for
what kazoo 2.8 cannot send, through jute_client.RawSession. Everything a client
can observe is appended to one transcript (a list of JSON-able records):

  {"kind": "op",    "c": client, "op": name, "args": [...], "result"|"error": ..., "zxid": n}
  {"kind": "raw",   "c": client, "op": name, "args": [...], "frames": [...]}   wire order
  {"kind": "event", "c": client, "w": watch tag, "type": ..., "path": ...}
  {"kind": "state", "c": client, "state": ...}                               kazoo listener
  {"kind": "4lw",   "word": ..., "lines": [...]}

Determinism: after every operation Recorder.barrier() sends a sync on every
open session (in creation order) and, for kazoo, waits until the callback
thread has run everything queued before the sync reply. A server delivers a
session's watch events before that session's later replies, so all events
caused by the operation are recorded right after it, per session, in arrival
order, without sleeping. Every wait is bounded.
"""

import logging
import re
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import ZookeeperError
from kazoo.protocol.states import Callback
from kazoo.security import ACL

import jute_client as jc
from jute_client import RawSession, e_str, data_repr, STAT_FIELDS
import zk_server

logging.getLogger("kazoo").setLevel(logging.CRITICAL)

CALL_TIMEOUT_S = 8.0
BARRIER_TIMEOUT_S = 5.0
KAZOO_EVENT = {"CREATED": "NodeCreated", "DELETED": "NodeDeleted",
               "CHANGED": "NodeDataChanged", "CHILD": "NodeChildrenChanged", "NONE": "None"}

# bounded retries: reconnects stay fast, recipes' command retries end
KAZOO_CONN_RETRY = {"max_tries": 40, "delay": 0.05, "backoff": 1.5, "max_jitter": 0.05,
                    "max_delay": 0.5}
KAZOO_CMD_RETRY = {"max_tries": 3, "delay": 0.05, "max_jitter": 0.05, "max_delay": 0.5,
                   "deadline": 8.0}

SCENARIOS = {}


class ScenarioSpec:
    def __init__(self, fn, name, extended_types, tick_time_ms, four_lw, timeout_s, jvm_props):
        self.fn, self.name = fn, name
        self.extended_types = extended_types
        self.tick_time_ms = tick_time_ms
        self.four_lw = four_lw
        self.timeout_s = timeout_s
        self.jvm_props = jvm_props or {}


def scenario(name, extended_types=False, tick_time_ms=500, four_lw="*", timeout_s=30.0,
             jvm_props=None):
    """Register a scenario. jvm_props are server knobs: -D for ZooKeeper, zoo.cfg lines
    for other servers."""
    def deco(fn):
        SCENARIOS[name] = ScenarioSpec(fn, name, extended_types, tick_time_ms, four_lw,
                                       timeout_s, jvm_props)
        return fn
    return deco


class W:
    """Marker for 'register a watcher tagged <tag> here'."""

    def __init__(self, tag):
        self.tag = tag


def stat_json(st):
    return {f: getattr(st, f) for f in STAT_FIELDS}


def acl_json(acl):
    return {"perms": acl.perms, "scheme": acl.id.scheme, "id": acl.id.id}


def err_of(exc):
    if isinstance(exc, ZookeeperError) and hasattr(exc, "code"):
        return "RolledBack(0)" if exc.code == 0 else jc.err_name(exc.code)
    return type(exc).__name__


def to_json(v):
    """kazoo results -> JSON-able values."""
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, bytes):
        return data_repr(v)
    if isinstance(v, BaseException):
        return {"error": err_of(v)}
    if hasattr(v, "_fields") and "czxid" in v._fields:
        return stat_json(v)
    if isinstance(v, ACL):
        return acl_json(v)
    if isinstance(v, (list, tuple)):
        return [to_json(x) for x in v]
    return repr(v)


def shape_result(method, kw, result):
    """Name the parts of kazoo's tuple results (same keys as jute_client replies)."""
    if method == "get" and isinstance(result, list):
        return {"data": result[0], "stat": result[1]}
    if method == "get_acls" and isinstance(result, list):
        return {"acl": result[0], "stat": result[1]}
    if method == "get_children" and isinstance(result, list):
        if kw.get("include_data"):
            return {"children": result[0], "stat": result[1]}
        return {"children": result}
    if method == "create" and kw.get("include_data") and isinstance(result, list):
        return {"path": result[0], "stat": result[1]}
    return result


def arg_json(a):
    if isinstance(a, W):
        return "watch:" + a.tag
    if isinstance(a, bytes):
        return data_repr(a)
    if isinstance(a, (list, tuple)):
        return [arg_json(x) for x in a]
    if isinstance(a, ACL):
        return acl_json(a)
    if isinstance(a, (bool, int, str)) or a is None:
        return a
    return repr(a)


class Recorder:
    """Runs one scenario against one server and builds its transcript."""

    def __init__(self, server_port, host="127.0.0.1"):
        self.port = server_port
        self.host = host
        self.records = []
        self.clients = {}          # name -> ("kazoo", KazooClient) | ("raw", RawSession)
        self.pending = {}          # name -> list of kazoo event/state records
        self.lock = threading.Lock()
        self.session_ids = []      # raw session ids, in order of appearance
        self.t_start_ms = int(time.time() * 1000)
        self.t_end_ms = None

    # ------------------------------------------------------------ bookkeeping
    def note_session(self, sid):
        if sid and sid not in self.session_ids:
            self.session_ids.append(sid)

    def add(self, rec):
        self.records.append(rec)
        return rec

    def note(self, text):
        """A label in the transcript (helps read reports)."""
        self.add({"kind": "note", "text": text})

    # ------------------------------------------------------------ kazoo
    def kazoo(self, name, timeout_s=10.0, auth=None, listen=False, **kw):
        kz = KazooClient(hosts="%s:%d" % (self.host, self.port), timeout=timeout_s,
                         auth_data=auth, connection_retry=KAZOO_CONN_RETRY,
                         command_retry=KAZOO_CMD_RETRY, **kw)
        self.pending[name] = []
        if listen:
            kz.add_listener(lambda st, n=name: self._push(n, {"kind": "state", "c": n,
                                                                "state": str(st)}))
        try:
            kz.start(timeout=CALL_TIMEOUT_S)
        except Exception as exc:   # noqa: BLE001 - recorded as an observation
            self.add({"kind": "connect", "c": name, "error": err_of(exc)})
            kz.stop()
            kz.close()
            return None
        self.clients[name] = ("kazoo", kz)
        self.note_session(kz.client_id[0])
        self.add({"kind": "connect", "c": name, "session": kz.client_id[0],
                  "zxid": kz.last_zxid})
        self.barrier()
        return kz

    def _push(self, name, rec):
        with self.lock:
            self.pending.setdefault(name, []).append(rec)

    def _watcher(self, name, tag):
        def fn(ev):
            self._push(name, {"kind": "event", "c": name, "w": tag,
                              "type": KAZOO_EVENT.get(str(ev.type), str(ev.type)),
                              "path": ev.path, "state": str(ev.state)})
        return fn

    def _bind(self, name, v):
        return self._watcher(name, v.tag) if isinstance(v, W) else v

    def kz(self, name, method, *args, _barrier=True, **kw):
        """Call KazooClient.<method>_async(*args) with a bounded wait; record it.

        _barrier=False leaves events/state changes pending (see wait_connected)."""
        kind, client = self.clients[name]
        assert kind == "kazoo"
        rec = {"kind": "op", "c": name, "op": method,
               "args": [arg_json(a) for a in args]}
        if kw:
            rec["kw"] = {k: arg_json(v) for k, v in sorted(kw.items())}
        args = [self._bind(name, a) for a in args]
        kw = {k: self._bind(name, v) for k, v in kw.items()}
        try:
            result = getattr(client, method + "_async")(*args, **kw).get(timeout=CALL_TIMEOUT_S)
            rec["result"] = shape_result(method, kw, to_json(result))
        except Exception as exc:   # noqa: BLE001 - errors are observations
            rec["error"] = err_of(exc)
        rec["zxid"] = client.last_zxid
        self.add(rec)
        if _barrier:
            self.barrier()
        return rec

    def wait_connected(self, name, timeout_s=8.0):
        """After a dropped connection: wait (bounded) for kazoo to reconnect, then barrier."""
        client = self.clients[name][1]
        deadline = time.monotonic() + timeout_s
        while not client.connected and time.monotonic() < deadline:
            time.sleep(0.02)
        self.barrier()

    def tx(self, name, ops):
        """A kazoo transaction; ops: list of (method, args...)."""
        kind, client = self.clients[name]
        t = client.transaction()
        for op in ops:
            getattr(t, op[0])(*op[1:])
        rec = {"kind": "op", "c": name, "op": "transaction",
               "args": [[op[0]] + [arg_json(a) for a in op[1:]] for op in ops]}
        try:
            rec["result"] = to_json(t.commit_async().get(timeout=CALL_TIMEOUT_S))
        except Exception as exc:   # noqa: BLE001
            rec["error"] = err_of(exc)
        rec["zxid"] = client.last_zxid
        self.add(rec)
        self.barrier()
        return rec

    def kz_close(self, name):
        kind, client = self.clients.pop(name)
        try:
            client.stop()
        finally:
            client.close()
        self.add({"kind": "close", "c": name})
        self._flush(name)
        self.barrier()

    def _kazoo_barrier(self, name, client):
        if not client.connected:
            return
        try:
            client.sync_async("/").get(timeout=BARRIER_TIMEOUT_S)
        except Exception as exc:   # noqa: BLE001
            self.add({"kind": "barrier", "c": name, "error": err_of(exc)})
            return
        done = threading.Event()
        client.handler.dispatch_callback(Callback("marker", done.set, ()))
        if not done.wait(BARRIER_TIMEOUT_S):
            self.add({"kind": "barrier", "c": name, "error": "callback queue stuck"})

    def _flush(self, name):
        with self.lock:
            items, self.pending[name] = self.pending.get(name, []), []
        self.records.extend(sort_fanout(items))

    # ------------------------------------------------------------ raw
    def raw(self, name, timeout_ms=10000, **kw):
        s = RawSession(self.port, self.host)
        resp = s.connect(timeout_ms=timeout_ms, **kw)
        self.note_session(resp.get("sessionId"))
        self.clients[name] = ("raw", s)
        self.add({"kind": "rawconnect", "c": name, "args": {"timeout_ms": timeout_ms},
                  "response": resp})
        self.barrier()
        return s

    def rw(self, name, op, body=b"", args=None, barrier=True):
        """One raw request; records every frame read until its reply (wire order)."""
        kind, s = self.clients[name]
        assert kind == "raw"
        if s.sock is None:
            self.add({"kind": "raw", "c": name, "op": op, "args": args, "frames": ["no socket"]})
            return []
        if op == "auth":
            frames = s.auth(*args)
        else:
            frames = s.call(op, body)
        self.add({"kind": "raw", "c": name, "op": op, "args": arg_json(args), "frames": frames})
        if barrier:
            self.barrier()
        return frames

    def raw_drain(self, name, timeout_s, until_events=None):
        """Frames arriving within timeout_s; stop early once until_events events came."""
        kind, s = self.clients[name]
        frames = s.drain(timeout_s, until_events) if s.sock is not None else []
        if frames:
            self.add({"kind": "rawdrain", "c": name, "frames": frames})
        return frames

    def raw_close(self, name, send_close=True):
        kind, s = self.clients.pop(name)
        frames = s.close_session() if send_close and s.sock is not None else []
        s.abandon()
        self.add({"kind": "rawclose", "c": name, "frames": frames})
        self.barrier()

    def _raw_barrier(self, name, s):
        if s.sock is None or s.closed_by_peer:
            return
        try:
            frames = s.call("sync", e_str("/"), timeout_s=BARRIER_TIMEOUT_S)
        except OSError as exc:
            self.add({"kind": "barrier", "c": name, "error": type(exc).__name__})
            return
        for f in frames:
            if f.get("kind") == "reply" and f.get("op") == "sync" and f.get("err") == "Ok":
                continue
            f = dict(f)
            f["c"] = name
            if f.get("kind") == "event":
                f["via"] = "wire"
            self.add(f)

    # ------------------------------------------------------------ shared
    def barrier(self):
        for name, (kind, c) in list(self.clients.items()):
            if kind == "kazoo":
                self._kazoo_barrier(name, c)
                self._flush(name)
            else:
                self._raw_barrier(name, c)

    def wait_events(self, name, count, timeout_s):
        """Wait (bounded) until kazoo client `name` has `count` pending records, then flush."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.pending.get(name, [])) >= count:
                    break
            time.sleep(0.02)
        with self.lock:
            got = len(self.pending.get(name, []))
        self.add({"kind": "waited", "c": name, "want": count, "got": min(got, count)})
        self._flush(name)

    def four(self, word):
        out = zk_server.four_letter_word(self.port, word, timeout_s=3.0, host=self.host)
        self.add({"kind": "4lw", "word": word, "lines": parse_4lw(word, out)})

    def close_all(self):
        for name in list(self.clients):
            kind, c = self.clients.pop(name)
            if kind == "kazoo":
                try:
                    c.stop()
                    c.close()
                except Exception:   # noqa: BLE001
                    pass
            else:
                c.abandon()
        self.t_end_ms = int(time.time() * 1000)


# ------------------------------------------------------------ four-letter words
_MNTR_KEEP = ("zk_server_state", "zk_znode_count", "zk_watch_count", "zk_ephemerals_count",
              "zk_approximate_data_size", "zk_num_alive_connections", "zk_outstanding_requests")
_MNTR_PRESENT = ("zk_version", "zk_avg_latency", "zk_max_latency", "zk_min_latency",
                 "zk_packets_received", "zk_packets_sent", "zk_open_file_descriptor_count",
                 "zk_max_file_descriptor_count")
_CONF_KEEP = ("tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout",
              "serverId", "clientPortAddress")


def sort_fanout(items):
    """kazoo hands one wire event to every watcher registered for it in set order
    (unordered). Sort each run of identical (type, path) events by watch tag."""
    out, i = [], 0
    while i < len(items):
        j = i + 1
        key = (items[i].get("kind"), items[i].get("type"), items[i].get("path"))
        while j < len(items) and key[0] == "event" and \
                (items[j].get("kind"), items[j].get("type"), items[j].get("path")) == key:
            j += 1
        out.extend(sorted(items[i:j], key=lambda r: str(r.get("w"))))
        i = j
    return out


def _blocks(lines):
    """Group 'header' + following tab-indented lines; sort inside and between blocks."""
    blocks, cur = [], None
    for l in lines:
        if l.startswith("\t") and cur is not None:
            cur[1].append(l)
        elif l.strip():
            cur = (l, [])
            blocks.append(cur)
    return [x for h, body in sorted(blocks) for x in [h] + sorted(body)]


def _norm_dump(lines):
    """dump: sessions, ephemerals per session and connections, without the
    expiry-bucket layout (that depends on wall-clock timing)."""
    out, section, sessions, conns, eph = [], None, [], [], []
    for l in lines:
        if l.startswith("SessionTracker dump"):
            section = "sessions"
        elif l.startswith("ephemeral nodes dump"):
            section = "ephemerals"
        elif l.startswith("Connections dump"):
            section = "connections"
        elif section == "sessions" and l.startswith("\t"):
            sessions.append(l.strip())
        elif section == "connections" and l.startswith("\t"):
            conns.append(_norm_4lw_line(l.strip()))
        elif section == "ephemerals" and not l.startswith("Sessions with Ephemerals"):
            eph.append(l)
        elif section == "ephemerals":
            out.append(l)
    return (["sessions: " + " ".join(sorted(sessions))] + out + _blocks(eph)
            + ["connections: %d" % len(conns)] + sorted(conns))


def _norm_4lw_line(line):
    line = re.sub(r"^Zookeeper version: (\d+\.\d+)\.\S*.*$", r"Zookeeper version: \1.<x>", line)
    line = re.sub(r"^Latency min/avg/max: [\d.]+/[\d.]+/[\d.]+$", "Latency min/avg/max: <n>", line)
    line = re.sub(r"^(Received|Sent): \d+$", r"\1: <n>", line)
    line = re.sub(r"/127\.0\.0\.1:\d+", "/127.0.0.1:<port>", line)
    line = re.sub(r"\((queued|recved|sent)=\d+", r"(\1=<n>", line)
    line = re.sub(r",(queued|recved|sent)=\d+", r",\1=<n>", line)
    return line


def parse_4lw(word, out):
    """Keep what a tool could rely on, mask what legitimately differs."""
    lines = out.splitlines()
    if "is not executed because" in out or not lines:
        return lines
    if word == "dump":
        return _norm_dump(lines)
    if word in ("wchc", "wchp"):
        return _blocks(lines)
    if word == "stat":
        # one " /ip:port[ready](counters)" line per connection, in hash order
        conns = sorted(_norm_4lw_line(l) for l in lines if l.startswith(" /"))
        rest = [_norm_4lw_line(l) for l in lines if not l.startswith(" /")]
        at = rest.index("Clients:") + 1 if "Clients:" in rest else 0
        return rest[:at] + conns + rest[at:]
    if word == "mntr":
        kv = dict(l.split("\t", 1) for l in lines if "\t" in l)
        return ([k + "\t" + kv.get(k, "<missing>") for k in _MNTR_KEEP]
                + [k + ("\t<present>" if k in kv else "\t<missing>") for k in _MNTR_PRESENT])
    if word == "conf":
        kv = dict(l.split("=", 1) for l in lines if "=" in l)
        return [k + "=" + kv.get(k, "<missing>") for k in _CONF_KEEP]
    if word == "cons":
        # one line per connection + trailing blank; details are per-connection counters
        return ["%d connection lines" % sum(1 for l in lines if l.strip().startswith("/"))]
    return [_norm_4lw_line(l) for l in lines]
