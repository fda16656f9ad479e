#!/usr/bin/python3
"""A 3-node pier-keeper ensemble (ZAB) with real clients on loopback:

  replication     writes through any server are seen, with the same stats, on every server;
                  exactly one leader; 4lw srvr modes
  recipes         kazoo's Lock, Election, Barrier, Counter, ChildrenWatch, DataWatch and
                  transactions, with the clients spread over the three servers
  zkcli           the Java zkCli.sh and libzookeeper's cli_mt against the ensemble
  leader_kill     kill -9 of the leader under synchronous writes: writes resume within 2 s and
                  no acknowledged write is lost; the old leader restarts and catches up
  malformed_through_follower  a malformed write on a follower is refused there, the session goes on
  session_moves   a client whose server is killed moves to another with the same session; its
                  ephemeral node stays
  session_expiry  a client on a follower dies: the leader expires its session after the timeout
                  and its ephemeral goes everywhere; live sessions on followers stay
  observer        a fourth server as an observer: serves reads and writes, never votes
  restart_all     SIGTERM to every server, restart: same data, same zxid

  keeper_ensemble.py --keeper build/broker-core/pier-keeper [--only NAME ...]

Every server runs on free loopback ports in a temp dir; only PIDs started here are signalled.
Every load loop is bounded in count and time. Exit status 1 on any failure.
"""

import argparse
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import zk_server  # noqa: E402

try:
    from kazoo.client import KazooClient
    from kazoo.retry import KazooRetry
except ImportError as exc:
    print("keeper_ensemble: kazoo is missing (%s); run make deps and use /usr/bin/python3" % exc)
    sys.exit(2)

logging.basicConfig(level=logging.CRITICAL)  # kazoo narrates every reconnect

ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
CLI_MT = "/usr/lib/zookeeper/bin/cli_mt"
TICK_MS = 500
from checks import CHECKS, Failure, check, expect  # noqa: E402


class Ensemble:
    """Three pier-keepers: server.N lines, myid files, one data dir each."""

    def __init__(self, keeper, root, size=3, observers=0):
        self.keeper = keeper
        self.root = root
        self.ids = list(range(1, size + observers + 1))
        self.observers = self.ids[size:]
        self.client_port = {i: zk_server.free_port() for i in self.ids}
        peer = {i: zk_server.free_port() for i in self.ids}
        election = {i: zk_server.free_port() for i in self.ids}
        self.procs = {}
        servers = {"server.%d" % i: "%s:%d:%d%s" % (zk_server.HOST, peer[i], election[i],
                                                     ":observer" if i in self.observers else "")
                   for i in self.ids}
        for i in self.ids:
            d = self.dir(i)
            extra = dict(servers, **({"peerType": "observer"} if i in self.observers else {}))
            zk_server.write_zoo_cfg(d, self.client_port[i], tick_time_ms=TICK_MS, extra=extra)
            with open(os.path.join(d, "myid"), "w") as f:
                f.write("%d\n" % i)

    def dir(self, i):
        return os.path.join(self.root, "n%d" % i)

    def start(self, i):
        log = open(os.path.join(self.dir(i), "keeper.log"), "ab")
        self.procs[i] = subprocess.Popen([self.keeper, os.path.join(self.dir(i), "zoo.cfg")],
                                         stdout=log, stderr=subprocess.STDOUT)

    def start_all(self):
        for i in self.ids:
            self.start(i)
        self.wait_serving(self.ids)

    def kill(self, i, sig=signal.SIGKILL):
        p = self.procs.pop(i)
        p.send_signal(sig)
        p.wait(timeout=20)

    def stop_all(self):
        for i in list(self.procs):
            self.kill(i, signal.SIGTERM)

    def mode(self, i):
        try:
            out = zk_server.four_letter_word(self.client_port[i], "srvr", timeout_s=1.0)
        except OSError:
            return None
        for line in out.splitlines():
            if line.startswith("Mode: "):
                return line[len("Mode: "):]
        return None

    def wait_serving(self, ids, timeout_s=20):
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            modes = {i: self.mode(i) for i in ids}
            if all(m in ("leader", "follower", "observer") for m in modes.values()) and \
                    sum(m == "leader" for m in modes.values()) == 1 and \
                    all(zk_server.handshake_ok(self.client_port[i]) for i in ids):
                return modes
            time.sleep(0.1)
        raise Failure("servers %s not serving within %d s: %s" % (ids, timeout_s, {i: self.mode(i) for i in ids}))

    def leader(self):
        for i in self.procs:
            if self.mode(i) == "leader":
                return i
        return None

    def hosts(self, ids=None):
        return ",".join("%s:%d" % (zk_server.HOST, self.client_port[i]) for i in (ids or self.ids))

    def client(self, ids, **kw):
        c = KazooClient(hosts=self.hosts(ids), timeout=kw.pop("timeout", 6.0),
                        connection_retry=KazooRetry(max_tries=-1, delay=0.05, max_delay=0.3),
                        randomize_hosts=False, **kw)
        c.start(timeout=10)
        return c


def stats_equal(clients, path):
    views = []
    for c in clients:
        c.sync(path)
        data, stat = c.get(path)
        views.append((data, stat))
    return all(v == views[0] for v in views), views


@check
def replication(ens):
    modes = ens.wait_serving(ens.ids)
    expect(sorted(modes.values()) == ["follower", "follower", "leader"], "modes %s" % modes)
    clients = [ens.client([i]) for i in ens.ids]
    try:
        clients[0].create("/r", b"one")
        clients[1].set("/r", b"two")
        clients[2].create("/r/seq-", b"", sequence=True)
        clients[0].create("/r/seq-", b"", sequence=True)
        same, views = stats_equal(clients, "/r")
        expect(same, "stats differ across servers: %s" % views)
        expect(views[0][0] == b"two" and views[0][1].version == 1, "data %s" % (views[0],))
        kids = [sorted(c.get_children("/r")) for c in clients]
        expect(kids[0] == ["seq-0000000000", "seq-0000000001"] and all(k == kids[0] for k in kids),
               "children %s" % kids)
        # Sessions carry the id of the server they were made on (SessionTrackerImpl).
        for i, c in zip(ens.ids, clients):
            expect(c.client_id[0] >> 56 == i, "session 0x%x made on server %d" % (c.client_id[0], i))
        # An ephemeral made through a follower goes when its session closes.
        clients[1].create("/r/eph", b"", ephemeral=True)
        clients[0].sync("/r")
        expect(clients[0].exists("/r/eph") is not None, "ephemeral missing on another server")
        clients[1].stop()
        clients[1].close()
        clients[0].sync("/r")
        expect(clients[0].exists("/r/eph") is None, "ephemeral kept after its session closed")
    finally:
        for c in clients:
            c.stop()
            c.close()


@check
def recipes(ens):
    ens.wait_serving(ens.ids)
    clients = [ens.client([i]) for i in ens.ids]
    try:
        # Lock: three contenders, one holder at a time, every one gets it.
        order, inside, overlaps = [], [0], [0]
        mutex = threading.Lock()

        def contend(c, name):
            lock = c.Lock("/recipes/lock", name)
            with lock:
                with mutex:
                    inside[0] += 1
                    overlaps[0] = max(overlaps[0], inside[0])
                time.sleep(0.05)
                with mutex:
                    inside[0] -= 1
                    order.append(name)

        threads = [threading.Thread(target=contend, args=(c, "c%d" % i)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        expect(sorted(order) == ["c0", "c1", "c2"] and overlaps[0] == 1, "lock order %s overlap %d" % (order, overlaps[0]))

        # Counter: increments from every server add up.
        for c in clients:
            for _ in range(5):
                c.Counter("/recipes/counter").__add__(1)
        clients[0].sync("/recipes/counter")
        expect(clients[0].Counter("/recipes/counter").value == 15, "counter %s" % clients[0].Counter("/recipes/counter").value)

        # Election: the first to run leads; the others' contenders list it.
        elected = []
        e0 = clients[0].Election("/recipes/election", "c0")
        t = threading.Thread(target=e0.run, args=(lambda: (elected.append("c0"), time.sleep(1.0)),))
        t.start()
        deadline = time.time() + 10
        while not elected and time.time() < deadline:
            time.sleep(0.05)
        clients[2].sync("/recipes/election")
        contenders = clients[2].Election("/recipes/election", "c2").contenders()
        t.join(timeout=10)
        expect(elected == ["c0"] and contenders == ["c0"], "election %s contenders %s" % (elected, contenders))

        # Barrier: held while the node exists, released for every waiter when it goes.
        b = clients[0].Barrier("/recipes/barrier")
        b.create()
        released = []
        # Reads are served locally: a client on another server sees the create only once its
        # server has applied it, so each waiter syncs first, as ZooKeeper users must.
        for c in clients[1:]:
            c.sync("/recipes/barrier")
        waiters = [threading.Thread(target=lambda c=c: released.append(c.Barrier("/recipes/barrier").wait(10)))
                   for c in clients[1:]]
        for w in waiters:
            w.start()
        time.sleep(0.3)
        expect(not released, "barrier released early")
        b.remove()
        for w in waiters:
            w.join(timeout=15)
        expect(released == [True, True], "barrier waits %s" % released)

        # ChildrenWatch and DataWatch on one server see changes made through another.
        seen_kids, seen_data = [], []
        clients[1].ensure_path("/recipes/watched")
        clients[1].ChildrenWatch("/recipes/watched", lambda kids: seen_kids.append(sorted(kids)))
        clients[1].DataWatch("/recipes/watched", lambda data, stat: seen_data.append(data))
        clients[2].create("/recipes/watched/a", b"")
        clients[2].set("/recipes/watched", b"v")
        deadline = time.time() + 10
        while (["a"] not in seen_kids or b"v" not in seen_data) and time.time() < deadline:
            time.sleep(0.05)
        expect(["a"] in seen_kids and b"v" in seen_data, "watches saw %s %s" % (seen_kids, seen_data))

        # Transactions: all or nothing.
        t1 = clients[2].transaction()
        t1.create("/recipes/t1", b"")
        t1.create("/recipes/t2", b"")
        expect(t1.commit() == ["/recipes/t1", "/recipes/t2"], "transaction failed")
        t2 = clients[0].transaction()
        t2.create("/recipes/t3", b"")
        t2.create("/recipes/t1", b"")  # exists: the whole transaction fails
        results = t2.commit()
        clients[0].sync("/recipes")
        expect(clients[0].exists("/recipes/t3") is None, "a failed transaction left /recipes/t3: %s" % results)
    finally:
        for c in clients:
            c.stop()
            c.close()


@check
def zkcli(ens):
    ens.wait_serving(ens.ids)
    env = dict(os.environ, CLIENT_JVMFLAGS="-Dzookeeper.jute.maxbuffer=1048575")
    out = subprocess.run([ZKCLI, "-server", ens.hosts([2]), "create", "/cli", "from-zkcli"],
                         capture_output=True, text=True, timeout=60, env=env)
    expect(out.returncode == 0, "zkCli create: %s %s" % (out.stdout[-500:], out.stderr[-500:]))
    out = subprocess.run([ZKCLI, "-server", ens.hosts([3]), "get", "/cli"],
                         capture_output=True, text=True, timeout=60, env=env)
    expect("from-zkcli" in out.stdout, "zkCli get through another server: %s" % out.stdout[-500:])
    # The C client (libzookeeper-mt's cli_mt) through a third server reads what zkCli wrote.
    # cli_mt runs commands asynchronously: each line waits for the previous answer to arrive.
    proc = subprocess.Popen([CLI_MT, ens.hosts([1])], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    for line in ("get /cli", "create /c", "set /c hello", "get /c", "quit"):
        time.sleep(0.5)
        proc.stdin.write((line + "\n").encode())
        proc.stdin.flush()
    text = proc.communicate(timeout=30)[0].decode("utf-8", "replace")
    expect("from-zkcli" in text and "hello" in text, "cli_mt through server 1: " + text[-800:])


@check
def leader_kill(ens):
    ens.wait_serving(ens.ids)
    leader = ens.leader()
    followers = [i for i in ens.ids if i != leader]
    w = ens.client(followers)
    try:
        w.ensure_path("/lk")
        # kazoo retries through the election, so a create blocks rather than fails: the gap is
        # the longest time between two acknowledged writes after the kill.
        acked, last_ack, worst = [], None, 0.0
        t0, killed = time.time(), False
        for n in range(100000):
            if time.time() - t0 > 8:
                break
            if not killed and time.time() - t0 > 2:
                ens.kill(leader)
                killed = True
                last_ack = time.time()
            try:
                w.create("/lk/n%06d" % n, b"x")
            except Exception:  # noqa: BLE001 - a write that failed is not acknowledged
                time.sleep(0.01)
                continue
            acked.append(n)
            if killed:
                worst = max(worst, time.time() - last_ack)
                last_ack = time.time()
        expect(killed and acked, "no writes (%d) or no kill" % len(acked))
        expect(time.time() - last_ack < 2.0, "writes never resumed after the leader was killed")
        print("  leader %d killed; %d writes acknowledged; longest write gap %.2f s" % (leader, len(acked), worst))
        expect(worst < 2.0, "writes stopped for %.2f s after the leader died (goal < 2 s)" % worst)
        w.sync("/lk")
        have = set(w.get_children("/lk"))
        lost = [n for n in acked if "n%06d" % n not in have]
        expect(not lost, "%d acknowledged writes lost, e.g. %s" % (len(lost), lost[:5]))
        # The old leader comes back as a follower with the same data.
        ens.start(leader)
        ens.wait_serving(ens.ids)
        back = ens.client([leader])
        try:
            back.sync("/lk")
            expect(set(back.get_children("/lk")) == have, "restarted server differs")
        finally:
            back.stop()
            back.close()
    finally:
        w.stop()
        w.close()


@check
def malformed_through_follower(ens):
    # A write whose record does not decode, sent to a follower: MARSHALLINGERROR at once, and the
    # session's next request is still answered (the follower does not forward what the leader
    # would drop).
    import jute_client
    ens.wait_serving(ens.ids)
    follower = [i for i in ens.ids if ens.mode(i) == "follower"][0]
    s = jute_client.RawSession(ens.client_port[follower])
    try:
        expect(s.connect().get("timeOut", 0) > 0, "no session on the follower")
        bad = s.call("setData", b"\x00\x00\x00\x05/x")  # path length says 5, 2 bytes follow
        expect(any(f.get("err") == "MarshallingError" for f in bad), "malformed setData: %s" % bad)
        good = s.call("create", jute_client.create_body("/after-malformed", b"ok"))
        expect(any(f.get("kind") == "reply" and f.get("err") == "Ok" for f in good), "the next request: %s" % good)
    finally:
        s.abandon()


@check
def session_moves(ens):
    ens.wait_serving(ens.ids)
    leader = ens.leader()
    first, second = [i for i in ens.ids if i != leader]
    c = ens.client([first, second], timeout=10.0)
    try:
        session = c.client_id[0]
        c.create("/moving", b"", ephemeral=True)
        ens.kill(first)
        deadline = time.time() + 15
        moved = False
        while time.time() < deadline:
            try:
                c.sync("/")
                moved = c.connected and c.client_id[0] == session
                if moved:
                    break
            except Exception:
                pass
            time.sleep(0.1)
        expect(moved, "the session did not move to server %d" % second)
        expect(c.exists("/moving") is not None, "the ephemeral of a moved session is gone")
        ens.start(first)
        ens.wait_serving(ens.ids)
    finally:
        c.stop()
        c.close()


@check
def observer(ens):
    # Run with a fourth server as an observer (see main): it serves reads and writes, never votes.
    modes = ens.wait_serving(ens.ids)
    expect(modes[4] == "observer" and sorted(modes.values()) == ["follower", "follower", "leader", "observer"],
           "modes %s" % modes)
    obs, voter = ens.client([4]), ens.client([1])
    try:
        obs.create("/obs", b"through the observer")
        voter.sync("/obs")
        expect(voter.get("/obs")[0] == b"through the observer", "a write through the observer is missing")
        voter.set("/obs", b"through a voter")
        obs.sync("/obs")
        expect(obs.get("/obs")[0] == b"through a voter", "the observer missed a write")
        # Two voters are a quorum: losing the observer and one follower leaves writes working.
        follower = [i for i in ens.ids if ens.mode(i) == "follower" and i != 1][0]
        obs.stop()
        ens.kill(4)
        ens.kill(follower)
        voter.create("/obs/after", b"")
        expect(voter.exists("/obs/after") is not None, "no write after losing the observer")
    finally:
        for c in (obs, voter):
            c.stop()
            c.close()


@check
def session_expiry(ens):
    # A client on a follower dies (kill -9 of its process): the leader, which owns expiry, closes
    # the session after its timeout and its ephemeral goes on every server; a live client on a
    # follower is kept alive by the follower's pings meanwhile.
    ens.wait_serving(ens.ids)
    follower = [i for i in ens.ids if ens.mode(i) == "follower"][0]
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time, logging; logging.basicConfig(level=logging.CRITICAL)\n"
        "from kazoo.client import KazooClient\n"
        "c = KazooClient(hosts=%r, timeout=4.0); c.start(timeout=10)\n"
        "c.create('/expiring', b'', ephemeral=True); print('created', flush=True)\n"
        "time.sleep(60)\n") % ens.hosts([follower])], stdout=subprocess.PIPE)
    watcher = ens.client([i for i in ens.ids if i != follower][:1], timeout=4.0)
    try:
        expect(child.stdout.readline().strip() == b"created", "the child client did not create its node")
        alive_since = time.time()
        child.kill()
        child.wait(timeout=10)
        died = time.time()
        deadline = died + 15
        gone_at = None
        while time.time() < deadline:
            watcher.sync("/")
            if watcher.exists("/expiring") is None:
                gone_at = time.time()
                break
            time.sleep(0.1)
        expect(gone_at is not None, "the ephemeral of a dead session is still there after 15 s")
        waited = gone_at - died
        print("  ephemeral removed %.1f s after its client died (session timeout 4 s)" % waited)
        expect(waited >= 2.0, "the session expired after %.1f s, well before its timeout" % waited)
        expect(time.time() - alive_since > 4.0 and watcher.connected, "the live client's session died")
    finally:
        if child.poll() is None:
            child.kill()
        watcher.stop()
        watcher.close()


@check
def restart_all(ens):
    ens.wait_serving(ens.ids)
    c = ens.client(ens.ids)
    c.ensure_path("/restart")
    for n in range(50):
        c.create("/restart/n%02d" % n, b"%d" % n)
    c.sync("/restart")
    before = sorted(c.get_children("/restart"))
    c.stop()
    c.close()
    ens.stop_all()
    for i in ens.ids:
        ens.start(i)
    ens.wait_serving(ens.ids)
    for i in ens.ids:
        k = ens.client([i])
        try:
            k.sync("/restart")
            expect(sorted(k.get_children("/restart")) == before, "server %d after restart" % i)
        finally:
            k.stop()
            k.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--keeper", required=True)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--keep", action="store_true", help="keep the temp dirs (logs)")
    args = ap.parse_args()
    names = args.only or list(CHECKS)
    failed = []
    for name in names:
        root = tempfile.mkdtemp(prefix="pier-ensemble-")
        ens = Ensemble(args.keeper, root, observers=1 if name == "observer" else 0)
        t0 = time.time()
        try:
            ens.start_all()
            CHECKS[name](ens)
            print("PASS %s (%.1f s)" % (name, time.time() - t0))
        except Exception as e:  # noqa: BLE001 - every failure is reported the same way
            failed.append(name)
            print("FAIL %s: %s" % (name, e))
            if not isinstance(e, Failure):
                traceback.print_exc()
            for i in ens.ids:
                log = os.path.join(ens.dir(i), "keeper.log")
                if os.path.exists(log):
                    with open(log, errors="replace") as f:
                        tail = f.read().splitlines()[-15:]
                    print("  --- server %d log tail ---\n  " % i + "\n  ".join(tail))
        finally:
            try:
                ens.stop_all()
            except Exception:  # noqa: BLE001
                pass
            if not args.keep:
                shutil.rmtree(root, ignore_errors=True)
    if failed:
        print("failed: %s" % " ".join(failed))
        sys.exit(1)


if __name__ == "__main__":
    main()
