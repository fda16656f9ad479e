#include "broker/local_coordination_store.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "storage/atomic_file.h"

namespace pier::broker {

using client::CoordinationError;
using client::CreateMode;
using client::Znode;
using client::ZnodeStat;
using json = nlohmann::json;

namespace {

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::optional<std::string> fromHex(std::string_view hex) {
  if (hex.size() % 2) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = digit(hex[i]);
    const int lo = digit(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

LocalCoordinationStore::LocalCoordinationStore(FileSystem& fs, std::string path, std::function<int64_t()> nowMs,
                                               int64_t sessionId)
    : m_fs(fs), m_path(std::move(path)), m_nowMs(std::move(nowMs)), m_sessionId(sessionId) {
  m_nodes["/"] = Node{};
}

Result<std::unique_ptr<LocalCoordinationStore>> LocalCoordinationStore::open(FileSystem& fs, std::string path,
                                                                             std::function<int64_t()> nowMs,
                                                                             int64_t sessionId) {
  std::unique_ptr<LocalCoordinationStore> store(new LocalCoordinationStore(fs, std::move(path), std::move(nowMs), sessionId));
  PIER_RETURN_IF_ERROR(store->load());
  return store;
}

Status LocalCoordinationStore::load() {
  PIER_ASSIGN_OR_RETURN(auto text, storage::readSmallFile(m_fs, m_path));
  if (!text) return Status::ok();
  auto bad = [&](std::string_view why) {
    return Status(CoordinationError::Io, fmt::format("{}: {}", m_path, why));
  };
  json doc = json::parse(*text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("zxid") || !doc["zxid"].is_number_integer() ||
      !doc.contains("nodes") || !doc["nodes"].is_array()) {
    return bad("not a Pier metadata file");
  }
  m_zxid = doc["zxid"].get<int64_t>();
  for (const json& n : doc["nodes"]) {
    if (!n.is_object() || !n.contains("path") || !n["path"].is_string() || !n.contains("data") ||
        !n["data"].is_string() || !n.contains("version") || !n["version"].is_number_integer()) {
      return bad("a node entry lacks path, data or version");
    }
    auto data = fromHex(n["data"].get<std::string>());
    if (!data) return bad("node data is not hex");
    Node node;
    node.data = std::move(*data);
    node.stat.version = n["version"].get<int32_t>();
    // Optional fields: absent or of the wrong type reads as 0 (nlohmann's value() would throw).
    auto number = [&n](const char* key) -> int64_t {
      return n.contains(key) && n[key].is_number_integer() ? n[key].get<int64_t>() : 0;
    };
    node.stat.czxid = number("czxid");
    node.stat.mzxid = number("mzxid");
    node.stat.ctime = number("ctime");
    node.stat.mtime = number("mtime");
    node.sequence = number("sequence");
    const std::string path = n["path"].get<std::string>();
    if (!validPath(path)) return bad(fmt::format("bad node path '{}'", path));
    m_nodes[path] = std::move(node);
  }
  for (auto& [path, node] : m_nodes) node.stat.numChildren = static_cast<int32_t>(childPaths(path).size());
  return Status::ok();
}

Status LocalCoordinationStore::persist() {
  if (!m_dirty) return Status::ok();
  json nodes = json::array();
  for (const auto& [path, node] : m_nodes) {
    if (path == "/" || node.stat.ephemeralOwner != 0) continue;
    nodes.push_back({{"path", path}, {"data", toHex(node.data)}, {"version", node.stat.version},
                     {"czxid", node.stat.czxid}, {"mzxid", node.stat.mzxid}, {"ctime", node.stat.ctime},
                     {"mtime", node.stat.mtime}, {"sequence", node.sequence}});
  }
  const json doc = {{"format", "pier-metadata"}, {"version", 1}, {"zxid", m_zxid}, {"nodes", nodes}};
  Status written = storage::writeFileAtomically(m_fs, m_path, doc.dump(1, ' ', false, json::error_handler_t::replace) + "\n");
  if (!written) return Status(CoordinationError::Io, written.toString());
  m_dirty = false;
  return Status::ok();
}

bool LocalCoordinationStore::validPath(const std::string& path) {
  if (path.empty() || path[0] != '/' || (path.size() > 1 && path.back() == '/')) return false;
  return path.find("//") == std::string::npos;
}

std::string LocalCoordinationStore::parentOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == 0 ? "/" : path.substr(0, slash);
}

std::vector<std::string> LocalCoordinationStore::childPaths(const std::string& path) const {
  std::vector<std::string> out;
  const std::string prefix = path == "/" ? "/" : path + "/";
  for (auto it = m_nodes.lower_bound(prefix); it != m_nodes.end() && it->first.compare(0, prefix.size(), prefix) == 0;
       ++it) {
    if (it->first != "/" && it->first.find('/', prefix.size()) == std::string::npos) out.push_back(it->first);
  }
  return out;
}

Result<std::string> LocalCoordinationStore::create(const std::string& rawPath, std::string_view data, CreateMode mode) {
  if (!validPath(rawPath) || rawPath == "/") {
    return Result<std::string>(CoordinationError::BadArguments, "bad path '" + rawPath + "'");
  }
  auto parent = m_nodes.find(parentOf(rawPath));
  if (parent == m_nodes.end()) return Result<std::string>(CoordinationError::NoNode, parentOf(rawPath));
  if (parent->second.stat.ephemeralOwner != 0) {
    return Result<std::string>(CoordinationError::NoChildrenForEphemerals, parentOf(rawPath));
  }
  std::string path = rawPath;
  const bool sequential = mode == CreateMode::PersistentSequential || mode == CreateMode::EphemeralSequential;
  if (sequential) path += fmt::format("{:010d}", parent->second.sequence++);
  if (m_nodes.count(path)) return Result<std::string>(CoordinationError::NodeExists, path);
  Node node;
  node.data = std::string(data);
  node.stat.czxid = node.stat.mzxid = ++m_zxid;
  node.stat.ctime = node.stat.mtime = m_nowMs();
  if (mode == CreateMode::Ephemeral || mode == CreateMode::EphemeralSequential) node.stat.ephemeralOwner = m_sessionId;
  m_nodes[path] = std::move(node);
  m_nodes[parentOf(path)].stat.numChildren += 1;
  m_dirty = true;
  return path;
}

Result<std::optional<Znode>> LocalCoordinationStore::get(const std::string& path) {
  auto it = m_nodes.find(path);
  if (it == m_nodes.end()) return std::optional<Znode>();
  return std::optional<Znode>(Znode{it->second.data, it->second.stat});
}

Result<ZnodeStat> LocalCoordinationStore::set(const std::string& path, std::string_view data, int32_t expectedVersion) {
  auto it = m_nodes.find(path);
  if (it == m_nodes.end()) return Result<ZnodeStat>(CoordinationError::NoNode, path);
  if (expectedVersion != -1 && expectedVersion != it->second.stat.version) {
    return Result<ZnodeStat>(CoordinationError::BadVersion,
                             fmt::format("{}: version {}, expected {}", path, it->second.stat.version, expectedVersion));
  }
  it->second.data = std::string(data);
  it->second.stat.version += 1;
  it->second.stat.mzxid = ++m_zxid;
  it->second.stat.mtime = m_nowMs();
  m_dirty = true;
  return it->second.stat;
}

Result<std::vector<std::string>> LocalCoordinationStore::children(const std::string& path) {
  if (!m_nodes.count(path)) return Result<std::vector<std::string>>(CoordinationError::NoNode, path);
  std::vector<std::string> names;
  for (const std::string& child : childPaths(path)) names.push_back(child.substr(child.rfind('/') + 1));
  return names;
}

Status LocalCoordinationStore::remove(const std::string& path, int32_t expectedVersion) {
  auto it = m_nodes.find(path);
  if (path == "/" || it == m_nodes.end()) return Status(CoordinationError::NoNode, path);
  if (expectedVersion != -1 && expectedVersion != it->second.stat.version) {
    return Status(CoordinationError::BadVersion, path);
  }
  if (!childPaths(path).empty()) return Status(CoordinationError::NotEmpty, path);
  m_nodes.erase(it);
  m_nodes[parentOf(path)].stat.numChildren -= 1;
  ++m_zxid;
  m_dirty = true;
  return Status::ok();
}

}  // namespace pier::broker
