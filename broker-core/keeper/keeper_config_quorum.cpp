// server.N lines (QuorumPeer.QuorumServer, ConfigUtils.getHostAndPort), the checks ZooKeeper
// makes after reading every key (QuorumPeerConfig: parseProperties' tail, parseDynamicConfig,
// setupMyId, setupClientPort, setupPeerType, checkValidity), and reading the files.
#include <algorithm>
#include <charconv>
#include <set>

#include <fmt/format.h>

#include "base/parse_boolean.h"
#include "base/parse_number.h"
#include "keeper/java_properties.h"
#include "keeper/keeper_config_internal.h"
#include "runtime/file_system.h"

namespace pier::keeper {
namespace config_internal {
namespace {

constexpr std::string_view kWrongFormat =
    "not server_config or server_config;client_config where server_config is host:port:port or "
    "host:port:port:type and client_config is port or host:port";

// String.split: trailing empty pieces dropped.
std::vector<std::string> javaSplit(std::string_view s, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(separator, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  while (out.size() > 1 && out.back().empty()) out.pop_back();
  return out;
}

// ConfigUtils.getHostAndPort: "[v6]:a:b" or "host:a:b" into its pieces, host first.
Result<std::vector<std::string>> hostAndPort(std::string_view key, std::string_view value, std::string_view s) {
  if (!s.starts_with("[")) return javaSplit(s, ':');
  const std::size_t close = s.find(']');
  if (close == std::string_view::npos) return invalid(key, value, "'[' without a matching ']'");
  if (close + 1 >= s.size() || s[close + 1] != ':' || close + 2 == s.size()) {
    return invalid(key, value, "no port after the IPv6 address");
  }
  std::vector<std::string> out{std::string(s.substr(1, close - 1))};
  for (std::string& piece : javaSplit(s.substr(close + 2), ':')) out.push_back(std::move(piece));
  return out;
}

Result<uint16_t> port(std::string_view key, std::string_view value, std::string_view text, std::string_view what) {
  auto parsed = parseDecimal<int32_t>(text);
  if (!parsed) return invalid(key, value, fmt::format("{} '{}' is not a number", what, text));
  if (*parsed < 1 || *parsed > 65535) return invalid(key, value, fmt::format("{} {} is out of range", what, *parsed));
  return uint16_t(*parsed);
}

Status parseServerPart(QuorumServerConfig& server, std::string_view key, std::string_view value,
                       std::string_view part) {
  PIER_ASSIGN_OR_RETURN(auto pieces, hostAndPort(key, value, part));
  if (pieces.size() < 3 || pieces.size() > 4) return invalid(key, value, kWrongFormat);
  server.host = pieces[0];
  PIER_ASSIGN_OR_RETURN(server.peerPort, port(key, value, pieces[1], "peer port"));
  PIER_ASSIGN_OR_RETURN(server.electionPort, port(key, value, pieces[2], "election port"));
  if (server.peerPort == server.electionPort) {
    return invalid(key, value, "the peer port and the election port must be different");
  }
  if (pieces.size() == 4) {
    std::string type(javaTrim(pieces[3]));
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (type != "participant" && type != "observer") return invalid(key, value, "Unrecognised peertype: " + pieces[3]);
    server.type = type == "observer" ? PeerType::Observer : PeerType::Participant;
  }
  return Status::ok();
}

Status parseClientPart(QuorumServerConfig& server, std::string_view key, std::string_view value,
                       std::string_view part) {
  PIER_ASSIGN_OR_RETURN(auto pieces, hostAndPort(key, value, part));
  if (pieces.size() > 2) return invalid(key, value, kWrongFormat);
  server.clientHost = pieces.size() == 2 ? pieces[0] : "0.0.0.0";
  PIER_ASSIGN_OR_RETURN(server.clientPort, port(key, value, pieces.back(), "client port"));
  return Status::ok();
}

Result<int64_t> myidValue(std::string_view myidFile) {
  // setupMyId: the first line, as Long.parseLong reads it (no trimming).
  const std::string_view line = myidFile.substr(0, myidFile.find_first_of("\r\n"));
  std::string_view digits = line.starts_with('+') ? line.substr(1) : line;
  auto id = parseDecimal<int64_t>(digits);
  if (!id || (digits.size() != line.size() && digits.starts_with('-'))) return invalid("myid", line, "not a number");
  if (*id < 0) return invalid("myid", line, "must not be negative");
  return *id;
}

void sessionTimeouts(ParseState& st) {
  KeeperConfig& c = st.config;
  c.minSessionTimeoutMs = st.minSessionTimeoutMs == -1 ? c.tickTimeMs * 2 : st.minSessionTimeoutMs;
  c.maxSessionTimeoutMs = st.maxSessionTimeoutMs == -1 ? c.tickTimeMs * 20 : st.maxSessionTimeoutMs;
}

Status basics(ParseState& st) {
  KeeperConfig& c = st.config;
  if (c.dataDir.empty()) return Status(KeeperConfigError::InvalidConfig, "dataDir is not set");
  if (c.dataLogDir.empty()) c.dataLogDir = c.dataDir;
  if (c.clientPort == 0 && !c.clientPortAddress.empty()) {
    return invalid("clientPortAddress", c.clientPortAddress, "set but clientPort is not set");
  }
  if (st.secureClientPort != 0) {
    st.warn(fmt::format("secureClientPort={}: TLS client connections are not supported; ignored", st.secureClientPort));
  }
  sessionTimeouts(st);
  if (c.minSessionTimeoutMs > c.maxSessionTimeoutMs) {
    return invalid("minSessionTimeout", std::to_string(c.minSessionTimeoutMs),
                   fmt::format("must not be larger than maxSessionTimeout ({})", c.maxSessionTimeoutMs));
  }
  return Status::ok();
}

// parseDynamicConfig's participant/observer rules and isDistributed().
Status chooseMode(ParseState& st) {
  KeeperConfig& c = st.config;
  const auto participants = std::count_if(c.servers.begin(), c.servers.end(),
                                          [](const QuorumServerConfig& s) { return s.type == PeerType::Participant; });
  const auto observers = std::ptrdiff_t(c.servers.size()) - participants;
  const auto error = [](std::string text) { return Status(KeeperConfigError::InvalidConfig, std::move(text)); };
  c.mode = KeeperMode::Ensemble;
  if (participants == 0) {
    if (!c.standaloneEnabled) return error("standaloneEnabled=false: needs at least one participant server.N line");
    if (observers > 0) return error("server.N: observers without participants is an invalid configuration");
    c.mode = KeeperMode::Standalone;
  } else if (participants == 1 && c.standaloneEnabled) {
    if (observers > 0) return error("server.N: observers without a quorum is an invalid configuration");
    st.warn("server.N: only one server specified: ignored, running standalone (standaloneEnabled=true)");
    c.mode = KeeperMode::Standalone;
  } else if (participants <= 2) {
    st.warn("server.N: No server failure will be tolerated. You need at least 3 servers.");
  } else if (participants % 2 == 0) {
    st.warn("server.N: Non-optimal configuration, consider an odd number of servers.");
  }
  return Status::ok();
}

// setupClientPort: a client address on this server's own line wins, and must agree with clientPort.
Status adoptClientAddress(KeeperConfig& c, const QuorumServerConfig& self) {
  if (self.clientPort == 0) return Status::ok();
  const bool anyAddress = c.clientPortAddress.empty() || c.clientPortAddress == "0.0.0.0";
  const bool differs = c.clientPort != self.clientPort || (!anyAddress && c.clientPortAddress != self.clientHost);
  if (c.clientPort != 0 && differs) {
    return invalid(fmt::format("server.{}", self.id), self.toZooKeeperString(),
                   fmt::format("client address differs from clientPortAddress:clientPort ({}:{})",
                               anyAddress ? "0.0.0.0" : c.clientPortAddress, c.clientPort));
  }
  c.clientPort = self.clientPort;
  c.clientPortAddress = self.clientHost;
  return Status::ok();
}

// Pier's own check: two endpoints on one host:port cannot both be bound.
Status distinctEndpoints(const KeeperConfig& c) {
  std::set<std::pair<std::string, uint16_t>> seen;
  for (const QuorumServerConfig& s : c.servers) {
    for (uint16_t p : {s.peerPort, s.electionPort, s.clientPort}) {
      if (p != 0 && !seen.insert({s.host, p}).second) {
        return invalid(fmt::format("server.{}", s.id), s.toZooKeeperString(),
                       fmt::format("{}:{} is used twice in the server list", s.host, p));
      }
    }
  }
  return Status::ok();
}

// checkValidity, setupClientPort and setupPeerType for an ensemble member.
Status ensembleChecks(ParseState& st) {
  KeeperConfig& c = st.config;
  if (c.initLimitTicks == 0) return Status(KeeperConfigError::InvalidConfig, "initLimit is not set");
  if (c.syncLimitTicks == 0) return Status(KeeperConfigError::InvalidConfig, "syncLimit is not set");
  if (c.myid < 0) return Status(KeeperConfigError::InvalidConfig, "myid file is missing from dataDir " + c.dataDir);
  const QuorumServerConfig* self = c.self();
  if (!self) return invalid("myid", std::to_string(c.myid), "My id is not in the peer list (server.N lines)");
  PIER_RETURN_IF_ERROR(distinctEndpoints(c));
  PIER_RETURN_IF_ERROR(adoptClientAddress(c, *self));
  if (self->type != c.peerType) {
    st.warn(fmt::format("peerType: doesn't match server.{} ({}); Defaulting to servers list.", self->id,
                        self->type == PeerType::Observer ? "observer" : "participant"));
    c.peerType = self->type;
  }
  return Status::ok();
}

}  // namespace

Status invalid(std::string_view key, std::string_view value, std::string_view why) {
  return Status(KeeperConfigError::InvalidConfig, fmt::format("{}={}: {}", key, value, why));
}

Result<int64_t> integer(std::string_view key, std::string_view value, int64_t minimum, int64_t maximum) {
  std::string_view digits = value.starts_with('+') ? value.substr(1) : value;
  auto parsed = digits.starts_with('-') && digits.size() != value.size() ? std::nullopt : parseDecimal<int64_t>(digits);
  if (!parsed) return invalid(key, value, "not a number");
  if (*parsed < minimum) return invalid(key, value, fmt::format("must be at least {}", minimum));
  if (*parsed > maximum) return invalid(key, value, fmt::format("must be at most {}", maximum));
  return *parsed;
}

Result<bool> boolean(std::string_view key, std::string_view value) {
  if (auto parsed = parseBoolean(value)) return *parsed;
  return invalid(key, value, "Choose 'true' or 'false'");
}

Status addServer(ParseState& st, std::string_view key, std::string_view value) {
  auto id = parseDecimal<int64_t>(key.substr(key.find('.') + 1));
  if (!id || *id < 0) return invalid(key, value, "the server id after 'server.' is not a non-negative number");
  const auto& servers = st.config.servers;
  if (std::any_of(servers.begin(), servers.end(), [&](const QuorumServerConfig& s) { return s.id == *id; })) {
    return invalid(key, value, fmt::format("server id {} is listed twice", *id));
  }
  if (value.find('|') != std::string_view::npos) {
    return invalid(key, value, "Multiple address feature is disabled, but multiple addresses were specified");
  }
  const std::vector<std::string> parts = javaSplit(value, ';');
  if (parts.size() > 2) return invalid(key, value, kWrongFormat);
  QuorumServerConfig server;
  server.id = *id;
  PIER_RETURN_IF_ERROR(parseServerPart(server, key, value, parts[0]));
  if (parts.size() == 2) PIER_RETURN_IF_ERROR(parseClientPart(server, key, value, parts[1]));
  st.config.servers.push_back(std::move(server));
  return Status::ok();
}

Status finish(ParseState& st, std::optional<std::string_view> myidFile) {
  KeeperConfig& c = st.config;
  PIER_RETURN_IF_ERROR(basics(st));
  if (myidFile) {
    PIER_ASSIGN_OR_RETURN(c.myid, myidValue(*myidFile));
  }
  std::sort(c.servers.begin(), c.servers.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  PIER_RETURN_IF_ERROR(chooseMode(st));
  if (c.mode == KeeperMode::Ensemble) {
    PIER_RETURN_IF_ERROR(ensembleChecks(st));
  } else if (c.peerType == PeerType::Observer) {
    st.warn("peerType=observer: ignored, a standalone server serves alone");
    c.peerType = PeerType::Participant;
  }
  if (c.reconfigEnabled) st.warn("reconfigEnabled=true: dynamic reconfiguration is not supported; ignored");
  if (c.clientPort == 0) st.warn("clientPort is not set: this server takes no client connections");
  return Status::ok();
}

}  // namespace config_internal

std::string QuorumServerConfig::toZooKeeperString() const {
  const auto bracketed = [](const std::string& h) { return h.find(':') != std::string::npos ? "[" + h + "]" : h; };
  std::string out = fmt::format("{}:{}:{}:{}", bracketed(host), peerPort, electionPort,
                                type == PeerType::Observer ? "observer" : "participant");
  if (clientPort != 0) out += fmt::format(";{}:{}", bracketed(clientHost), clientPort);
  return out;
}

const QuorumServerConfig* KeeperConfig::self() const {
  if (mode != KeeperMode::Ensemble) return nullptr;
  for (const QuorumServerConfig& s : servers) {
    if (s.id == myid) return &s;
  }
  return nullptr;
}

ConfStatus KeeperConfig::confStatus() const {
  ConfStatus s;
  s.clientPort = clientPort;
  s.dataDir = joinPath(dataDir, "version-2");
  s.dataLogDir = joinPath(dataLogDir, "version-2");
  s.tickTimeMs = tickTimeMs;
  s.maxClientCnxns = maxClientCnxns;
  s.minSessionTimeoutMs = minSessionTimeoutMs;
  s.maxSessionTimeoutMs = maxSessionTimeoutMs;
  s.clientPortListenBacklog = clientPortListenBacklog;
  const QuorumServerConfig* me = self();
  if (!me) return s;  // standalone: ZooKeeperServerMain reports serverId 0
  s.serverId = myid;
  s.quorum = true;
  s.initLimitTicks = initLimitTicks;
  s.syncLimitTicks = syncLimitTicks;
  s.electionAlg = electionAlg;
  s.electionPort = me->electionPort;
  s.quorumPort = me->peerPort;
  s.peerType = peerType == PeerType::Observer ? 1 : 0;
  for (const QuorumServerConfig& server : servers) {
    s.membership.push_back(fmt::format("server.{}={}", server.id, server.toZooKeeperString()));
  }
  return s;
}

namespace {

Result<std::optional<std::string>> readOptionalFile(FileSystem& fs, const std::string& path) {
  using Out = std::optional<std::string>;
  const auto unreadable = [&](const Status& s) { return Status(KeeperConfigError::Unreadable, path + ": " + s.message()); };
  auto exists = fs.exists(path);
  if (!exists) return unreadable(exists.status());
  if (!*exists) return Out();
  auto file = fs.open(path, OpenOptions{.readOnly = true});
  if (!file) return unreadable(file.status());
  auto size = (*file)->size();
  if (!size) return unreadable(size.status());
  if (*size > (1u << 20)) return Status(KeeperConfigError::Unreadable, path + ": larger than 1 MiB");
  std::string text(std::size_t(*size), '\0');
  auto read = (*file)->readAt(0, std::span(reinterpret_cast<uint8_t*>(text.data()), text.size()));
  if (!read) return unreadable(read.status());
  text.resize(*read);
  return Out(std::move(text));
}

}  // namespace

Result<ParsedKeeperConfig> loadZooCfg(FileSystem& fs, const std::string& zooCfgPath) {
  PIER_ASSIGN_OR_RETURN(auto text, readOptionalFile(fs, zooCfgPath));
  if (!text) return Status(KeeperConfigError::Unreadable, zooCfgPath + ": no such file");
  // The myid file lives in dataDir, so find dataDir before the full parse.
  std::optional<std::string> myid;
  if (auto properties = parseJavaPropertiesText(*text)) {
    for (const JavaProperty& p : *properties) {
      if (javaTrim(p.key) != "dataDir" || javaTrim(p.value).empty()) continue;
      PIER_ASSIGN_OR_RETURN(myid, readOptionalFile(fs, joinPath(std::string(javaTrim(p.value)), "myid")));
    }
  }
  auto parsed = parseZooCfg(*text, myid ? std::optional<std::string_view>(*myid) : std::nullopt);
  if (!parsed) return Status(KeeperConfigError::InvalidConfig, zooCfgPath + ": " + parsed.status().message());
  return parsed;
}

}  // namespace pier::keeper
