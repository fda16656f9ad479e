#include "keeper_report.h"

#include <algorithm>
#include <cstdio>

#include "bench_table.h"

namespace pier::bench {

namespace {

enum class Unit { PerSecond, Micros, Bytes, Seconds };

// One row of the summary. goalRatio 0: the issue sets no goal for it.
struct Metric {
  const char* name;
  double (*get)(const ServerFigures&);
  Unit unit;
  double goalRatio;
  bool atLeast;  // goal: pier / ZooKeeper >= goalRatio (else <=)
};

const Metric kMetrics[] = {
    {"create, throughput", [](const ServerFigures& f) { return f.create.opsPerSecond(); }, Unit::PerSecond, 2.0, true},
    {"create, p50", [](const ServerFigures& f) { return f.create.p50Us; }, Unit::Micros, 0, false},
    {"create, p99", [](const ServerFigures& f) { return f.create.p99Us; }, Unit::Micros, 1.0, false},
    {"setData, throughput", [](const ServerFigures& f) { return f.set.opsPerSecond(); }, Unit::PerSecond, 2.0, true},
    {"setData, p50", [](const ServerFigures& f) { return f.set.p50Us; }, Unit::Micros, 0, false},
    {"setData, p99", [](const ServerFigures& f) { return f.set.p99Us; }, Unit::Micros, 1.0, false},
    {"getData, throughput", [](const ServerFigures& f) { return f.get.opsPerSecond(); }, Unit::PerSecond, 1.5, true},
    {"getData, p50", [](const ServerFigures& f) { return f.get.p50Us; }, Unit::Micros, 0, false},
    {"getData, p99", [](const ServerFigures& f) { return f.get.p99Us; }, Unit::Micros, 1.0, false},
    {"sync create (1 session, 1 at a time), p50", [](const ServerFigures& f) { return f.syncCreate.p50Us; },
     Unit::Micros, 0, false},
    {"sync create (1 session, 1 at a time), p99", [](const ServerFigures& f) { return f.syncCreate.p99Us; },
     Unit::Micros, 1.0, false},
    {"RSS idle (VmRSS 1 s after the first request)",
     [](const ServerFigures& f) { return static_cast<double>(f.idleRssBytes); }, Unit::Bytes, 0.1, false},
    {"RSS under load (largest VmRSS, sampled every 20 ms)",
     [](const ServerFigures& f) { return static_cast<double>(f.loadRssBytes); }, Unit::Bytes, 0.1, false},
    {"peak RSS (VmHWM after the load)", [](const ServerFigures& f) { return static_cast<double>(f.peakRssBytes); },
     Unit::Bytes, 0, false},
    {"process start -> first served request (session + exists)", [](const ServerFigures& f) { return f.startSeconds; },
     Unit::Seconds, 0, false},
};

// The median of the rounds that produced the figure (> 0); -1 when none did.
double median(const std::vector<ServerFigures>& runs, double (*get)(const ServerFigures&)) {
  std::vector<double> v;
  for (const ServerFigures& f : runs) {
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
    case Unit::PerSecond: return fixed(v / 1e3, 1) + " k/s";
    case Unit::Micros: return fixed(v / 1e3, 2) + " ms";
    case Unit::Bytes: return fixed(v / 1048576.0, 1) + " MiB";
    case Unit::Seconds: return fixed(v * 1e3, 0) + " ms";
  }
  return "?";
}

std::string goal(const Metric& m, double pier, double zk) {
  if (m.goalRatio <= 0) return "-";
  const std::string text = (m.atLeast ? ">= " : "<= ") + fixed(m.goalRatio, m.goalRatio < 1 ? 2 : 1) + "x";
  if (pier <= 0 || zk <= 0) return text;
  const double r = pier / zk;
  return text + ((m.atLeast ? r >= m.goalRatio : r <= m.goalRatio) ? ": met" : ": MISSED");
}

std::string phaseCell(const PhaseFigures& f) {
  if (!f.error.empty()) return "error: " + f.error;
  std::string s = show(f.opsPerSecond(), Unit::PerSecond) + " (" + std::to_string(f.ok) + " in " +
                  fixed(f.seconds, 1) + " s), p50 " + fixed(f.p50Us / 1e3, 1) + " / p99 " + fixed(f.p99Us / 1e3, 1) +
                  " ms";
  if (f.errors > 0) s += ", " + std::to_string(f.errors) + " errors (" + f.firstError + ")";
  return s;
}

void roundRow(Table& t, std::size_t round, const ServerFigures& f) {
  t.addRow({std::to_string(round), f.name, phaseCell(f.create), phaseCell(f.set), phaseCell(f.get),
            phaseCell(f.syncCreate),
            show(static_cast<double>(f.idleRssBytes), Unit::Bytes) + " / " +
                show(static_cast<double>(f.loadRssBytes), Unit::Bytes),
            show(f.startSeconds, Unit::Seconds)});
}

}  // namespace

void printSummary(const LoadShape& shape, const std::vector<ServerFigures>& zk, const std::vector<ServerFigures>& pier) {
  Table t("Standalone, " + std::to_string(shape.sessions) + " sessions x " + std::to_string(shape.inFlight) +
              " in flight, " + std::to_string(shape.valueBytes) + " B znodes: median of " +
              std::to_string(std::max(zk.size(), pier.size())) +
              " rounds (ratio = pier-keeper / ZooKeeper: higher is better for throughput, lower for "
              "latency, memory and time)",
          {"metric", "ZooKeeper 3.8", "pier-keeper", "ratio", "goal"});
  for (const Metric& m : kMetrics) {
    const double z = median(zk, m.get);
    const double p = median(pier, m.get);
    t.addRow({m.name, show(z, m.unit), show(p, m.unit), p > 0 && z > 0 ? fixed(p / z, 2) + "x" : "-", goal(m, p, z)});
  }
  const std::string later = "not measured yet (needs ensembles)";
  t.addRow({"3-node ensemble: create / setData / getData throughput, write p99", later, later, "-", "-"});
  t.addRow({"failover: leader kill -9 -> first successful write", later, later, "-", "-"});
  t.print();
}

void printRounds(const std::vector<ServerFigures>& zk, const std::vector<ServerFigures>& pier) {
  Table t("Every round (throughput (requests answered ok in seconds), client latency p50 / p99)",
          {"round", "server", "create", "setData", "getData", "sync create", "RSS idle / load", "start"});
  for (std::size_t i = 0; i < std::max(zk.size(), pier.size()); ++i) {
    if (i < zk.size()) roundRow(t, i + 1, zk[i]);
    if (i < pier.size()) roundRow(t, i + 1, pier[i]);
  }
  t.print();
}

void printProblems(const std::vector<ServerFigures>& runs) {
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const ServerFigures& f = runs[i];
    const std::string who = f.name + ", round " + std::to_string(i + 1);
    if (!f.error.empty()) std::printf("\n%s: NOT FULLY MEASURED: %s\n", who.c_str(), f.error.c_str());
    if (!f.logLines.empty()) {
      std::printf("\n%s: warnings/errors in its log after startup (first %zu):\n", who.c_str(), f.logLines.size());
      for (const std::string& l : f.logLines) std::printf("- %s\n", l.c_str());
    }
    if (!f.clientErrors.empty()) {
      std::printf("\n%s: C client errors during the load (first %zu):\n", who.c_str(), f.clientErrors.size());
      for (const std::string& l : f.clientErrors) std::printf("- %s\n", l.c_str());
    }
  }
}

}  // namespace pier::bench
