#include "coordination/auth.h"

#include "base/java_string.h"
#include "base/sha1.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace pier::coordination {

namespace pz = protocol::zookeeper;

namespace {

std::string base64(const unsigned char* bytes, std::size_t n) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < n; i += 3) {
    uint32_t v = static_cast<uint32_t>(bytes[i]) << 16;
    if (i + 1 < n) v |= static_cast<uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < n) v |= bytes[i + 2];
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < n ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < n ? kAlphabet[v & 63] : '=';
  }
  return out;
}

// Java's String.split(regex) for a one-character separator: trailing empty strings dropped.
std::vector<std::string_view> javaSplit(std::string_view s, char sep, int limit = 0) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    if (limit > 0 && static_cast<int>(parts.size()) == limit - 1) break;
    const std::size_t at = s.find(sep, start);
    if (at == std::string_view::npos) break;
    parts.push_back(s.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(s.substr(start));
  if (limit == 0) {
    while (parts.size() > 1 && parts.back().empty()) parts.pop_back();
    if (parts.size() == 1 && parts[0].empty() && !s.empty()) parts.clear();
  }
  return parts;
}

// Integer.parseInt: optional sign, decimal digits, int range.
std::optional<int32_t> javaParseInt(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int32_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::array<uint8_t, 4>> ipv4Bytes(std::string_view addr) {
  // split("\\.", -1): every part counts, empty ones too.
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t at; (at = addr.find('.', start)) != std::string_view::npos; start = at + 1) {
    parts.push_back(addr.substr(start, at - start));
  }
  parts.push_back(addr.substr(start));
  if (parts.size() != 4) return std::nullopt;
  std::array<uint8_t, 4> out{};
  for (std::size_t i = 0; i < 4; ++i) {
    auto v = javaParseInt(parts[i]);
    if (!v || *v < 0 || *v > 255) return std::nullopt;
    out[i] = static_cast<uint8_t>(*v);
  }
  return out;
}

void mask(std::array<uint8_t, 4>& b, int bits) {
  const int start = bits / 8;
  const int startMask = (1 << (8 - (bits % 8))) - 1;
  for (int i = start; i < 4; ++i) {
    b[static_cast<std::size_t>(i)] &= static_cast<uint8_t>(i == start ? ~startMask : 0);
  }
}

std::optional<int> ipMaskBits(const std::vector<std::string_view>& parts) {
  if (parts.size() < 2) return 32;
  auto bits = javaParseInt(parts[1]);
  if (!bits || *bits < 0 || *bits > 32) return std::nullopt;
  return *bits;
}

bool ipValid(std::string_view id) {
  auto parts = javaSplit(id, '/', 2);
  return ipv4Bytes(parts[0]).has_value() && ipMaskBits(parts).has_value();
}

bool ipMatches(std::string_view remote, std::string_view aclExpr) {
  auto parts = javaSplit(aclExpr, '/', 2);
  auto aclAddr = ipv4Bytes(parts[0]);
  auto bits = ipMaskBits(parts);
  auto remoteAddr = ipv4Bytes(remote);
  if (!aclAddr || !bits || !remoteAddr) return false;
  mask(*aclAddr, *bits);
  mask(*remoteAddr, *bits);
  return *aclAddr == *remoteAddr;
}

bool digestValid(std::string_view id) { return javaSplit(id, ':').size() == 2; }

bool knownScheme(std::string_view scheme) { return scheme == "digest" || scheme == "ip"; }

bool schemeMatches(std::string_view scheme, std::string_view id, std::string_view aclExpr) {
  if (scheme == "digest") return id == aclExpr;
  if (scheme == "ip") return ipMatches(id, aclExpr);
  return false;
}

}  // namespace

std::string digestOf(std::string_view userColonPassword) {
  const std::array<uint8_t, 20> sha =
      sha1({reinterpret_cast<const uint8_t*>(userColonPassword.data()), userColonPassword.size()});
  const std::string_view user = userColonPassword.substr(0, userColonPassword.find(':'));
  return std::string(user) + ":" + base64(sha.data(), sha.size());
}

std::optional<pz::Id> authenticate(std::string_view scheme, std::string_view credentials,
                                   std::string_view remoteAddress) {
  // ZooKeeper 3.8 refuses empty digest credentials.
  if (scheme == "digest" && !credentials.empty()) return pz::Id{"digest", digestOf(credentials)};
  if (scheme == "ip") return pz::Id{"ip", std::string(remoteAddress)};
  return std::nullopt;
}

AuthIds authInfoOrder(const AuthIds& insertionOrder) {
  // ConcurrentHashMap: 16 bins, doubled once the count reaches 3/4 of them; a bin keeps
  // insertion order; iteration walks the bins in order.
  uint32_t capacity = 16;
  while (insertionOrder.size() >= capacity - capacity / 4) capacity *= 2;
  std::vector<std::pair<uint32_t, std::size_t>> keyed;
  for (std::size_t i = 0; i < insertionOrder.size(); ++i) {
    const auto& id = insertionOrder[i];
    const uint32_t h = 37u * (37u * 17u + static_cast<uint32_t>(javaStringHashCode(id.scheme))) +
                       static_cast<uint32_t>(javaStringHashCode(id.id));
    keyed.emplace_back(((h ^ (h >> 16)) & 0x7fffffffu) & (capacity - 1), i);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  AuthIds out;
  for (const auto& [bin, i] : keyed) out.push_back(insertionOrder[i]);
  return out;
}

ZkError checkAcl(const AclList& acl, int32_t perm, const AuthIds& ids) {
  if (acl.empty()) return ZkError::Ok;
  for (const auto& id : ids) {
    if (id.scheme == "super") return ZkError::Ok;
  }
  for (const auto& entry : acl) {
    if ((entry.perms & perm) == 0) continue;
    if (entry.id.scheme == "world" && entry.id.id == "anyone") return ZkError::Ok;
    if (!knownScheme(entry.id.scheme)) continue;
    for (const auto& id : ids) {
      if (id.scheme == entry.id.scheme && schemeMatches(id.scheme, id.id, entry.id.id)) return ZkError::Ok;
    }
  }
  return ZkError::NoAuth;
}

FixedAcl fixupAcl(const AclList& requested, const AuthIds& ids) {
  AclList unique;
  for (const auto& a : requested) {
    if (std::find(unique.begin(), unique.end(), a) == unique.end()) unique.push_back(a);
  }
  if (unique.empty()) return {ZkError::InvalidAcl, {}};
  FixedAcl out;
  for (const auto& a : unique) {
    if (a.id.scheme == "world" && a.id.id == "anyone") {
      out.acl.push_back(a);
    } else if (a.id.scheme == "auth") {
      bool any = false;
      for (const auto& id : ids) {
        if (id.scheme == "digest") {  // the one provider whose ids count as authenticated
          any = true;
          out.acl.push_back(pz::ACL{a.perms, id});
        }
      }
      if (!any) return {ZkError::InvalidAcl, {}};
    } else {
      const bool valid = (a.id.scheme == "digest" && digestValid(a.id.id)) || (a.id.scheme == "ip" && ipValid(a.id.id));
      if (!valid) return {ZkError::InvalidAcl, {}};
      out.acl.push_back(a);
    }
  }
  return out;
}

std::vector<pz::ClientInfo> clientInfos(const AuthIds& ids) {
  std::vector<pz::ClientInfo> out;
  for (const auto& id : ids) {
    std::string user = id.scheme == "digest" ? id.id.substr(0, id.id.find(':')) : id.id;
    out.push_back(pz::ClientInfo{id.scheme, std::move(user)});
  }
  return out;
}

AclList maskDigests(const AclList& acl) {
  AclList out = acl;
  for (auto& a : out) {
    if (a.id.scheme != "digest") continue;
    const auto colon = a.id.id.find(':');
    if (colon != std::string::npos) a.id.id = a.id.id.substr(0, colon) + ":x";
  }
  return out;
}

}  // namespace pier::coordination
