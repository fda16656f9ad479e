#!/usr/bin/python3
"""Start and stop ZooKeeper-protocol servers for integration tests.

Two ways to use it:

* CLI: ``zk_server.py run --data-dir D --port P [...]`` writes ``D/zoo.cfg`` and
  execs a real ZooKeeper 3.8 (Debian package) in the foreground, so the caller
  owns exactly one PID and can kill it.
* Module: ``ServerProcess`` starts any server whose command takes a zoo.cfg path
  (real ZooKeeper via ``zookeeper_command()``, or ``pier-keeper <zoo.cfg>``) on a
  free 127.0.0.1 port in a temp dir, waits until it answers ``ruok`` and a client
  handshake, and stops it by the PID it started (never anything else).

Server output (Java logs) goes to ``<tmpdir>/server.log``, never the console.
Everything is loopback-only; every wait is bounded.
"""

import argparse
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

JAVA = "/usr/bin/java"
ZK_JAR_DIR = "/usr/share/java"
# zookeeper.jar's manifest Class-Path pulls in jute, netty, slf4j-api, ...;
# slf4j-simple is the log binding (logs to stderr, which we send to a file).
ZK_CLASSPATH = [os.path.join(ZK_JAR_DIR, "zookeeper.jar"),
                os.path.join(ZK_JAR_DIR, "slf4j-simple.jar")]
STANDALONE_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"
QUORUM_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
DEFAULT_4LW = "*"
HOST = "127.0.0.1"


_PORT_LOCK = threading.Lock()
_PORTS_GIVEN = set()


def free_port():
    """A TCP port on 127.0.0.1 that is free right now and was not handed out
    before by this process (two servers started in parallel never share one)."""
    with _PORT_LOCK:
        for _ in range(50):
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.bind((HOST, 0))
                port = s.getsockname()[1]
            if port not in _PORTS_GIVEN:
                _PORTS_GIVEN.add(port)
                return port
    raise RuntimeError("no free loopback port")


def write_zoo_cfg(data_dir, port, data_log_dir=None, tick_time_ms=2000,
                  four_letter_words=DEFAULT_4LW, extra=None):
    """Write a standard standalone zoo.cfg into data_dir; returns its path."""
    os.makedirs(data_dir, exist_ok=True)
    lines = [
        "tickTime=%d" % tick_time_ms,
        "initLimit=10",
        "syncLimit=5",
        "dataDir=%s" % os.path.abspath(data_dir),
        "clientPort=%d" % port,
        "clientPortAddress=%s" % HOST,
        "maxClientCnxns=0",
        "admin.enableServer=false",
        "4lw.commands.whitelist=%s" % four_letter_words,
        "autopurge.purgeInterval=0",
    ]
    if data_log_dir:
        os.makedirs(data_log_dir, exist_ok=True)
        lines.append("dataLogDir=%s" % os.path.abspath(data_log_dir))
    for key, value in (extra or {}).items():
        lines.append("%s=%s" % (key, value))
    path = os.path.join(data_dir, "zoo.cfg")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def zookeeper_command(cfg_path, extended_types=False, prealloc_kb=None,
                      snap_count=None, log_file=None, xmx_mb=256, main=STANDALONE_MAIN,
                      jvm_props=None):
    """The java command line that runs real ZooKeeper on cfg_path.

    jvm_props: extra system properties (e.g. znode.container.checkIntervalMs)."""
    props = [
        "-Dzookeeper.admin.enableServer=false",
        "-Dzookeeper.jmx.log4j.disable=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
    ]
    if extended_types:
        props.append("-Dzookeeper.extendedTypesEnabled=true")
    if prealloc_kb is not None:
        props.append("-Dzookeeper.preAllocSize=%d" % prealloc_kb)
    if snap_count is not None:
        props.append("-Dzookeeper.snapCount=%d" % snap_count)
    if log_file:
        props.append("-Dorg.slf4j.simpleLogger.logFile=%s" % log_file)
    for key, value in sorted((jvm_props or {}).items()):
        props.append("-D%s=%s" % (key, value))
    return ([JAVA, "-Xmx%dm" % xmx_mb, "-Xms32m", "-XX:+UseSerialGC",
             "-XX:TieredStopAtLevel=1", "-Xshare:auto"]
            + props + ["-cp", ":".join(ZK_CLASSPATH), main, cfg_path])


def four_letter_word(port, word, timeout_s=2.0, host=HOST):
    """Send a four-letter word and return the full reply as str ('' on failure)."""
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as s:
            s.sendall(word.encode("ascii"))
            chunks = []
            deadline = time.monotonic() + timeout_s
            while time.monotonic() < deadline:
                b = s.recv(65536)
                if not b:
                    break
                chunks.append(b)
            return b"".join(chunks).decode("utf-8", "replace")
    except OSError:
        return ""


# A reconnect with an unknown session id and a wrong password: the server
# answers a ConnectResponse (timeout 0 = expired) without creating a session,
# so the probe leaves no transaction behind and zxids stay comparable.
PROBE_SESSION_ID = 0x7E57000000000001


def handshake_ok(port, timeout_s=2.0, host=HOST):
    """True if the server answers a ConnectRequest (side-effect free, see above)."""
    req = (struct.pack(">iqiq", 0, 0, 10000, PROBE_SESSION_ID)
           + struct.pack(">i", 16) + b"\0" * 16)
    try:
        with socket.create_connection((host, port), timeout=timeout_s) as s:
            s.sendall(struct.pack(">i", len(req)) + req)
            head = s.recv(4)
            if len(head) < 4:
                return False
            (n,) = struct.unpack(">i", head)
            return 0 < n < 1024
    except OSError:
        return False


def pid_listens_on(pid, port):
    """True if process `pid` (or None if unknown: /proc unreadable) holds a socket
    listening on TCP `port`. Guards against probing someone else's server that
    grabbed the port between free_port() and our server's bind()."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            cols = row.split()
            if len(cols) > 9 and cols[3] == "0A" and int(cols[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(cols[9])
    try:
        fds = os.listdir("/proc/%d/fd" % pid)
    except OSError:
        return None
    for fd in fds:
        try:
            link = os.readlink("/proc/%d/fd/%s" % (pid, fd))
        except OSError:
            continue
        if link.startswith("socket:[") and link[8:-1] in inodes:
            return True
    return False


def tcp_accepts(port, host=HOST):
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class ServerProcess:
    """One server process (ZooKeeper or pier-keeper) on a free loopback port.

    command_factory(cfg_path, log_file) -> argv. The process is started with its
    stdout/stderr in tmpdir/server.log; stop() kills only that PID.
    """

    def __init__(self, command_factory, name="server", port=None, tmpdir=None,
                 tick_time_ms=2000, four_letter_words=DEFAULT_4LW, cfg_extra=None,
                 keep_dir=False, env=None):
        self.name = name
        self.command_factory = command_factory
        self.port = port or free_port()
        self._own_tmp = tmpdir is None
        self.tmpdir = tmpdir or tempfile.mkdtemp(prefix="keeper-%s-" % name)
        self.data_dir = os.path.join(self.tmpdir, "data")
        self.data_log_dir = os.path.join(self.tmpdir, "datalog")
        self.log_path = os.path.join(self.tmpdir, "server.log")
        self.tick_time_ms = tick_time_ms
        self.four_letter_words = four_letter_words
        self.cfg_extra = cfg_extra
        self.keep_dir = keep_dir
        self.env = env
        self.proc = None
        self._log = None

    @property
    def hosts(self):
        return "%s:%d" % (HOST, self.port)

    def start(self, timeout_s=30.0):
        cfg = write_zoo_cfg(self.data_dir, self.port, self.data_log_dir,
                            self.tick_time_ms, self.four_letter_words, self.cfg_extra)
        argv = self.command_factory(cfg, self.log_path)
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(argv, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=self.env)
        self.wait_ready(timeout_s)
        return self

    def wait_ready(self, timeout_s=30.0):
        """Ready = our PID listens on the port and answers the side-effect-free
        handshake; as a last resort ~3 s of `imok` or accepted connections."""
        deadline = time.monotonic() + timeout_s
        accepting = 0
        for _ in range(int(timeout_s / 0.1) + 1):
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with %s during startup; log: %s\n%s"
                                   % (self.name, self.proc.returncode, self.log_path,
                                      self.log_tail()))
            if pid_listens_on(self.proc.pid, self.port) is False:
                time.sleep(0.1)
                continue
            if handshake_ok(self.port, 1.0):
                return
            # ZooKeeper says imok and accepts TCP before it serves sessions: only trust
            # those after ~3 s, for a server that answers no handshake of this kind.
            accepting = accepting + 1 if (four_letter_word(self.port, "ruok", 1.0) == "imok"
                                          or tcp_accepts(self.port)) else 0
            if accepting >= 30:
                return
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("%s not ready on port %d after %.0fs; log: %s\n%s"
                           % (self.name, self.port, timeout_s, self.log_path, self.log_tail()))

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def stop(self, timeout_s=10.0, kill=False):
        """Stop the process we started (SIGTERM, or SIGKILL if kill) and wait for it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout_s)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None
        if self._own_tmp and not self.keep_dir:
            shutil.rmtree(self.tmpdir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def zookeeper_factory(extended_types=False, **kw):
    return lambda cfg, log: zookeeper_command(cfg, extended_types=extended_types, **kw)


def binary_factory(binary, extra_args=()):
    """For pier-keeper (or any `<binary> <zoo.cfg>` server)."""
    binary = os.path.abspath(binary)
    return lambda cfg, log: [binary] + list(extra_args) + [cfg]


def make_server(spec, name, extended_types=False, jvm_props=None, **kw):
    """spec == 'zookeeper' -> real ZooKeeper, otherwise a binary path (pier-keeper).

    Both get the same zoo.cfg: extended types as `extendedTypesEnabled=true` (ZooKeeper
    turns unknown zoo.cfg keys into `zookeeper.<key>` system properties) and each
    jvm_props entry as a `key=value` line. ZooKeeper also gets jvm_props as -D
    flags, since e.g. znode.container.checkIntervalMs is read without the prefix.
    """
    extra = dict(kw.pop("cfg_extra", None) or {})
    if extended_types:
        extra["extendedTypesEnabled"] = "true"
    extra.update(jvm_props or {})
    if spec == "zookeeper":
        factory = zookeeper_factory(False, jvm_props=jvm_props)
    else:
        factory = binary_factory(spec)
    return ServerProcess(factory, name=name, cfg_extra=extra, **kw)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="write zoo.cfg into --data-dir and exec ZooKeeper")
    r.add_argument("--data-dir", required=True)
    r.add_argument("--data-log-dir")
    r.add_argument("--port", type=int, required=True)
    r.add_argument("--tick-time", type=int, default=2000, help="tickTime in ms")
    r.add_argument("--extended-types", action="store_true",
                   help="zookeeper.extendedTypesEnabled=true (TTL nodes)")
    r.add_argument("--prealloc-kb", type=int, help="zookeeper.preAllocSize in KiB")
    r.add_argument("--snap-count", type=int, help="zookeeper.snapCount")
    r.add_argument("--4lw", dest="four_lw", default=DEFAULT_4LW,
                   help="4lw.commands.whitelist (default '*')")
    r.add_argument("--xmx-mb", type=int, default=256)
    r.add_argument("--log-file", help="Java log file (default: stderr)")
    p = sub.add_parser("print-command", help="like run, but print the argv instead")
    for a in r._actions[1:]:
        p._add_action(a)
    s = sub.add_parser("probe", help="send a four-letter word to 127.0.0.1:PORT")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("word", nargs="?", default="ruok")
    args = ap.parse_args(argv)

    if args.cmd == "probe":
        sys.stdout.write(four_letter_word(args.port, args.word))
        return 0
    cfg = write_zoo_cfg(args.data_dir, args.port, args.data_log_dir, args.tick_time, args.four_lw)
    cmd = zookeeper_command(cfg, args.extended_types, args.prealloc_kb, args.snap_count,
                            args.log_file, args.xmx_mb)
    if args.cmd == "print-command":
        print(" ".join(cmd))
        return 0
    sys.stdout.flush()
    os.execv(cmd[0], cmd)


if __name__ == "__main__":
    sys.exit(main())
