#!/usr/bin/python3
"""Regenerates the four-letter-word captures in this folder from a real ZooKeeper 3.8.

Starts ZooKeeperServerMain from the Debian `zookeeper` package on a free 127.0.0.1 port with a
temporary dataDir, makes a little state with kazoo (python3-kazoo) so cons/wchc/wchp/dump have
something to show, sends each word on a fresh connection and writes the reply byte for byte to
<word>.txt. A second server with the default whitelist gives the refusal text (stat.refused.txt),
and a three-peer ensemble gives leader.<word>.txt and follower.<word>.txt for srvr/stat/conf/mntr/cons/dump.
tst_four_letter_words compares Pier's formatter with these files after masking numbers, dates,
addresses and paths; review a regeneration as a diff.

    /usr/bin/python3 tests/broker-core/keeper/testdata/fourlw/capture.py
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

from kazoo.client import KazooClient

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSPATH = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-nop.jar"
MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain"
QUORUM_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain"
# Order matters: the resets come last so the other replies show non-zero counters.
WORDS = ["ruok", "isro", "srvr", "stat", "mntr", "conf", "cons", "envi", "wchs", "wchc", "wchp",
         "dump", "dirs", "gtmk", "crst", "srst"]
ENSEMBLE_WORDS = ["srvr", "stat", "conf", "mntr", "cons", "dump"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def send_word(port, word):
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(word.encode())
        chunks = []
        while True:
            data = s.recv(65536)
            if not data:
                return b"".join(chunks)
            chunks.append(data)


def start_server(workdir, port, whitelist):
    data_dir = os.path.join(workdir, "data")
    os.makedirs(data_dir, exist_ok=True)
    cfg = os.path.join(workdir, "zoo.cfg")
    with open(cfg, "w") as f:
        f.write(f"tickTime=2000\ndataDir={data_dir}\nclientPort={port}\nclientPortAddress=127.0.0.1\n"
                "maxClientCnxns=60\nadmin.enableServer=false\n")
        if whitelist:
            f.write(f"4lw.commands.whitelist={whitelist}\n")
    log = open(os.path.join(workdir, "server.log"), "w")
    proc = subprocess.Popen(["java", "-Xmx256m", "-cp", CLASSPATH, MAIN, cfg], stdout=log,
                            stderr=subprocess.STDOUT)
    for _ in range(100):
        try:
            if send_word(port, "srvr").startswith(b"Zookeeper version"):
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    sys.exit("ZooKeeper did not start; see " + log.name)


def start_ensemble(workdir):
    """Three QuorumPeerMain peers on loopback; returns (procs, client ports)."""
    ports = [(free_port(), free_port(), free_port()) for _ in range(3)]
    servers = "".join(f"server.{i + 1}=127.0.0.1:{peer}:{election}\n"
                      for i, (_, peer, election) in enumerate(ports))
    procs = []
    for i, (client, _, _) in enumerate(ports):
        peer_dir = os.path.join(workdir, f"peer{i + 1}")
        os.makedirs(peer_dir)
        with open(os.path.join(peer_dir, "myid"), "w") as f:
            f.write(f"{i + 1}\n")
        cfg = os.path.join(peer_dir, "zoo.cfg")
        with open(cfg, "w") as f:
            f.write(f"tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir={peer_dir}\n"
                    f"clientPort={client}\nclientPortAddress=127.0.0.1\nadmin.enableServer=false\n"
                    f"4lw.commands.whitelist=*\n{servers}")
        log = open(os.path.join(peer_dir, "server.log"), "w")
        procs.append(subprocess.Popen(["java", "-Xmx256m", "-cp", CLASSPATH, QUORUM_MAIN, cfg],
                                      stdout=log, stderr=subprocess.STDOUT))
    return procs, [client for client, _, _ in ports]


def capture_ensemble(workdir):
    procs, ports = start_ensemble(workdir)
    try:
        modes = {}
        for _ in range(150):
            modes = {}
            for port in ports:
                try:
                    reply = send_word(port, "srvr").decode()
                except OSError:
                    continue
                mode = re.search(r"Mode: (\w+)", reply)
                if mode:
                    modes[mode.group(1)] = port
            if "leader" in modes and "follower" in modes:
                break
            time.sleep(0.2)
        else:
            sys.exit("the ensemble elected no leader; see " + workdir)
        zk = make_state(modes["follower"])
        for role in ("leader", "follower"):
            for word in ENSEMBLE_WORDS:
                with open(os.path.join(HERE, f"{role}.{word}.txt"), "wb") as f:
                    f.write(send_word(modes[role], word))
        zk.stop()
        zk.close()
    finally:
        for proc in procs:
            stop(proc)


def make_state(port):
    zk = KazooClient(hosts=f"127.0.0.1:{port}")
    zk.start()
    zk.create("/pier/a", b"hello", makepath=True)
    zk.create("/pier/eph", b"", ephemeral=True)
    zk.get("/pier/a", watch=lambda event: None)
    zk.exists("/pier/missing", watch=lambda event: None)
    zk.get_children("/pier", watch=lambda event: None)
    return zk


def stop(proc):
    proc.terminate()  # our own child, by its pid
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def main():
    workdir = tempfile.mkdtemp(prefix="pier-fourlw-")
    try:
        port = free_port()
        proc = start_server(workdir, port, "*")
        try:
            zk = make_state(port)
            for word in WORDS:
                with open(os.path.join(HERE, word + ".txt"), "wb") as f:
                    f.write(send_word(port, word))
            zk.stop()
            zk.close()
        finally:
            stop(proc)
        port = free_port()
        proc = start_server(os.path.join(workdir, "default"), port, None)
        try:
            with open(os.path.join(HERE, "stat.refused.txt"), "wb") as f:
                f.write(send_word(port, "stat"))
        finally:
            stop(proc)
        capture_ensemble(os.path.join(workdir, "ensemble"))
    finally:
        shutil.rmtree(workdir)


if __name__ == "__main__":
    main()
