#!/bin/sh
# Regenerates the reference files the coordination tests compare against, from real Java:
#   java_hash_set_orders.json  java.util.HashSet<String> orders and String.hashCode (any JDK)
#   zk_reference.json          ZooKeeper 3.8's digests, ACL id checks, validatePath messages
#                              and session passwords (needs zookeeper.jar)
# Usage: testdata/regenerate.sh   (ZK_JARS overrides where the jars are; default /usr/share/java,
# as Debian's zookeeper package installs them). Review the diff before committing.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
jars=${ZK_JARS:-/usr/share/java}
cp="$jars/zookeeper.jar:$jars/zookeeper-jute.jar:$jars/slf4j-api.jar:$jars/slf4j-nop.jar"
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT

javac -d "$build" "$here/JavaHashSetOrders.java"
java -cp "$build" JavaHashSetOrders > "$here/java_hash_set_orders.json"

javac -cp "$cp" -d "$build" "$here/ZkReference.java"
java -cp "$cp:$build" ZkReference > "$here/zk_reference.json"

echo "wrote $here/java_hash_set_orders.json and $here/zk_reference.json"
