#include "keeper_report.h"

#include <algorithm>
#include <cstdio>

#include "bench_table.h"

namespace pier::bench {

namespace {

enum class Unit { PerSecond, Micros, Bytes, Seconds };

// One row of the summary. goalRatio 0: the issue sets no goal for it.
template <class Figures>
struct Metric {
  const char* name;
  double (*get)(const Figures&);
  Unit unit;
  double goalRatio;
  bool atLeast;  // goal: pier / ZooKeeper >= goalRatio (else <=)
};

double bytes(uint64_t b) {
  return static_cast<double>(b);
}

const Metric<ServerFigures> kMetrics[] = {
    {"create, throughput", [](const ServerFigures& f) { return f.create.opsPerSecond(); },
     Unit::PerSecond, 2.0, true},
    {"create, p50", [](const ServerFigures& f) { return f.create.p50Us; }, Unit::Micros, 0, false},
    {"create, p99", [](const ServerFigures& f) { return f.create.p99Us; }, Unit::Micros, 1.0,
     false},
    {"setData, throughput", [](const ServerFigures& f) { return f.set.opsPerSecond(); },
     Unit::PerSecond, 2.0, true},
    {"setData, p50", [](const ServerFigures& f) { return f.set.p50Us; }, Unit::Micros, 0, false},
    {"setData, p99", [](const ServerFigures& f) { return f.set.p99Us; }, Unit::Micros, 1.0, false},
    {"getData, throughput", [](const ServerFigures& f) { return f.get.opsPerSecond(); },
     Unit::PerSecond, 1.5, true},
    {"getData, p50", [](const ServerFigures& f) { return f.get.p50Us; }, Unit::Micros, 0, false},
    {"getData, p99", [](const ServerFigures& f) { return f.get.p99Us; }, Unit::Micros, 1.0, false},
    {"create, throughput (pipelined jute client, 1 thread)",
     [](const ServerFigures& f) { return f.leanCreate.opsPerSecond(); }, Unit::PerSecond, 2.0,
     true},
    {"create, p99 (pipelined jute client)",
     [](const ServerFigures& f) { return f.leanCreate.p99Us; }, Unit::Micros, 1.0, false},
    {"setData, throughput (pipelined jute client, 1 thread)",
     [](const ServerFigures& f) { return f.leanSet.opsPerSecond(); }, Unit::PerSecond, 2.0, true},
    {"setData, p99 (pipelined jute client)", [](const ServerFigures& f) { return f.leanSet.p99Us; },
     Unit::Micros, 1.0, false},
    {"getData, throughput (pipelined jute client, 1 thread)",
     [](const ServerFigures& f) { return f.leanGet.opsPerSecond(); }, Unit::PerSecond, 1.5, true},
    {"getData, p99 (pipelined jute client)", [](const ServerFigures& f) { return f.leanGet.p99Us; },
     Unit::Micros, 1.0, false},
    {"sync create (1 session, 1 at a time), p50",
     [](const ServerFigures& f) { return f.syncCreate.p50Us; }, Unit::Micros, 0, false},
    {"sync create (1 session, 1 at a time), p99",
     [](const ServerFigures& f) { return f.syncCreate.p99Us; }, Unit::Micros, 1.0, false},
    {"RSS idle (VmRSS 1 s after the first request)",
     [](const ServerFigures& f) { return bytes(f.idleRssBytes); }, Unit::Bytes, 0.1, false},
    {"RSS under load (largest VmRSS, sampled every 20 ms)",
     [](const ServerFigures& f) { return bytes(f.loadRssBytes); }, Unit::Bytes, 0.1, false},
    {"peak RSS (VmHWM after the load)",
     [](const ServerFigures& f) { return bytes(f.peakRssBytes); }, Unit::Bytes, 0, false},
    {"process start -> first served request (session + exists)",
     [](const ServerFigures& f) { return f.startSeconds; }, Unit::Seconds, 0, false},
};

// The same goals as standalone: issue 8 states them for pier-keeper, not for one deployment.
const Metric<EnsembleFigures> kEnsembleMetrics[] = {
    {"3-node ensemble: create, throughput",
     [](const EnsembleFigures& f) { return f.create.opsPerSecond(); }, Unit::PerSecond, 2.0, true},
    {"3-node ensemble: create, p50", [](const EnsembleFigures& f) { return f.create.p50Us; },
     Unit::Micros, 0, false},
    {"3-node ensemble: create, p99", [](const EnsembleFigures& f) { return f.create.p99Us; },
     Unit::Micros, 1.0, false},
    {"3-node ensemble: setData, throughput",
     [](const EnsembleFigures& f) { return f.set.opsPerSecond(); }, Unit::PerSecond, 2.0, true},
    {"3-node ensemble: setData, p50", [](const EnsembleFigures& f) { return f.set.p50Us; },
     Unit::Micros, 0, false},
    {"3-node ensemble: setData, p99", [](const EnsembleFigures& f) { return f.set.p99Us; },
     Unit::Micros, 1.0, false},
    {"3-node ensemble: getData, throughput",
     [](const EnsembleFigures& f) { return f.get.opsPerSecond(); }, Unit::PerSecond, 1.5, true},
    {"3-node ensemble: getData, p50", [](const EnsembleFigures& f) { return f.get.p50Us; },
     Unit::Micros, 0, false},
    {"3-node ensemble: getData, p99", [](const EnsembleFigures& f) { return f.get.p99Us; },
     Unit::Micros, 1.0, false},
    {"3-node ensemble: sync create via a follower, p50",
     [](const EnsembleFigures& f) { return f.syncCreate.p50Us; }, Unit::Micros, 0, false},
    {"3-node ensemble: sync create via a follower, p99",
     [](const EnsembleFigures& f) { return f.syncCreate.p99Us; }, Unit::Micros, 1.0, false},
    {"3-node ensemble: RSS idle, leader",
     [](const EnsembleFigures& f) { return bytes(f.idleLeaderRssBytes); }, Unit::Bytes, 0.1, false},
    {"3-node ensemble: RSS idle, sum of the 3 members",
     [](const EnsembleFigures& f) { return bytes(f.idleSumRssBytes); }, Unit::Bytes, 0.1, false},
    {"3-node ensemble: RSS under load, leader (largest)",
     [](const EnsembleFigures& f) { return bytes(f.loadLeaderRssBytes); }, Unit::Bytes, 0.1, false},
    {"3-node ensemble: RSS under load, sum of the 3 (largest)",
     [](const EnsembleFigures& f) { return bytes(f.loadSumRssBytes); }, Unit::Bytes, 0.1, false},
    {"3-node ensemble: start -> one leader, every member serves",
     [](const EnsembleFigures& f) { return f.startSeconds; }, Unit::Seconds, 0, false},
};

const Metric<FailoverFigures> kFailoverMetrics[] = {
    {"failover: leader kill -9 -> first successful write (via a follower)",
     [](const FailoverFigures& f) { return f.toWriteSeconds; }, Unit::Seconds, 1.0, false},
    {"failover: leader kill -9 -> srvr shows a new leader",
     [](const FailoverFigures& f) { return f.toLeaderSeconds; }, Unit::Seconds, 0, false},
};

// The median of the rounds that produced the figure (> 0); -1 when none did.
template <class Figures>
double median(const std::vector<Figures>& runs, double (*get)(const Figures&)) {
  std::vector<double> v;
  for (const Figures& f : runs) {
    if (const double x = get(f); x > 0) v.push_back(x);
  }
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const std::size_t mid = v.size() / 2;
  return v.size() % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

std::string show(double v, Unit unit) {
  if (v <= 0) return "-";
  switch (unit) {
    case Unit::PerSecond:
      return fixed(v / 1e3, 1) + " k/s";
    case Unit::Micros:
      return fixed(v / 1e3, 2) + " ms";
    case Unit::Bytes:
      return fixed(v / 1048576.0, 1) + " MiB";
    case Unit::Seconds:
      return fixed(v * 1e3, 0) + " ms";
  }
  return "?";
}

std::string goal(double goalRatio, bool atLeast, double pier, double zk) {
  if (goalRatio <= 0) return "-";
  const std::string text =
      (atLeast ? ">= " : "<= ") + fixed(goalRatio, goalRatio < 1 ? 2 : 1) + "x";
  if (pier <= 0 || zk <= 0) return text;
  const double r = pier / zk;
  return text + ((atLeast ? r >= goalRatio : r <= goalRatio) ? ": met" : ": MISSED");
}

// Nothing for a part that did not run (bench_keeper's arguments left it out).
template <class Figures, std::size_t N>
void addMetricRows(Table& t, const Metric<Figures> (&metrics)[N], const Runs<Figures>& runs) {
  if (runs.zk.empty() && runs.pier.empty()) return;
  for (const Metric<Figures>& m : metrics) {
    const double z = median(runs.zk, m.get);
    const double p = median(runs.pier, m.get);
    t.addRow({m.name, show(z, m.unit), show(p, m.unit),
              p > 0 && z > 0 ? fixed(p / z, 2) + "x" : "-", goal(m.goalRatio, m.atLeast, p, z)});
  }
}

std::string phaseCell(const PhaseFigures& f) {
  if (!f.error.empty()) return "error: " + f.error;
  std::string s = show(f.opsPerSecond(), Unit::PerSecond) + " (" + std::to_string(f.ok) + " in " +
                  fixed(f.seconds, 1) + " s), p50 " + fixed(f.p50Us / 1e3, 1) + " / p99 " +
                  fixed(f.p99Us / 1e3, 1) + " ms";
  if (f.errors > 0) s += ", " + std::to_string(f.errors) + " errors (" + f.firstError + ")";
  return s;
}

std::string rssPair(uint64_t a, uint64_t b) {
  return show(bytes(a), Unit::Bytes) + " / " + show(bytes(b), Unit::Bytes);
}

template <class Figures, class Row>
void interleave(Table& t, const Runs<Figures>& runs, Row row) {
  for (std::size_t i = 0; i < std::max(runs.zk.size(), runs.pier.size()); ++i) {
    if (i < runs.zk.size()) row(t, i + 1, runs.zk[i]);
    if (i < runs.pier.size()) row(t, i + 1, runs.pier[i]);
  }
}

void printStandaloneRounds(const Runs<ServerFigures>& runs) {
  Table t(
      "Standalone, every round (throughput (requests answered ok in seconds), client latency p50 / "
      "p99)",
      {"round", "server", "create", "setData", "getData", "sync create", "RSS idle / load",
       "start"});
  interleave(t, runs, [](Table& tt, std::size_t round, const ServerFigures& f) {
    tt.addRow({std::to_string(round), f.name, phaseCell(f.create), phaseCell(f.set),
               phaseCell(f.get), phaseCell(f.syncCreate), rssPair(f.idleRssBytes, f.loadRssBytes),
               show(f.startSeconds, Unit::Seconds)});
  });
  t.print();
}

void printEnsembleRounds(const Runs<EnsembleFigures>& runs) {
  Table t(
      "3-node ensemble, every round (sessions spread over the members; sync create on a follower)",
      {"round", "server", "leader", "create", "setData", "getData", "sync create",
       "RSS idle leader / sum", "RSS load leader / sum", "start"});
  interleave(t, runs, [](Table& tt, std::size_t round, const EnsembleFigures& f) {
    tt.addRow({std::to_string(round), f.name, f.leaderId > 0 ? std::to_string(f.leaderId) : "-",
               phaseCell(f.create), phaseCell(f.set), phaseCell(f.get), phaseCell(f.syncCreate),
               rssPair(f.idleLeaderRssBytes, f.idleSumRssBytes),
               rssPair(f.loadLeaderRssBytes, f.loadSumRssBytes),
               show(f.startSeconds, Unit::Seconds)});
  });
  t.print();
}

void printFailoverRuns(const Runs<FailoverFigures>& runs) {
  Table t("Failover, every run (a fresh ensemble each; member ids are myid)",
          {"run", "server", "killed leader", "client on", "new leader", "writes before",
           "failed after the kill", "-> srvr leader", "-> first write"});
  interleave(t, runs, [](Table& tt, std::size_t run, const FailoverFigures& f) {
    const std::string failed =
        std::to_string(f.failedWrites) + (f.firstError.empty() ? "" : " (" + f.firstError + ")");
    tt.addRow({std::to_string(run), f.name, std::to_string(f.killedId), std::to_string(f.clientId),
               f.newLeaderId > 0 ? std::to_string(f.newLeaderId) : "-",
               std::to_string(f.writesBefore), failed, show(f.toLeaderSeconds, Unit::Seconds),
               show(f.toWriteSeconds, Unit::Seconds)});
  });
  t.print();
}

void printLines(const std::string& who, const char* what, const std::vector<std::string>& lines) {
  if (lines.empty()) return;
  std::printf("\n%s: %s (first %zu):\n", who.c_str(), what, lines.size());
  for (const std::string& l : lines) std::printf("- %s\n", l.c_str());
}

template <class Figures, class Print>
void forEachRun(const Runs<Figures>& runs, const char* kind, Print print) {
  for (const auto* list : {&runs.zk, &runs.pier}) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      const Figures& f = (*list)[i];
      const std::string who = f.name + ", " + kind + " " + std::to_string(i + 1);
      if (!f.error.empty())
        std::printf("\n%s: NOT FULLY MEASURED: %s\n", who.c_str(), f.error.c_str());
      print(who, f);
    }
  }
}

}  // namespace

void printSummary(const LoadShape& shape, const Runs<ServerFigures>& standalone,
                  const Runs<EnsembleFigures>& ensemble, const Runs<FailoverFigures>& failover) {
  Table t(std::to_string(shape.sessions) + " sessions x " + std::to_string(shape.inFlight) +
              " in flight, " + std::to_string(shape.valueBytes) + " B znodes: median of " +
              std::to_string(standalone.zk.size()) + " standalone rounds, " +
              std::to_string(ensemble.zk.size()) + " ensemble rounds, " +
              std::to_string(failover.zk.size()) +
              " failovers (ratio = pier-keeper / ZooKeeper: higher is better for throughput, "
              "lower for latency, memory and time)",
          {"metric", "ZooKeeper 3.8", "pier-keeper", "ratio", "goal"});
  addMetricRows(t, kMetrics, standalone);
  addMetricRows(t, kEnsembleMetrics, ensemble);
  addMetricRows(t, kFailoverMetrics, failover);
  t.print();
}

void printRounds(const Runs<ServerFigures>& standalone, const Runs<EnsembleFigures>& ensemble,
                 const Runs<FailoverFigures>& failover) {
  if (!standalone.zk.empty() || !standalone.pier.empty()) printStandaloneRounds(standalone);
  if (!ensemble.zk.empty() || !ensemble.pier.empty()) printEnsembleRounds(ensemble);
  if (!failover.zk.empty() || !failover.pier.empty()) printFailoverRuns(failover);
}

void printProblems(const Runs<ServerFigures>& standalone, const Runs<EnsembleFigures>& ensemble,
                   const Runs<FailoverFigures>& failover) {
  forEachRun(standalone, "standalone round", [](const std::string& who, const ServerFigures& f) {
    printLines(who, "warnings/errors in its log after startup", f.logLines);
    printLines(who, "C client errors during the load", f.clientErrors);
  });
  forEachRun(ensemble, "ensemble round", [](const std::string& who, const EnsembleFigures& f) {
    printLines(who, "warnings/errors in the members' logs after startup", f.logLines);
    printLines(who, "C client errors during the load", f.clientErrors);
  });
  forEachRun(failover, "failover", [](const std::string& who, const FailoverFigures& f) {
    printLines(who, "warnings/errors in the survivors' logs after the kill", f.logLines);
  });
}

}  // namespace pier::bench
