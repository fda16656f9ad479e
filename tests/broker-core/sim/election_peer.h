#pragma once
// ElectionPeer: a ZooKeeper quorum peer reduced to what leader election needs, as a sim::Node:
// FastLeaderElection (coordination::LeaderElection) plus a stand-in for the start of ZAB's
// recovery that decides whether an elected leader really leads:
//
//   learner -> leader  FOLLOWERINFO/OBSERVERINFO(acceptedEpoch)
//   leader  -> learner LEADERINFO(e), e = 1 + max acceptedEpoch of a quorum of voters
//                      (Leader.getEpochToPropose; observers excluded, ZOOKEEPER-2959)
//   learner -> leader  ACKEPOCH(currentEpoch, lastZxid) if e > acceptedEpoch (persisting
//                      acceptedEpoch = e); -1 if e == acceptedEpoch; gives up if e < acceptedEpoch
//   leader             a quorum of ACKEPOCH, none ahead of it (waitForEpochAck): epoch e is
//                      established; NEWLEADER/sync/UPTODATE are folded into one UPTODATE
//   leader <-> learner PING every tickTime/2; a learner silent for syncLimit ticks is dropped, a
//                      leader without a synced quorum, or a learner without its leader, goes
//                      back to LOOKING (initLimit bounds the handshake).
//
// FLE by itself may hand two servers LEADING in one round (a quorum counted on stale votes, a
// lost message within finalizeWait); it is this handshake that makes "at most one leader per
// epoch" hold, so the simulation checks the established epochs. This is test scaffolding until
// the ZAB discovery/synchronisation state machines exist in broker-core/coordination.
//
// A peer's PeerDisk outlives crashes (writes are synced at once); everything else is lost.
// Each learner connection has an id, so messages of an older connection are ignored (TCP).

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "coordination/leader_election_fsm.h"
#include "sim/leader_history.h"
#include "sim/simulation.h"

namespace pier::simtest {

using coordination::ElectionConfig;
using coordination::ElectionDecision;
using coordination::LeaderElection;
using coordination::Notification;
using coordination::ServerState;

struct FollowerInfo {
  int64_t acceptedEpoch = 0;
  uint64_t connection = 0;
};
struct LeaderInfo {
  int64_t newEpoch = 0;
  uint64_t connection = 0;
};
struct AckEpoch {
  int64_t epoch = 0;         // the LEADERINFO epoch answered
  int64_t currentEpoch = 0;  // -1: that epoch was already accepted, this is not an ack
  Zxid lastZxid;
  uint64_t connection = 0;
};
struct UpToDate {
  int64_t epoch = 0;
  Zxid zxid;  // the leader's history the learner now has
  uint64_t connection = 0;
};
struct Ping {
  uint64_t connection = 0;
};
struct PingAck {
  uint64_t connection = 0;
};
using PeerMessage =
    std::variant<Notification, FollowerInfo, LeaderInfo, AckEpoch, UpToDate, Ping, PingAck>;

// What survives a crash: ZooKeeper's currentEpoch and acceptedEpoch files and its log's last zxid.
struct PeerDisk {
  Zxid lastZxid;
  int64_t currentEpoch = 0;
  int64_t acceptedEpoch = 0;
  uint64_t boots = 0;
};

struct ZabTiming {  // zoo.cfg
  int64_t tickTimeMs = 500;
  int64_t initLimit = 10;
  int64_t syncLimit = 5;
};

// Deliberate bugs, to show the checkers catch them.
enum class BrokenRule {
  None,
  NoEpochAgreement,     // leaders pick acceptedEpoch + 1 alone; learners ack any epoch
  SilentOutOfElection,  // FOLLOWING/LEADING servers never answer LOOKING ones
};

struct ElectionDecisionRecord {
  NodeId server;
  ElectionDecision decision;
  int64_t atMs = 0;
};

// Shared by the peers of one run; outlives crashes. Checkers read it after the run.
struct EnsembleLog {
  sim::LeaderHistory history;  // established epochs: the leader's claim and each synced learner's
  std::vector<ElectionDecisionRecord> decisions;
};

class ElectionPeer final : public sim::Node<PeerMessage> {
 public:
  enum class Phase { Looking, Discovery, AckWait, Established, Connecting, Acked, Synced };

  ElectionPeer(ElectionConfig config, ZabTiming timing, PeerDisk& disk, EnsembleLog& log,
               BrokenRule broken);

  Outbox onStart(int64_t nowMs) override;
  Outbox onMessage(NodeId from, const PeerMessage& message, int64_t nowMs) override;
  Outbox onTick(int64_t nowMs) override;
  uint64_t stateHash() const override;

  Phase phase() const { return m_phase; }
  ServerState state() const { return m_fle.state(); }
  NodeId leader() const { return m_fle.currentVote().leader; }
  // Serving: an established leader, or a learner synced with its leader; in this epoch.
  bool serving() const { return m_phase == Phase::Established || m_phase == Phase::Synced; }
  int64_t servingEpoch() const { return m_disk.currentEpoch; }
  int64_t acceptedEpoch() const { return m_disk.acceptedEpoch; }
  std::string describeState() const;

 private:
  struct LearnerLink {
    uint64_t connection = 0;
    bool acked = false;
    bool synced = false;
    int64_t lastHeardMs = 0;
  };

  void take(const coordination::ElectionReady& ready, int64_t nowMs, Outbox& out);
  void goLooking(int64_t nowMs, Outbox& out);
  void beginLeading(int64_t nowMs, Outbox& out);
  void beginLearning(NodeId leader, int64_t nowMs, Outbox& out);
  bool isQuorum(const std::set<NodeId>& voters) const;

  void onFollowerInfo(NodeId from, const FollowerInfo& m, int64_t nowMs, Outbox& out);
  void onAckEpoch(NodeId from, const AckEpoch& m, int64_t nowMs, Outbox& out);
  void onPingAck(NodeId from, const PingAck& m, int64_t nowMs);
  void maybeProposeEpoch(int64_t nowMs, Outbox& out);
  void maybeEstablish(int64_t nowMs, Outbox& out);
  void sync(NodeId learner, LearnerLink& link, Outbox& out);
  void leaderTick(int64_t nowMs, Outbox& out);

  void onLeaderInfo(NodeId from, const LeaderInfo& m, int64_t nowMs, Outbox& out);
  void onUpToDate(NodeId from, const UpToDate& m, int64_t nowMs);
  void onPing(NodeId from, const Ping& m, int64_t nowMs, Outbox& out);
  void learnerTick(int64_t nowMs, Outbox& out);
  bool fromMyLeader(NodeId from, uint64_t connection) const;

  ElectionConfig m_config;
  ZabTiming m_timing;
  PeerDisk& m_disk;
  EnsembleLog& m_log;
  BrokenRule m_broken;
  LeaderElection m_fle;
  Phase m_phase = Phase::Looking;
  int64_t m_phaseStartMs = 0;
  // Leading
  int64_t m_epoch = 0;  // proposed, then established
  int64_t m_maxAcceptedEpoch = 0;
  std::set<NodeId> m_connecting;
  std::set<NodeId> m_electing;
  std::map<NodeId, LearnerLink> m_learners;
  int64_t m_nextPingMs = 0;
  int64_t m_summaryEpoch = 0;  // leaderStateSummary
  Zxid m_summaryZxid;
  // Learning
  NodeId m_leader;
  uint64_t m_connection = 0;
  uint64_t m_connections = 0;
  int64_t m_ackedEpoch = -1;  // acked on this connection
  int64_t m_lastHeardMs = 0;
  int64_t m_nextFollowerInfoMs = 0;
};

}  // namespace pier::simtest

template <>
struct pier::sim::MessageTraits<pier::simtest::PeerMessage> {
  static uint64_t hash(const pier::simtest::PeerMessage& m);
  static std::string describe(const pier::simtest::PeerMessage& m);
};
