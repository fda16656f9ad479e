#!/usr/bin/python3
"""Regenerates the ZooKeeper 3.8 known-answer data read by tst_zk_format_zk38.

Runs the real ZooKeeper 3.8 server (Debian's `zookeeper` package) on a temporary data dir and
a free 127.0.0.1 port, drives it with kazoo, and copies what it wrote:

  zk38/version-2/log.*, snapshot.*   transaction logs and snapshots (uncompressed)
  zk38-gz/version-2/snapshot.<z>.gz  the final snapshot again, zookeeper.snapshot.compression.method=gz
  zk38-snappy/version-2/snapshot.<z>.snappy   the same with snappy
  zk38/expected.json                 the tree as kazoo saw it (longs as decimal strings), the
                                     session ids, and the txn types in the order the operations
                                     were sent

Small files: zookeeper.preAllocSize=4 (KiB) and zookeeper.snapCount=10, so the server rolls its
log and snapshots every few transactions. Session A stays open while the server is stopped, so
its ephemeral node and its session are in the snapshot taken when the server starts again (a
clean snapshot of the whole tree at the last zxid).

Usage: /usr/bin/python3 generate_zk38.py   (the python3 first on PATH may lack kazoo)
Kills only the server processes it started, by their pid.
"""
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from kazoo.client import KazooClient
from kazoo.protocol.serialization import Create
from kazoo.security import ACL, Id, make_digest_acl_credential
from kazoo.exceptions import NodeExistsError

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSPATH = "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar"

# ZooDefs.OpCode values of the transactions the operations below log.
CREATE, DELETE, SET_DATA, SET_ACL, MULTI, CREATE2 = 1, 2, 5, 7, 14, 15
CREATE_SESSION, CLOSE_SESSION, ERROR = -10, -11, -1


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, work, port, extra_props=()):
        self.work = work
        self.port = port
        cfg = os.path.join(work, "zoo.cfg")
        with open(cfg, "w") as f:
            f.write(f"tickTime=2000\ndataDir={work}/data\nclientPort={port}\n"
                    "clientPortAddress=127.0.0.1\nadmin.enableServer=false\n"
                    "maxSessionTimeout=120000\n")
        props = ["-Dzookeeper.preAllocSize=4", "-Dzookeeper.snapCount=10",
                 "-Dzookeeper.root.logger=INFO,CONSOLE", f"-Dzookeeper.log.dir={work}",
                 *extra_props]
        self.log = open(os.path.join(work, "server.log"), "ab")
        self.proc = subprocess.Popen(
            ["java", "-cp", CLASSPATH, *props,
             "org.apache.zookeeper.server.ZooKeeperServerMain", cfg],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.wait_ready()

    def wait_ready(self):
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"server exited: see {self.work}/server.log")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"srvr")
                    if b"Zookeeper version" in s.recv(4096):
                        return
            except OSError:
                pass
            time.sleep(0.2)
        self.stop()
        sys.exit("server did not start")

    def stop(self):
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def client(port):
    zk = KazooClient(hosts=f"127.0.0.1:{port}", timeout=60.0)
    zk.start(timeout=30)
    return zk


def run_operations(zk_a, zk_b):
    """The operations, and the txn types ZooKeeper logs for them, in order."""
    types = [CREATE_SESSION, CREATE_SESSION]  # sessions A and B connecting
    open_acl = [ACL(31, Id("world", "anyone"))]
    zk_a.create("/app", b"hello")
    types.append(CREATE)
    zk_a.create("/app/empty", b"")
    types.append(CREATE)
    result = zk_a.handler.async_result()
    zk_a._call(Create("/app/null", None, open_acl, 0), result)  # kazoo's create() refuses None
    result.get(10)
    types.append(CREATE)
    zk_a.create("/app/binary", bytes(range(256)), include_data=True)
    types.append(CREATE2)
    seq = []
    for _ in range(3):
        seq.append(zk_a.create("/app/seq-", b"s", sequence=True))
        types.append(CREATE)
    zk_a.delete(seq[1])
    types.append(DELETE)
    zk_a.create("/app/eph", b"ephemeral of A", ephemeral=True)
    types.append(CREATE)
    zk_b.create("/app/eph-b", b"ephemeral of B", ephemeral=True)
    types.append(CREATE)
    zk_a.create("/app/eph-seq-", b"", ephemeral=True, sequence=True)
    types.append(CREATE)
    zk_a.set("/app", b"hello again")
    zk_a.set("/app", b"hello, third version")
    types += [SET_DATA, SET_DATA]
    zk_a.create("/acl", b"")
    zk_a.create("/acl/world", b"w", acl=[ACL(1 | 2, Id("world", "anyone"))])
    zk_a.create("/acl/digest", b"d",
                acl=[ACL(31, Id("digest", make_digest_acl_credential("user", "secret")))])
    zk_a.create("/acl/ip", b"i", acl=[ACL(31, Id("ip", "127.0.0.1")), ACL(1, Id("world", "anyone"))])
    types += [CREATE] * 4
    zk_a.set_acls("/acl", [ACL(31, Id("world", "anyone")), ACL(1, Id("ip", "10.0.0.0/8"))])
    types.append(SET_ACL)
    try:
        zk_a.create("/app", b"exists already")
    except NodeExistsError:
        pass
    types.append(ERROR)
    tx = zk_a.transaction()
    tx.create("/multi", b"m")
    tx.create("/multi/child", b"c")
    tx.set_data("/app/empty", b"now full")
    tx.delete(seq[2])
    tx.check("/app", 2)
    tx.commit()
    types.append(MULTI)
    tx = zk_a.transaction()  # fails on the version check: logged as a multi of error txns
    tx.create("/multi/never", b"")
    tx.check("/app", 99)
    tx.commit()
    types.append(MULTI)
    zk_b.stop()  # session B closes: its ephemeral goes with it
    zk_b.close()
    types.append(CLOSE_SESSION)
    return types


def tree(zk, path="/"):
    data, stat = zk.get(path)
    acls, _ = zk.get_acls(path)
    node = {
        "path": path,
        "data": None if data is None else base64.b64encode(data).decode(),
        # Longs as decimal strings: JSON readers keep only 53 bits of a number.
        "stat": {k: str(getattr(stat, k)) for k in (
            "czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion",
            "ephemeralOwner", "dataLength", "numChildren", "pzxid")},
        "acl": [{"perms": a.perms, "scheme": a.id.scheme, "id": a.id.id} for a in acls],
    }
    out = [node]
    for child in sorted(zk.get_children(path)):
        out += tree(zk, (path.rstrip("/") + "/" + child))
    return out


def copy_files(src, dst, keep=lambda name: True):
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if keep(name):
            shutil.copy2(os.path.join(src, name), os.path.join(dst, name))


def restart_for_snapshot(work, port, method):
    """Starts the server once more with another snapshot compression method; returns the name
    of the snapshot it wrote at start-up."""
    version2 = os.path.join(work, "data", "version-2")
    before = set(os.listdir(version2))
    server = Server(work, port, [f"-Dzookeeper.snapshot.compression.method={method}"])
    server.stop()
    new = sorted(set(os.listdir(version2)) - before)
    if len(new) != 1 or not new[0].endswith("." + method):
        sys.exit(f"expected one new .{method} snapshot, got {new}")
    return new[0]


def main():
    work = tempfile.mkdtemp(prefix="zk38-gen-")
    port = free_port()
    server = Server(work, port)
    try:
        zk_a = client(port)
        zk_b = client(port)
        sessions = {"a": str(zk_a.client_id[0]), "b": str(zk_b.client_id[0])}
        types = run_operations(zk_a, zk_b)
        zk_a.add_auth("digest", "user:secret")  # to read /acl/digest; not a txn
        seen = tree(zk_a)
    finally:
        server.stop()  # session A is still open
    zk_a.stop()
    zk_a.close()
    server = Server(work, port)  # loads snapshot + log, writes a clean snapshot at the last zxid
    server.stop()

    version2 = os.path.join(work, "data", "version-2")
    out = os.path.join(HERE, "zk38")
    shutil.rmtree(out, ignore_errors=True)
    copy_files(version2, os.path.join(out, "version-2"))
    for method in ("gz", "snappy"):
        name = restart_for_snapshot(work, port, method)
        dst = os.path.join(HERE, "zk38-" + method)
        shutil.rmtree(dst, ignore_errors=True)
        copy_files(version2, os.path.join(dst, "version-2"), lambda n, name=name: n == name)
        os.remove(os.path.join(version2, name))
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump({"zookeeper": "3.8.0", "sessions": sessions, "txnTypes": types, "tree": seen},
                  f, indent=1, sort_keys=True)
        f.write("\n")
    shutil.rmtree(work)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
