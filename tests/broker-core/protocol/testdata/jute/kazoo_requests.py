#!/usr/bin/python3
"""ZooKeeper request frames written by a real third-party client: kazoo 2.8.0.

Writes kazoo_requests.json next to this script: for each request, kazoo's repr of it, its op
type, the xid it travels with, and the whole frame as kazoo's connection writes it to the socket
(int32 length, RequestHeader {xid, type} when the request has them, then the jute record).
tst_jute_kazoo.cpp decodes every frame with Pier's generated codecs and compares the fields;
tests/broker-core/coordination/tst_multi_request.cpp does the same for the multi.

The requests are built by kazoo's public client API (create_async, get_async, transaction, ...)
on a client that never connects: KazooClient._call, which would queue the request for the
connection thread, is replaced by a function that keeps it. The frames are then written by
kazoo's own ConnectionHandler._submit into a buffer instead of a socket, with xids numbered
from 1 as on a fresh connection (auth -4, ping -2, as kazoo does). The ConnectRequest is the one
ConnectionHandler._connect builds for a new session. Deterministic: run it again and the file
does not change.

Run with Debian's interpreter (the first python3 on PATH may not see kazoo):

    apt-get install python3-kazoo
    /usr/bin/python3 tests/broker-core/protocol/testdata/jute/kazoo_requests.py

What kazoo does, as these frames record it:
  * ConnectRequest is followed by one readOnly byte (0) that is not part of the jute record.
  * kazoo writes an empty ustring as null (length -1), e.g. the empty id of CREATOR_ALL_ACL's
    Id("auth", "") and Reconfig's empty server lists; Pier reads those as "" and writes "" back
    as length 0. Buffers keep the difference: b"" is length 0, None is -1.
  * AuthPacket.auth goes out through write_string (a ustring), which for non-empty bytes is the
    same layout as a buffer.
  * kazoo 2.8 has no SetWatches, SetWatches2, AddWatch, TTL or container requests.
"""

import binascii
import collections
import json
import os
import re
import sys

import kazoo
from kazoo.client import KazooClient
from kazoo.protocol.connection import AUTH_XID, PING_XID, ConnectionHandler
from kazoo.protocol.serialization import Auth, Close, Connect, PingInstance, SASL
from kazoo.security import CREATOR_ALL_ACL, OPEN_ACL_UNSAFE, make_digest_acl

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "kazoo_requests.json")


def capture_requests():
    """Calls kazoo's client API and returns the request objects it would send, in order."""
    client = KazooClient(hosts="127.0.0.1:2181")
    captured = []
    client._call = lambda request, async_object: captured.append(request) or True

    def take(name):
        assert captured, name
        return name, captured.pop()

    out = []
    client.create_async("/pier/node", b"hello")
    out.append(take("create"))
    client.create_async("/pier/lock-", b"", acl=CREATOR_ALL_ACL, ephemeral=True, sequence=True)
    out.append(take("create_ephemeral_sequential"))
    digest = make_digest_acl("pier", "secret", read=True, write=True)
    client.create_async("/pier/null", None, acl=[digest], makepath=False)
    out.append(take("create_null_data"))
    client.create_async("/pier/stat", b"x", include_data=True)
    out.append(take("create2"))
    client.delete_async("/pier/node", version=4)
    out.append(take("delete"))
    client.exists_async("/pier/node", watch=lambda event: None)
    out.append(take("exists_watch"))
    client.get_async("/pier/node", watch=lambda event: None)
    out.append(take("get_data_watch"))
    client.get_async("/pier/node")
    out.append(take("get_data"))
    client.set_async("/pier/node", b"\x00\x01\xfe\xff", version=7)
    out.append(take("set_data"))
    client.set_async("/pier/node", b"")
    out.append(take("set_data_empty"))
    client.get_children_async("/pier", watch=lambda event: None)
    out.append(take("get_children_watch"))
    client.get_children_async("/pier", include_data=True)
    out.append(take("get_children2"))
    client.sync_async("/pier")
    out.append(take("sync"))
    client.get_acls_async("/pier/node")
    out.append(take("get_acl"))
    client.set_acls_async("/pier/node", OPEN_ACL_UNSAFE + [digest], version=2)
    out.append(take("set_acl"))
    client.reconfig_async("server.4=10.0.0.4:2888:3888:participant;2181", "", "", -1)
    out.append(take("reconfig"))
    client.add_auth_async("digest", "pier:secret")
    out.append(take("auth"))

    tx = client.transaction()
    tx.create("/pier/txn", b"a")
    tx.delete("/pier/old", version=3)
    tx.set_data("/pier/node", b"b")
    tx.check("/pier", 5)
    tx.commit_async()
    out.append(take("multi"))
    assert not captured
    return client, out


def frame_writer():
    """kazoo's ConnectionHandler with its socket write replaced by a buffer."""
    handler = ConnectionHandler.__new__(ConnectionHandler)
    handler.logger = ConnectionHandler.__init__.__globals__["log"]
    frames = []
    handler._write = lambda msg, timeout: frames.append(bytes(msg))
    return handler, frames


def main():
    client, requests = capture_requests()
    handler, frames = frame_writer()
    entries = collections.OrderedDict()

    # The ConnectRequest of a new session, as ConnectionHandler._connect builds it.
    connect = Connect(0, client.last_zxid, client._session_timeout, client._session_id or 0,
                      client._session_passwd, client.read_only)
    requests = [("connect", connect)] + requests
    requests += [("sasl", SASL(b"sasl-token")), ("ping", PingInstance), ("close", Close())]

    xid = 0
    for name, request in requests:
        if name == "connect":
            request_xid = None
        elif request.type == Auth.type:
            request_xid = AUTH_XID
        elif request is PingInstance:
            request_xid = PING_XID
        else:
            xid += 1
            request_xid = xid
        handler._submit(request, 1.0, request_xid)
        entries[name] = collections.OrderedDict([
            ("kazoo", re.sub(r"<function .*? at 0x[0-9a-f]+>", "<watch callback>", repr(request))),
            ("type", request.type),
            ("xid", request_xid),
            ("frame", binascii.hexlify(frames.pop()).decode("ascii")),
        ])

    doc = collections.OrderedDict([
        ("generator", "kazoo_requests.py"),
        ("client", "kazoo " + kazoo.version.__version__),
        ("requests", entries),
    ])
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print(f"wrote {len(entries)} frames to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
