// zoo.cfg keys, one setter each, then the checks ZooKeeper makes once every key is read
// (QuorumPeerConfig.parseProperties' tail, parseDynamicConfig, setupMyId, setupClientPort,
// setupPeerType, checkValidity) are in keeper_config_quorum.cpp, with the server.N lines.
#include "keeper/keeper_config.h"

#include <algorithm>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "keeper/java_properties.h"
#include "keeper/keeper_config_internal.h"

namespace pier::keeper {
namespace {

using config_internal::ParseState;
using config_internal::invalid;
using config_internal::integer;
using config_internal::boolean;
using Setter = std::function<Status(ParseState&, std::string_view key, std::string_view value)>;

template <typename Field>
Setter intSetter(Field field, int64_t minimum, int64_t maximum = INT32_MAX) {
  return [field, minimum, maximum](ParseState& st, std::string_view key, std::string_view value) -> Status {
    PIER_ASSIGN_OR_RETURN(int64_t parsed, integer(key, value, minimum, maximum));
    using Target = std::remove_reference_t<decltype(field(st))>;
    field(st) = Target(parsed);
    return Status::ok();
  };
}

template <typename Field>
Setter boolSetter(Field field) {
  return [field](ParseState& st, std::string_view key, std::string_view value) -> Status {
    PIER_ASSIGN_OR_RETURN(field(st), boolean(key, value));
    return Status::ok();
  };
}

// A boolean Pier reads but whose `true` it does not honour: a warning says so.
Setter unsupportedWhenTrue(std::string_view what) {
  return [what](ParseState& st, std::string_view key, std::string_view value) -> Status {
    PIER_ASSIGN_OR_RETURN(bool on, boolean(key, value));
    if (on) st.warn(fmt::format("{}={}: {} is not supported by pier-keeper; ignored", key, value, what));
    return Status::ok();
  };
}

Setter warnAlways(std::string_view what) {
  return [what](ParseState& st, std::string_view key, std::string_view value) -> Status {
    st.warn(fmt::format("{}={}: {}", key, value, what));
    return Status::ok();
  };
}

Setter directory(std::string KeeperConfig::*field) {
  return [field](ParseState& st, std::string_view key, std::string_view value) -> Status {
    if (value.empty()) return invalid(key, value, "empty");
    // VerifyingFileFactory.warnForRelativePath.
    if (value.front() != '/' && !value.starts_with("./")) {
      st.warn(fmt::format("{}={}: is relative. Prepend ./ to indicate that you're sure!", key, value));
    }
    st.config.*field = std::string(value);
    return Status::ok();
  };
}

Status setPeerType(ParseState& st, std::string_view key, std::string_view value) {
  std::string lower(value);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  if (lower == "observer") st.config.peerType = PeerType::Observer;
  else if (lower == "participant") st.config.peerType = PeerType::Participant;
  else return invalid(key, value, "Unrecognised peertype (participant or observer)");
  return Status::ok();
}

Status setElectionAlg(ParseState&, std::string_view key, std::string_view value) {
  PIER_ASSIGN_OR_RETURN(int64_t alg, integer(key, value, INT32_MIN, INT32_MAX));
  if (alg != 3) return invalid(key, value, "Invalid electionAlg value. Only 3 is supported.");
  return Status::ok();
}

Status setSnapRetainCount(ParseState& st, std::string_view key, std::string_view value) {
  PIER_ASSIGN_OR_RETURN(int64_t count, integer(key, value, INT32_MIN, INT32_MAX));
  if (count < 3) {
    st.warn(fmt::format("{}={}: Invalid autopurge.snapRetainCount. Defaulting to 3", key, value));
    count = 3;
  }
  st.config.autopurgeSnapRetainCount = int32_t(count);
  return Status::ok();
}

Status setSnapCount(ParseState& st, std::string_view key, std::string_view value) {
  PIER_ASSIGN_OR_RETURN(int64_t count, integer(key, value, INT32_MIN, INT32_MAX));
  if (count < 2) {
    st.warn(fmt::format("{}={}: SnapCount should be 2 or more. Now, snapCount is reset to 2", key, value));
    count = 2;
  }
  st.config.snapCount = count;
  return Status::ok();
}

Status setWhitelist(ParseState& st, std::string_view key, std::string_view value) {
  auto parsed = FourLetterWordWhitelist::parse(value);
  for (const std::string& name : parsed.unknownNames) {
    st.warn(fmt::format("{}={}: '{}' is not a four letter word; ignored", key, value, name));
  }
  st.config.fourLetterWords = parsed.whitelist;
  return Status::ok();
}

Status setMaxClientCnxns(ParseState& st, std::string_view key, std::string_view value) {
  PIER_ASSIGN_OR_RETURN(int64_t limit, integer(key, value, INT32_MIN, INT32_MAX));
  st.config.maxClientCnxns = int32_t(std::max<int64_t>(limit, 0));  // ZooKeeper: <= 0 is no limit
  return Status::ok();
}

Status setMetricsProvider(ParseState& st, std::string_view key, std::string_view value) {
  if (!st.metricsWarned) st.warn(fmt::format("{}={}: metrics providers are not supported; metricsProvider.* ignored", key, value));
  st.metricsWarned = true;
  return Status::ok();
}

const std::map<std::string, Setter, std::less<>>& setters() {
  using S = ParseState;
  static const std::map<std::string, Setter, std::less<>> table = {
      {"tickTime", intSetter([](S& s) -> auto& { return s.config.tickTimeMs; }, 1)},
      {"initLimit", intSetter([](S& s) -> auto& { return s.config.initLimitTicks; }, 0)},
      {"syncLimit", intSetter([](S& s) -> auto& { return s.config.syncLimitTicks; }, 0)},
      {"dataDir", directory(&KeeperConfig::dataDir)},
      {"dataLogDir", directory(&KeeperConfig::dataLogDir)},
      {"clientPort", intSetter([](S& s) -> auto& { return s.config.clientPort; }, 0, 65535)},
      {"clientPortAddress", [](S& s, std::string_view, std::string_view v) {
         s.config.clientPortAddress = std::string(v);
         return Status::ok();
       }},
      {"clientPortListenBacklog", intSetter([](S& s) -> auto& { return s.config.clientPortListenBacklog; }, -1)},
      {"secureClientPort", intSetter([](S& s) -> auto& { return s.secureClientPort; }, 0, 65535)},
      {"secureClientPortAddress", warnAlways("TLS client connections are not supported; ignored")},
      {"observerMasterPort", warnAlways("observer masters are not supported; observers sync from the leader")},
      {"maxClientCnxns", setMaxClientCnxns},
      {"maxCnxns", intSetter([](S& s) -> auto& { return s.config.maxCnxns; }, 0)},
      {"minSessionTimeout", intSetter([](S& s) -> auto& { return s.minSessionTimeoutMs; }, -1)},
      {"maxSessionTimeout", intSetter([](S& s) -> auto& { return s.maxSessionTimeoutMs; }, -1)},
      {"electionAlg", setElectionAlg},
      {"peerType", setPeerType},
      {"standaloneEnabled", boolSetter([](S& s) -> auto& { return s.config.standaloneEnabled; })},
      {"reconfigEnabled", boolSetter([](S& s) -> auto& { return s.config.reconfigEnabled; })},
      // ZooKeeper's system property zookeeper.extendedTypesEnabled (TTL nodes); zoo.cfg's unknown
      // keys become zookeeper.<key>, so "extendedTypesEnabled" is ZooKeeper's spelling in zoo.cfg.
      {"extendedTypesEnabled", boolSetter([](S& s) -> auto& { return s.config.extendedTypesEnabled; })},
      {"zookeeper.extendedTypesEnabled", boolSetter([](S& s) -> auto& { return s.config.extendedTypesEnabled; })},
      // ZooKeeper reads this one as a -D system property only; pier-keeper takes it in zoo.cfg.
      {"znode.container.checkIntervalMs",
       intSetter([](S& s) -> auto& { return s.config.containerCheckIntervalMs; }, 1)},
      {"zookeeper.znode.container.checkIntervalMs",
       intSetter([](S& s) -> auto& { return s.config.containerCheckIntervalMs; }, 1)},
      {"autopurge.snapRetainCount", setSnapRetainCount},
      {"autopurge.purgeInterval",
       intSetter([](S& s) -> auto& { return s.config.autopurgePurgeIntervalHours; }, INT32_MIN)},
      {"snapCount", setSnapCount},
      {"preAllocSize", intSetter([](S& s) -> auto& { return s.config.preAllocSizeKb; }, 1, INT64_MAX / 1024)},
      {"globalOutstandingLimit", intSetter([](S& s) -> auto& { return s.config.globalOutstandingLimit; }, 1)},
      {"jute.maxbuffer", intSetter([](S& s) -> auto& { return s.config.juteMaxBufferBytes; }, 1)},
      {"4lw.commands.whitelist", setWhitelist},
      {"admin.enableServer", unsupportedWhenTrue("the AdminServer (HTTP commands)")},
      {"dynamicConfigFile", warnAlways("dynamic configuration files are not supported; only server.N lines in "
                                       "this file are read")},
      {"localSessionsEnabled", unsupportedWhenTrue("local sessions")},
      {"sslQuorum", unsupportedWhenTrue("TLS between servers")},
      {"portUnification", unsupportedWhenTrue("TLS port unification")},
      {"multiAddress.enabled", unsupportedWhenTrue("multiple addresses per server")},
      {"quorum.auth.enableSasl", unsupportedWhenTrue("SASL between servers")},
      {"quorum.auth.learnerRequireSasl", unsupportedWhenTrue("SASL between servers")},
      {"quorum.auth.serverRequireSasl", unsupportedWhenTrue("SASL between servers")},
      {"skipACL", warnAlways("ACLs are always checked by pier-keeper; ignored")},
      {"oraclePath", warnAlways("the oracle quorum (QuorumOracleMaj) is not supported; ignored")},
  };
  return table;
}

// Keys ZooKeeper defines that only tune its JVM implementation: accepted without a word.
bool knownButUnused(std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "syncEnabled", "quorumListenOnAllIPs", "connectToLearnerMasterLimit", "localSessionsUpgradingEnabled",
      "sslQuorumReloadCertFiles", "quorum.cnxn.threads.size", "quorum.auth.learner.saslLoginContext",
      "quorum.auth.server.saslLoginContext", "quorum.auth.kerberos.servicePrincipal",
      "multiAddress.reachabilityCheckEnabled", "multiAddress.reachabilityCheckTimeoutMs", "jvm.pause.monitor",
      "jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms", "jvm.pause.sleep.time.ms", "forceSync",
      "fsync.warningthresholdms", "cnxTimeout", "electionPortBindRetry", "leaderServes", "serverCnxnFactory",
      "commitLogCount", "snapSizeLimitInKb", "txnLogSizeLimitInKb", "flushDelay", "maxWriteQueuePollTime",
      "maxBatchSize", "digest.enabled", "snapshot.trust.empty", "admin.serverPort", "admin.serverAddress",
      "admin.idleTimeout", "admin.commandURL", "audit.enable"};
  return std::find(std::begin(kKeys), std::end(kKeys), key) != std::end(kKeys);
}

Status applyKey(ParseState& st, const JavaProperty& property) {
  const std::string_view key = javaTrim(property.key);
  const std::string_view value = javaTrim(property.value);
  if (auto it = setters().find(key); it != setters().end()) return it->second(st, key, value);
  if (key.starts_with("server.")) return config_internal::addServer(st, key, value);
  if (key.starts_with("group") || key.starts_with("weight")) {
    return invalid(key, value, "hierarchical quorums (group/weight) are not supported");
  }
  if (key.starts_with("metricsProvider.")) return setMetricsProvider(st, key, value);
  if (key.starts_with("ssl.") || key.starts_with("authProvider.")) {
    st.warn(fmt::format("{}={}: TLS and authentication providers are not configurable in pier-keeper; ignored",
                        key, value));
  } else if (!knownButUnused(key)) {
    st.warn(fmt::format("{}={}: unknown key, ignored (ZooKeeper would set it as the system property zookeeper.{})",
                        key, value, key));
  }
  return Status::ok();
}

}  // namespace

std::string_view describe(KeeperConfigError e) {
  switch (e) {
    case KeeperConfigError::InvalidConfig: return "InvalidConfig";
    case KeeperConfigError::Unreadable: return "Unreadable";
  }
  return "Unknown";
}

Result<ParsedKeeperConfig> parseZooCfg(std::string_view zooCfg, std::optional<std::string_view> myidFile) {
  auto properties = parseJavaPropertiesText(zooCfg);
  if (!properties) return Status(KeeperConfigError::InvalidConfig, "zoo.cfg " + properties.status().message());
  ParseState st;
  for (const JavaProperty& property : *properties) PIER_RETURN_IF_ERROR(applyKey(st, property));
  PIER_RETURN_IF_ERROR(config_internal::finish(st, myidFile));
  return ParsedKeeperConfig{std::move(st.config), std::move(st.warnings)};
}

}  // namespace pier::keeper
