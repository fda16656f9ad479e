#pragma once
// bench_keeper's figures for one server in one round (standalone, 3-node ensemble, failover),
// and the tables it prints from them: the median over the rounds of each figure beside the goal
// from issue 8, then every round. Plain functions over plain values; called from the bench's
// main thread after all rounds.

#include <cstdint>
#include <string>
#include <vector>

#include "zk_failover.h"
#include "zk_load.h"

namespace pier::bench {

struct ServerFigures {
  std::string name;
  std::string error;          // the server could not be fully measured
  double startSeconds = -1;   // spawn -> first successful exists("/")
  uint64_t idleRssBytes = 0;  // VmRSS one second after that, before any load
  uint64_t loadRssBytes = 0;  // largest VmRSS sampled during create/setData/getData
  uint64_t peakRssBytes = 0;  // VmHWM after the load
  PhaseFigures create, set, get, syncCreate;
  PhaseFigures leanCreate, leanSet, leanGet;  // the same phases from the pipelined jute client
  std::vector<std::string> logLines;          // the server's own warnings and errors after startup
  std::vector<std::string> clientErrors;      // the C client's ZOO_ERROR lines during the load
};

// One ensemble round: the standalone load with the sessions spread over the three members.
struct EnsembleFigures {
  std::string name;
  std::string error;
  double startSeconds =
      -1;            // first spawn -> one leader by srvr and every member served exists("/")
  int leaderId = 0;  // myid of the leader during the load
  uint64_t idleLeaderRssBytes = 0;  // VmRSS one second after serving
  uint64_t idleSumRssBytes = 0;     // the three members' VmRSS added up, same moment
  uint64_t loadLeaderRssBytes = 0;  // the leader's largest VmRSS, sampled every 20 ms in the load
  uint64_t loadSumRssBytes = 0;     // the largest sum of the three in one sample
  PhaseFigures create, set, get;
  PhaseFigures syncCreate;  // one session on a follower, one create at a time
  std::vector<std::string> logLines;
  std::vector<std::string> clientErrors;
};

struct LoadShape {
  int sessions = 0;
  int inFlight = 0;
  std::size_t valueBytes = 0;
};

// Every run of one kind for both servers.
template <class Figures>
struct Runs {
  std::vector<Figures> zk;
  std::vector<Figures> pier;
};

// The median of each figure over the rounds, pier-keeper beside ZooKeeper, with ratio and goal:
// standalone, then the 3-node ensemble, then failover.
void printSummary(const LoadShape& shape, const Runs<ServerFigures>& standalone,
                  const Runs<EnsembleFigures>& ensemble, const Runs<FailoverFigures>& failover);
// One row per server and round: what each median was taken from, with request counts and errors.
void printRounds(const Runs<ServerFigures>& standalone, const Runs<EnsembleFigures>& ensemble,
                 const Runs<FailoverFigures>& failover);
// Errors, the servers' warnings and the C client's errors, if any.
void printProblems(const Runs<ServerFigures>& standalone, const Runs<EnsembleFigures>& ensemble,
                   const Runs<FailoverFigures>& failover);

}  // namespace pier::bench
