"""Client scripts for the ZooKeeper differential harness.

Each function below is one scenario: it drives a fresh server through a
recorder.Recorder `r` (kazoo calls via r.kz / r.tx, raw wire requests via r.rw)
and everything observable lands in r.records. Keep scenarios deterministic:
no sleeps that decide what is recorded, every wait bounded (see recorder.py).
Comments give what ZooKeeper 3.8 answers where that is not obvious.
"""

from kazoo.security import ACL, Id, make_digest_acl

import jute_client as jc
from jute_client import (RawSession, create_body, e_str, multi_body, path_int, path_watch,
                         set_acl_body, set_data_body)
from recorder import SCENARIOS, Recorder, W, scenario

__all__ = ["SCENARIOS", "Recorder"]   # what differential.py uses

OPEN = [ACL(31, Id("world", "anyone"))]
READ_ONLY_WORLD = [ACL(1, Id("world", "anyone"))]


@scenario("create_modes")
def create_modes(r):
    r.kazoo("a")
    r.kz("a", "create", "/p", b"persistent")
    r.kz("a", "create", "/p/e", b"eph", ephemeral=True)
    r.kz("a", "create", "/p/s-", b"seq", sequence=True)
    r.kz("a", "create", "/p/es-", b"", ephemeral=True, sequence=True)
    r.kz("a", "create", "/p/s-", b"", sequence=True, include_data=True)
    r.kz("a", "create", "/p", b"again")                           # NodeExists
    r.kz("a", "create", "/missing/child", b"")                   # NoNode
    r.kz("a", "create", "/p/e/under-ephemeral", b"")             # NoChildrenForEphemerals
    r.kz("a", "create", "/p/e/seq-", b"", sequence=True)
    r.kz("a", "create", "/deep/a/b/c", b"leaf", makepath=True)
    r.kz("a", "create", "/deep/a/b/c", b"leaf", makepath=True)   # NodeExists
    r.kz("a", "create", "/deep/a/b/d", b"", makepath=True, include_data=True)
    r.kz("a", "ensure_path", "/deep/x/y")
    r.kz("a", "get", "/deep")
    r.kz("a", "get", "/p/e")
    r.kz("a", "get_children", "/p", include_data=True)
    r.kz("a", "create", "/p/", b"")                              # kazoo strips the slash
    r.kz("a", "create", "/zookeeper/mine", b"")                  # reserved subtree
    r.kz("a", "create", "/", b"")                                # root exists
    r.kz("a", "create", "/p/\u00e9t\u00e9", "unicode".encode())  # utf-8 names
    r.kz("a", "create", "/p/e2", b"", acl=[])                    # empty ACL list
    r.kz("a", "get_children", "/p")


@scenario("raw_create_modes", extended_types=True, jvm_props={"znode.container.checkIntervalMs": "500"},
          timeout_s=40.0)
def raw_create_modes(r):
    r.raw("a")
    r.rw("a", "create", create_body("/r", b"x"), ["/r", "x", "persistent"])
    r.rw("a", "create", create_body("/r/null", None), ["/r/null", None])
    r.rw("a", "getData", path_watch("/r/null"), ["/r/null"])
    r.rw("a", "create2", create_body("/r/c2", b""), ["/r/c2"])
    r.rw("a", "createContainer", create_body("/r/box", b"", flags=4), ["/r/box", "container"])
    r.rw("a", "create2", create_body("/r/box2", b"", flags=4), ["/r/box2", "container via create2"])
    r.rw("a", "create", create_body("/r/box3", b"", flags=4), ["/r/box3", "container via create"])
    r.rw("a", "createTTL", create_body("/r/ttl", b"", flags=5, ttl=60000), ["/r/ttl", "ttl=60000"])
    r.rw("a", "createTTL", create_body("/r/ttls-", b"", flags=6, ttl=60000), ["/r/ttls-", "ttl seq"])
    r.rw("a", "createTTL", create_body("/r/ttl0", b"", flags=5, ttl=0), ["ttl=0"])
    r.rw("a", "createTTL", create_body("/r/ttlneg", b"", flags=5, ttl=-5), ["ttl=-5"])
    r.rw("a", "createTTL", create_body("/r/ttlp", b"", flags=0, ttl=1000), ["ttl with flags 0"])
    r.rw("a", "create2", create_body("/r/ttl2", b"", flags=5), ["flags 5 via create2"])
    r.rw("a", "create", create_body("/r/badflags", b"", flags=99), ["flags=99"])
    r.rw("a", "createTTL", create_body("/r/ettl", b"", flags=1, ttl=1000), ["ephemeral ttl"])
    r.rw("a", "create", create_body("relative", b""), ["relative"])
    r.rw("a", "create", create_body("/r//double", b""), ["//"])
    r.rw("a", "create", create_body("/r/nul\0", b""), ["NUL in name"])
    r.rw("a", "create", create_body("/r/.", b""), ["dot"])
    r.rw("a", "create", create_body("/r/seq/", b"", flags=2), ["seq with trailing slash, no parent"])
    r.rw("a", "create", create_body("/r/", b"", flags=2), ["seq name from trailing slash"])
    r.rw("a", "exists", path_watch("/r/box", True), ["/r/box", "watch"])
    r.rw("a", "create", create_body("/r/box/kid", b""), ["/r/box/kid"])
    r.rw("a", "delete", path_int("/r/box/kid", -1), ["/r/box/kid"])
    # the container is now empty and had a child: the server deletes it (bounded wait)
    r.raw_drain("a", 8.0, until_events=1)
    r.rw("a", "exists", path_watch("/r/box", False), ["/r/box", "after container check"])
    r.rw("a", "exists", path_watch("/r/box2", False), ["/r/box2 never had children"])
    r.rw("a", "getChildren2", path_watch("/r"), ["/r"])
    r.raw_close("a")


@scenario("ttl_expiry", extended_types=True, jvm_props={"znode.container.checkIntervalMs": "300"},
          timeout_s=40.0)
def ttl_expiry(r):
    r.raw("a")
    r.rw("a", "createTTL", create_body("/ttl", b"", flags=5, ttl=200), ["/ttl", "ttl=200"])
    r.rw("a", "createTTL", create_body("/ttlkid", b"", flags=5, ttl=200), ["/ttlkid", "ttl=200"])
    r.rw("a", "create", create_body("/ttlkid/c", b""), ["/ttlkid/c"])
    r.rw("a", "exists", path_watch("/ttl", True), ["/ttl", "watch"])
    r.raw_drain("a", 8.0, until_events=1)
    r.rw("a", "exists", path_watch("/ttl"), ["/ttl"])
    r.rw("a", "exists", path_watch("/ttlkid"), ["/ttlkid (has child: kept)"])
    r.raw_close("a")


@scenario("delete_versions")
def delete_versions(r):
    r.kazoo("a")
    r.kz("a", "create", "/d", b"")
    r.kz("a", "create", "/d/c", b"")
    r.kz("a", "delete", "/d")                                    # NotEmpty
    r.kz("a", "set", "/d/c", b"1")
    r.kz("a", "delete", "/d/c", 0)                               # BadVersion
    r.kz("a", "delete", "/d/c", 5)                               # BadVersion
    r.kz("a", "delete", "/d/c", 1)
    r.kz("a", "delete", "/d/c")                                  # NoNode
    r.kz("a", "delete", "/d/missing", 3)                         # NoNode beats BadVersion
    r.kz("a", "exists", "/d")
    r.kz("a", "delete", "/d", -1)
    r.kz("a", "exists", "/d")
    r.kz("a", "delete", "/zookeeper")
    r.kz("a", "delete", "/zookeeper/quota")
    r.kz("a", "delete", "/")


@scenario("data_and_versions")
def data_and_versions(r):
    r.kazoo("a")
    r.kz("a", "create", "/v", b"")
    r.kz("a", "get", "/v")
    r.kz("a", "set", "/v", b"one")
    r.kz("a", "set", "/v", b"two", 1)
    r.kz("a", "set", "/v", b"bad", 1)                            # BadVersion
    r.kz("a", "set", "/v", b"bad", 7)                            # BadVersion
    r.kz("a", "set", "/v", b"", 2)                               # empty
    r.kz("a", "get", "/v")
    r.kz("a", "set", "/v", bytes(range(256)))                    # binary
    r.kz("a", "get", "/v")
    r.kz("a", "set", "/nope", b"x")                              # NoNode
    r.kz("a", "exists", "/v")
    r.kz("a", "exists", "/nope")
    r.kz("a", "get", "/nope")
    r.kz("a", "get", "/")
    r.kz("a", "get", "/zookeeper")
    r.kz("a", "get", "/zookeeper/quota")
    r.kz("a", "get", "/zookeeper/config")
    r.kz("a", "get_children", "/")
    r.kz("a", "get_children", "/", include_data=True)
    r.kz("a", "get_children", "/zookeeper", include_data=True)
    r.kz("a", "get_children", "/nope")
    r.kz("a", "get_children", "/nope", include_data=True)
    r.raw("b")
    r.rw("b", "setData", set_data_body("/v", None), ["/v", None])
    r.rw("b", "getData", path_watch("/v"), ["/v"])
    r.kz("a", "get", "/v")
    r.rw("b", "setData", set_data_body("/v", b"", -2), ["/v", "", -2])
    r.rw("b", "exists", path_watch(""), ["empty path"])
    r.rw("b", "getData", path_watch("v"), ["relative path"])


@scenario("children_and_cversion")
def children_and_cversion(r):
    r.kazoo("a")
    r.kz("a", "create", "/c", b"")
    for name in ("b", "a", "c", "zz", "a1", "10", "9"):
        r.kz("a", "create", "/c/" + name, b"")
    r.kz("a", "get_children", "/c", include_data=True)
    r.kz("a", "delete", "/c/a")
    r.kz("a", "set", "/c/b", b"data does not touch parent")
    r.kz("a", "get_children", "/c", include_data=True)
    r.kz("a", "create", "/c/e", b"", ephemeral=True)
    r.kz("a", "exists", "/c")


@scenario("sequential_counters")
def sequential_counters(r):
    r.kazoo("a")
    r.kz("a", "create", "/q", b"")
    for _ in range(3):
        r.kz("a", "create", "/q/n-", b"", sequence=True)
    r.kz("a", "delete", "/q/n-0000000001")
    r.kz("a", "create", "/q/n-", b"", sequence=True)             # name from cversion
    r.kz("a", "create", "/q/other", b"")
    r.kz("a", "create", "/q/", b"", sequence=True)               # bare counter
    r.kz("a", "create", "/q/m-", b"", sequence=True, ephemeral=True)
    r.kz("a", "set", "/q", b"x")                                 # no effect on counter
    r.kz("a", "create", "/q/n-", b"", sequence=True)
    r.tx("a", [("create", "/q/t-", b"", None, False, True), ("check", "/q", 99)])  # rolled back
    r.kz("a", "create", "/q/n-", b"", sequence=True)
    r.kz("a", "create", "/q/n-0000000011", b"")                  # collide with next name
    r.kz("a", "create", "/q/n-", b"", sequence=True)             # NodeExists?
    r.kz("a", "create", "/q/n-", b"", sequence=True)
    r.kz("a", "get_children", "/q", include_data=True)
    r.kz("a", "create", "/q2", b"", sequence=True)               # sequential at root
    r.kz("a", "get_children", "/", include_data=True)


@scenario("acl_and_auth")
def acl_and_auth(r):
    r.kazoo("a")
    r.kazoo("u", auth=[("digest", "user:secret")])
    digest = make_digest_acl("user", "secret", all=True)
    r.kz("a", "create", "/open", b"o")
    r.kz("a", "get_acls", "/open")
    r.kz("a", "create", "/ro", b"r", acl=READ_ONLY_WORLD)
    r.kz("a", "set", "/ro", b"w")                                # NoAuth
    r.kz("a", "get", "/ro")
    r.kz("a", "create", "/ro/kid", b"")                          # NoAuth (no CREATE)
    r.kz("a", "set_acls", "/ro", OPEN)                           # NoAuth (no ADMIN)
    r.kz("a", "create", "/dig", b"secret", acl=[digest])
    r.kz("a", "get", "/dig")                                     # NoAuth
    r.kz("a", "exists", "/dig")                                  # exists has no ACL check
    r.kz("a", "get_children", "/dig")                            # NoAuth
    r.kz("a", "get_acls", "/dig")                                # ?
    r.kz("u", "get", "/dig")
    r.kz("u", "get_acls", "/dig")
    r.kz("a", "create", "/auth", b"", acl=[ACL(31, Id("auth", ""))])   # InvalidACL (no auth)
    r.kz("u", "create", "/auth", b"", acl=[ACL(31, Id("auth", ""))])
    r.kz("u", "get_acls", "/auth")
    r.kz("a", "add_auth", "digest", "user:secret")
    r.kz("a", "get", "/dig")
    r.kz("a", "add_auth", "digest", "other:pw")
    r.kz("a", "create", "/auth2", b"", acl=[ACL(1, Id("auth", "ignored"))])
    r.kz("a", "get_acls", "/auth2")
    r.kz("u", "create", "/ip", b"", acl=[ACL(31, Id("ip", "127.0.0.1"))])
    r.kz("u", "create", "/ipnet", b"", acl=[ACL(31, Id("ip", "127.0.0.0/8"))])
    r.kz("u", "create", "/ipother", b"", acl=[ACL(31, Id("ip", "10.1.2.3"))])
    r.kz("u", "create", "/ipbad", b"", acl=[ACL(31, Id("ip", "not-an-ip"))])   # InvalidACL
    r.kz("a", "get", "/ip")
    r.kz("a", "get", "/ipnet")
    r.kz("a", "get", "/ipother")                                 # NoAuth
    r.kz("u", "create", "/badscheme", b"", acl=[ACL(31, Id("nosuch", "x"))])
    r.kz("u", "create", "/badperm", b"", acl=[ACL(0, Id("world", "anyone"))])
    r.kz("u", "create", "/bigperm", b"", acl=[ACL(255, Id("world", "anyone"))])
    r.kz("u", "get_acls", "/bigperm")
    r.kz("u", "create", "/badworld", b"", acl=[ACL(31, Id("world", "someone"))])
    r.kz("u", "create", "/baddigest", b"", acl=[ACL(31, Id("digest", "nocolon"))])
    r.kz("u", "create", "/multi", b"", acl=[digest, ACL(1, Id("world", "anyone")),
                                            ACL(1, Id("world", "anyone"))])
    r.kz("u", "get_acls", "/multi")
    r.kz("u", "set_acls", "/open", READ_ONLY_WORLD, 5)           # BadVersion
    r.kz("u", "set_acls", "/open", READ_ONLY_WORLD, 0)
    r.kz("u", "set_acls", "/open", OPEN, 0)                      # NoAuth: now read-only
    r.kz("u", "set_acls", "/open", [])                           # InvalidACL?
    r.kz("u", "set_acls", "/missing", OPEN)
    r.kz("u", "get_acls", "/open")
    r.kz("a", "delete", "/ro")                                   # parent / is open -> ok
    r.kz("u", "create", "/nodel", b"", acl=[ACL(1 | 4, Id("world", "anyone"))])
    r.kz("u", "create", "/nodel/kid", b"")
    r.kz("u", "delete", "/nodel/kid")                            # NoAuth: no DELETE on parent
    r.raw("w")
    r.rw("w", "whoAmI", b"", [])
    r.rw("w", "auth", args=("digest", b"user:secret"))
    r.rw("w", "auth", args=("digest", b"user:secret"))
    r.rw("w", "auth", args=("ip", b"127.0.0.1"))
    r.rw("w", "whoAmI", b"", [])
    r.rw("w", "getACL", e_str("/open"), ["/open"])
    r.rw("w", "setACL", set_acl_body("/open", [(31, "world", "anyone")], 1), ["/open", "no ADMIN"])
    r.rw("w", "setACL", set_acl_body("/auth", [(31, "world", "anyone")], 0), ["/auth", "digest"])
    r.rw("w", "setACL", set_acl_body("/nodel/kid", [(31, "auth", "")], 0), ["auth scheme"])
    r.rw("w", "getACL", e_str("/nodel/kid"), ["/nodel/kid"])
    r.rw("w", "auth", args=("nosuch", b"x"))
    r.raw_drain("w", 0.5)


@scenario("auth_failures")
def auth_failures(r):
    r.raw("b")
    r.rw("b", "auth", args=("digest", b"no-colon"))
    r.raw_drain("b", 0.5)
    r.raw("c")
    r.rw("c", "auth", args=("world", b"anyone"))
    r.raw_drain("c", 0.5)
    r.kazoo("k")
    r.kz("k", "add_auth", "digest", "")
    r.raw("d")
    r.rw("d", "auth", args=("super", b"x"))
    r.raw_drain("d", 0.5)


@scenario("transactions")
def transactions(r):
    r.kazoo("a")
    r.kz("a", "create", "/t", b"")
    r.kz("a", "get", "/t", W("wt"))
    r.kz("a", "get_children", "/t", W("ct"))
    r.tx("a", [("create", "/t/a", b"1"), ("create", "/t/b", b"2"),
               ("set_data", "/t", b"parent"), ("check", "/t", 1)])
    r.tx("a", [("create", "/t/c", b""), ("check", "/t", 0), ("delete", "/t/a"),
               ("set_data", "/t/b", b"x")])                      # check fails: rolled back
    r.tx("a", [("delete", "/t/a"), ("delete", "/t/a")])          # second op NoNode
    r.tx("a", [("create", "/t/a", b"")])                         # NodeExists
    r.tx("a", [("set_data", "/t/b", b"v", 0), ("set_data", "/t/b", b"w", 0)])
    r.tx("a", [("create", "/t/s-", b"", None, False, True),
               ("create", "/t/s-", b"", None, True, True), ("delete", "/t/b")])
    r.tx("a", [])
    r.tx("a", [("check", "/t", 1), ("check", "/missing", -1)])
    r.kz("a", "get_children", "/t", include_data=True)
    r.raw("b")
    r.rw("b", "multi", multi_body([]), ["empty"])
    r.rw("b", "multi", multi_body([("create2", create_body("/t/c2", b"z")),
                                   ("setData", set_data_body("/t", b"y")),
                                   ("delete", path_int("/t/c2", 0)),
                                   ("check", path_int("/t", 2))]), ["create2,setData,delete,check"])
    r.rw("b", "multi", multi_body([("create", create_body("/t/x", b"")),
                                   ("create", create_body("/t/x/y", b"")),
                                   ("create", create_body("/t/x/y/z", b"", flags=1)),
                                   ("create", create_body("/t/x/y/z/no", b""))]), ["ephemeral parent"])
    r.rw("b", "multi", multi_body([("getData", path_watch("/t"))]), ["read op in multi"])
    r.rw("b", "multiRead", multi_body([("getData", path_watch("/t")),
                                       ("getChildren", path_watch("/zookeeper")),
                                       ("getData", path_watch("/nope"))]), ["multiRead"])
    r.rw("b", "multiRead", multi_body([("create", create_body("/t/w", b""))]), ["write in multiRead"])
    r.rw("b", "multi", multi_body([("create", create_body("/t/q", b"")),
                                   ("delete", path_int("/t/q", -1)),
                                   ("create", create_body("/t/q", b"again"))]), ["create/delete/create"])
    r.rw("b", "getData", path_watch("/t/q"), ["/t/q"])


@scenario("watches_oneshot")
def watches_oneshot(r):
    r.kazoo("a")
    r.kazoo("b")
    r.kz("a", "create", "/w", b"")
    r.kz("b", "get", "/w", W("data1"))
    r.kz("b", "exists", "/w/kid", W("exists-missing"))
    r.kz("b", "get_children", "/w", W("child1"))
    r.kz("a", "set", "/w", b"1")                                 # data1 fires
    r.kz("a", "set", "/w", b"2")                                 # nothing: one-shot
    r.kz("a", "create", "/w/kid", b"")                           # exists-missing + child1
    r.kz("a", "create", "/w/kid2", b"")                          # nothing
    r.kz("b", "exists", "/w/kid", W("exists-present"))
    r.kz("b", "get", "/w/kid", W("data-kid"))
    r.kz("b", "get_children", "/w/kid", W("child-kid"))
    r.kz("b", "get_children", "/w", W("child2"))
    r.kz("a", "delete", "/w/kid")                                # deleted on kid + child on /w
    r.kz("b", "exists", "/gone", W("exists-never"))
    r.kz("b", "get", "/gone", W("get-missing"))                  # NoNode: no watch set
    r.kz("a", "create", "/gone", b"")
    r.kz("b", "get", "/w", W("self-trigger"))
    r.kz("b", "set", "/w", b"own write")                         # own change fires too
    r.kz("a", "sync", "/w")
    r.tx("a", [("create", "/w/t1", b""), ("set_data", "/w", b"m")])


@scenario("watches_wire_order")
def watches_wire_order(r):
    r.raw("a")
    r.raw("b")
    r.rw("a", "create", create_body("/o", b""), ["/o"])
    r.rw("a", "create", create_body("/o/c", b""), ["/o/c"])
    r.rw("a", "create", create_body("/o/c/g", b""), ["/o/c/g"])
    r.rw("b", "getData", path_watch("/o/c", True), ["/o/c", "watch"])
    r.rw("b", "exists", path_watch("/o/c", True), ["/o/c", "watch again (exists)"])
    r.rw("b", "getChildren", path_watch("/o/c", True), ["/o/c", "child watch"])
    r.rw("b", "getChildren", path_watch("/o", True), ["/o", "child watch"])
    r.rw("b", "getData", path_watch("/o", True), ["/o", "data watch"])
    r.rw("a", "delete", path_int("/o/c/g", -1), ["/o/c/g"])
    r.rw("a", "delete", path_int("/o/c", -1), ["/o/c"])
    r.rw("a", "setData", set_data_body("/o", b"x"), ["/o"])
    # same session: events for its own write arrive before the write's reply
    r.rw("a", "exists", path_watch("/o/n", True), ["/o/n", "watch"])
    r.rw("a", "getChildren", path_watch("/o", True), ["/o", "child watch"])
    r.rw("a", "getData", path_watch("/o", True), ["/o", "data watch"])
    r.rw("a", "multi", multi_body([("create", create_body("/o/n", b"")),
                                   ("setData", set_data_body("/o", b"y"))]), ["create+set"])
    r.rw("b", "exists", path_watch("/o/n", True), ["/o/n"])
    r.rw("b", "getData", path_watch("/o/n", True), ["/o/n"])
    r.rw("a", "multi", multi_body([("setData", set_data_body("/o/n", b"1")),
                                   ("setData", set_data_body("/o/n", b"2")),
                                   ("delete", path_int("/o/n", -1))]), ["set,set,delete"])
    # re-arm watches after reconnect with setWatches (relativeZxid in the past)
    r.rw("b", "getData", path_watch("/o", True), ["/o"])
    r.rw("a", "setData", set_data_body("/o", b"z"), ["/o"])


@scenario("persistent_watches")
def persistent_watches(r):
    r.raw("a")
    r.raw("b")
    r.rw("a", "create", create_body("/pw", b""), ["/pw"])
    r.rw("b", "addWatch", path_int("/pw", 0), ["/pw", "PERSISTENT"])
    r.rw("b", "addWatch", path_int("/rw", 1), ["/rw", "PERSISTENT_RECURSIVE (missing node)"])
    r.rw("b", "addWatch", path_int("/pw", 7), ["/pw", "bad mode"])
    r.rw("a", "setData", set_data_body("/pw", b"1"), ["/pw"])
    r.rw("a", "setData", set_data_body("/pw", b"2"), ["/pw (still armed)"])
    r.rw("a", "create", create_body("/pw/k", b""), ["/pw/k"])
    r.rw("a", "setData", set_data_body("/pw/k", b"1"), ["/pw/k (not watched)"])
    r.rw("a", "create", create_body("/rw", b""), ["/rw"])
    r.rw("a", "create", create_body("/rw/a", b""), ["/rw/a"])
    r.rw("a", "create", create_body("/rw/a/b", b""), ["/rw/a/b"])
    r.rw("a", "setData", set_data_body("/rw/a/b", b"1"), ["/rw/a/b"])
    r.rw("a", "delete", path_int("/rw/a/b", -1), ["/rw/a/b"])
    r.rw("b", "getData", path_watch("/rw/a", True), ["/rw/a", "standard watch too"])
    r.rw("a", "setData", set_data_body("/rw/a", b"2"), ["/rw/a"])
    r.rw("b", "checkWatches", path_int("/pw", 3), ["/pw", "any"])
    r.rw("b", "checkWatches", path_int("/pw", 2), ["/pw", "data"])
    r.rw("b", "checkWatches", path_int("/pw", 1), ["/pw", "children"])
    r.rw("b", "checkWatches", path_int("/nowatch", 3), ["/nowatch"])
    r.rw("b", "removeWatches", path_int("/pw", 1), ["/pw", "children"])
    r.rw("a", "create", create_body("/pw/k2", b""), ["/pw/k2"])
    r.rw("a", "setData", set_data_body("/pw", b"3"), ["/pw"])
    r.rw("b", "removeWatches", path_int("/pw", 3), ["/pw", "any"])
    r.rw("a", "setData", set_data_body("/pw", b"4"), ["/pw (removed)"])
    r.rw("b", "removeWatches", path_int("/pw", 3), ["/pw", "any again"])
    r.rw("b", "removeWatches", path_int("/rw", 2), ["/rw", "data"])
    r.rw("a", "setData", set_data_body("/rw/a", b"3"), ["/rw/a"])
    r.rw("a", "delete", path_int("/pw/k", -1), ["/pw/k"])
    r.rw("b", "addWatch", path_int("/pw", 0), ["/pw", "PERSISTENT again"])
    r.rw("a", "delete", path_int("/pw/k2", -1), ["/pw/k2"])
    r.rw("a", "delete", path_int("/pw", -1), ["/pw"])
    r.rw("a", "create", create_body("/pw", b""), ["/pw recreated (still armed)"])
    r.four("wchs")
    r.four("wchc")
    r.four("wchp")


@scenario("remove_watches_standard")
def remove_watches_standard(r):
    r.raw("a")
    r.rw("a", "create", create_body("/x", b""), ["/x"])
    r.rw("a", "getData", path_watch("/x", True), ["/x", "data watch"])
    r.rw("a", "getChildren", path_watch("/x", True), ["/x", "child watch"])
    r.rw("a", "exists", path_watch("/y", True), ["/y", "exists watch"])
    r.rw("a", "checkWatches", path_int("/x", 2), ["/x", "data"])
    r.rw("a", "removeWatches", path_int("/x", 2), ["/x", "data"])
    r.rw("a", "removeWatches", path_int("/x", 2), ["/x", "data again"])
    r.rw("a", "checkWatches", path_int("/x", 1), ["/x", "children"])
    r.rw("a", "removeWatches", path_int("/y", 2), ["/y", "exists watch is data"])
    r.rw("a", "removeWatches", path_int("/x", 4), ["/x", "bad type"])
    r.rw("a", "removeWatches", path_int("/nope", 3), ["/nope"])
    r.rw("a", "create", create_body("/x/k", b""), ["/x/k"])
    r.rw("a", "setData", set_data_body("/x", b"1"), ["/x"])
    r.rw("a", "create", create_body("/y", b""), ["/y"])
    r.rw("a", "setWatches", jc.e_long(0) + jc.e_strs(["/x"]) + jc.e_strs(["/nope"])
         + jc.e_strs(["/x"]), ["setWatches relZxid=0"])
    r.rw("a", "setWatches2", jc.set_watches2_body(0, persistent=["/y"]), ["setWatches2"])


@scenario("ephemerals_two_sessions")
def ephemerals_two_sessions(r):
    r.kazoo("a")
    r.kazoo("b")
    r.kz("a", "create", "/s", b"")
    r.kz("a", "create", "/s/e1", b"", ephemeral=True)
    r.kz("a", "create", "/s/e2-", b"", ephemeral=True, sequence=True)
    r.kz("b", "create", "/s/b1", b"", ephemeral=True)
    r.kz("b", "exists", "/s/e1", W("e1"))
    r.kz("b", "get", "/s/e2-0000000001", W("e2"))
    r.kz("b", "get_children", "/s", W("kids"))
    r.kz("b", "exists", "/s/e1")
    r.kz("b", "delete", "/s/e1", 5)                              # BadVersion
    r.kz("b", "set", "/s/e1", b"b writes a's ephemeral")
    r.raw("x")
    r.rw("x", "getEphemerals", e_str("/"), ["/"])
    r.rw("x", "getEphemerals", e_str("/s"), ["/s"])
    r.rw("x", "getEphemerals", e_str("/s/e"), ["/s/e prefix"])
    r.rw("x", "getEphemerals", e_str("/nope"), ["/nope"])
    r.rw("x", "getAllChildrenNumber", e_str("/"), ["/"])
    r.rw("x", "getAllChildrenNumber", e_str("/s"), ["/s"])
    r.rw("x", "getAllChildrenNumber", e_str("/nope"), ["/nope"])
    r.rw("x", "create", create_body("/s/x1", b"", flags=1), ["x ephemeral"])
    r.rw("x", "create", create_body("/s/x2-", b"", flags=3), ["x ephemeral sequential"])
    r.rw("x", "create", create_body("/sx", b"", flags=1), ["x ephemeral at root"])
    for prefix in ("/", "/s", "/s/", "/s/x", "/s/x1", "/sx", "/nope", "", "s"):
        r.rw("x", "getEphemerals", e_str(prefix), [prefix])
    r.four("dump")
    r.kz_close("a")                                              # e1, e2 vanish
    r.kz("b", "get_children", "/s", include_data=True)
    r.raw_close("x")
    r.kz("b", "get_children", "/s", include_data=True)
    r.kz("b", "exists", "/s/b1")


@scenario("session_expiry", timeout_s=40.0)
def session_expiry(r):
    r.kazoo("obs")
    r.raw("dying", timeout_ms=1000)
    r.rw("dying", "create", create_body("/eph", b"", flags=1), ["/eph"])
    r.rw("dying", "create", create_body("/eph2", b"", flags=1), ["/eph2"])
    r.kz("obs", "exists", "/eph", W("eph"))
    r.kz("obs", "get_children", "/", W("root"))
    r.kz("obs", "exists", "/eph")
    _, dying = r.clients.pop("dying")       # go silent: no pings, no reads
    r.note("dying session goes silent")
    r.wait_events("obs", 2, 8.0)
    frames = dying.drain(3.0)
    r.add({"kind": "rawdrain", "c": "dying", "frames": frames})
    old_id, old_pw = dying.session_id, dying.passwd
    dying.abandon()
    again = RawSession(r.port, r.host)
    r.add({"kind": "rawconnect", "c": "dying-again",
           "response": again.connect(timeout_ms=1000, session_id=old_id, passwd=old_pw)})
    r.add({"kind": "rawdrain", "c": "dying-again", "frames": again.drain(0.5)})
    again.abandon()
    r.kz("obs", "exists", "/eph")
    r.kz("obs", "get_children", "/", include_data=True)


@scenario("session_negotiation")
def session_negotiation(r):
    for i, (tmo, kw) in enumerate([(1, {}), (1000, {}), (4000, {}), (10000, {}),
                                   (600000, {}), (-5, {})]):
        s = RawSession(r.port, r.host)
        resp = s.connect(timeout_ms=tmo, **kw)
        r.note_session(resp.get("sessionId"))
        r.add({"kind": "rawconnect", "c": "n%d" % i, "args": {"timeout_ms": tmo},
               "response": resp})
        if resp.get("timeOut", 0) > 0:
            r.add({"kind": "raw", "c": "n%d" % i, "op": "closeSession",
                   "frames": s.close_session()})
        s.abandon()
    # reconnect to a live session with the wrong password, then the right one
    s = RawSession(r.port, r.host)
    resp = s.connect(timeout_ms=4000)
    r.note_session(resp.get("sessionId"))
    r.add({"kind": "rawconnect", "c": "live", "response": resp})
    bad = RawSession(r.port, r.host)
    r.add({"kind": "rawconnect", "c": "live-badpw",
           "response": bad.connect(timeout_ms=4000, session_id=s.session_id, passwd=b"x" * 16)})
    bad.abandon()
    good = RawSession(r.port, r.host)
    r.add({"kind": "rawconnect", "c": "live-again",
           "response": good.connect(timeout_ms=4000, session_id=s.session_id, passwd=s.passwd)})
    r.add({"kind": "rawdrain", "c": "live-old-socket", "frames": s.drain(0.5)})
    r.add({"kind": "raw", "c": "live-again", "op": "closeSession", "frames": good.close_session()})
    future = RawSession(r.port, r.host)
    r.add({"kind": "rawconnect", "c": "future-zxid",
           "response": future.connect(timeout_ms=4000, last_zxid=1 << 40)})
    r.add({"kind": "rawdrain", "c": "future-zxid", "frames": future.drain(0.5)})
    future.abandon()
    s.abandon()


def create_of_frame(path, frame_bytes):
    """A create body whose request frame (header included, length prefix not)
    is exactly frame_bytes long."""
    overhead = 8 + len(create_body(path, b""))
    return create_body(path, b"\x02" * (frame_bytes - overhead))


@scenario("large_data", timeout_s=60.0)
def large_data(r):
    """jute.maxbuffer (1048575): a request frame (length prefix excluded) longer
    than that closes the connection (no reply, no zxid); the session survives
    and kazoo reconnects."""
    r.kazoo("a", listen=True)
    r.kz("a", "create", "/big", b"")
    # setData frame = xid 4 + type 4 + path 4+4 + data 4+n + version 4 = n + 24
    for size in (1047552, 1048551, 1048552, 1048576 + 4096):
        r.kz("a", "set", "/big", b"\x01" * size, _barrier=False)
        r.wait_connected("a")
        r.kz("a", "exists", "/big")
    r.kz("a", "get", "/big")
    r.raw("b")
    r.rw("b", "create", create_of_frame("/big2", 1048575), ["/big2", "frame 1048575"])
    r.rw("b", "getData", path_watch("/big2"), ["/big2"])
    r.rw("b", "create", create_of_frame("/big3", 1048576), ["/big3", "frame 1048576"])
    r.raw("c")
    r.rw("c", "create", create_body("/big4", b"\x02" * 2000000), ["/big4", "2e6 bytes"])
    r.raw("d")
    r.rw("d", "exists", path_watch("/big3"), ["/big3"])
    r.rw("d", "getChildren2", path_watch("/"), ["/"])
    # many children: a getChildren reply bigger than jute.maxbuffer is still sent
    r.rw("d", "create", create_body("/many", b""), ["/many"])
    body = multi_body([("create", create_body("/many/" + "n" * 200 + "%04d" % i, b""))
                       for i in range(600)])
    r.rw("d", "multi", body, ["600 creates with 204-byte names"])
    r.rw("d", "getAllChildrenNumber", e_str("/many"), ["/many"])
    r.rw("d", "getChildren2", path_watch("/many"), ["/many"])


@scenario("four_letter_words")
def four_letter_words(r):
    r.kazoo("a")
    r.kz("a", "create", "/f", b"12345")
    r.kz("a", "create", "/f/e", b"", ephemeral=True)
    r.kz("a", "get", "/f", W("d"))
    r.kz("a", "get_children", "/f", W("c"))
    r.kz("a", "exists", "/f/none", W("x"))
    for word in ("ruok", "isro", "srvr", "stat", "mntr", "wchs", "wchc", "wchp", "cons", "dump",
                 "conf", "zzzz", "gtmk"):
        r.four(word)
    r.kz("a", "get", "/f")


@scenario("four_letter_whitelist", four_lw="ruok,srvr")
def four_letter_whitelist(r):
    for word in ("ruok", "srvr", "stat", "mntr", "envi", "kill"):
        r.four(word)


@scenario("selfcheck_short")
def selfcheck_short(r):
    """Small and fast: used by the ctest that keeps the harness itself honest."""
    r.kazoo("a")
    r.kazoo("b")
    r.kz("a", "create", "/h", b"x")
    r.kz("b", "get", "/h", W("h"))
    r.kz("a", "create", "/h/s-", b"", sequence=True, ephemeral=True)
    r.kz("a", "set", "/h", b"y", 0)
    r.kz("a", "set", "/h", b"z", 0)
    r.tx("a", [("create", "/h/t", b""), ("check", "/h", 7)])
    r.kz_close("a")
    r.kz("b", "get_children", "/h", include_data=True)
    r.raw("c")
    r.rw("c", "getAllChildrenNumber", e_str("/"), ["/"])


@scenario("kazoo_recipes")
def kazoo_recipes(r):
    """What kazoo users actually run: Counter (versioned set), Lock and
    Election (ephemeral sequential + watches on the predecessor)."""
    from kazoo.recipe.counter import Counter
    from kazoo.recipe.lock import Lock
    a, b = r.kazoo("a"), r.kazoo("b")

    def step(label, fn):
        try:
            res = fn()
            r.add({"kind": "recipe", "op": label, "result": jc.data_repr(res)
                   if isinstance(res, bytes) else res if isinstance(res, (int, bool, str))
                   or res is None else repr(res)})
        except Exception as exc:   # noqa: BLE001
            r.add({"kind": "recipe", "op": label, "error": type(exc).__name__})
        r.barrier()

    ca, cb = Counter(a, "/counter"), Counter(b, "/counter")
    step("counter a += 5", lambda: (ca.__add__(5), ca.value)[1])
    step("counter b -= 2", lambda: (cb.__sub__(2), cb.value)[1])
    step("counter a value", lambda: ca.value)
    la, lb = Lock(a, "/lock", "a"), Lock(b, "/lock", "b")
    step("a acquires", lambda: la.acquire(timeout=5))
    step("b tries", lambda: lb.acquire(blocking=False))
    step("contenders", lambda: ",".join(la.contenders()))
    step("lock children", lambda: ",".join(sorted(
        c.split("__lock__")[1] for c in a.get_children("/lock"))))
    step("a releases", la.release)
    step("b acquires", lambda: lb.acquire(timeout=5))
    step("contenders", lambda: ",".join(lb.contenders()))
    step("b releases", lb.release)
    step("lock children", lambda: ",".join(a.get_children("/lock")))
    r.kz("a", "get", "/counter")
    r.kz("a", "get_children", "/lock", include_data=True)
