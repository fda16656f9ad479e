#!/usr/bin/python3
"""pier-broker with zookeeper.connect against a real coordination server: pier-keeper or
Apache ZooKeeper 3.8 (Debian's package), both on loopback.

  broker_zookeeper.py --broker B --pierctl P --keeper {PATH-TO-pier-keeper|zookeeper} [--chroot /x]

What a Kafka user would check, in order:
  1. a broker whose ZooKeeper is unreachable exits within zookeeper.connection.timeout.ms,
     naming zookeeper.connect and the timeout;
  2. a broker registers /brokers/ids/0 as an ephemeral znode with Kafka's JSON (read with kazoo,
     and with zkCli.sh against ZooKeeper), makes Kafka's persistent paths, /cluster/id and
     /controller; kcat -L shows it;
  3. a topic created with pierctl, and one auto-created by kcat, are /brokers/topics/<t> with
     Kafka's JSON and partition state znodes;
  4. SIGTERM closes the session: /brokers/ids/0 goes at once;
  5. a restart on an EMPTY log directory still lists the topics (read back from ZooKeeper) and
     makes their partition folders;
  6. kill -9: /brokers/ids/0 stays until the session times out (zookeeper.session.timeout.ms
     4000, tickTime 500), then goes;
  7. a broker stopped (SIGSTOP) past its session timeout finds its session expired when it
     resumes, logs it, and registers again with a new session.

Only processes this script started are signalled. Every wait is bounded. Exit 1 on failure,
naming the step; exit 77 when kazoo is missing (use /usr/bin/python3).
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "keeper"))

import zk_server  # noqa: E402

try:
    from kazoo.client import KazooClient
except ImportError as exc:
    print("broker_zookeeper: kazoo is missing (%s); use /usr/bin/python3 with python3-kazoo" % exc)
    sys.exit(77)

ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
SESSION_TIMEOUT_MS = 4000
TICK_MS = 500


class Failure(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failure(what)


def wait_for(cond, timeout_s, what, interval_s=0.1):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        time.sleep(interval_s)
    raise Failure("timed out after %.0f s: %s" % (timeout_s, what))


def run(argv, timeout=60, stdin=None):
    done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          timeout=timeout)
    return done.returncode, done.stdout.decode("utf-8", "replace")


class Broker:
    """One pier-broker process with its server.properties in `tmp`; output in broker-N.log."""

    count = 0

    def __init__(self, binary, tmp, zk_connect, log_dir, extra=None):
        Broker.count += 1
        self.binary = binary
        self.tmp = tmp
        self.cfg = os.path.join(tmp, "server-%d.properties" % Broker.count)
        self.log_path = os.path.join(tmp, "broker-%d.log" % Broker.count)
        lines = ["broker.id=0", "listeners=PLAINTEXT://127.0.0.1:0", "log.dirs=" + log_dir,
                 "num.partitions=1", "offsets.topic.num.partitions=3",
                 "zookeeper.connect=" + zk_connect,
                 "zookeeper.session.timeout.ms=%d" % SESSION_TIMEOUT_MS,
                 "zookeeper.connection.timeout.ms=10000"] + list(extra or [])
        with open(self.cfg, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.proc = None
        self.port = None

    def start(self):
        self._log = open(self.log_path, "ab")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen([self.binary, self.cfg], stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        return self

    def output(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_started(self, timeout_s=30):
        def started():
            m = re.search(r"pier-broker started .*listener=127\.0\.0\.1:(\d+)", self.output())
            if m:
                return int(m.group(1))
            if self.proc.poll() is not None:
                raise Failure("pier-broker exited with %s:\n%s" % (self.proc.returncode, self.output()[-3000:]))
            return None
        self.port = wait_for(started, timeout_s, "pier-broker start")
        return self

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def signal(self, sig):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def wait_exit(self, timeout_s=15):
        try:
            return self.proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            raise Failure("pier-broker did not exit within %d s" % timeout_s)

    def stop(self):
        self.signal(signal.SIGTERM)
        return self.wait_exit()

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.kill()
            self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()


def kazoo(hosts):
    zk = KazooClient(hosts=hosts, timeout=10.0)
    zk.start(timeout=15)
    return zk


def znode_json(zk, path):
    data, stat = zk.get(path)
    return json.loads(data.decode("utf-8")), stat


def check_unreachable(args, tmp):
    """1. No server at the address: start fails within the connection timeout, naming the key."""
    port = zk_server.free_port()  # nobody listens there
    broker = Broker(args.broker, tmp, "127.0.0.1:%d" % port, os.path.join(tmp, "logs-unreachable"),
                    ["zookeeper.connection.timeout.ms=2000"])
    try:
        broker.start()
        code = broker.wait_exit(timeout_s=15)
        took = time.monotonic() - broker.started_at
        out = broker.output()
        expect(code != 0, "the broker started without its ZooKeeper")
        expect(1.5 <= took <= 8.0, "exit after %.1f s, expected about 2 s" % took)
        expect("zookeeper.connect=127.0.0.1:%d" % port in out and "zookeeper.connection.timeout.ms=2000" in out,
               "the error does not name zookeeper.connect and its timeout:\n" + out[-2000:])
        print("  unreachable ZooKeeper: exit %d after %.1f s: %s" % (code, took, out.strip().splitlines()[-1][:200]))
    finally:
        broker.cleanup()


def check_registration(args, zk, broker):
    """2. /brokers/ids/0 (ephemeral, Kafka's JSON), persistent paths, /cluster/id, /controller."""
    code, out = run(["kcat", "-b", broker.bootstrap, "-L"], timeout=30)
    expect(code == 0 and "broker 0 at 127.0.0.1:%d" % broker.port in out, "kcat -L:\n" + out)
    reg, stat = znode_json(zk, "/brokers/ids/0")
    expect(stat.ephemeralOwner != 0, "/brokers/ids/0 is not ephemeral")
    expect(reg.get("endpoints") == ["PLAINTEXT://127.0.0.1:%d" % broker.port], "endpoints: %s" % reg)
    expect(reg.get("host") == "127.0.0.1" and reg.get("port") == broker.port, "host/port: %s" % reg)
    expect(reg.get("version") == 5 and reg.get("jmx_port") == -1, "version/jmx_port: %s" % reg)
    expect(reg.get("listener_security_protocol_map") == {"PLAINTEXT": "PLAINTEXT"}, "protocol map: %s" % reg)
    expect(str(reg.get("timestamp", "")).isdigit(), "timestamp: %s" % reg)
    for path in ["/brokers/topics", "/brokers/seqid", "/admin/delete_topics", "/config/topics", "/config/changes",
                 "/config/clients", "/config/users", "/config/brokers", "/isr_change_notification",
                 "/latest_producer_id_block", "/log_dir_event_notification", "/consumers"]:
        expect(zk.exists(path) is not None, "persistent path %s missing" % path)
    cluster, _ = znode_json(zk, "/cluster/id")
    expect(cluster.get("version") == "1" and len(cluster.get("id", "")) == 22, "/cluster/id: %s" % cluster)
    controller, cstat = znode_json(zk, "/controller")
    expect(controller.get("brokerid") == 0 and cstat.ephemeralOwner == stat.ephemeralOwner, "/controller: %s" % controller)
    print("  /brokers/ids/0 = %s (session 0x%x)" % (json.dumps(reg, sort_keys=True), stat.ephemeralOwner))
    return stat.ephemeralOwner


def check_topics(args, zk, broker):
    """3. pierctl and auto-created topics as Kafka's topic and partition state znodes."""
    code, out = run([args.pierctl, "topics", "--bootstrap-server", broker.bootstrap, "--create", "--topic",
                     "zk-topic", "--partitions", "3"], timeout=30)
    expect(code == 0, "pierctl topics --create:\n" + out)
    topic, _ = znode_json(zk, "/brokers/topics/zk-topic")
    expect(topic.get("partitions") == {"0": [0], "1": [0], "2": [0]}, "partitions: %s" % topic)
    expect(topic.get("version") == 3 and len(topic.get("topic_id", "")) == 22, "version/topic_id: %s" % topic)
    expect(topic.get("adding_replicas") == {} and topic.get("removing_replicas") == {}, "replicas: %s" % topic)
    expect(sorted(zk.get_children("/brokers/topics/zk-topic/partitions")) == ["0", "1", "2"], "partition znodes")
    state, _ = znode_json(zk, "/brokers/topics/zk-topic/partitions/2/state")
    expect(state == {"controller_epoch": 1, "leader": 0, "version": 1, "leader_epoch": 0, "isr": [0]},
           "partition state: %s" % state)
    code, out = run(["kcat", "-b", broker.bootstrap, "-P", "-t", "auto-topic"], timeout=30,
                    stdin=b"one\ntwo\nthree\n")
    expect(code == 0, "kcat -P:\n" + out)
    code, out = run(["kcat", "-b", broker.bootstrap, "-C", "-t", "auto-topic", "-o", "beginning", "-e", "-q"],
                    timeout=30)
    expect(code == 0 and out.split() == ["one", "two", "three"], "kcat -C:\n" + out)
    auto, _ = znode_json(zk, "/brokers/topics/auto-topic")
    expect(auto.get("partitions") == {"0": [0]}, "auto-topic: %s" % auto)
    print("  /brokers/topics/zk-topic = %s" % json.dumps(topic, sort_keys=True))


def check_zkcli(args, hosts_root, chroot, broker):
    """ZooKeeper's own shell shows the registration."""
    code, out = run([ZKCLI, "-server", hosts_root, "get", chroot + "/brokers/ids/0"], timeout=60)
    expect('"endpoints":["PLAINTEXT://127.0.0.1:%d"]' % broker.port in out, "zkCli.sh get:\n" + out[-2000:])
    line = [l for l in out.splitlines() if l.startswith("{")]
    print("  zkCli.sh get %s/brokers/ids/0: %s" % (chroot, line[0] if line else "?"))


def scenario(args, srv, tmp):
    chroot = args.chroot or ""
    hosts = srv.hosts + chroot
    check_unreachable(args, tmp)

    zk = None
    brokers = []
    try:
        first = Broker(args.broker, tmp, hosts, os.path.join(tmp, "logs-1"))
        brokers.append(first)
        first.start().wait_started()
        zk = kazoo(hosts)  # after the broker made the chroot
        expect("connected to ZooKeeper" in first.output(), "no 'connected to ZooKeeper' line")
        check_registration(args, zk, first)
        if chroot:
            root = kazoo(srv.hosts)
            expect(root.exists(chroot + "/brokers/ids/0") is not None, "the chroot is not used")
            root.stop()
            root.close()
        check_topics(args, zk, first)
        if args.keeper == "zookeeper":
            check_zkcli(args, srv.hosts, chroot, first)

        # 4. SIGTERM: the session is closed, the registration goes at once.
        expect(first.stop() == 0, "SIGTERM exit code")
        t0 = time.monotonic()
        wait_for(lambda: zk.exists("/brokers/ids/0") is None, 3, "/brokers/ids/0 gone after SIGTERM")
        print("  SIGTERM: /brokers/ids/0 gone after %.2f s" % (time.monotonic() - t0))

        # 5. Restart on an empty log directory: the topics come from ZooKeeper.
        second = Broker(args.broker, tmp, hosts, os.path.join(tmp, "logs-2"))
        brokers.append(second)
        second.start().wait_started()
        code, out = run(["kcat", "-b", second.bootstrap, "-L"], timeout=30)
        expect(code == 0 and 'topic "zk-topic" with 3 partitions' in out and 'topic "auto-topic" with 1 partitions'
               in out, "topics after restart:\n" + out)
        for p in range(3):
            expect(os.path.isdir(os.path.join(tmp, "logs-2", "zk-topic-%d" % p)), "zk-topic-%d folder" % p)
        owner = zk.exists("/brokers/ids/0").ephemeralOwner
        print("  restart on an empty log dir: zk-topic (3 partitions) and auto-topic read back from ZooKeeper")

        # 6. kill -9: the registration lasts until the session times out.
        second.signal(signal.SIGKILL)
        second.wait_exit()
        t0 = time.monotonic()
        time.sleep(0.5)
        expect(zk.exists("/brokers/ids/0") is not None, "/brokers/ids/0 vanished at once after kill -9")
        wait_for(lambda: zk.exists("/brokers/ids/0") is None, 15, "/brokers/ids/0 gone after the session timeout")
        took = time.monotonic() - t0
        expect(took >= 2.0, "gone after %.1f s: sooner than a %d ms session timeout" % (took, SESSION_TIMEOUT_MS))
        print("  kill -9: /brokers/ids/0 (session 0x%x) gone after %.1f s" % (owner, took))

        # 7. Session expiry while stopped; the broker registers again when it resumes.
        third = Broker(args.broker, tmp, hosts, os.path.join(tmp, "logs-2"))
        brokers.append(third)
        third.start().wait_started()
        old = zk.exists("/brokers/ids/0").ephemeralOwner
        third.signal(signal.SIGSTOP)
        t0 = time.monotonic()
        wait_for(lambda: zk.exists("/brokers/ids/0") is None, 15, "session expiry of the stopped broker")
        print("  SIGSTOP: /brokers/ids/0 expired after %.1f s" % (time.monotonic() - t0))
        third.signal(signal.SIGCONT)

        def registered_again():
            stat = zk.exists("/brokers/ids/0")
            return stat if stat is not None and stat.ephemeralOwner not in (0, old) else None
        stat = wait_for(registered_again, 15, "/brokers/ids/0 registered again after SIGCONT")
        out = third.output()
        expect("ZOOKEEPER SESSION EXPIRED" in out and "registering the broker again" in out,
               "expiry not logged:\n" + out[-3000:])
        reg, _ = znode_json(zk, "/brokers/ids/0")
        expect(reg.get("port") == third.port, "re-registration: %s" % reg)
        code, out = run(["kcat", "-b", third.bootstrap, "-L"], timeout=30)
        expect(code == 0 and 'topic "zk-topic" with 3 partitions' in out, "kcat -L after expiry:\n" + out)
        print("  SIGCONT: registered again with session 0x%x (was 0x%x)" % (stat.ephemeralOwner, old))
        expect(third.stop() == 0, "SIGTERM exit code after expiry")
    except Failure:
        for b in brokers:
            print("---- %s (tail)\n%s" % (b.log_path, b.output()[-3000:] if os.path.exists(b.log_path) else ""))
        raise
    finally:
        for b in brokers:
            b.cleanup()
        if zk is not None:
            zk.stop()
            zk.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--broker", required=True)
    ap.add_argument("--pierctl", required=True)
    ap.add_argument("--keeper", required=True, help="path to pier-keeper, or 'zookeeper'")
    ap.add_argument("--chroot", default="", help="zookeeper.connect chroot, e.g. /pier/kafka")
    args = ap.parse_args()
    for tool in ["kcat"] + ([ZKCLI] if args.keeper == "zookeeper" else []):
        if not shutil.which(tool):
            print("broker_zookeeper: %s is missing" % tool)
            return 77
    tmp = tempfile.mkdtemp(prefix="broker-zk-")
    name = "zookeeper" if args.keeper == "zookeeper" else "pier-keeper"
    print("pier-broker with zookeeper.connect against %s%s" % (name, " (chroot %s)" % args.chroot if args.chroot else ""))
    srv = zk_server.make_server(args.keeper, name, tick_time_ms=TICK_MS)
    try:
        srv.start()
        scenario(args, srv, tmp)
    except Failure as failure:
        print("FAIL: %s" % failure)
        print("---- %s server log (tail)\n%s" % (name, srv.log_tail(40)))
        return 1
    finally:
        srv.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
