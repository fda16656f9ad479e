// The longer four-letter-word replies: mntr, conf, dump, envi and the watch dumps, each after
// the ZooKeeper 3.8 code named beside it.
#include <map>

#include <fmt/format.h>

#include "keeper/four_letter_words.h"
#include "keeper/java_text.h"

namespace pier::keeper {
namespace {

std::string sessionHex(SessionId id) { return "0x" + javaHex(id.value()); }

bool isQuorumPeer(ServerMode mode) {
  return mode == ServerMode::Leader || mode == ServerMode::Follower || mode == ServerMode::Observer;
}

// MonitorCommand.print: "zk_<key>\t<value>\n".
class MonitorLines {
 public:
  void put(std::string_view key, const std::string& value) { m_out += fmt::format("zk_{}\t{}\n", key, value); }
  void put(std::string_view key, int64_t value) { put(key, std::to_string(value)); }
  void putDouble(std::string_view key, double value) { put(key, javaDouble(value)); }
  std::string take() { return std::move(m_out); }

 private:
  std::string m_out;
};

// ZooKeeper's keys in the order its metrics provider dumps them (a Java HashMap's order, the same
// for standalone, leader and follower); leader-only and quorum-only keys where they fall.
void monitorHead(MonitorLines& out, const KeeperStatus& s) {
  const MonitorStatus& m = s.monitor;
  const bool leader = s.mode == ServerMode::Leader;
  out.put("version", s.version);
  out.put("server_state", std::string(serverStateName(s.mode)));
  if (isQuorumPeer(s.mode)) out.put("peer_state", s.quorum.peerState);
  out.put("ephemerals_count", m.ephemeralsCount);
  out.put("num_alive_connections", s.aliveConnections);
  out.putDouble("avg_latency", s.latency.avgMs);
  if (leader) out.put("min_proposal_size", s.quorum.minProposalSize);
  out.put("outstanding_requests", s.outstandingRequests);
  out.put("znode_count", s.nodeCount);
  out.put("global_sessions", m.globalSessions);
  out.put("non_mtls_remote_conn_count", int64_t{0});
  out.put("last_client_response_size", m.lastClientResponseSize);
  out.put("packets_sent", s.packetsSent);
  out.put("packets_received", s.packetsReceived);
  if (leader) out.put("max_proposal_size", s.quorum.maxProposalSize);
  out.put("max_client_response_size", m.maxClientResponseSize);
  if (leader) out.put("synced_followers", s.quorum.syncedFollowers);
  out.putDouble("connection_drop_probability", 0.0);
  out.put("watch_count", m.watchCount);
  if (leader) out.put("synced_non_voting_followers", s.quorum.syncedNonVotingFollowers);
  if (leader) out.put("synced_observers", s.quorum.syncedObservers);
  out.put("auth_failed_count", m.authFailedCount);
  out.put("min_latency", s.latency.minMs);
}

void monitorTail(MonitorLines& out, const KeeperStatus& s) {
  const MonitorStatus& m = s.monitor;
  const bool leader = s.mode == ServerMode::Leader;
  out.put("max_file_descriptor_count", m.maxFileDescriptorCount);
  out.put("approximate_data_size", m.approximateDataSizeBytes);
  out.put("open_file_descriptor_count", m.openFileDescriptorCount);
  if (leader) out.put("last_proposal_size", s.quorum.lastProposalSize);
  if (leader) out.put("pending_syncs", s.quorum.pendingSyncs);
  if (leader) out.put("leader_uptime", s.quorum.leaderUptimeMs);
  out.put("local_sessions", m.localSessions);
  out.put("uptime", m.uptimeMs);
  out.put("max_latency", s.latency.maxMs);
  out.put("outstanding_tls_handshake", int64_t{0});
  if (leader) out.put("learners", s.quorum.learners);
  out.put("min_client_response_size", m.minClientResponseSize);
  out.put("non_mtls_local_conn_count", int64_t{0});
  if (isQuorumPeer(s.mode)) out.put("quorum_size", s.quorum.quorumSize);
  out.put("proposal_count", m.proposalCount);
  out.put("watch_bytes", int64_t{0});
  out.put("connection_rejected", m.connectionRejected);
  out.put("looking_count", m.lookingCount);
  out.put("bytes_received_count", m.bytesReceivedCount);
  out.put("connection_request_count", m.connectionRequestCount);
  out.put("response_bytes", m.responseBytes);
  out.put("snap_count", m.snapCount);
  out.put("commit_count", m.commitCount);
  for (const auto& [key, value] : m.extra) out.put(key, value);
}

// ExpiryQueue.dump after its "Session "/"Connections " prefix: buckets by expiry time.
std::string expiryDump(const std::map<int64_t, std::vector<std::string>>& buckets) {
  std::size_t elements = 0;
  for (const auto& [at, items] : buckets) elements += items.size();
  std::string out = fmt::format("Sets ({})/({}):\n", buckets.size(), elements);
  for (const auto& [at, items] : buckets) {
    out += fmt::format("{} expire at {}:\n", items.size(), javaDateUtc(at));
    for (const std::string& item : items) out += "\t" + item + "\n";
  }
  return out;
}

std::string sessionSets(const KeeperStatus& s) {
  std::map<int64_t, std::vector<std::string>> buckets;
  for (const SessionStatus& session : s.sessions) buckets[session.expireAtMs].push_back(sessionHex(session.id));
  return "Session " + expiryDump(buckets);
}

// SessionTrackerImpl, LeaderSessionTracker or LearnerSessionTracker.dumpSessions. Pier keeps
// no local sessions, so their part is always empty.
std::string sessionTrackerDump(const KeeperStatus& s) {
  const std::string local = s.localSessionsEnabled ? "Local Session Sets (0)/(0):\n" : "";
  if (s.mode == ServerMode::Leader) return local + (s.localSessionsEnabled ? "Global " : "") + sessionSets(s);
  if (s.mode != ServerMode::Follower && s.mode != ServerMode::Observer) return sessionSets(s);
  std::map<int64_t, int32_t> timeouts;
  for (const SessionStatus& session : s.sessions) timeouts[session.id.value()] = session.timeoutMs;
  std::string out = local + fmt::format("Global Sessions({}):\n", timeouts.size());
  for (const auto& [id, timeoutMs] : timeouts) out += fmt::format("0x{}\t{}ms\n", javaHex(id), timeoutMs);
  return out;
}

// DataTree.dumpEphemerals.
std::string ephemeralsDump(const KeeperStatus& s) {
  std::string body;
  std::size_t owners = 0;
  for (const SessionStatus& session : s.sessions) {
    if (session.ephemerals.empty()) continue;
    ++owners;
    body += sessionHex(session.id) + ":\n";
    for (const std::string& path : session.ephemerals) body += "\t" + path + "\n";
  }
  return fmt::format("Sessions with Ephemerals ({}):\n", owners) + body;
}

// NIOServerCnxnFactory.dumpConnections; NIOServerCnxn.toString names each connection.
std::string connectionsDump(const KeeperStatus& s) {
  std::map<int64_t, std::vector<std::string>> buckets;
  for (const ConnectionStatus& c : s.connections) {
    const bool ipv6 = c.remoteHost.find(':') != std::string::npos;
    buckets[c.expireAtMs].push_back(fmt::format("ip: /{}{}{}:{} sessionId: {}", ipv6 ? "[" : "", c.remoteHost,
                                                ipv6 ? "]" : "", c.remotePort, sessionHex(c.sessionId)));
  }
  return "Connections " + expiryDump(buckets);
}

// QuorumZooKeeperServer.dumpConf's part; QuorumMaj.toString ends without a newline.
std::string quorumConf(const ConfStatus& c) {
  std::string out = fmt::format("initLimit={}\nsyncLimit={}\nelectionAlg={}\nelectionPort={}\nquorumPort={}\n",
                                c.initLimitTicks, c.syncLimitTicks, c.electionAlg, c.electionPort, c.quorumPort);
  out += fmt::format("peerType={}\nmembership: \n", c.peerType);
  for (const std::string& member : c.membership) out += member + "\n";
  return out + "version=" + javaHex(c.configVersion);
}

}  // namespace

std::string mntrReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  MonitorLines out;
  monitorHead(out, s);
  monitorTail(out, s);
  return out.take();
}

// ZooKeeperServer.dumpConf.
std::string confReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  const ConfStatus& c = s.conf;
  std::string out = fmt::format("clientPort={}\nsecureClientPort={}\n", c.clientPort, c.secureClientPort);
  out += fmt::format("dataDir={}\ndataDirSize={}\ndataLogDir={}\ndataLogSize={}\n", c.dataDir, c.dataDirSizeBytes,
                     c.dataLogDir, c.dataLogSizeBytes);
  out += fmt::format("tickTime={}\nmaxClientCnxns={}\nminSessionTimeout={}\nmaxSessionTimeout={}\n", c.tickTimeMs,
                     c.maxClientCnxns, c.minSessionTimeoutMs, c.maxSessionTimeoutMs);
  out += fmt::format("clientPortListenBacklog={}\nserverId={}\n", c.clientPortListenBacklog, c.serverId);
  return c.quorum ? out + quorumConf(c) : out;
}

// DumpCommand.
std::string dumpReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  return "SessionTracker dump:\n" + sessionTrackerDump(s) + "ephemeral nodes dump:\n" + ephemeralsDump(s) +
         "Connections dump:\n" + connectionsDump(s);
}

// EnvCommand: printed even when not serving.
std::string enviReply(const KeeperStatus& s) {
  std::string out = "Environment:\n";
  for (const auto& [key, value] : s.environment) out += key + "=" + value + "\n";
  return out;
}

// WatchCommand over DataTree's data watches: WatchManager.toString and dumpWatches.
std::string wchsReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  const WatchSummary& w = s.watchSummary;
  return fmt::format("{} connections watching {} paths\nTotal watches:{}\n", w.connections, w.paths, w.watches);
}

std::string wchcReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  std::string out;
  for (const ConnectionWatches& c : s.watchesByConnection) {
    out += sessionHex(c.sessionId) + "\n";
    for (const std::string& path : c.paths) out += "\t" + path + "\n";
  }
  return out + "\n";
}

std::string wchpReply(const KeeperStatus& s) {
  if (!s.serving) return std::string(kNotServing);
  std::string out;
  for (const PathWatches& p : s.watchesByPath) {
    out += p.path + "\n";
    for (SessionId id : p.sessionIds) out += "\t" + sessionHex(id) + "\n";
  }
  return out + "\n";
}

}  // namespace pier::keeper
