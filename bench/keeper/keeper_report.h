#pragma once
// bench_keeper's figures for one server in one round, and the tables it prints from them: the
// median over the rounds of each figure beside the goal from issue 8, then every round.
// Plain functions over plain values; called from the bench's main thread after all rounds.

#include <cstdint>
#include <string>
#include <vector>

#include "zk_load.h"

namespace pier::bench {

struct ServerFigures {
  std::string name;
  std::string error;  // the server could not be fully measured
  double startSeconds = -1;   // spawn -> first successful exists("/")
  uint64_t idleRssBytes = 0;  // VmRSS one second after that, before any load
  uint64_t loadRssBytes = 0;  // largest VmRSS sampled during create/setData/getData
  uint64_t peakRssBytes = 0;  // VmHWM after the load
  PhaseFigures create, set, get, syncCreate;
  std::vector<std::string> logLines;      // the server's own warnings and errors after startup
  std::vector<std::string> clientErrors;  // the C client's ZOO_ERROR lines during the load
};

struct LoadShape {
  int sessions = 0;
  int inFlight = 0;
  std::size_t valueBytes = 0;
};

// The median of each figure over the rounds, pier-keeper beside ZooKeeper, with ratio and goal.
void printSummary(const LoadShape& shape, const std::vector<ServerFigures>& zk, const std::vector<ServerFigures>& pier);
// One row per server and round: what each median was taken from, with request counts and errors.
void printRounds(const std::vector<ServerFigures>& zk, const std::vector<ServerFigures>& pier);
// Errors, the servers' warnings and the C client's errors, if any.
void printProblems(const std::vector<ServerFigures>& runs);

}  // namespace pier::bench
