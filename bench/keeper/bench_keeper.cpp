// pier-keeper against a real ZooKeeper 3.8 (Debian's jars), standalone, in one run on this
// machine, with the same zoo.cfg and the same load from the ZooKeeper C client (libzookeeper_mt,
// async API). Per server and round, on a fresh server:
//
//  1. time from the server's spawn to its first served request (TCP poll every ms, then a
//     session and a successful exists("/")); idle RSS one second later;
//  2. a warm-up (create / setData / getData, kWarmOps each) so the JVM's JIT has compiled the
//     hot paths before anything is measured; pier-keeper gets the same warm-up;
//  3. kSessions sessions x kInFlight requests in flight, 100-byte znodes: create, setData,
//     getData, each phase <= kPhaseOps requests or kPhaseTime; throughput and the client's
//     request-to-completion p50/p99; the server's VmRSS sampled every 20 ms meanwhile;
//  4. synchronous creates, one session, one at a time: p50/p99.
//
// kRounds rounds, the order of the two servers alternating, and the median of each figure: the
// machine is shared, and a one-off run is at the mercy of whatever else ran meanwhile. The
// servers never run at the same time; each shares the CPUs only with the clients (this process).
// Each listens on a free 127.0.0.1 port with its own temp data dir; both fsync the transaction
// log before answering a write, as they do by default. Goals (issue 8): >= 2x ZooKeeper's write
// throughput, >= 1.5x its read throughput, p99 no worse, a tenth of its memory. Ensembles (ZAB)
// are not built yet: those rows say so instead of showing a number.

#include <sys/vfs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "keeper_report.h"
#include "zk_load.h"
#include "zk_server_child.h"

namespace {

using namespace pier::bench;
using namespace std::chrono_literals;

constexpr int kRounds = 3;
constexpr int kSessions = 8;
constexpr int kInFlight = 32;
constexpr std::size_t kValueBytes = 100;
constexpr uint64_t kWarmOps = 10000;
constexpr auto kWarmTime = 2s;
constexpr uint64_t kPhaseOps = 50000;
constexpr auto kPhaseTime = 5s;
constexpr uint64_t kSyncOps = 2000;
constexpr auto kSyncTime = 3s;

// The C client logs to stderr by default; the bench sends it to a temp file instead, so that
// ZooKeeper's dropped sessions during startup do not flood the output, and reads back what the
// client said during each server's load.
class ClientLog {
 public:
  ClientLog() {
    char path[] = "/tmp/pier-bench-keeper-client-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) return;
    m_path = path;
    m_file = fdopen(fd, "w+");
    if (m_file) zoo_set_log_stream(m_file);
  }
  ~ClientLog() {
    zoo_set_log_stream(nullptr);
    if (m_file) std::fclose(m_file);
    if (!m_path.empty()) std::filesystem::remove(m_path);
  }
  long mark() const {
    if (!m_file) return 0;
    std::fflush(m_file);
    return std::ftell(m_file);
  }
  std::vector<std::string> errorsSince(long from, std::size_t max) const {
    std::vector<std::string> out;
    std::ifstream in(m_path);
    in.seekg(from);
    std::string line;
    while (std::getline(in, line) && out.size() < max) {
      if (line.find("ZOO_ERROR") != std::string::npos) out.push_back(line);
    }
    return out;
  }

 private:
  std::string m_path;
  FILE* m_file = nullptr;
};

// Samples a process's VmRSS every 20 ms on a thread of its own until stopped; keeps the largest.
class RssSampler {
 public:
  explicit RssSampler(const ZkServerChild& server)
      : m_thread([this, &server] {
          while (!m_stop) {
            m_maxBytes = std::max<uint64_t>(m_maxBytes, server.residentBytes());
            std::this_thread::sleep_for(20ms);
          }
        }) {}
  uint64_t stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
    return m_maxBytes;
  }
  ~RssSampler() { stop(); }

 private:
  std::atomic<bool> m_stop{false};
  std::atomic<uint64_t> m_maxBytes{0};
  std::thread m_thread;
};

PhaseSpec phase(ZkOp op, const std::string& parent, uint64_t opsMax, std::chrono::milliseconds timeMax,
                uint64_t keys) {
  return PhaseSpec{op, parent, opsMax, timeMax, keys};
}

std::string runLoad(ZkServerChild& server, ServerFigures& out) {
  ZkSessionPool pool(kInFlight, kValueBytes);
  if (std::string e = pool.open(server.hosts(), kSessions, 10s); !e.empty()) return e;
  for (const char* path : {"/pier-warm", "/pier-bench", "/pier-bench-sync"}) {
    if (std::string e = pool.ensureNode(path); !e.empty()) return e;
  }
  const PhaseFigures warm = pool.run(phase(ZkOp::Create, "/pier-warm", kWarmOps, kWarmTime, 0));
  for (ZkOp op : {ZkOp::SetData, ZkOp::GetData}) pool.run(phase(op, "/pier-warm", kWarmOps, kWarmTime, warm.ok));
  RssSampler sampler(server);
  out.create = pool.run(phase(ZkOp::Create, "/pier-bench", kPhaseOps, kPhaseTime, 0));
  out.set = pool.run(phase(ZkOp::SetData, "/pier-bench", kPhaseOps, kPhaseTime, out.create.ok));
  out.get = pool.run(phase(ZkOp::GetData, "/pier-bench", kPhaseOps, kPhaseTime, out.create.ok));
  out.loadRssBytes = sampler.stop();
  out.syncCreate = syncCreates(server.hosts(), "/pier-bench-sync", kValueBytes, kSyncOps, kSyncTime);
  out.peakRssBytes = server.peakResidentBytes();
  return "";
}

ServerFigures measure(ServerKind kind, const ZooKeeperInstall& zk, const ClientLog& clientLog) {
  ZkServerChild server(kind, PIER_KEEPER_BINARY, zk);
  ServerFigures out;
  out.name = server.name();
  if (!server.start()) {
    out.error = server.error();
    return out;
  }
  std::string error;
  out.startSeconds = secondsToFirstRequest(server.port(), server.spawnedAt(), 30s, [&] { return server.running(); },
                                           error);
  if (out.startSeconds < 0) {
    out.error = error + "; server.log:\n" + server.logTail();
    return out;
  }
  // Startup's own log lines (and ZooKeeper's complaints about the probes above) are left out.
  const uint64_t logFrom = server.logBytes();
  const long clientLogFrom = clientLog.mark();
  std::this_thread::sleep_for(1s);
  out.idleRssBytes = server.residentBytes();
  out.error = runLoad(server, out);
  if (!server.running()) out.error += " (the server exited; server.log:\n" + server.logTail() + ")";
  // ZooKeeper logs "Close of session 0x..." at WARN whenever a client closes its session.
  for (const std::string& line : server.logLines({" WARN ", " ERROR ", " warn ", " error "}, 100, logFrom)) {
    if (line.find("Close of session") == std::string::npos && out.logLines.size() < 10) out.logLines.push_back(line);
  }
  out.clientErrors = clientLog.errorsSince(clientLogFrom, 5);
  return out;
}

std::string fileSystemOf(const char* path) {
  struct statfs fs {};
  if (statfs(path, &fs) != 0) return "?";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case 0xEF53: return "ext4";
    case 0x01021994: return "tmpfs";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x794C7630: return "overlayfs";
    default: return "other";
  }
}

// The 1, 5 and 15 minute load averages: other work on the machine shows in every figure.
std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

void printSetup(const ZooKeeperInstall& zk, const std::string& loadBefore, const std::string& loadAfter) {
  std::string flags;
  for (const std::string& f : zk.jvmFlags()) flags += f + " ";
  std::printf(
      "\n## bench_keeper: pier-keeper vs ZooKeeper 3.8 (standalone), same load, same run, %u vCPU\n\n"
      "- clients: this process, ZooKeeper C client %s (libzookeeper_mt, async), on 127.0.0.1; the two\n"
      "  servers never run at the same time; %d rounds, the order alternating, a fresh server each\n"
      "- ZooKeeper: java %s-cp %s ZooKeeperServerMain (JVM defaults otherwise)\n"
      "- same zoo.cfg for both (defaults: forceSync=yes, i.e. fsync before a write is answered);\n"
      "  data dirs in /tmp (%s), a fresh one per server\n"
      "- warm-up before measuring, on both: %llu create + %llu setData + %llu getData (JVM JIT)\n"
      "- each phase: <= %llu requests or %lld s; sync create: <= %llu requests or %lld s\n"
      "- load average (1/5/15 min) before: %s, after: %s (other work on the machine skews both sides)\n",
      std::thread::hardware_concurrency(), ZOO_VERSION, kRounds, flags.c_str(), zk.classPath().c_str(),
      fileSystemOf("/tmp").c_str(), static_cast<unsigned long long>(kWarmOps),
      static_cast<unsigned long long>(kWarmOps), static_cast<unsigned long long>(kWarmOps),
      static_cast<unsigned long long>(kPhaseOps), static_cast<long long>(kPhaseTime.count()),
      static_cast<unsigned long long>(kSyncOps), static_cast<long long>(kSyncTime.count()), loadBefore.c_str(),
      loadAfter.c_str());
}

}  // namespace

int main() {
  const ZooKeeperInstall zk;
  if (const std::string missing = zk.missing(); !missing.empty()) {
    std::fprintf(stderr, "bench_keeper: %s\n", missing.c_str());
    return 1;
  }
  if (!std::filesystem::exists(PIER_KEEPER_BINARY)) {
    std::fprintf(stderr, "bench_keeper: %s not found (build the pier-keeper target)\n", PIER_KEEPER_BINARY);
    return 1;
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  const ClientLog clientLog;
  const std::string loadBefore = loadAverage();
  std::vector<ServerFigures> zkRuns, pierRuns;
  for (int round = 0; round < kRounds; ++round) {
    for (ServerKind kind : round % 2 == 0 ? std::array{ServerKind::ZooKeeper, ServerKind::PierKeeper}
                                          : std::array{ServerKind::PierKeeper, ServerKind::ZooKeeper}) {
      std::printf("bench_keeper: round %d/%d, %s ...\n", round + 1, kRounds,
                  kind == ServerKind::ZooKeeper ? "ZooKeeper 3.8" : "pier-keeper");
      std::fflush(stdout);
      (kind == ServerKind::ZooKeeper ? zkRuns : pierRuns).push_back(measure(kind, zk, clientLog));
    }
  }
  printSetup(zk, loadBefore, loadAverage());
  printSummary(LoadShape{kSessions, kInFlight, kValueBytes}, zkRuns, pierRuns);
  printRounds(zkRuns, pierRuns);
  printProblems(zkRuns);
  printProblems(pierRuns);
  bool ok = true;
  for (const auto* runs : {&zkRuns, &pierRuns}) {
    for (const ServerFigures& f : *runs) ok = ok && f.error.empty();
  }
  return ok ? 0 : 1;
}
