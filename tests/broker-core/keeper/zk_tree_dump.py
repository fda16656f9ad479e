#!/usr/bin/python3
"""Prints the whole tree of a ZooKeeper server as JSON, as kazoo sees it (tst_zk_datadir_zookeeper).

Usage: /usr/bin/python3 zk_tree_dump.py <port> <out.json>
Waits up to 60 s for the server, authenticates as digest user:secret (to read digest ACLs
unmasked), and writes [{path, data (base64 or null), stat (longs as decimal strings), acl}].
"""
import base64
import json
import sys

from kazoo.client import KazooClient


def tree(zk, path="/"):
    data, stat = zk.get(path)
    acls, _ = zk.get_acls(path)
    out = [{
        "path": path,
        "data": None if data is None else base64.b64encode(data).decode(),
        "stat": {k: str(getattr(stat, k)) for k in (
            "czxid", "mzxid", "ctime", "mtime", "version", "cversion", "aversion",
            "ephemeralOwner", "dataLength", "numChildren", "pzxid")},
        "acl": [{"perms": a.perms, "scheme": a.id.scheme, "id": a.id.id} for a in acls],
    }]
    for child in sorted(zk.get_children(path)):
        out += tree(zk, path.rstrip("/") + "/" + child)
    return out


def main():
    port, out = sys.argv[1], sys.argv[2]
    zk = KazooClient(hosts=f"127.0.0.1:{port}", timeout=10.0,
                     connection_retry={"max_tries": -1, "delay": 0.2, "max_delay": 1})
    zk.start(timeout=60)
    try:
        zk.add_auth("digest", "user:secret")
        with open(out, "w") as f:
            json.dump(tree(zk), f)
    finally:
        zk.stop()
        zk.close()


if __name__ == "__main__":
    main()
