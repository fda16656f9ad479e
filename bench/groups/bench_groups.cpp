// Consumer groups (issue 7): pier-broker against librdkafka's in-memory mock cluster (one
// broker), in one run on this machine, with librdkafka consumers (C API, eager range assignor,
// session.timeout.ms=6000, heartbeat.interval.ms=500):
//
//  1. a Stable 10-member group on a 10-partition topic; an 11th member subscribes: time until
//     all 11 hold their new assignment, the 10 partitions exactly once (one member none), and no
//     assignment changed for 200 ms (librdkafka's C API does not say whether a rebalance is in
//     progress; the quiet spell stands in for "Stable", and DescribeGroups is read afterwards).
//     5 runs, a fresh group each; median and worst. The old members learn of the rebalance from
//     their next heartbeat, so run r lets the 11th member subscribe r * 100 ms after the quiet
//     spell: the runs meet the heartbeat interval at different phases.
//  2. OffsetCommit throughput of one consumer (assign mode with a group.id: simple commits of
//     partition 0's offset): synchronous, and asynchronous with <= 1000 in flight; 3 s or 100,000
//     commits each.
//
// The clients and the mock run in this process; pier-broker is a child process on loopback with
// group.initial.rebalance.delay.ms=0 (Kafka's quickstart value). The mock keeps everything in
// memory; pier-broker persists group metadata and offsets in __consumer_offsets (Kafka's default
// 50 partitions; page cache, no fsync per commit). librdkafka 2.0.2's mock has its own timers: it
// waits 3 s after the first join of an empty group, and once a rebalance starts it waits for its
// timer (session.timeout.ms - 1 s) rather than for the last member to rejoin. pier-broker's own
// warn/error log lines are printed after the tables.

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench_table.h"
#include "broker/broker_process.h"
#include "group_load.h"

namespace {

using namespace pier::bench;

constexpr int kPartitions = 10;
constexpr int kMembers = 10;
constexpr const char* kTopic = "groups-bench";

struct Side {
  std::string bootstrap;
  RejoinFigures rejoin;
  CommitFigures commitSync;
  CommitFigures commitAsync;
};

void measure(Side& side) {
  RejoinSpec rejoin;
  rejoin.bootstrap = side.bootstrap;
  rejoin.topic = kTopic;
  rejoin.groupPrefix = "rejoin-";
  rejoin.partitions = kPartitions;
  rejoin.members = kMembers;
  side.rejoin = measureRejoin(rejoin);
  CommitSpec commit;
  commit.bootstrap = side.bootstrap;
  commit.topic = kTopic;
  commit.groupId = "commit-sync";
  side.commitSync = measureCommits(commit);
  commit.groupId = "commit-async";
  commit.async = true;
  side.commitAsync = measureCommits(commit);
}

// Seconds of the runs that reached a stable assignment, sorted.
std::vector<double> reached(const RejoinFigures& f, bool form) {
  std::vector<double> out;
  for (const RejoinRun& r : f.runs) {
    const double s = form ? r.formSeconds : r.rejoinSeconds;
    if (s >= 0) out.push_back(s);
  }
  std::sort(out.begin(), out.end());
  return out;
}

double median(const std::vector<double>& v) {
  return v.empty() ? -1 : v[v.size() / 2];
}
double worst(const std::vector<double>& v) {
  return v.empty() ? -1 : v.back();
}
std::string ms(double seconds) {
  return seconds < 0 ? "-" : fixed(seconds * 1000, 0) + " ms";
}
std::string ratio(double pier, double mock) {
  return pier > 0 && mock > 0 ? fixed(pier / mock, 2) + "x" : "-";
}

std::string commitRate(const CommitFigures& f) {
  std::string s = fixed(f.perSecond(), 0) + "/s (" + std::to_string(f.commits) + " in " +
                  fixed(f.seconds, 1) + " s)";
  if (f.errors > 0 || (!f.error.empty() && f.commits == 0))
    s += ", " + std::to_string(f.errors) + " errors: " + f.error;
  return s;
}

std::string readBack(const CommitFigures& f) {
  return std::to_string(f.readBack) +
         (f.readBack == f.lastCommitted ? " (= last sent)"
                                        : " (last sent " + std::to_string(f.lastCommitted) + ")");
}

void rejoinRows(Table& table, const Side& pier, const Side& mock) {
  const auto pierJoin = reached(pier.rejoin, false), mockJoin = reached(mock.rejoin, false);
  const auto pierForm = reached(pier.rejoin, true), mockForm = reached(mock.rejoin, true);
  const std::string runs = std::to_string(pier.rejoin.runs.size());
  table.addRow({"11th member joins -> Stable again, median", ms(median(pierJoin)),
                ms(median(mockJoin)), ratio(median(pierJoin), median(mockJoin))});
  table.addRow({"11th member joins -> Stable again, worst", ms(worst(pierJoin)),
                ms(worst(mockJoin)), ratio(worst(pierJoin), worst(mockJoin))});
  table.addRow({"runs that became Stable again", std::to_string(pierJoin.size()) + " / " + runs,
                std::to_string(mockJoin.size()) + " / " + std::to_string(mock.rejoin.runs.size()),
                "-"});
  table.addRow({"(before) 10 members subscribe -> one partition each, median", ms(median(pierForm)),
                ms(median(mockForm)), ratio(median(pierForm), median(mockForm))});
  table.addRow(
      {"client errors and warnings over the group runs",
       std::to_string(pier.rejoin.clientErrors) + " / " + std::to_string(pier.rejoin.notes.size()),
       std::to_string(mock.rejoin.clientErrors) + " / " + std::to_string(mock.rejoin.notes.size()),
       "-"});
}

void commitRows(Table& table, const Side& pier, const Side& mock) {
  table.addRow({"OffsetCommit, synchronous", commitRate(pier.commitSync),
                commitRate(mock.commitSync),
                ratio(pier.commitSync.perSecond(), mock.commitSync.perSecond())});
  table.addRow({"OffsetCommit, async (<= 1000 in flight)", commitRate(pier.commitAsync),
                commitRate(mock.commitAsync),
                ratio(pier.commitAsync.perSecond(), mock.commitAsync.perSecond())});
  table.addRow({"committed offset read back (sync / async)",
                readBack(pier.commitSync) + " / " + readBack(pier.commitAsync),
                readBack(mock.commitSync) + " / " + readBack(mock.commitAsync), "-"});
}

void runTable(const Side& pier, const Side& mock) {
  Table table("Each run: form (10 members) / join (11th member) and DescribeGroups afterwards",
              {"run", "pier form", "pier join", "pier group after", "mock form", "mock join",
               "mock group after"});
  for (std::size_t i = 0; i < std::max(pier.rejoin.runs.size(), mock.rejoin.runs.size()); ++i) {
    const RejoinRun p = i < pier.rejoin.runs.size() ? pier.rejoin.runs[i] : RejoinRun{};
    const RejoinRun m = i < mock.rejoin.runs.size() ? mock.rejoin.runs[i] : RejoinRun{};
    auto after = [](const RejoinRun& r) {
      return r.error.empty() ? r.describedState : r.describedState + "; " + r.error;
    };
    table.addRow({std::to_string(i + 1), ms(p.formSeconds), ms(p.rejoinSeconds), after(p),
                  ms(m.formSeconds), ms(m.rejoinSeconds), after(m)});
  }
  table.print();
}

void printNotes(const char* side, const RejoinFigures& f) {
  if (f.notes.empty()) return;
  std::printf("\n%s: client errors and warnings (first %zu):\n", side, f.notes.size());
  for (const std::string& n : f.notes) std::printf("- %s\n", n.c_str());
}

// pier-broker's own "warn" and "error" lines ("<time> <level> <message> key=value ...").
std::vector<std::string> brokerWarnings(const std::string& logPath) {
  std::vector<std::string> out;
  std::ifstream log(logPath);
  std::string line;
  while (std::getline(log, line)) {
    const std::size_t level = line.find(' ') + 1;
    if (line.compare(level, 5, "warn ") == 0 || line.compare(level, 6, "error ") == 0)
      out.push_back(line);
  }
  return out;
}

void printBrokerWarnings(const std::vector<std::string>& lines) {
  std::printf("\npier-broker log: %zu warn/error lines\n", lines.size());
  for (std::size_t i = 0; i < lines.size() && i < 20; ++i) std::printf("- %s\n", lines[i].c_str());
}

}  // namespace

int main() {
  char dirTemplate[] = "/tmp/pier-bench-groups-XXXXXX";
  if (!mkdtemp(dirTemplate)) return 1;
  const std::string dir = dirTemplate;
  BrokerChild broker(PIER_BROKER_BINARY, dir);
  if (!broker.start(1, {"group.initial.rebalance.delay.ms=0"})) {
    std::fprintf(stderr, "bench_groups: %s\n", broker.error().c_str());
    return 1;
  }
  Side pier;
  pier.bootstrap = "127.0.0.1:" + std::to_string(broker.port());
  if (const std::string error = createTopic(pier.bootstrap, kTopic, kPartitions); !error.empty()) {
    std::fprintf(stderr, "bench_groups: pier-broker: %s\n", error.c_str());
    return 1;
  }
  char err[256];
  rd_kafka_conf_t* ownerConf = rd_kafka_conf_new();
  rd_kafka_conf_set(ownerConf, "log_level", "4", err,
                    sizeof err);  // no notice about its missing bootstrap
  rd_kafka_t* owner = rd_kafka_new(RD_KAFKA_PRODUCER, ownerConf, err, sizeof err);
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(owner, 1);
  rd_kafka_mock_topic_create(cluster, kTopic, kPartitions, 1);
  Side mock;
  mock.bootstrap = rd_kafka_mock_cluster_bootstraps(cluster);

  measure(pier);
  measure(mock);

  std::printf(
      "\n## bench_groups: pier-broker (%s, data in %s) vs librdkafka %s mock cluster (1 broker)\n",
      pier.bootstrap.c_str(), dir.c_str(), rd_kafka_version_str());
  Table table("Consumer groups, this machine, " +
                  std::to_string(std::thread::hardware_concurrency()) +
                  " vCPU (ratio Pier / mock: lower is better for times, higher for commits/s)",
              {"measure", "pier-broker", "librdkafka mock", "ratio"});
  rejoinRows(table, pier, mock);
  commitRows(table, pier, mock);
  table.print();
  runTable(pier, mock);
  printNotes("pier-broker", pier.rejoin);
  printNotes("librdkafka mock", mock.rejoin);

  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(owner);
  broker.stop();
  printBrokerWarnings(brokerWarnings(dir + "/pier-broker.log"));
  std::filesystem::remove_all(dir);
  return 0;
}
