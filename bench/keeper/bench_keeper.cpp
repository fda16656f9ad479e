// pier-keeper against a real ZooKeeper 3.8 (Debian's jars), standalone and as 3-node ensembles,
// in one run on this machine, with the same zoo.cfg and the same load from the ZooKeeper C
// client (libzookeeper_mt, async API). `bench_keeper [standalone] [ensemble] [failover]` runs
// only the parts named (all by default).
//
// Standalone, per server and round, on a fresh server:
//  1. time from the server's spawn to its first served request (TCP poll every ms, then a
//     session and a successful exists("/")); idle RSS one second later;
//  2. a warm-up (create / setData / getData, kWarmOps each) so the JVM's JIT has compiled the
//     hot paths before anything is measured; pier-keeper gets the same warm-up;
//  3. kSessions sessions x kInFlight requests in flight, 100-byte znodes: create, setData,
//     getData, each phase <= kPhaseOps requests or kPhaseTime; throughput and the client's
//     request-to-completion p50/p99; the server's VmRSS sampled every 20 ms meanwhile;
//  4. synchronous creates, one session, one at a time: p50/p99;
//  5. steps 3's phases again from a pipelined client that speaks the protocol itself on one
//     thread (jute_load.h): the C client needs ~2 threads and a lock handoff per request and is
//     what limits step 3 on 2 vCPUs (a perf profile of a whole run: the C client ~48% of the
//     samples, ZooKeeper ~38%, pier-keeper ~12%), so these rows show what each server serves.
//
// 3-node ensemble, per server and round, on a fresh ensemble (zk_ensemble.h: server.N lines,
// myid, initLimit/syncLimit; ZooKeeper runs QuorumPeerMain): from the first spawn until `srvr`
// shows exactly one leader and every member served a session; idle RSS of each member one second
// later; then steps 2-4 with session i on member i % 3 (followers pass their sessions' writes to
// the leader) and the sync creates on a follower; RSS of the leader and of the three added up.
//
// Failover (zk_failover.h), kFailovers times per server, each on a fresh ensemble: a session on
// a follower creates one node at a time; kill -9 of the leader (the PID we started); the time
// from the kill to the first create that answers ok, and to `srvr` naming a new leader.
//
// Rounds alternate the order of the two servers, and the table shows the median of each figure:
// the machine is shared, and a one-off run is at the mercy of whatever else ran meanwhile. The
// servers never run at the same time; they share the CPUs only with the clients (this process).
// Every member listens on free 127.0.0.1 ports with its own temp data dir; both fsync the
// transaction log before answering a write, as they do by default. Goals (issue 8): >= 2x
// ZooKeeper's write throughput, >= 1.5x its read throughput, p99 no worse, a tenth of its memory
// (applied to standalone and ensembles alike), failover no slower.

#include <sys/vfs.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <thread>

#include "client_log.h"
#include "jute_load.h"
#include "keeper_report.h"
#include "rss_sampler.h"
#include "zk_ensemble.h"
#include "zk_failover.h"
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
constexpr int kEnsembleRounds = 3;
constexpr int kFailovers = 3;
constexpr auto kEnsembleStartTimeMax = 60s;

PhaseSpec phase(ZkOp op, const std::string& parent, uint64_t opsMax,
                std::chrono::milliseconds timeMax, uint64_t keys) {
  return PhaseSpec{op, parent, opsMax, timeMax, keys};
}

// The parents and the warm-up, on the pool's sessions; "" on success.
std::string warmUp(ZkSessionPool& pool) {
  for (const char* path : {"/pier-warm", "/pier-bench", "/pier-bench-sync"}) {
    if (std::string e = pool.ensureNode(path); !e.empty()) return e;
  }
  const PhaseFigures warm = pool.run(phase(ZkOp::Create, "/pier-warm", kWarmOps, kWarmTime, 0));
  for (ZkOp op : {ZkOp::SetData, ZkOp::GetData})
    pool.run(phase(op, "/pier-warm", kWarmOps, kWarmTime, warm.ok));
  return "";
}

void measurePhases(ZkSessionPool& pool, PhaseFigures& create, PhaseFigures& set,
                   PhaseFigures& get) {
  create = pool.run(phase(ZkOp::Create, "/pier-bench", kPhaseOps, kPhaseTime, 0));
  set = pool.run(phase(ZkOp::SetData, "/pier-bench", kPhaseOps, kPhaseTime, create.ok));
  get = pool.run(phase(ZkOp::GetData, "/pier-bench", kPhaseOps, kPhaseTime, create.ok));
}

std::string runLoad(ZkServerChild& server, ServerFigures& out) {
  ZkSessionPool pool(kInFlight, kValueBytes);
  if (std::string e = pool.open(server.hosts(), kSessions, 10s); !e.empty()) return e;
  if (std::string e = warmUp(pool); !e.empty()) return e;
  RssSampler sampler([&server] { return std::vector<uint64_t>{server.residentBytes()}; });
  measurePhases(pool, out.create, out.set, out.get);
  out.loadRssBytes = sampler.stop().sum;
  out.syncCreate =
      syncCreates(server.hosts(), "/pier-bench-sync", kValueBytes, kSyncOps, kSyncTime);
  out.peakRssBytes = server.peakResidentBytes();
  // The same phases again from the lean client, after the memory figures (they add znodes).
  const auto lean = [&](ZkOp op, uint64_t keys) {
    return runPipelined(server.port(), phase(op, "/pier-lean", kPhaseOps, kPhaseTime, keys),
                        kSessions, kInFlight, kValueBytes);
  };
  out.leanCreate = lean(ZkOp::Create, 0);
  out.leanSet = lean(ZkOp::SetData, out.leanCreate.ok);
  out.leanGet = lean(ZkOp::GetData, out.leanCreate.ok);
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
  out.startSeconds = secondsToFirstRequest(
      server.port(), server.spawnedAt(), 30s, [&] { return server.running(); }, error);
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
  for (const std::string& line :
       server.logLines({" WARN ", " ERROR ", " warn ", " error "}, 100, logFrom)) {
    if (line.find("Close of session") == std::string::npos && out.logLines.size() < 10)
      out.logLines.push_back(line);
  }
  out.clientErrors = clientLog.errorsSince(clientLogFrom, 5);
  return out;
}

// The same load as runLoad, session i on member i % 3; the sync creates on a follower.
std::string runEnsembleLoad(ZkEnsemble& ensemble, int leader, EnsembleFigures& out) {
  std::vector<std::string> hosts;
  for (int i = 0; i < ZkEnsemble::kMembers; ++i) hosts.push_back(ensemble.hosts(i));
  ZkSessionPool pool(kInFlight, kValueBytes);
  if (std::string e = pool.open(hosts, kSessions, 10s); !e.empty()) return e;
  if (std::string e = warmUp(pool); !e.empty()) return e;
  RssSampler sampler([&ensemble] { return ensemble.residentBytes(); });
  measurePhases(pool, out.create, out.set, out.get);
  const RssSampler::Peaks peaks = sampler.stop();
  const auto at = static_cast<std::size_t>(leader);
  out.loadLeaderRssBytes = at < peaks.each.size() ? peaks.each[at] : 0;
  out.loadSumRssBytes = peaks.sum;
  const int follower = leader == 0 ? 1 : 0;
  out.syncCreate =
      syncCreates(ensemble.hosts(follower), "/pier-bench-sync", kValueBytes, kSyncOps, kSyncTime);
  return "";
}

// The members' warnings and errors from `from` (a logBytes() per member) on, at most `max`.
std::vector<std::string> ensembleLogLines(const ZkEnsemble& ensemble,
                                          const std::vector<uint64_t>& from, std::size_t max) {
  std::vector<std::string> out;
  for (int i = 0; i < ZkEnsemble::kMembers; ++i) {
    const ZkServerChild& m = ensemble.member(i);
    for (const std::string& line : m.logLines({" WARN ", " ERROR ", " warn ", " error "}, 100,
                                              from[static_cast<std::size_t>(i)])) {
      if (line.find("Close of session") == std::string::npos && out.size() < max) {
        out.push_back("member " + std::to_string(m.myid()) + ": " + line);
      }
    }
  }
  return out;
}

EnsembleFigures measureEnsemble(ServerKind kind, const ZooKeeperInstall& zk,
                                const ClientLog& clientLog) {
  ZkEnsemble ensemble(kind, PIER_KEEPER_BINARY, zk);
  EnsembleFigures out;
  out.name = ensemble.name();
  if (!ensemble.start() || (out.startSeconds = ensemble.waitServing(kEnsembleStartTimeMax)) < 0) {
    out.error = ensemble.error();
    return out;
  }
  const int leader = ensemble.leader();
  if (leader < 0) {
    out.error = "no member says it leads";
    return out;
  }
  out.leaderId = leader + 1;
  std::vector<uint64_t> logFrom;
  for (int i = 0; i < ZkEnsemble::kMembers; ++i) logFrom.push_back(ensemble.member(i).logBytes());
  const long clientLogFrom = clientLog.mark();
  std::this_thread::sleep_for(1s);
  const std::vector<uint64_t> idle = ensemble.residentBytes();
  out.idleLeaderRssBytes = idle[static_cast<std::size_t>(leader)];
  out.idleSumRssBytes = std::accumulate(idle.begin(), idle.end(), uint64_t{0});
  out.error = runEnsembleLoad(ensemble, leader, out);
  if (ensemble.leader() != leader) out.error += " (the leader changed during the load)";
  for (int i = 0; i < ZkEnsemble::kMembers; ++i) {
    if (!ensemble.member(i).running())
      out.error += " (member " + std::to_string(i + 1) + " exited)";
  }
  if (!out.error.empty()) out.error += "; logs:\n" + ensemble.logTails();
  out.logLines = ensembleLogLines(ensemble, logFrom, 10);
  out.clientErrors = clientLog.errorsSince(clientLogFrom, 5);
  return out;
}

FailoverFigures measureFailoverOnce(ServerKind kind, const ZooKeeperInstall& zk) {
  ZkEnsemble ensemble(kind, PIER_KEEPER_BINARY, zk);
  if (!ensemble.start() || ensemble.waitServing(kEnsembleStartTimeMax) < 0) {
    FailoverFigures out;
    out.name = ensemble.name();
    out.error = ensemble.error();
    return out;
  }
  return measureFailover(ensemble);
}

std::string fileSystemOf(const char* path) {
  struct statfs fs {};
  if (statfs(path, &fs) != 0) return "?";
  switch (static_cast<unsigned long>(fs.f_type)) {
    case 0xEF53:
      return "ext4";
    case 0x01021994:
      return "tmpfs";
    case 0x58465342:
      return "xfs";
    case 0x9123683E:
      return "btrfs";
    case 0x794C7630:
      return "overlayfs";
    default:
      return "other";
  }
}

// The 1, 5 and 15 minute load averages: other work on the machine shows in every figure.
std::string loadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

void printSetup(const ZooKeeperInstall& zk, const std::string& loadBefore,
                const std::string& loadAfter) {
  std::string flags;
  for (const std::string& f : zk.jvmFlags()) flags += f + " ";
  std::printf(
      "\n## bench_keeper: pier-keeper vs ZooKeeper 3.8 (standalone and 3-node ensembles), same "
      "load, same run, "
      "%u vCPU\n\n"
      "- clients: this process, ZooKeeper C client %s (libzookeeper_mt, async), on 127.0.0.1; the "
      "two\n"
      "  servers never run at the same time; %d standalone rounds, %d ensemble rounds and %d "
      "failovers, the\n"
      "  order alternating, a fresh server or ensemble each\n"
      "- ZooKeeper: java %s-cp %s ZooKeeperServerMain (QuorumPeerMain in ensembles; JVM defaults "
      "otherwise)\n"
      "- same zoo.cfg for both (tickTime=2000, forceSync=yes, i.e. fsync before a write is "
      "answered; ensembles:\n"
      "  initLimit=10, syncLimit=5, server.N=127.0.0.1:peerPort:electionPort, myid); data dirs in "
      "/tmp (%s)\n"
      "- warm-up before measuring, on both: %llu create + %llu setData + %llu getData (JVM JIT)\n"
      "- each phase: <= %llu requests or %lld s; sync create: <= %llu requests or %lld s\n"
      "- ensembles: session i on member i %% 3 (writes from followers' sessions go to the leader); "
      "RSS of\n"
      "  the leader and the sum of the three members\n"
      "- failover: one session on the lowest-id follower (session timeout 4 s) creates one node at "
      "a time;\n"
      "  kill -9 of the leader; from the kill() to the first create that answers ok, and to the "
      "first srvr\n"
      "  on a survivor saying Mode: leader (polled every 5 ms); a failed create is retried after 1 "
      "ms\n"
      "- load average (1/5/15 min) before: %s, after: %s (other work on the machine skews both "
      "sides)\n",
      std::thread::hardware_concurrency(), ZOO_VERSION, kRounds, kEnsembleRounds, kFailovers,
      flags.c_str(), zk.classPath().c_str(), fileSystemOf("/tmp").c_str(),
      static_cast<unsigned long long>(kWarmOps), static_cast<unsigned long long>(kWarmOps),
      static_cast<unsigned long long>(kWarmOps), static_cast<unsigned long long>(kPhaseOps),
      static_cast<long long>(kPhaseTime.count()), static_cast<unsigned long long>(kSyncOps),
      static_cast<long long>(kSyncTime.count()), loadBefore.c_str(), loadAfter.c_str());
}

// Runs `measure(kind)` `rounds` times per server, the order alternating.
template <class Figures, class Measure>
Runs<Figures> alternate(int rounds, const char* what, Measure measure) {
  Runs<Figures> runs;
  for (int round = 0; round < rounds; ++round) {
    for (ServerKind kind : round % 2 == 0
                               ? std::array{ServerKind::ZooKeeper, ServerKind::PierKeeper}
                               : std::array{ServerKind::PierKeeper, ServerKind::ZooKeeper}) {
      std::printf("bench_keeper: %s %d/%d, %s ...\n", what, round + 1, rounds,
                  kind == ServerKind::ZooKeeper ? "ZooKeeper 3.8" : "pier-keeper");
      std::fflush(stdout);
      (kind == ServerKind::ZooKeeper ? runs.zk : runs.pier).push_back(measure(kind));
    }
  }
  return runs;
}

template <class Figures>
bool allMeasured(const Runs<Figures>& runs) {
  for (const auto* list : {&runs.zk, &runs.pier}) {
    for (const Figures& f : *list) {
      if (!f.error.empty()) return false;
    }
  }
  return true;
}

}  // namespace

// bench_keeper [standalone] [ensemble] [failover]: only those parts (all when none is named).
int main(int argc, char** argv) {
  std::vector<std::string> parts(argv + 1, argv + argc);
  for (const std::string& p : parts) {
    if (p != "standalone" && p != "ensemble" && p != "failover") {
      std::fprintf(stderr, "usage: bench_keeper [standalone] [ensemble] [failover]\n");
      return 2;
    }
  }
  auto wanted = [&](const char* part) {
    return parts.empty() || std::find(parts.begin(), parts.end(), part) != parts.end();
  };
  const ZooKeeperInstall zk;
  if (const std::string missing = zk.missing(); !missing.empty()) {
    std::fprintf(stderr, "bench_keeper: %s\n", missing.c_str());
    return 1;
  }
  if (!std::filesystem::exists(PIER_KEEPER_BINARY)) {
    std::fprintf(stderr, "bench_keeper: %s not found (build the pier-keeper target)\n",
                 PIER_KEEPER_BINARY);
    return 1;
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  const ClientLog clientLog;
  const std::string loadBefore = loadAverage();
  const auto standalone =
      alternate<ServerFigures>(wanted("standalone") ? kRounds : 0, "standalone round",
                               [&](ServerKind kind) { return measure(kind, zk, clientLog); });
  const auto ensemble = alternate<EnsembleFigures>(
      wanted("ensemble") ? kEnsembleRounds : 0, "ensemble round",
      [&](ServerKind kind) { return measureEnsemble(kind, zk, clientLog); });
  const auto failover =
      alternate<FailoverFigures>(wanted("failover") ? kFailovers : 0, "failover",
                                 [&](ServerKind kind) { return measureFailoverOnce(kind, zk); });
  printSetup(zk, loadBefore, loadAverage());
  printSummary(LoadShape{kSessions, kInFlight, kValueBytes}, standalone, ensemble, failover);
  printRounds(standalone, ensemble, failover);
  printProblems(standalone, ensemble, failover);
  return allMeasured(standalone) && allMeasured(ensemble) && allMeasured(failover) ? 0 : 1;
}
