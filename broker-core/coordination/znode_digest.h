#pragma once
// The tree digest of ZooKeeper 3.8 (DigestCalculator, NodeHashMapImpl, AdHash), which every
// logged transaction (TxnDigest) and every snapshot (after its first seal) carries, so that
// replicas and restarts can check they hold the same tree.
//
// A node's digest is CRC32 (java.util.zip.CRC32, zlib's) over
//   its path bytes ("/" counts as the empty path, the root's key in ZooKeeper's node map),
//   its data (nothing for null: null and empty data give the same digest),
//   60 bytes of stat, big-endian: czxid, mzxid, pzxid, ctime, mtime (longs), version, cversion,
//   aversion (ints), ephemeralOwner (long)
// as an unsigned 32-bit value in a long. Nodes under "/zookeeper/" (quota, config) count 0;
// "/zookeeper" itself counts. The tree digest is the sum of all node digests, wrapping as a
// Java long does; a change replaces a node's old digest by its new one (subtract, add).
// The cversion is the persisted one (StatPersisted), not the one clients see.
//
// Pure functions; thread-safe. Requires: nothing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/zookeeper/generated/jute_data.h"

namespace pier::coordination {

// DigestCalculator.DIGEST_VERSION, written in TxnDigest.version and the snapshot's digest.
inline constexpr int32_t kDigestVersion = 2;

int64_t znodeDigest(std::string_view path, const std::optional<std::string>& data,
                    const protocol::zookeeper::StatPersisted& stat);

// AdHash: the tree digest with one node digest added or removed (two's complement wrap).
constexpr int64_t digestAdd(int64_t tree, int64_t node) {
  return static_cast<int64_t>(static_cast<uint64_t>(tree) + static_cast<uint64_t>(node));
}
constexpr int64_t digestSubtract(int64_t tree, int64_t node) {
  return static_cast<int64_t>(static_cast<uint64_t>(tree) - static_cast<uint64_t>(node));
}

}  // namespace pier::coordination
