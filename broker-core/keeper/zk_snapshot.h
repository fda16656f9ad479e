#pragma once
// The contents of a ZooKeeper 3.8 snapshot (docs/FORMAT-keeper.md) as a plain image, and its
// byte stream both ways (uncompressed; zk_snapshot_files.h does files and compression):
//
//   FileHeader{magic "ZKSN", version 2, dbid -1}
//   sessions: int count, then (long sessionId, int timeoutMs) each
//   ACL cache (ReferenceCountedACLCache): int count, then (long ref, vector<ACL>) each
//   nodes, parents before children: (ustring path, buffer data, long aclRef, StatPersisted)
//     each, the root first with path "", ended by the path "/"
//   seal: long Adler32 of every byte so far, ustring "/"
//   digest (DataTree.ZxidDigest): long zxid, int digestVersion, long digest (a hex ustring
//     when digestVersion < 2)
//   seal: long Adler32 of every byte so far (first seal included), ustring "/"
//
// ZooKeeper 3.8 writes nothing after the second seal (no lastProcessedZxid). Snapshots of 3.5
// and older stop after the first seal: read with no digest. ZooKeeper snapshots are fuzzy
// (taken while transactions apply): the digest is that of `digest.zxid`, which may be above the
// file's zxid, and the nodes may hold changes of transactions after the file's zxid. A digest
// with zxid 0 means "none" (what an empty tree writes). Replaying the log from the file's zxid
// + 1 repairs both, as ZooKeeper does.
//
// Value types and pure functions; thread-safe. Decoders never crash or assert on any bytes.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/byte_writer.h"
#include "base/result.h"
#include "protocol/zookeeper/generated/jute_data.h"

namespace pier::keeper {

struct SnapshotNode {
  std::string path;                 // "" for the root, "/a/b" otherwise
  std::optional<std::string> data;  // null is kept as null
  int64_t aclRef = -1;              // key in SnapshotImage::acls; -1 is the open ACL
  protocol::zookeeper::StatPersisted stat;
  friend bool operator==(const SnapshotNode&, const SnapshotNode&) = default;
};

struct SnapshotDigest {
  int64_t zxid = 0;
  int32_t digestVersion = 2;
  int64_t digest = 0;
  friend bool operator==(const SnapshotDigest&, const SnapshotDigest&) = default;
};

struct SnapshotImage {
  std::map<int64_t, int32_t> sessions;  // session id -> timeout ms
  std::map<int64_t, std::vector<protocol::zookeeper::ACL>> acls;
  std::vector<SnapshotNode> nodes;  // pre-order: root first, parents before children
  std::optional<SnapshotDigest> digest;
  friend bool operator==(const SnapshotImage&, const SnapshotImage&) = default;
};

// The uncompressed stream written piece by piece, so a tree can be encoded straight from where
// it lives (keeper_database.h's encodeSnapshotOf) without an image copy in between:
// begin (header, sessions, ACLs), every node in pre-order, finish (seal, digest, seal).
class SnapshotEncoder {
 public:
  SnapshotEncoder(const std::map<int64_t, int32_t>& sessions,
                  const std::map<int64_t, std::vector<protocol::zookeeper::ACL>>& acls);
  void node(const std::string& path, const std::optional<std::string>& data, int64_t aclRef,
            const protocol::zookeeper::StatPersisted& stat);
  // What node() writes for this path and data; expectNodes() with the sum over every node makes
  // the stream one allocation of its final size (a snapshot of a big tree is the keeper's largest
  // buffer: grown by doubling it would briefly need twice its size).
  static std::size_t nodeBytes(const std::string& path, const std::optional<std::string>& data);
  void expectNodes(std::size_t nodeBytesTotal);

  // Hands the stream to `sink` in pieces of about kPieceBytes as it is encoded, so a big tree's
  // snapshot is never whole in memory (the checksums run over the pieces). finish() then hands
  // over the rest and returns nothing; sinkStatus() is the first failure of `sink`, after which
  // the rest of the stream is dropped.
  static constexpr std::size_t kPieceBytes = 256 * 1024;
  using Sink = std::function<Status(std::span<const uint8_t>)>;
  void streamTo(Sink sink);
  const Status& sinkStatus() const { return m_sinkStatus; }

  std::vector<uint8_t> finish(const std::optional<SnapshotDigest>& digest) &&;

 private:
  void seal();   // the Adler32 of everything so far, and "/"
  void drain();  // to the sink

  Writer m_w;
  Sink m_sink;
  Status m_sinkStatus;
  int64_t m_drainedAdler = 1;  // of what the sink has been handed (1: of nothing)
};

// The uncompressed stream, sessions and ACLs in ascending key order, nodes as given.
// Requires: nodes in pre-order with the root "" first; ZooKeeper and decodeSnapshot refuse
// anything else.
std::vector<uint8_t> encodeSnapshot(const SnapshotImage& image);
// CorruptSnapshot naming the byte offset: wrong magic, a node whose parent did not come before it,
// a duplicate path, a bad seal, anything cut short, counts larger than the bytes left.
Result<SnapshotImage> decodeSnapshot(std::span<const uint8_t> bytes);

}  // namespace pier::keeper
