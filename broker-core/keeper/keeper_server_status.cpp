// KeeperServer::status: what the four-letter words report, gathered from the server's parts.
#include <unistd.h>

#include "keeper/keeper_server.h"
#include "keeper/quorum_service.h"

namespace pier::keeper {

namespace {

ConnectionStatus connectionStatus(const KeeperConnection& c) {
  ConnectionStatus s;
  s.remoteHost = c.remote().host;
  s.remotePort = c.remote().port;
  s.packetsReceived = c.packetsReceived();
  s.packetsSent = c.packetsSent();
  s.sessionId = SessionId(c.sessionId());
  s.sessionTimeoutMs = c.sessionTimeoutMs();
  s.establishedMs = c.establishedMs();
  return s;
}

}  // namespace

KeeperStatus KeeperServer::status(const KeeperConnection& asking) const {
  KeeperStatus s;
  // Version.getFullVersion()'s shape, so scripts that parse it keep working.
  s.version = "3.8.0-pier-keeper-0.1.0, built on 2026-12-01 00:00 UTC";
  s.mode = ServerMode::Standalone;
  if (m_quorum) {
    s.serving = m_serving;
    // ZooKeeperServer.getZxid: the highest zxid handed out; a new leader starts at (epoch, 0).
    if (m_leading)
      s.lastProcessedZxid = Zxid(std::max(m_tree->lastProcessedZxid(), m_preparer->lastZxid()));
    const auto stats = m_quorum->peer().leaderStats();
    s.quorum.learners = stats.learners;
    s.quorum.syncedFollowers = stats.syncedFollowers;
    s.quorum.syncedObservers = stats.syncedObservers;
    s.quorum.pendingSyncs = stats.pendingSyncs;
    s.quorum.quorumSize = static_cast<int64_t>(
        std::count_if(m_config.servers.begin(), m_config.servers.end(),
                      [](const QuorumServerConfig& q) { return q.type == PeerType::Participant; }));
    const bool observer = m_config.peerType == PeerType::Observer;
    s.mode = m_leading  ? ServerMode::Leader
             : observer ? ServerMode::Observer
                        : ServerMode::Follower;
    s.quorum.peerState = m_serving ? (m_leading  ? "leading - broadcast"
                                      : observer ? "observing - broadcast"
                                                 : "following - broadcast")
                                   : "looking";
  }
  s.lastProcessedZxid = Zxid(m_tree->lastProcessedZxid());
  // DataTree.getNodeCount counts the root twice ("" and "/"), as ZooKeeper's map holds both keys.
  s.nodeCount = static_cast<int64_t>(m_tree->nodeCount()) + 1;
  s.latency.minMs = m_counters.latencyMinMs;
  s.latency.maxMs = m_counters.latencyMaxMs;
  s.latency.avgMs = averageLatencyMs(m_counters.latencyTotalMs, m_counters.requestsAnswered);
  s.packetsReceived = m_counters.packetsReceived;
  s.packetsSent = m_counters.packetsSent;
  s.outstandingRequests = static_cast<int64_t>(m_queue.size());
  s.aliveConnections = static_cast<int64_t>(m_connections.size());
  // ZooKeeper lists the asking four-letter-word connection too (no session, not reading).
  for (const auto& [id, conn] : m_connections) {
    ConnectionStatus c = connectionStatus(*conn);
    if (conn.get() == &asking) c.interestOps = 0;
    s.connections.push_back(std::move(c));
  }
  const auto& watches = m_tree->dataWatches();
  const auto byWatcher = watches.pathsByWatcher();
  s.watchSummary = WatchSummary{static_cast<int64_t>(byWatcher.size()),
                                static_cast<int64_t>(watches.pathCount()),
                                static_cast<int64_t>(watches.watchCount())};
  for (const auto& [watcher, paths] : byWatcher) {
    auto conn = m_connections.find(static_cast<uint64_t>(watcher));
    const int64_t session = conn == m_connections.end() ? 0 : conn->second->sessionId();
    s.watchesByConnection.push_back(ConnectionWatches{SessionId(session), paths});
  }
  for (const auto& [path, watchers] : watches.watchersByPath()) {
    PathWatches pw{path, {}};
    for (auto w : watchers) {
      auto conn = m_connections.find(static_cast<uint64_t>(w));
      pw.sessionIds.push_back(
          SessionId(conn == m_connections.end() ? 0 : conn->second->sessionId()));
    }
    s.watchesByPath.push_back(std::move(pw));
  }
  for (const auto& [id, timeoutMs] : m_tree->sessions()) {
    SessionStatus ss{SessionId(id), 0, timeoutMs, {}};
    ss.ephemerals = m_tree->ephemeralsOf(id).items();
    s.sessions.push_back(std::move(ss));
  }
  s.conf = m_config.confStatus();
  s.monitor.ephemeralsCount = static_cast<int64_t>(m_tree->ephemeralCount());
  s.monitor.globalSessions = static_cast<int64_t>(m_sessions.size());
  s.monitor.watchCount =
      static_cast<int64_t>(watches.watchCount() + m_tree->childWatches().watchCount());
  s.monitor.approximateDataSizeBytes = m_tree->approximateDataSize();
  s.monitor.uptimeMs = m_loop.clock().wallMs() - m_startedWallMs;
  s.monitor.maxFileDescriptorCount = sysconf(_SC_OPEN_MAX);
  return s;
}

}  // namespace pier::keeper
