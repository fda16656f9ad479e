#!/usr/bin/python3
"""pier-keeper with real clients over its whole life: durability across kill -9 and SIGTERM,
sessions that survive a restart, the Java zkCli and the C client (libzookeeper's cli_mt), and
data directories exchanged with a real ZooKeeper 3.8 in both directions.

  keeper_lifecycle.py --keeper build/broker-core/pier-keeper [--only NAME ...]

Each check starts its own servers on free loopback ports (zk_server.ServerProcess) and stops
only the processes it started. Every load loop is bounded in count and time. Exit status 1 on
any failure, with the check's name and what differed.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import zk_server  # noqa: E402

try:
    from kazoo.client import KazooClient
    from kazoo.exceptions import NoNodeError
except ImportError as exc:  # run with /usr/bin/python3 (Debian's python3-kazoo)
    print("keeper_lifecycle: kazoo is missing (%s); run make deps and use /usr/bin/python3" % exc)
    sys.exit(2)

ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
CLI_MT = "/usr/lib/zookeeper/bin/cli_mt"
from checks import CHECKS, Failure, check, expect  # noqa: E402


def client(server, timeout=10.0):
    zk = KazooClient(hosts=server.hosts, timeout=timeout)
    zk.start(timeout=timeout)
    return zk


def stop_quietly(zk):
    try:
        zk.stop()
        zk.close()
    except Exception:  # noqa: BLE001 - the server may be gone on purpose
        pass


STARTED = []  # every server process a check started; stopped after each check, whatever happened


def stop_all():
    while STARTED:
        srv = STARTED.pop()
        try:
            zk_server.ServerProcess.stop(srv, kill=True)
        except Exception:  # noqa: BLE001 - best effort after a failure
            pass


class KeeperProcess(zk_server.ServerProcess):
    """pier-keeper; stopping it also checks its log: every transaction it prepared or replayed
    must agree with ZooKeeper's tree digest ("Digests are not matching" is a bug)."""

    def start(self, timeout_s=30.0):
        STARTED.append(self)
        return super().start(timeout_s)

    def stop(self, timeout_s=10.0, kill=False):
        super().stop(timeout_s, kill)
        try:
            with open(self.log_path, "rb") as f:
                log = f.read().decode("utf-8", "replace")
        except OSError:
            return
        expect("Digests are not matching" not in log, "pier-keeper logged a digest mismatch:\n" + log[-2000:])


def keeper_server(args, tmpdir, port=None, name="keeper", cfg_extra=None):
    return KeeperProcess(zk_server.binary_factory(args.keeper), name=name, tmpdir=tmpdir, port=port,
                         keep_dir=True, cfg_extra=cfg_extra)


def tree(zk, path="/"):
    """Every znode below `path` (skipping /zookeeper) -> (data, version, cversion, czxid,
    mzxid, pzxid, ephemeral owner != 0, numChildren)."""
    out = {}
    stack = [path]
    while stack:
        p = stack.pop()
        if p.startswith("/zookeeper"):
            continue
        data, stat = zk.get(p)
        out[p] = (data, stat.version, stat.cversion, stat.czxid, stat.mzxid, stat.pzxid,
                  stat.ephemeralOwner != 0, stat.numChildren)
        for child in zk.get_children(p):
            stack.append(("" if p == "/" else p) + "/" + child)
    return out


@check
def durability_kill9(args):
    """Acknowledged creates survive kill -9 in the middle of a write burst (fsync before the
    answer); nothing unacknowledged half-exists; sequential numbers stay unique."""
    tmp = tempfile.mkdtemp(prefix="keeper-kill9-")
    try:
        srv = keeper_server(args, tmp).start()
        zk = client(srv)
        zk.create("/d", b"")
        acked, pending = [], []
        deadline = time.monotonic() + 20
        for i in range(3000):
            if time.monotonic() > deadline:
                break
            pending.append((i, zk.create_async("/d/n-", b"v%d" % i, sequence=True)))
            if i == 1500:
                srv.stop(kill=True)  # SIGKILL while requests are in flight
                break
            if len(pending) >= 64:
                j, res = pending.pop(0)
                acked.append((j, res.get(timeout=10)))
        for j, res in pending:
            try:
                acked.append((j, res.get(timeout=5)))
            except Exception:  # noqa: BLE001 - lost with the server: unacknowledged
                pass
        stop_quietly(zk)
        expect(len(acked) >= 100, "too few creates acknowledged before the kill: %d" % len(acked))
        srv = keeper_server(args, tmp).start()
        zk = client(srv)
        children = zk.get_children("/d")
        for j, path in acked:
            data, _ = zk.get(path)
            expect(data == b"v%d" % j, "%s holds %r, acknowledged as v%d" % (path, data, j))
        expect(len(set(children)) == len(children), "duplicate sequential names")
        expect(len(children) >= len(acked), "%d acknowledged, %d present" % (len(acked), len(children)))
        for name in children:
            data, _ = zk.get("/d/" + name)
            expect(data.startswith(b"v"), "%s has no data of ours" % name)
        stop_quietly(zk)
        srv.stop()
        print("  %d acknowledged creates before kill -9, all present after restart (%d nodes)"
              % (len(acked), len(children)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@check
def restart_keeps_sessions(args):
    """SIGTERM and restart: the database is back, and a client session (with its ephemeral
    node) lives on: kazoo reconnects with its session id and password."""
    tmp = tempfile.mkdtemp(prefix="keeper-restart-")
    try:
        srv = keeper_server(args, tmp).start()
        zk = client(srv, timeout=15.0)
        zk.create("/keep", b"data")
        zk.create("/keep/eph", b"", ephemeral=True)
        session = zk.client_id[0]
        before = tree(zk)
        srv.stop()
        srv = keeper_server(args, tmp, port=srv.port).start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not zk.connected:
            time.sleep(0.1)
        expect(zk.connected, "kazoo did not reconnect after the restart")
        expect(zk.client_id[0] == session, "the session changed across the restart")
        after = tree(zk)
        expect(after == before, "tree differs after restart:\n%s\n%s" % (before, after))
        stop_quietly(zk)
        zk = client(srv)
        expect(zk.exists("/keep/eph") is None, "the ephemeral outlived its closed session")
        stop_quietly(zk)
        srv.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@check
def throttled_but_complete(args):
    """globalOutstandingLimit: with a tiny limit, connections stop reading while the queue is full
    and resume as it drains: a burst from four sessions still completes, in order, nothing lost."""
    tmp = tempfile.mkdtemp(prefix="keeper-throttle-")
    try:
        srv = keeper_server(args, tmp, cfg_extra={"globalOutstandingLimit": 5}).start()
        clients = [client(srv) for _ in range(4)]
        clients[0].create("/t", b"")
        pending = [clients[i % 4].create_async("/t/n-", b"%d" % i, sequence=True) for i in range(2000)]
        paths = [p.get(timeout=30) for p in pending]
        expect(len(set(paths)) == 2000, "duplicate sequential names under throttling")
        for c in range(4):
            mine = [int(paths[i].rsplit("-", 1)[1]) for i in range(c, 2000, 4)]
            expect(mine == sorted(mine), "session %d's creates were not applied in its order" % c)
        expect(len(clients[1].get_children("/t")) == 2000, "not every create is there")
        for c in clients:
            stop_quietly(c)
        srv.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def environ_of(pid):
    with open("/proc/%d/environ" % pid, "rb") as f:
        return dict(item.split("=", 1) for item in f.read().decode("utf-8", "replace").split("\0") if "=" in item)


@check
def malloc_tunables(args):
    """pier-keeper re-executes itself once with glibc's tcache raised (daemon/malloc_tuning.h):
    same PID (the one we spawned), serving; a GLIBC_TUNABLES that already sets tcache_count is
    left alone. (A user's other tunables are extended too, but ld.so rewrites the variable in
    place while parsing it, so /proc/<pid>/environ cannot show that case.)"""
    cases = [(None, "glibc.malloc.tcache_count=1024"),
             ("glibc.malloc.tcache_count=7", "glibc.malloc.tcache_count=7")]
    for given, expected in cases:
        tmp = tempfile.mkdtemp(prefix="keeper-tunables-")
        try:
            env = dict(os.environ)
            env.pop("GLIBC_TUNABLES", None)
            if given is not None:
                env["GLIBC_TUNABLES"] = given
            srv = KeeperProcess(zk_server.binary_factory(args.keeper), name="keeper", tmpdir=tmp,
                                keep_dir=True, env=env).start()
            seen = environ_of(srv.proc.pid).get("GLIBC_TUNABLES")
            expect(seen == expected, "GLIBC_TUNABLES given %r: the keeper runs with %r, expected %r"
                   % (given, seen, expected))
            zk = client(srv)
            zk.create("/t", b"x")
            expect(zk.get("/t")[0] == b"x", "the re-executed keeper does not serve")
            stop_quietly(zk)
            srv.stop()
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


@check
def snapshots_and_autopurge(args):
    """snapCount rolls the log and snapshots; autopurge keeps snapRetainCount (3) snapshots and
    the logs they need; everything written is still there after each restart."""
    tmp = tempfile.mkdtemp(prefix="keeper-purge-")
    extra = {"snapCount": 50, "autopurge.snapRetainCount": 3, "autopurge.purgeInterval": 1}
    try:
        written = 0
        for round_no in range(5):
            srv = keeper_server(args, tmp, cfg_extra=extra).start()
            zk = client(srv)
            zk.ensure_path("/p")
            for i in range(60):
                zk.create("/p/n%d-%d" % (round_no, i), b"x")
                written += 1
            expect(len(zk.get_children("/p")) == written, "round %d: %d of %d nodes"
                   % (round_no, len(zk.get_children("/p")), written))
            stop_quietly(zk)
            srv.stop()
        snapshots = [n for n in os.listdir(os.path.join(tmp, "data", "version-2")) if n.startswith("snapshot.")]
        expect(3 <= len(snapshots) <= 4, "snapshots kept: %s" % sorted(snapshots))
        srv = keeper_server(args, tmp, cfg_extra=extra).start()
        zk = client(srv)
        expect(len(zk.get_children("/p")) == written, "after purge: %d of %d" % (len(zk.get_children("/p")), written))
        stop_quietly(zk)
        srv.stop()
        print("  %d snapshots kept after 6 starts with snapCount=50" % len(snapshots))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(argv, timeout=60):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    return done.stdout.decode("utf-8", "replace")


@check
def zkcli_java(args):
    """ZooKeeper's own Java shell: create, set, get -s, ls, delete."""
    tmp = tempfile.mkdtemp(prefix="keeper-zkcli-")
    try:
        srv = keeper_server(args, tmp).start()
        base = [ZKCLI, "-server", srv.hosts]
        out = run(base + ["create", "/cli", "one"])
        expect("Created /cli" in out, "create: " + out[-400:])
        out = run(base + ["set", "/cli", "two"])
        out = run(base + ["get", "-s", "/cli"])
        expect("two" in out and "dataVersion = 1" in out, "get -s: " + out[-600:])
        out = run(base + ["create", "-s", "-e", "/cli/seq-", "x"])
        expect("Created /cli/seq-0000000000" in out, "create -s -e: " + out[-400:])
        out = run(base + ["ls", "/"])
        expect("[cli, zookeeper]" in out, "ls /: " + out[-400:])
        out = run(base + ["deleteall", "/cli"])
        zk = client(srv)
        expect(zk.exists("/cli") is None, "zkCli deleteall did not delete /cli")
        stop_quietly(zk)
        srv.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


@check
def libzookeeper_c(args):
    """The C client (libzookeeper-mt's cli_mt): create, get, ls, set, delete."""
    tmp = tempfile.mkdtemp(prefix="keeper-cli-mt-")
    try:
        srv = keeper_server(args, tmp).start()
        script = "create /c\nset /c hello\nget /c\nls /\ndelete /c\nexists /c\nquit\n"
        done = subprocess.run([CLI_MT, srv.hosts], input=script.encode(), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=30)
        out = done.stdout.decode("utf-8", "replace")
        expect("Got a new session id" in out, "no session: " + out[-600:])
        expect("hello" in out, "get /c did not show the data: " + out[-800:])
        expect("\tc\n" in out and "\tzookeeper\n" in out, "ls / did not list c: " + out[-800:])
        expect("Error -101 for /c" in out, "exists after delete did not say NONODE: " + out[-800:])
        srv.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def fill(zk):
    zk.create("/x", b"root-data")
    zk.create("/x/a", b"\x00\x01binary")
    zk.create("/x/empty", b"")
    for i in range(5):
        zk.create("/x/s-", b"%d" % i, sequence=True)
    zk.set("/x/a", b"changed")
    zk.delete("/x/s-0000000002")
    t = zk.transaction()
    t.create("/x/t1", b"t")
    t.set_data("/x", b"root-2")
    t.commit()


def interchange(args, writer, reader):
    tmp = tempfile.mkdtemp(prefix="keeper-interchange-")
    try:
        srv = writer(tmp).start()
        zk = client(srv)
        fill(zk)
        expected = tree(zk)
        stop_quietly(zk)
        srv.stop()
        srv = reader(tmp).start()
        zk = client(srv)
        got = tree(zk)
        stop_quietly(zk)
        with open(srv.log_path, "rb") as f:
            log = f.read().decode("utf-8", "replace").lower()
        srv.stop()
        # ZooKeeper checks the tree digest of every snapshot and logged transaction it loads.
        for complaint in ("digest mismatch", "digests are not matching", "mismatch"):
            expect(complaint not in log, "the reading server logged %r" % complaint)
        expect(got == expected, "trees differ:\nwritten %s\nread    %s" % (expected, got))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class ZooKeeperProcess(zk_server.ServerProcess):
    def start(self, timeout_s=30.0):
        STARTED.append(self)
        return super().start(timeout_s)


def zookeeper(tmp):
    return ZooKeeperProcess(zk_server.zookeeper_factory(), name="zookeeper", tmpdir=tmp, keep_dir=True)


@check
def datadir_keeper_to_zookeeper(args):
    """A data directory written by pier-keeper starts real ZooKeeper 3.8 with the same znodes."""
    interchange(args, lambda tmp: keeper_server(args, tmp), zookeeper)


@check
def datadir_zookeeper_to_keeper(args):
    """And the other way round."""
    interchange(args, zookeeper, lambda tmp: keeper_server(args, tmp))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keeper", required=True, help="the pier-keeper binary")
    ap.add_argument("--only", action="append", help="run just this check (repeatable)")
    args = ap.parse_args()
    failed = []
    for name, fn in CHECKS.items():
        if args.only and name not in args.only:
            continue
        started = time.monotonic()
        try:
            fn(args)
            print("%-32s ok   %.1fs" % (name, time.monotonic() - started))
        except Exception as exc:  # noqa: BLE001 - report every check
            failed.append(name)
            print("%-32s FAILED %.1fs: %s" % (name, time.monotonic() - started, exc))
            if not isinstance(exc, Failure):
                traceback.print_exc()
        finally:
            stop_all()
    if failed:
        print("FAILED: " + " ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
