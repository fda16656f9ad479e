#pragma once
// LeaderElection: ZooKeeper's FastLeaderElection (FLE) as a pure state machine, one per server.
// It takes tick(nowMs), receive(from, notification, nowMs) and start(...) and returns an
// ElectionReady: the notifications to send (to whom) and, once reached, the decision. It never
// reads a clock, opens a socket or starts a thread; the host (a keeper's quorum service, or the
// simulator) delivers notifications and time.
//
// The algorithm, carried over from FastLeaderElection.lookForLeader and its WorkerReceiver:
// - start() (QuorumPeer enters LOOKING) increments the logical clock (the election round,
//   `electionEpoch` on the wire), proposes this server -- (sid, last logged zxid, current epoch);
//   an observer proposes nobody -- and notifies every voter, itself included.
// - Votes are ordered by totalOrderPredicate: peerEpoch, then zxid, then sid. A LOOKING
//   notification from a higher round resets the tally and adopts max(own vote, its vote); from
//   the same round it is adopted when it beats the current proposal (and re-broadcast); from a
//   lower round it is ignored, but answered with our proposal.
// - When the votes of this round for our proposal form a quorum (a majority of the voting
//   members; observers never count), the server waits finalizeWait (200 ms): a better vote in
//   that window reopens the round, anything else is discarded; silence decides. The server leads
//   if the winner is itself, else it follows (observes, for an observer).
// - FOLLOWING/LEADING notifications of the current round count in the tally with the leader's
//   LEADING vote required (checkLeader); those of any round go to `outofelection`, so a server
//   that arrives late joins an established leader that a quorum follows, adopting its round,
//   without a new election.
// - Without news for the notification interval (200 ms, doubling to 60 s), the server
//   re-sends its notifications.
// - A server that is not LOOKING answers a LOOKING voter with its current vote and state; every
//   server answers a non-voter (an observer) at once; a LOOKING server does not queue an
//   observer's notification, so observers neither vote nor count.
//
// Not carried over: dynamic reconfiguration (the config bytes of notification version 2, the
// next-config voters), hierarchical quorums and weights, the 28/40-byte legacy formats, JMX.
//
// Owned by one quorum peer's loop; single-threaded. Requires: start() before receive()/tick().

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"

namespace pier::coordination {

// QuorumPeer.ServerState, with its ordinals: the `state` int of an election message.
enum class ServerState : int32_t { Looking = 0, Following = 1, Leading = 2, Observing = 3 };
std::string_view serverStateName(ServerState state);  // "LOOKING", ...

// What an observer proposes (FastLeaderElection's Long.MIN_VALUE initial vote): nobody.
inline constexpr NodeId kNoServer{std::numeric_limits<int32_t>::min()};
inline constexpr int64_t kNoEpoch = std::numeric_limits<int64_t>::min();
inline constexpr Zxid kNoZxid{std::numeric_limits<int64_t>::min()};

// One election message. The sender's sid travels beside it (QuorumCnxManager's Message.sid).
struct Notification {
  ServerState state = ServerState::Looking;  // the sender's state
  NodeId leader;                             // proposed (or followed) leader
  Zxid zxid;                                 // that leader's last logged zxid
  int64_t electionEpoch = 0;                 // the sender's logical clock (round)
  int64_t peerEpoch = 0;                     // that leader's current epoch
  friend bool operator==(const Notification&, const Notification&) = default;
};
std::string describe(const Notification& n);  // for traces and test failures

struct Vote {
  NodeId leader;
  Zxid zxid;
  int64_t electionEpoch = -1;
  int64_t peerEpoch = -1;
  ServerState state = ServerState::Looking;
  friend bool operator==(const Vote&, const Vote&) = default;  // field-wise; not Vote.equals
};

// Vote.equals: full comparison when either side is LOOKING, else (leader, peerEpoch) only --
// servers out of election may report stale zxids and rounds (ZOOKEEPER-1805/1732).
bool sameVote(const Vote& a, const Vote& b);
// totalOrderPredicate: does (newLeader, newZxid, newEpoch) beat (cur...)? peerEpoch, zxid, sid.
bool votePrecedes(NodeId newLeader, Zxid newZxid, int64_t newEpoch, NodeId curLeader, Zxid curZxid,
                  int64_t curEpoch);

struct ElectionConfig {
  NodeId myId;
  std::vector<NodeId> voters;                  // server.N=...:participant; need not be sorted
  std::vector<NodeId> observers;               // server.N=...:observer
  int64_t finalizeWaitMs = 200;                // FastLeaderElection.finalizeWait
  int64_t minNotificationIntervalMs = 200;     // zookeeper.fastleader.minNotificationInterval
  int64_t maxNotificationIntervalMs = 60'000;  // zookeeper.fastleader.maxNotificationInterval
};

struct OutgoingNotification {
  NodeId to;
  Notification notification;
  friend bool operator==(const OutgoingNotification&, const OutgoingNotification&) = default;
};

// The end of an election: lookForLeader's endVote and the state the peer takes.
struct ElectionDecision {
  NodeId leader;
  Zxid zxid;
  int64_t electionEpoch = 0;
  int64_t peerEpoch = 0;
  ServerState state = ServerState::Following;  // Leading, Following or Observing
  friend bool operator==(const ElectionDecision&, const ElectionDecision&) = default;
};

// What one step produced. Send order is deterministic (as generated; broadcasts go to voters in
// ascending sid order). Notifications to this server itself are handled inside and never listed.
struct ElectionReady {
  std::vector<OutgoingNotification> toSend;
  std::optional<ElectionDecision> decision;
};

class LeaderElection {
 public:
  explicit LeaderElection(ElectionConfig config);

  // QuorumPeer goes LOOKING (at boot, or after losing its leader): a new round with this
  // server's persisted state. The host calls it again whenever the peer falls back to LOOKING.
  // Requires: state() != Looking, or this is the first call.
  ElectionReady start(int64_t nowMs, Zxid lastLoggedZxid, int64_t currentEpoch);
  // A notification from server `from`. Unknown senders are ignored.
  ElectionReady receive(NodeId from, const Notification& n, int64_t nowMs);
  // Re-sends after the notification interval; decides after finalizeWait of silence.
  ElectionReady tick(int64_t nowMs);
  // QuorumPeer.updateElectionVote: once synced with (or leading) the new epoch, answers carry it.
  void updatePeerEpoch(int64_t newEpoch);

  ServerState state() const { return m_state; }
  bool isVoter(NodeId sid) const;
  bool isObserver() const { return !isVoter(m_config.myId); }
  int64_t logicalClock() const { return m_logicalClock; }
  // What the peer answers with when not LOOKING (QuorumPeer.currentVote).
  const Vote& currentVote() const { return m_currentVote; }
  // The proposal of the running round (getVote()).
  Vote proposal() const {
    return {m_proposedLeader, m_proposedZxid, m_logicalClock, m_proposedEpoch};
  }
  // The next time tick() has something to do, or nullopt when not LOOKING.
  std::optional<int64_t> nextDeadlineMs() const;
  const ElectionConfig& config() const { return m_config; }

 private:
  struct Received {
    NodeId from;
    Notification n;
  };

  void process(const Received& r, int64_t nowMs, ElectionReady& out);
  void answerAsReceiver(const Received& r, ElectionReady& out);
  void onLooking(const Received& r, int64_t nowMs, ElectionReady& out);
  void onFinalizing(const Received& r, int64_t nowMs, ElectionReady& out);
  void onEstablished(const Received& r, ElectionReady& out);
  void drainSelf(int64_t nowMs, ElectionReady& out);
  void sendNotifications(ElectionReady& out);
  void updateProposal(NodeId leader, Zxid zxid, int64_t epoch);
  void reply(NodeId to, const Vote& vote, int64_t electionEpoch, ElectionReady& out);
  bool hasQuorum(const std::map<NodeId, Vote>& votes, const Vote& vote) const;
  bool checkLeader(const std::map<NodeId, Vote>& votes, NodeId leader, int64_t electionEpoch) const;
  void decide(const Vote& endVote, ElectionReady& out);
  NodeId initId() const;
  Zxid initLastLoggedZxid() const;
  int64_t initPeerEpoch() const;

  ElectionConfig m_config;
  std::vector<NodeId> m_voters;  // sorted, unique
  ServerState m_state = ServerState::Looking;
  bool m_started = false;
  int64_t m_logicalClock = 0;
  Vote m_currentVote;  // QuorumPeer.currentVote: set at first start, then each decision
  NodeId m_proposedLeader{-1};
  Zxid m_proposedZxid{-1};
  int64_t m_proposedEpoch = -1;
  Zxid m_lastLoggedZxid{-1};
  int64_t m_currentEpoch = -1;
  std::map<NodeId, Vote> m_recvset;        // this round's votes
  std::map<NodeId, Vote> m_outOfElection;  // FOLLOWING/LEADING votes of any round
  int64_t m_notTimeoutMs = 0;
  int64_t m_lastPollMs = 0;  // when lookForLeader last got a notification (or timed out)
  bool m_finalizing = false;
  int64_t m_finalizeDeadlineMs = 0;
  std::vector<Received> m_selfQueue;  // our own notifications, delivered locally
};

}  // namespace pier::coordination
