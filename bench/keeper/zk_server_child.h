#pragma once
// One ZooKeeper-protocol server process for bench_keeper: pier-keeper or a real ZooKeeper 3.8
// (Debian's jars), started with the same zoo.cfg on a free 127.0.0.1 port, with its data, its
// transaction log and its console output (server.log) in a temp folder of its own; standalone,
// or one member of an ensemble (a QuorumSeat: server.N lines and a myid file, ZooKeeper's
// QuorumPeerMain). Owned by the bench's main thread. Only the PID this object started is ever
// signalled (SIGTERM, SIGKILL after 10 s, or kill9()); the folder is removed by the destructor.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace pier::bench {

enum class ServerKind { ZooKeeper, PierKeeper };

// Where the real ZooKeeper comes from: the Debian `zookeeper` package.
struct ZooKeeperInstall {
  std::string java = "/usr/bin/java";
  std::string jarDir = "/usr/share/java";
  int heapMaxMb = 512;
  // The JVM flags bench_keeper prints beside its table.
  std::vector<std::string> jvmFlags() const;
  std::string classPath() const;
  // Empty when java and the jars are there; otherwise what is missing and how to get it.
  std::string missing() const;
};

// Where a member sits in an ensemble. myid 0: standalone (the other fields are ignored).
struct QuorumSeat {
  int myid = 0;
  int clientPort = 0;
  std::vector<std::string> serverLines;  // "server.1=127.0.0.1:<peerPort>:<electionPort>", ...
};

// `count` distinct ports on 127.0.0.1 that were free a moment ago (all bound at once, then
// released); empty when that failed.
std::vector<int> freeLoopbackPorts(std::size_t count);

class ZkServerChild {
 public:
  using Clock = std::chrono::steady_clock;

  // binary: pier-keeper's path (ignored for ZooKeeper).
  ZkServerChild(ServerKind kind, std::string binary, ZooKeeperInstall zk, QuorumSeat seat = {});
  ~ZkServerChild();
  ZkServerChild(const ZkServerChild&) = delete;
  ZkServerChild& operator=(const ZkServerChild&) = delete;

  // Makes the temp folder, writes zoo.cfg and spawns the server; false (with error()) if the
  // folder, the port or the spawn failed. Does not wait for the server to serve.
  bool start();
  // SIGTERM, wait up to 10 s, then SIGKILL. Idempotent.
  void stop();
  // SIGKILL now (a crash: no shutdown code runs) and return at once; stop() or running() reaps
  // the child later (until then the PID stays ours, a zombie).
  void kill9();
  bool running();

  ServerKind kind() const { return m_kind; }
  std::string name() const {
    return m_kind == ServerKind::ZooKeeper ? "ZooKeeper 3.8" : "pier-keeper";
  }
  int myid() const { return m_seat.myid; }
  std::string hosts() const { return "127.0.0.1:" + std::to_string(m_port); }
  int port() const { return m_port; }
  pid_t pid() const { return m_pid; }
  Clock::time_point spawnedAt() const { return m_spawnedAt; }
  const std::string& dir() const { return m_dir; }
  const std::string& error() const { return m_error; }

  // /proc/<pid>/status VmRSS and VmHWM, bytes (0 when the process is gone).
  uint64_t residentBytes() const { return statusKib("VmRSS:") * 1024; }
  uint64_t peakResidentBytes() const { return statusKib("VmHWM:") * 1024; }
  // The last `lines` lines of server.log, for error messages.
  std::string logTail(int lines = 15) const;
  // server.log's size now, bytes: where logLines() can start.
  uint64_t logBytes() const;
  // Lines of server.log from byte `from` on that contain any of `needles` (at most `max`).
  std::vector<std::string> logLines(const std::vector<std::string>& needles, std::size_t max,
                                    uint64_t from) const;

 private:
  std::vector<std::string> command(const std::string& cfgPath) const;
  bool writeZooCfg(const std::string& cfgPath);
  uint64_t statusKib(const char* key) const;

  ServerKind m_kind;
  std::string m_binary;
  ZooKeeperInstall m_zk;
  QuorumSeat m_seat;
  std::string m_dir;
  int m_port = 0;
  pid_t m_pid = -1;
  Clock::time_point m_spawnedAt;
  std::string m_error;
};

}  // namespace pier::bench
