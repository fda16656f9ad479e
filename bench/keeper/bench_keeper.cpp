// pier-keeper against a real ZooKeeper 3.8 (Debian's jars), standalone, in one run on this
// machine, with the same zoo.cfg and the same load from the ZooKeeper C client (libzookeeper_mt,
// async API):
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
// The servers run one after the other, each alone on the machine with the clients (this process),
// each on a free 127.0.0.1 port with its own temp data dir; both fsync the transaction log before
// answering a write, as they do by default. Goals (issue 8): >= 2x ZooKeeper's write throughput,
// >= 1.5x its read throughput, p99 no worse, a tenth of its memory. Ensembles (ZAB) are not
// built yet: those rows say so instead of showing a number.

#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench_table.h"
#include "zk_load.h"
#include "zk_server_child.h"

namespace {

using namespace pier::bench;
using namespace std::chrono_literals;

constexpr int kSessions = 8;
constexpr int kInFlight = 32;
constexpr std::size_t kValueBytes = 100;
constexpr uint64_t kWarmOps = 10000;
constexpr auto kWarmTime = 3s;
constexpr uint64_t kPhaseOps = 100000;
constexpr auto kPhaseTime = 10s;
constexpr uint64_t kSyncOps = 3000;
constexpr auto kSyncTime = 5s;

struct ServerFigures {
  std::string name;
  std::string error;  // the server could not be measured (the rest is then partial)
  double startSeconds = -1;
  uint64_t idleRssBytes = 0;
  uint64_t loadRssBytes = 0;  // largest VmRSS sampled during create/setData/getData
  uint64_t peakRssBytes = 0;  // VmHWM after the load
  PhaseFigures create, set, get, syncCreate;
  std::vector<std::string> logLines;  // the server's own warnings and errors
  std::vector<std::string> clientErrors;  // the C client's ZOO_ERROR lines during the load
};

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

ServerFigures measure(ServerKind kind, const std::string& pierBinary, const ZooKeeperInstall& zk,
                      const ClientLog& clientLog) {
  ZkServerChild server(kind, pierBinary, zk);
  ServerFigures out;
  out.name = server.name();
  std::printf("bench_keeper: measuring %s ...\n", out.name.c_str());
  std::fflush(stdout);
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
  out.logLines = server.logLines({" WARN ", " ERROR ", " warn ", " error "}, 10, logFrom);
  out.clientErrors = clientLog.errorsSince(clientLogFrom, 5);
  return out;
}

// ---- the table ----

std::string rate(const PhaseFigures& f) {
  if (!f.error.empty()) return "error: " + f.error;
  std::string s = fixed(f.opsPerSecond() / 1e3, 1) + " k/s";
  if (f.errors > 0) s += " (" + std::to_string(f.errors) + " errors: " + f.firstError + ")";
  return s;
}
std::string ms(double us) { return us > 0 ? fixed(us / 1e3, 2) + " ms" : "-"; }
std::string mib(uint64_t bytes) { return bytes > 0 ? fixed(bytes / 1048576.0, 1) + " MiB" : "-"; }
std::string ratio(double pier, double zk) { return pier > 0 && zk > 0 ? fixed(pier / zk, 2) + "x" : "-"; }

// "at least" goals are on pier / ZooKeeper >= target, "at most" ones on <= target.
std::string goal(double pier, double zk, double target, bool atLeast) {
  const std::string text = (atLeast ? ">= " : "<= ") + fixed(target, target < 1 ? 2 : 1) + "x";
  if (pier <= 0 || zk <= 0) return text;
  const double r = pier / zk;
  return text + ((atLeast ? r >= target : r <= target) ? ": met" : ": MISSED");
}

void phaseRows(Table& t, const std::string& what, const PhaseFigures& zk, const PhaseFigures& pier,
               double throughputGoal) {
  t.addRow({what + ", throughput", rate(zk), rate(pier), ratio(pier.opsPerSecond(), zk.opsPerSecond()),
            goal(pier.opsPerSecond(), zk.opsPerSecond(), throughputGoal, true)});
  t.addRow({what + ", p50", ms(zk.p50Us), ms(pier.p50Us), ratio(pier.p50Us, zk.p50Us), "-"});
  t.addRow({what + ", p99", ms(zk.p99Us), ms(pier.p99Us), ratio(pier.p99Us, zk.p99Us),
            goal(pier.p99Us, zk.p99Us, 1.0, false)});
}

void printTable(const ServerFigures& zk, const ServerFigures& pier) {
  const std::string load = std::to_string(kSessions) + " sessions x " + std::to_string(kInFlight) + " in flight";
  Table t("Standalone, " + load + ", 100 B znodes (ratio = pier-keeper / ZooKeeper; higher is better for "
          "throughput, lower for latency, memory and time)",
          {"metric", "ZooKeeper 3.8", "pier-keeper", "ratio", "goal"});
  phaseRows(t, "create", zk.create, pier.create, 2.0);
  phaseRows(t, "setData", zk.set, pier.set, 2.0);
  phaseRows(t, "getData", zk.get, pier.get, 1.5);
  t.addRow({"sync create (1 session, 1 at a time), p50", ms(zk.syncCreate.p50Us), ms(pier.syncCreate.p50Us),
            ratio(pier.syncCreate.p50Us, zk.syncCreate.p50Us), "-"});
  t.addRow({"sync create (1 session, 1 at a time), p99", ms(zk.syncCreate.p99Us), ms(pier.syncCreate.p99Us),
            ratio(pier.syncCreate.p99Us, zk.syncCreate.p99Us),
            goal(pier.syncCreate.p99Us, zk.syncCreate.p99Us, 1.0, false)});
  t.addRow({"RSS idle (VmRSS 1 s after first request)", mib(zk.idleRssBytes), mib(pier.idleRssBytes),
            ratio(pier.idleRssBytes, zk.idleRssBytes), goal(pier.idleRssBytes, zk.idleRssBytes, 0.1, false)});
  t.addRow({"RSS under load (largest VmRSS sampled)", mib(zk.loadRssBytes), mib(pier.loadRssBytes),
            ratio(pier.loadRssBytes, zk.loadRssBytes), goal(pier.loadRssBytes, zk.loadRssBytes, 0.1, false)});
  t.addRow({"peak RSS (VmHWM after the load)", mib(zk.peakRssBytes), mib(pier.peakRssBytes),
            ratio(pier.peakRssBytes, zk.peakRssBytes), goal(pier.peakRssBytes, zk.peakRssBytes, 0.1, false)});
  t.addRow({"process start -> first served request (session + exists)", ms(zk.startSeconds * 1e6),
            ms(pier.startSeconds * 1e6), ratio(pier.startSeconds, zk.startSeconds), "-"});
  const std::string later = "not measured yet (needs ensembles)";
  t.addRow({"3-node ensemble, create / setData / getData throughput", later, later, "-", "-"});
  t.addRow({"3-node ensemble, write p99", later, later, "-", "-"});
  t.addRow({"failover: leader kill -9 -> first successful write", later, later, "-", "-"});
  t.print();
}

void printCounts(const ServerFigures& zk, const ServerFigures& pier) {
  Table t("Requests behind each figure (answered ok in seconds; errors)",
          {"phase", "ZooKeeper 3.8", "pier-keeper"});
  auto cell = [](const PhaseFigures& f) {
    return std::to_string(f.ok) + " in " + fixed(f.seconds, 2) + " s; " + std::to_string(f.errors) + " errors" +
           (f.error.empty() ? "" : "; " + f.error);
  };
  t.addRow({"create", cell(zk.create), cell(pier.create)});
  t.addRow({"setData", cell(zk.set), cell(pier.set)});
  t.addRow({"getData", cell(zk.get), cell(pier.get)});
  t.addRow({"sync create", cell(zk.syncCreate), cell(pier.syncCreate)});
  t.print();
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
      "- clients: this process, ZooKeeper C client %s (libzookeeper_mt, async), on 127.0.0.1; each server\n"
      "  runs alone (one after the other) and shares the CPUs with the clients only\n"
      "- ZooKeeper: java %s-cp %s ZooKeeperServerMain (JVM defaults otherwise)\n"
      "- same zoo.cfg for both (defaults: forceSync=yes, i.e. fsync before a write is answered);\n"
      "  data dirs in /tmp (%s), a fresh one per server\n"
      "- warm-up before measuring, on both: %llu create + %llu setData + %llu getData (JVM JIT)\n"
      "- each phase: <= %llu requests or %lld s; sync create: <= %llu requests or %lld s\n"
      "- load average (1/5/15 min) before: %s, after: %s (other work on the machine skews both sides)\n",
      std::thread::hardware_concurrency(), ZOO_VERSION, flags.c_str(), zk.classPath().c_str(),
      fileSystemOf("/tmp").c_str(), static_cast<unsigned long long>(kWarmOps),
      static_cast<unsigned long long>(kWarmOps), static_cast<unsigned long long>(kWarmOps),
      static_cast<unsigned long long>(kPhaseOps), static_cast<long long>(kPhaseTime.count()),
      static_cast<unsigned long long>(kSyncOps), static_cast<long long>(kSyncTime.count()), loadBefore.c_str(),
      loadAfter.c_str());
}

void printProblems(const ServerFigures& f) {
  if (!f.error.empty()) std::printf("\n%s: NOT FULLY MEASURED: %s\n", f.name.c_str(), f.error.c_str());
  if (!f.logLines.empty()) {
    std::printf("\n%s: warnings/errors in its log after startup (first %zu):\n", f.name.c_str(), f.logLines.size());
    for (const std::string& l : f.logLines) std::printf("- %s\n", l.c_str());
  }
  if (!f.clientErrors.empty()) {
    std::printf("\n%s: C client errors during the load (first %zu):\n", f.name.c_str(), f.clientErrors.size());
    for (const std::string& l : f.clientErrors) std::printf("- %s\n", l.c_str());
  }
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
  const ServerFigures zkFigures = measure(ServerKind::ZooKeeper, PIER_KEEPER_BINARY, zk, clientLog);
  const ServerFigures pierFigures = measure(ServerKind::PierKeeper, PIER_KEEPER_BINARY, zk, clientLog);
  printSetup(zk, loadBefore, loadAverage());
  printTable(zkFigures, pierFigures);
  printCounts(zkFigures, pierFigures);
  printProblems(zkFigures);
  printProblems(pierFigures);
  return zkFigures.error.empty() && pierFigures.error.empty() ? 0 : 1;
}
