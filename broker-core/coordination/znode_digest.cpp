#include "coordination/znode_digest.h"

#include <array>
#include <span>
#include <type_traits>

#include "base/crc.h"

namespace pier::coordination {
namespace {

std::span<const uint8_t> bytesOf(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Big-endian, as DataOutputStream writes it; returns the position after the value.
template <typename T>
std::size_t putBigEndian(std::array<uint8_t, 60>& out, std::size_t at, T value) {
  const auto v = static_cast<std::make_unsigned_t<T>>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i) out[at + i] = static_cast<uint8_t>(v >> ((sizeof(T) - 1 - i) * 8));
  return at + sizeof(T);
}

}  // namespace

int64_t znodeDigest(std::string_view path, const std::optional<std::string>& data,
                    const protocol::zookeeper::StatPersisted& stat) {
  if (path.starts_with("/zookeeper/")) return 0;
  if (path == "/") path = {};
  // On the stack: a digest is taken for every node a write touches, several times per write.
  std::array<uint8_t, 60> statBytes;
  std::size_t at = 0;
  at = putBigEndian(statBytes, at, stat.czxid);
  at = putBigEndian(statBytes, at, stat.mzxid);
  at = putBigEndian(statBytes, at, stat.pzxid);
  at = putBigEndian(statBytes, at, stat.ctime);
  at = putBigEndian(statBytes, at, stat.mtime);
  at = putBigEndian(statBytes, at, stat.version);
  at = putBigEndian(statBytes, at, stat.cversion);
  at = putBigEndian(statBytes, at, stat.aversion);
  at = putBigEndian(statBytes, at, stat.ephemeralOwner);
  uint32_t crc = crc32(bytesOf(path));
  if (data) crc = crc32(bytesOf(*data), crc);
  crc = crc32(std::span<const uint8_t>(statBytes.data(), at), crc);
  return static_cast<int64_t>(crc);
}

}  // namespace pier::coordination
