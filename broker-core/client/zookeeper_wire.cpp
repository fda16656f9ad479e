#include "client/zookeeper_wire.h"

#include <fmt/format.h>

#include "base/parse_number.h"

namespace pier::client {

namespace pz = protocol::zookeeper;

namespace {

Status badConnect(std::string_view text, std::string_view why) {
  return Status(CoordinationError::BadArguments, fmt::format("zookeeper connect string '{}': {}", text, why));
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

Result<Endpoint> parseServer(std::string_view whole, std::string_view item) {
  std::string_view host = item;
  uint16_t port = kZooKeeperDefaultPort;
  const std::size_t colon = item.rfind(':');
  const bool bracketed = !item.empty() && item.front() == '[';
  const std::size_t close = item.find(']');
  if (bracketed && close == std::string_view::npos) return badConnect(whole, fmt::format("'{}' lacks a ']'", item));
  if (colon != std::string_view::npos && (!bracketed || colon > close)) {
    auto parsed = parseDecimal<uint16_t>(item.substr(colon + 1));
    if (!parsed || *parsed == 0) return badConnect(whole, fmt::format("'{}' has a bad port", item));
    port = *parsed;
    host = item.substr(0, colon);
  }
  if (bracketed) host = host.substr(1, host.size() - 2);
  if (host.empty()) return badConnect(whole, fmt::format("'{}' has no host", item));
  return Endpoint{std::string(host), port};
}

}  // namespace

Result<ZooKeeperConnectString> parseZooKeeperConnect(std::string_view text) {
  ZooKeeperConnectString out;
  std::string_view hosts = text;
  const std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    std::string_view chroot = text.substr(slash);
    hosts = text.substr(0, slash);
    if (chroot.size() > 1) {
      Status valid = validateZnodePath(chroot);
      if (!valid) return badConnect(text, "the chroot " + valid.message());
      out.chroot = std::string(chroot);
    }
  }
  std::size_t start = 0;
  while (start <= hosts.size()) {
    std::size_t comma = hosts.find(',', start);
    if (comma == std::string_view::npos) comma = hosts.size();
    std::string_view item = trim(hosts.substr(start, comma - start));
    if (!item.empty()) {
      PIER_ASSIGN_OR_RETURN(Endpoint server, parseServer(text, item));
      out.servers.push_back(std::move(server));
    }
    start = comma + 1;
  }
  if (out.servers.empty()) return badConnect(text, "no server named (expected host:port[,host:port][/chroot])");
  return out;
}

Status validateZnodePath(std::string_view path) {
  auto bad = [&](std::string_view why) {
    return Status(CoordinationError::BadArguments, fmt::format("'{}': {}", path, why));
  };
  if (path.empty() || path.front() != '/') return bad("a znode path starts with '/'");
  if (path.size() == 1) return Status::ok();
  if (path.back() == '/') return bad("a znode path must not end with '/'");
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view segment = path.substr(start, slash - start);
    if (segment.empty()) return bad("empty node name");
    if (segment == "." || segment == "..") return bad("relative paths are not allowed");
    for (unsigned char c : segment) {
      if (c < 0x20 || c == 0x7f) return bad("a control character in the path");
    }
    start = slash + 1;
  }
  return Status::ok();
}

std::string withChroot(const std::string& chroot, const std::string& path) {
  if (chroot.empty()) return path;
  return path == "/" ? chroot : chroot + path;
}

std::string withoutChroot(const std::string& chroot, const std::string& serverPath) {
  if (chroot.empty() || serverPath.compare(0, chroot.size(), chroot) != 0) return serverPath;
  if (serverPath.size() == chroot.size()) return "/";
  if (serverPath[chroot.size()] != '/') return serverPath;
  return serverPath.substr(chroot.size());
}

std::vector<uint8_t> connectFrame(int32_t sessionTimeoutMs, int64_t sessionId, const std::string& password,
                                  int64_t lastZxidSeen) {
  pz::ConnectRequest request;
  request.protocolVersion = 0;
  request.lastZxidSeen = lastZxidSeen;
  request.timeOut = sessionTimeoutMs;
  request.sessionId = sessionId;
  request.passwd = password.empty() ? std::string(pz::kSessionPasswordBytes, '\0') : password;
  Writer w;
  const std::size_t prefix = w.reserve(4);
  request.encode(w);
  w.writeBool(false);  // readOnly: a read-only server is of no use to a broker
  w.patchInt32(prefix, static_cast<int32_t>(w.size() - 4));
  return w.take();
}

std::vector<uint8_t> requestFrame(int32_t xid, pz::OpCode op, std::span<const uint8_t> record) {
  Writer w(4 + 8 + record.size());
  const std::size_t prefix = w.reserve(4);
  pz::RequestHeader{xid, static_cast<int32_t>(op)}.encode(w);
  w.writeRaw(record);
  w.patchInt32(prefix, static_cast<int32_t>(w.size() - 4));
  return w.take();
}

Result<pz::ConnectResponse> decodeConnectReply(std::span<const uint8_t> frame) {
  Reader r(frame);
  auto response = pz::ConnectResponse::decode(r);
  if (!response) return Status(CoordinationError::Io, "handshake reply: " + response.status().message());
  return response;
}

Result<ZooKeeperReply> decodeReply(std::span<const uint8_t> frame) {
  Reader r(frame);
  auto header = pz::ReplyHeader::decode(r);
  if (!header) return Status(CoordinationError::Io, "reply: " + header.status().message());
  auto rest = r.rest();
  return ZooKeeperReply{*header, std::vector<uint8_t>(rest.begin(), rest.end())};
}

CoordinationError coordinationErrorFor(int32_t code) {
  switch (static_cast<pz::ErrorCode>(code)) {
    case pz::ErrorCode::NoNode: return CoordinationError::NoNode;
    case pz::ErrorCode::NodeExists: return CoordinationError::NodeExists;
    case pz::ErrorCode::BadVersion: return CoordinationError::BadVersion;
    case pz::ErrorCode::NotEmpty: return CoordinationError::NotEmpty;
    case pz::ErrorCode::BadArguments: return CoordinationError::BadArguments;
    case pz::ErrorCode::NoChildrenForEphemerals: return CoordinationError::NoChildrenForEphemerals;
    case pz::ErrorCode::NoAuth:
    case pz::ErrorCode::AuthFailed: return CoordinationError::NoAuth;
    case pz::ErrorCode::ConnectionLoss: return CoordinationError::ConnectionLoss;
    case pz::ErrorCode::SessionExpired: return CoordinationError::SessionExpired;
    default: return CoordinationError::Io;
  }
}

Status zooKeeperErrorStatus(int32_t code, std::string_view path) {
  return Status(coordinationErrorFor(code), fmt::format("{}: {} ({})", path, pz::errorCodeName(code), code));
}

std::vector<pz::ACL> openAclUnsafe() {
  pz::ACL acl;
  acl.perms = pz::kPermsAll;
  acl.id = pz::Id{"world", "anyone"};
  return {acl};
}

ZnodeStat toZnodeStat(const pz::Stat& s) {
  ZnodeStat out;
  out.czxid = s.czxid;
  out.mzxid = s.mzxid;
  out.ctime = s.ctime;
  out.mtime = s.mtime;
  out.version = s.version;
  out.numChildren = s.numChildren;
  out.ephemeralOwner = s.ephemeralOwner;
  return out;
}

}  // namespace pier::client
