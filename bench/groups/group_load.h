#pragma once
// The measurements of bench_groups, on librdkafka consumers (C API) against one bootstrap
// string — a pier-broker or librdkafka's mock cluster:
//
//  - rejoin: `members` consumers subscribe to a `partitions`-partition topic until each holds
//    one partition; then one more member subscribes, and the time is taken from its
//    rd_kafka_subscribe until all members again cover every partition exactly once (one member
//    holding none), every member has received its new assignment and no assignment changed for
//    stableMs. The reported time is that of the last assignment, not the end of the quiet spell.
//    The old members learn of the rebalance from their next heartbeat, so the extra member
//    subscribes at a different phase of their heartbeat interval in each run (joinPhaseStepMs).
//    Every member is polled round-robin from the calling thread (poll timeout 0, then a 1 ms
//    sleep), so a figure is late by at most one round (~1-2 ms).
//  - commits: one consumer with a group.id and partition 0 assigned (no subscription: simple
//    commits with generation -1) commits that partition's offset 1, 2, 3, ... synchronously, or
//    asynchronously with at most inFlightMax commits outstanding, counting offset_commit_cb.
//
// Every loop is bounded in count and in seconds. Runs on the calling thread.

#include <cstdint>
#include <string>
#include <vector>

namespace pier::bench {

// Creates `topic` through the Admin API and waits until its metadata shows every partition
// with a leader; the error, or empty.
std::string createTopic(const std::string& bootstrap, const std::string& topic, int partitions);

struct RejoinSpec {
  std::string bootstrap;
  std::string topic;
  std::string groupPrefix;  // each run uses a fresh group: groupPrefix + run number
  int partitions = 10;
  int members = 10;  // before the extra member joins
  int runs = 5;
  int stableMs = 200;
  // Run r lets the extra member subscribe r * joinPhaseStepMs after the quiet spell, so the runs
  // meet the members' 500 ms heartbeats at different phases (they learn of a rebalance from
  // their next heartbeat).
  int joinPhaseStepMs = 100;
  double secondsMax = 30;  // per phase of a run
};

struct RejoinRun {
  double formSeconds = -1;     // first `members` subscribe -> one partition each (-1: not reached)
  double rejoinSeconds = -1;   // extra member's subscribe -> stable again (-1: not reached)
  std::string describedState;  // rd_kafka_list_groups afterwards: "Stable, 11 members" or the error
  std::string error;           // why the run stopped, or empty
};

struct RejoinFigures {
  std::vector<RejoinRun> runs;
  int64_t clientErrors = 0;        // error callbacks and consumer errors over all members
  std::vector<std::string> notes;  // the first few errors and librdkafka warnings
};

RejoinFigures measureRejoin(const RejoinSpec& spec);

struct CommitSpec {
  std::string bootstrap;
  std::string topic;
  std::string groupId;
  bool async = false;
  int64_t commitsMax = 100000;
  double secondsMax = 3;
  int inFlightMax = 1000;  // async only
};

struct CommitFigures {
  int64_t commits = 0;  // answered without error
  int64_t errors = 0;
  double seconds = 0;
  int64_t lastCommitted = -1;  // the offset of the last commit sent
  int64_t readBack = -1;       // rd_kafka_committed afterwards
  std::string error;           // the first error, or empty

  double perSecond() const { return seconds > 0 ? static_cast<double>(commits) / seconds : 0; }
};

CommitFigures measureCommits(const CommitSpec& spec);

}  // namespace pier::bench
