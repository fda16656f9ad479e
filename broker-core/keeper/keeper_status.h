#pragma once
// KeeperStatus: what the four-letter words report, as plain values. The keeper server fills one
// (on its own loop, from its data tree, session tracker, connections and config) and hands it to
// the formatters in four_letter_words.h, which never look anywhere else. Field names follow the
// ZooKeeper 3.8 getters they stand for (ServerStats, ServerCnxn, DataTree, ZKDatabase,
// QuorumPeer); times are wall-clock epoch milliseconds unless named otherwise.
//
// Value types; no invariants beyond "ZooKeeper would print this". Thread-safety: none needed.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/ids.h"

namespace pier::keeper {

// ServerStats.getServerState(): "standalone", "leader", "follower", "observer", "read-only".
enum class ServerMode { Standalone, Leader, Follower, Observer, ReadOnly };
std::string_view serverStateName(ServerMode mode);

// ServerStats' request latency. avgMs is AvgMinMaxCounter.getAvg(): use averageLatencyMs().
struct LatencyStats {
  int64_t minMs = 0;
  double avgMs = 0;
  int64_t maxMs = 0;
};
// total / count rounded HALF_UP to 4 decimals, 0 when count is 0 (AvgMinMaxCounter.getAvg).
double averageLatencyMs(int64_t totalMs, int64_t count);

// One client connection, as ServerCnxn.dumpConnectionInfo() prints it for `cons` and `stat`.
struct ConnectionStatus {
  std::string remoteHost;  // "127.0.0.1" or "::1" (printed bracketed)
  uint16_t remotePort = 0;
  int interestOps = 1;  // NIO interest set: 1 read, 4 write, 5 both, 0 none (a 4lw connection)
  int64_t outstandingRequests = 0;
  int64_t packetsReceived = 0;
  int64_t packetsSent = 0;
  SessionId sessionId{0};  // 0: no session yet; `cons` then prints the brief form
  std::string lastOperation = "NA";  // lastOperationName(opcode) of the last response
  int64_t establishedMs = 0;
  int32_t sessionTimeoutMs = 0;
  int64_t lastCxid = -1;  // -1: none yet (not printed)
  Zxid lastZxid{-1};
  int64_t lastResponseTimeMs = 0;  // ZooKeeper prints its monotonic clock here
  int64_t lastLatencyMs = 0;
  int64_t minLatencyMs = 0;
  int64_t avgLatencyMs = 0;  // integer division, as ServerCnxn.getAvgLatency()
  int64_t maxLatencyMs = 0;
  int64_t expireAtMs = 0;  // the connection's expiry bucket, for `dump`
};

// One session for `dump`: its expiry bucket (leader/standalone), its timeout (learners) and
// the ephemeral znodes it owns.
struct SessionStatus {
  SessionId id{0};
  int64_t expireAtMs = 0;
  int32_t timeoutMs = 0;
  std::vector<std::string> ephemerals;
};

// DataTree data watches (ZooKeeper's wchs/wchc/wchp show data watches only, not child watches).
struct WatchSummary {
  int64_t connections = 0;  // watchers with an entry (possibly emptied by a trigger)
  int64_t paths = 0;
  int64_t watches = 0;
};
struct ConnectionWatches {
  SessionId sessionId{0};
  std::vector<std::string> paths;
};
struct PathWatches {
  std::string path;
  std::vector<SessionId> sessionIds;
};

// What `conf` prints: ZooKeeperServer.dumpConf, plus QuorumZooKeeperServer's part in an ensemble.
struct ConfStatus {
  int32_t clientPort = 0;
  int32_t secureClientPort = -1;
  std::string dataDir;  // the snapshot directory, <dataDir>/version-2
  int64_t dataDirSizeBytes = 0;  // also `dirs`
  std::string dataLogDir;  // <dataLogDir>/version-2
  int64_t dataLogSizeBytes = 0;
  int32_t tickTimeMs = 3000;
  int32_t maxClientCnxns = 60;
  int32_t minSessionTimeoutMs = 6000;
  int32_t maxSessionTimeoutMs = 60000;
  int32_t clientPortListenBacklog = -1;
  int64_t serverId = 0;
  // Ensemble only (quorum == true).
  bool quorum = false;
  int32_t initLimitTicks = 0;
  int32_t syncLimitTicks = 0;
  int32_t electionAlg = 3;
  int32_t electionPort = 0;
  int32_t quorumPort = 0;
  int32_t peerType = 0;                 // LearnerType ordinal: 0 participant, 1 observer
  std::vector<std::string> membership;  // "server.1=host:2888:3888:participant[;host:port]"
  int64_t configVersion = 0;            // printed as "version=<hex>"
};

// ZooKeeper-named counters and gauges for `mntr` that ServerStats does not cover.
struct MonitorStatus {
  int64_t ephemeralsCount = 0;
  int64_t globalSessions = 0;
  int64_t localSessions = 0;
  int64_t watchCount = 0;  // data + child watches
  int64_t approximateDataSizeBytes = 0;
  int64_t openFileDescriptorCount = 0;
  int64_t maxFileDescriptorCount = 0;
  int64_t uptimeMs = 0;
  int64_t lastClientResponseSize = -1;
  int64_t minClientResponseSize = -1;
  int64_t maxClientResponseSize = -1;
  int64_t authFailedCount = 0;
  int64_t connectionRejected = 0;
  int64_t lookingCount = 0;
  int64_t bytesReceivedCount = 0;
  int64_t connectionRequestCount = 0;
  int64_t responseBytes = 0;
  int64_t proposalCount = 0;
  int64_t snapCount = 0;  // snapshots taken
  int64_t commitCount = 0;
  // Appended after ZooKeeper's keys, in this order; keys without the "zk_" prefix.
  std::vector<std::pair<std::string, std::string>> extra;
};

// Leader, follower and observer facts (`mntr`, `stat`).
struct QuorumStatus {
  std::string peerState;  // QuorumPeer.getDetailedPeerState(): "leading - broadcast", "looking"
  int64_t quorumSize = 0;
  // Leader only.
  int64_t learners = 0;
  int64_t syncedFollowers = 0;
  int64_t syncedNonVotingFollowers = 0;
  int64_t syncedObservers = 0;
  int64_t pendingSyncs = 0;
  int64_t leaderUptimeMs = 0;
  int64_t lastProposalSize = -1;
  int64_t minProposalSize = -1;
  int64_t maxProposalSize = -1;
};

struct KeeperStatus {
  bool serving = true;  // false: "This ZooKeeper instance is not currently serving requests"
  std::string version;  // Version.getFullVersion(): "3.8.0-<id>, built on <date>"
  ServerMode mode = ServerMode::Standalone;
  Zxid lastProcessedZxid{0};
  int64_t nodeCount = 0;
  LatencyStats latency;
  int64_t packetsReceived = 0;
  int64_t packetsSent = 0;
  int64_t outstandingRequests = 0;
  int64_t aliveConnections = 0;  // the asking 4lw connection included, as ZooKeeper counts
  std::vector<ConnectionStatus> connections;
  WatchSummary watchSummary;
  std::vector<ConnectionWatches> watchesByConnection;
  std::vector<PathWatches> watchesByPath;
  std::vector<SessionStatus> sessions;
  bool localSessionsEnabled = false;
  ConfStatus conf;
  // Environment.list(): kEnvironmentKeys in that order, filled as the server sees fit.
  std::vector<std::pair<std::string, std::string>> environment;
  MonitorStatus monitor;
  QuorumStatus quorum;      // ignored in standalone mode
  int64_t traceMask = 306;  // `gtmk`: ZooTrace's default mask
};

// The keys ZooKeeper's `envi` lists, in its order.
inline constexpr const char* kEnvironmentKeys[] = {
    "zookeeper.version", "host.name",   "java.version", "java.vendor",     "java.home",
    "java.class.path",   "java.library.path", "java.io.tmpdir", "java.compiler", "os.name",
    "os.arch",           "os.version",  "user.name",    "user.home",       "user.dir",
    "os.memory.free",    "os.memory.max", "os.memory.total"};

// FinalRequestProcessor's lastOp for a request opcode ("GETD", "CREA", "PING", ...); "NA" for
// opcodes it does not name.
std::string_view lastOperationName(int32_t opCode);

}  // namespace pier::keeper
