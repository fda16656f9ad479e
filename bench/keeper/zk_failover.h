#pragma once
// Leader failover for bench_keeper: on an ensemble that serves, one session writes synchronously
// (one zoo_create at a time) through a follower; then the leader gets kill -9 and the same
// session keeps writing. Measured from the kill() call: the first create after it that answers
// ok, and the first `srvr` on a survivor that says "Mode: leader" (polled every 5 ms on a thread
// of its own). Every loop is bounded in count and time; only the leader's own PID (started by
// the ensemble) is signalled.
//
// The session's timeout is the smallest both servers allow at tickTime 2000 (4 s), so that a
// connection that goes silent is given up soon (the C client waits 2/3 of it); a connection the
// server closes fails the create at once, and the next create makes the client dial again at
// once (the loop pauses 1 ms between failed creates). ZooKeeper's WARN lines during a failover
// (connection to the leader broken, LOOKING) are its usual narration and are not collected;
// its ERROR lines and pier-keeper's warn and error lines are.

#include <cstdint>
#include <string>
#include <vector>

#include "zk_ensemble.h"

namespace pier::bench {

struct FailoverFigures {
  std::string name;
  std::string error;                  // the failover could not be measured
  int killedId = 0;                   // myid of the leader that was killed
  int clientId = 0;                   // myid of the follower the session wrote through
  int newLeaderId = 0;                // myid whose srvr said leader first after the kill
  double toLeaderSeconds = -1;        // kill -> a survivor's srvr says "Mode: leader"
  double toWriteSeconds = -1;         // kill -> the first create issued after it answered ok
  uint64_t writesBefore = 0;          // creates acknowledged before the kill
  uint64_t failedWrites = 0;          // creates that failed after the kill, before the first ok
  std::string firstError;             // zerror() of the first of those
  std::vector<std::string> logLines;  // the survivors' warnings and errors after the kill
};

// Requires: `ensemble` serves (ZkEnsemble::waitServing succeeded). Leaves it with the leader
// killed (not reaped: the ensemble's destructor does that).
FailoverFigures measureFailover(ZkEnsemble& ensemble);

}  // namespace pier::bench
