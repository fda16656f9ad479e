#include "keeper/zk_snapshot.h"

#include <set>

#include <fmt/format.h>

#include "keeper/zk_persistence_error.h"
#include "keeper/zk_txn_entry.h"
#include "protocol/zookeeper/generated/jute_persistence.h"
#include "protocol/zookeeper/jute_wire.h"

namespace pier::keeper {
namespace zk = protocol::zookeeper;
namespace jute = protocol::zookeeper::jute;
namespace {

constexpr int32_t kSnapshotMagic = 0x5a4b534e;  // "ZKSN"
constexpr int32_t kSnapshotVersion = 2;
constexpr int64_t kSnapshotDbId = -1;
const std::string kSealPath = "/";

void writeDigest(Writer& w, const SnapshotDigest& d) {
  w.writeInt64(d.zxid);
  w.writeInt32(d.digestVersion);
  if (d.digestVersion < 2) {
    jute::writeUstring(w, fmt::format("{:x}", static_cast<uint64_t>(d.digest)));
  } else {
    w.writeInt64(d.digest);
  }
}

// Reads one snapshot stream; every failure names the offset it stopped at.
class SnapshotDecoder {
 public:
  explicit SnapshotDecoder(std::span<const uint8_t> bytes) : m_bytes(bytes), m_r(bytes) {}

  Result<SnapshotImage> run() {
    SnapshotImage image;
    PIER_RETURN_IF_ERROR(header());
    PIER_RETURN_IF_ERROR(sessions(image));
    PIER_RETURN_IF_ERROR(acls(image));
    PIER_RETURN_IF_ERROR(nodes(image));
    PIER_RETURN_IF_ERROR(seal());
    if (m_r.atEnd()) return image;  // written before digests existed (3.5 and older)
    PIER_RETURN_IF_ERROR(digest(image));
    PIER_RETURN_IF_ERROR(seal());
    return image;  // ZooKeeper ignores anything after the second seal
  }

 private:
  Status fail(const std::string& what) const {
    return Status(PersistenceError::CorruptSnapshot,
                  fmt::format("offset {}: {}", m_r.position(), what));
  }
  Status wrap(Status s, const char* what) const {
    return s.isOk() ? s : fail(fmt::format("{}: {}", what, s.toString()));
  }
  // A count of entries of at least `minBytes` each that the bytes left can hold.
  Status count(const char* what, std::size_t minBytes, int32_t& out) {
    PIER_RETURN_IF_ERROR(wrap(jute::readInt(m_r, out), what));
    if (out < 0 || static_cast<std::size_t>(out) * minBytes > m_r.remaining()) {
      return fail(fmt::format("{} count {} with {} bytes left", what, out, m_r.remaining()));
    }
    return Status();
  }

  Status header() {
    zk::FileHeader h;
    PIER_RETURN_IF_ERROR(wrap(h.decodeFrom(m_r), "file header"));
    if (h.magic != kSnapshotMagic) return fail(fmt::format("magic {:#x} is not ZKSN", h.magic));
    return Status();
  }

  Status sessions(SnapshotImage& image) {
    int32_t n = 0;
    PIER_RETURN_IF_ERROR(count("session", 12, n));
    for (int32_t i = 0; i < n; ++i) {
      int64_t id = 0;
      int32_t timeoutMs = 0;
      PIER_RETURN_IF_ERROR(wrap(jute::readLong(m_r, id), "session id"));
      PIER_RETURN_IF_ERROR(wrap(jute::readInt(m_r, timeoutMs), "session timeout"));
      image.sessions[id] = timeoutMs;
    }
    return Status();
  }

  Status acls(SnapshotImage& image) {
    int32_t n = 0;
    PIER_RETURN_IF_ERROR(count("ACL cache", 12, n));
    for (int32_t i = 0; i < n; ++i) {
      int64_t ref = 0;
      int32_t entries = 0;
      PIER_RETURN_IF_ERROR(wrap(jute::readLong(m_r, ref), "ACL ref"));
      PIER_RETURN_IF_ERROR(wrap(jute::readVectorCount(m_r, entries, 12), "ACL list"));
      std::vector<zk::ACL> list(static_cast<std::size_t>(entries));
      for (auto& acl : list) PIER_RETURN_IF_ERROR(wrap(acl.decodeFrom(m_r), "ACL"));
      if (!image.acls.emplace(ref, std::move(list)).second)
        return fail(fmt::format("ACL ref {} twice", ref));
    }
    return Status();
  }

  Status checkPlace(const std::string& path, const std::set<std::string>& seen) const {
    if (seen.empty())
      return path.empty() ? Status() : fail("the first node is '" + path + "', not the root");
    if (path.empty() || path[0] != '/')
      return fail("node path '" + path + "' does not start with /");
    if (seen.count(path)) return fail("node '" + path + "' twice");
    if (!seen.count(path.substr(0, path.rfind('/'))))
      return fail("node '" + path + "' before its parent");
    return Status();
  }

  Status nodes(SnapshotImage& image) {
    std::set<std::string> seen;
    while (true) {
      SnapshotNode node;
      PIER_RETURN_IF_ERROR(wrap(jute::readUstring(m_r, node.path), "node path"));
      if (node.path == kSealPath) return Status();
      PIER_RETURN_IF_ERROR(checkPlace(node.path, seen));
      PIER_RETURN_IF_ERROR(wrap(jute::readBuffer(m_r, node.data), "node data"));
      PIER_RETURN_IF_ERROR(wrap(jute::readLong(m_r, node.aclRef), "node ACL ref"));
      PIER_RETURN_IF_ERROR(wrap(node.stat.decodeFrom(m_r), "node stat"));
      seen.insert(node.path);
      image.nodes.push_back(std::move(node));
    }
  }

  Status seal() {
    const int64_t expected = adler32Of(m_bytes.first(m_r.position()));
    int64_t stored = 0;
    std::string path;
    PIER_RETURN_IF_ERROR(wrap(jute::readLong(m_r, stored), "seal"));
    PIER_RETURN_IF_ERROR(wrap(jute::readUstring(m_r, path), "seal"));
    if (stored != expected)
      return fail(fmt::format("Adler32 seal {:#x}, computed {:#x}", stored, expected));
    if (path != kSealPath) return fail("seal without '/'");
    return Status();
  }

  Status digest(SnapshotImage& image) {
    SnapshotDigest d;
    PIER_RETURN_IF_ERROR(wrap(jute::readLong(m_r, d.zxid), "digest zxid"));
    PIER_RETURN_IF_ERROR(wrap(jute::readInt(m_r, d.digestVersion), "digest version"));
    if (d.digestVersion >= 2) {
      PIER_RETURN_IF_ERROR(wrap(jute::readLong(m_r, d.digest), "digest"));
    } else {
      std::optional<std::string> hex;
      PIER_RETURN_IF_ERROR(wrap(jute::readBuffer(m_r, hex), "digest"));
      if (hex) PIER_RETURN_IF_ERROR(parseHexDigest(*hex, d.digest));
    }
    image.digest = d;
    return Status();
  }

  Status parseHexDigest(const std::string& hex, int64_t& out) const {
    uint64_t v = 0;
    if (hex.empty() || hex.size() > 16) return fail("digest '" + hex + "' is not hex");
    for (char c : hex) {
      const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
      if (d < 0) return fail("digest '" + hex + "' is not hex");
      v = v * 16 + static_cast<uint64_t>(d);
    }
    out = static_cast<int64_t>(v);
    return Status();
  }

  std::span<const uint8_t> m_bytes;
  Reader m_r;
};

}  // namespace

SnapshotEncoder::SnapshotEncoder(
    const std::map<int64_t, int32_t>& sessions,
    const std::map<int64_t, std::vector<protocol::zookeeper::ACL>>& acls)
    : m_w(4096) {
  zk::FileHeader{kSnapshotMagic, kSnapshotVersion, kSnapshotDbId}.encode(m_w);
  m_w.writeInt32(static_cast<int32_t>(sessions.size()));
  for (const auto& [id, timeoutMs] : sessions) {
    m_w.writeInt64(id);
    m_w.writeInt32(timeoutMs);
  }
  m_w.writeInt32(static_cast<int32_t>(acls.size()));
  for (const auto& [ref, list] : acls) {
    m_w.writeInt64(ref);
    m_w.writeInt32(static_cast<int32_t>(list.size()));
    for (const auto& acl : list) acl.encode(m_w);
  }
}

void SnapshotEncoder::node(const std::string& path, const std::optional<std::string>& data,
                           int64_t aclRef, const protocol::zookeeper::StatPersisted& stat) {
  jute::writeUstring(m_w, path);
  jute::writeBuffer(m_w, data);
  m_w.writeInt64(aclRef);
  stat.encode(m_w);
  if (m_sink && m_w.size() >= kPieceBytes) drain();
}

void SnapshotEncoder::streamTo(Sink sink) { m_sink = std::move(sink); }

void SnapshotEncoder::drain() {
  m_drainedAdler = adler32Continue(m_drainedAdler, m_w.bytes());
  if (m_sinkStatus) m_sinkStatus = m_sink(m_w.bytes());
  m_w.clear();
}

void SnapshotEncoder::seal() {
  m_w.writeInt64(adler32Continue(m_drainedAdler, m_w.bytes()));
  jute::writeUstring(m_w, kSealPath);
}

std::size_t SnapshotEncoder::nodeBytes(const std::string& path, const std::optional<std::string>& data) {
  constexpr std::size_t kStatPersistedBytes = 6 * 8 + 3 * 4;
  return 4 + path.size() + 4 + (data ? data->size() : 0) + 8 + kStatPersistedBytes;
}

void SnapshotEncoder::expectNodes(std::size_t nodeBytesTotal) {
  constexpr std::size_t kTrailerBytesMax = 128;  // seal path, seals, digest
  m_w.reserveCapacity(m_w.size() + nodeBytesTotal + kTrailerBytesMax);
}

std::vector<uint8_t> SnapshotEncoder::finish(const std::optional<SnapshotDigest>& digest) && {
  jute::writeUstring(m_w, kSealPath);
  seal();
  if (digest) {
    writeDigest(m_w, *digest);
    seal();
  }
  if (m_sink) {
    drain();
    return {};
  }
  return m_w.take();
}

std::vector<uint8_t> encodeSnapshot(const SnapshotImage& image) {
  SnapshotEncoder e(image.sessions, image.acls);
  for (const auto& node : image.nodes) e.node(node.path, node.data, node.aclRef, node.stat);
  return std::move(e).finish(image.digest);
}

Result<SnapshotImage> decodeSnapshot(std::span<const uint8_t> bytes) {
  return SnapshotDecoder(bytes).run();
}

}  // namespace pier::keeper
