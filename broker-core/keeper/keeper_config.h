#pragma once
// KeeperConfig: pier-keeper's settings under ZooKeeper 3.8's zoo.cfg names, defaults and checks
// (QuorumPeerConfig.parseProperties, QuorumPeer.QuorumServer, QuorumMaj, FourLetterCommands).
//
// parseZooCfg() reads the Java properties text and the `myid` file's contents: a bad value is
// KeeperConfigError::InvalidConfig naming the key and the value ("tickTime=abc: not a number")
// and the keeper does not start; a key ZooKeeper knows but Pier does not act on is accepted
// silently or with a warning where the user would expect an effect (secureClientPort,
// admin.enableServer, metricsProvider.*, dynamicConfigFile, ...); a key nobody knows is a
// warning. Warnings are returned, never logged here. Keys ZooKeeper only takes as "zookeeper."
// system properties (snapCount, preAllocSize, globalOutstandingLimit, 4lw.commands.whitelist,
// admin.*) work in zoo.cfg because ZooKeeper turns every unknown zoo.cfg key into one; Pier reads
// them the same way, and also takes jute.maxbuffer, which ZooKeeper only honours as -D.
//
// Mode: standalone when no server.N line names a participant, or exactly one does and
// standaloneEnabled (ZooKeeper then ignores the line); otherwise an ensemble, which needs
// initLimit, syncLimit and a myid naming one of the server.N lines.
//
// A value type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/status.h"
#include "keeper/four_letter_words.h"
#include "keeper/keeper_status.h"

namespace pier {
class FileSystem;
}

namespace pier::keeper {

enum class KeeperConfigError {
  InvalidConfig,  // a zoo.cfg or myid value that does not parse or breaks a rule (names both)
  Unreadable,     // zoo.cfg or myid could not be read
};
std::string_view describe(KeeperConfigError e);

enum class PeerType { Participant, Observer };

// One server.N=host:peerPort:electionPort[:participant|:observer][;[clientHost:]clientPort] line.
struct QuorumServerConfig {
  int64_t id = 0;
  std::string host;  // without the [] of an IPv6 literal
  uint16_t peerPort = 0;      // followers connect to the leader here (ZooKeeper's "quorumPort")
  uint16_t electionPort = 0;  // fast leader election
  PeerType type = PeerType::Participant;
  std::string clientHost;  // from ";[host:]port": "0.0.0.0" when only a port; empty without
  uint16_t clientPort = 0;  // 0: no client address on this line

  // As ZooKeeper writes the member in `conf`: "host:2888:3888:participant[;host:port]".
  std::string toZooKeeperString() const;
};

enum class KeeperMode { Standalone, Ensemble };

struct KeeperConfig {
  int32_t tickTimeMs = 3000;
  int32_t initLimitTicks = 0;  // no default: required in an ensemble
  int32_t syncLimitTicks = 0;  // likewise
  std::string dataDir;         // required
  std::string dataLogDir;      // defaults to dataDir
  uint16_t clientPort = 0;     // 0: no client listener (ZooKeeper allows it, Pier warns)
  std::string clientPortAddress;  // empty: every interface
  int32_t clientPortListenBacklog = -1;
  int32_t maxClientCnxns = 60;    // per client IP; 0 = no limit
  int32_t maxCnxns = 0;           // total; 0 = no limit (zookeeper.maxCnxns)
  int32_t minSessionTimeoutMs = 6000;   // default 2 x tickTime
  int32_t maxSessionTimeoutMs = 60000;  // default 20 x tickTime
  int32_t autopurgeSnapRetainCount = 3;  // raised to 3 when lower, as ZooKeeper does
  int32_t autopurgePurgeIntervalHours = 0;  // 0: no purging
  int64_t snapCount = 100000;        // transactions between snapshots (zookeeper.snapCount)
  int64_t preAllocSizeKb = 65536;    // transaction log preallocation (zookeeper.preAllocSize)
  int32_t globalOutstandingLimit = 1000;
  int32_t juteMaxBufferBytes = 0xfffff;  // largest request or znode data (jute.maxbuffer)
  int32_t electionAlg = 3;               // only 3 (fast leader election) exists
  bool standaloneEnabled = true;
  bool reconfigEnabled = false;
  bool extendedTypesEnabled = false;  // zookeeper.extendedTypesEnabled: TTL nodes
  int32_t containerCheckIntervalMs = 60000;  // znode.container.checkIntervalMs (ContainerManager)
  PeerType peerType = PeerType::Participant;  // corrected from the server list, as ZooKeeper does
  FourLetterWordWhitelist fourLetterWords = FourLetterWordWhitelist::defaults();
  std::vector<QuorumServerConfig> servers;  // by id
  int64_t myid = -1;                        // -1: no myid file (fine when standalone)
  KeeperMode mode = KeeperMode::Standalone;

  // This server's line in an ensemble; nullptr when standalone.
  const QuorumServerConfig* self() const;
  // What `conf` reports for this configuration (sizes and the version left for the server).
  ConfStatus confStatus() const;
};

struct ParsedKeeperConfig {
  KeeperConfig config;
  std::vector<std::string> warnings;  // one line each
};

// `zooCfg`: the file's text. `myidFile`: the contents of <dataDir>/myid, nullopt when there is
// no such file.
Result<ParsedKeeperConfig> parseZooCfg(std::string_view zooCfg, std::optional<std::string_view> myidFile);
// Reads `zooCfgPath` and then <dataDir>/myid through `fs`, and parses both.
Result<ParsedKeeperConfig> loadZooCfg(FileSystem& fs, const std::string& zooCfgPath);

}  // namespace pier::keeper

PIER_ERROR_DOMAIN(pier::keeper::KeeperConfigError, "keeper.config");
