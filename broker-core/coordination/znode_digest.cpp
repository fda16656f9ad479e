#include "coordination/znode_digest.h"

#include <span>

#include "base/byte_writer.h"
#include "base/crc.h"

namespace pier::coordination {
namespace {

std::span<const uint8_t> bytesOf(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace

int64_t znodeDigest(std::string_view path, const std::optional<std::string>& data,
                    const protocol::zookeeper::StatPersisted& stat) {
  if (path.starts_with("/zookeeper/")) return 0;
  if (path == "/") path = {};
  Writer statBytes(60);
  statBytes.writeInt64(stat.czxid);
  statBytes.writeInt64(stat.mzxid);
  statBytes.writeInt64(stat.pzxid);
  statBytes.writeInt64(stat.ctime);
  statBytes.writeInt64(stat.mtime);
  statBytes.writeInt32(stat.version);
  statBytes.writeInt32(stat.cversion);
  statBytes.writeInt32(stat.aversion);
  statBytes.writeInt64(stat.ephemeralOwner);
  uint32_t crc = crc32(bytesOf(path));
  if (data) crc = crc32(bytesOf(*data), crc);
  crc = crc32(statBytes.bytes(), crc);
  return static_cast<int64_t>(crc);
}

}  // namespace pier::coordination
