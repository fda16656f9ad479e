#pragma once
// ZabLearner: the following (or observing) side of ZAB for one leadership (Learner,
// Follower, Observer), as a pure state machine. Created when the election names another peer
// leader; dropped when it fails (failure() set), after which the peer goes back to LOOKING.
//
//   Connecting  FOLLOWERINFO/OBSERVERINFO with this peer's acceptedEpoch.
//   LEADERINFO  epoch > acceptedEpoch: persist it, ACKEPOCH(lastLogged, currentEpoch);
//               epoch == acceptedEpoch: ACKEPOCH(lastLogged, -1) (no second acknowledgement);
//               epoch < acceptedEpoch: fail ("Leaders epoch is less than accepted epoch").
//   Syncing     DIFF (nothing to drop), TRUNC (cut the log and state), SNAP (replace them), then
//               PROPOSAL (logged at once) and COMMIT (applied) until NEWLEADER: persist
//               currentEpoch, then ACK NEWLEADER and every proposal logged so far. A proposal is
//               never acknowledged before the epoch it belongs to is persisted: a voter's
//               (currentEpoch, zxid) must cover what it acknowledged.
//   UPTODATE    serving: PROPOSAL -> log, ACK; COMMIT -> apply (it must be the oldest pending
//               proposal); INFORM (observers) -> log and apply; PING -> PING with the host's
//               session touches; SYNC -> SyncDone, in order with the commits before it.
// Nothing heard from the leader for syncLimit ticks (initLimit before UPTODATE) fails the role.
// A connection lost before LEADERINFO is dialled again (the chosen leader may still be deciding).
//
// Owned by ZabPeer; single-threaded.

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "coordination/zab_ready.h"

namespace pier::coordination {

class ZabLearner {
 public:
  enum class Stage { Connecting, Syncing, Serving };
  static constexpr int64_t kRedialMs = 100;

  // Opens a connection to `leader` and introduces this peer.
  ZabLearner(ZabShared& shared, NodeId leader, int64_t nowMs);

  void onPacket(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs);
  // Before LEADERINFO a lost connection is dialled again after kRedialMs (the leader may not
  // be leading yet: Learner.connectToLeader retries within initLimit); later it ends the role.
  void onDisconnected(uint64_t connection, int64_t nowMs);
  void tick(int64_t nowMs);

  bool serving() const { return m_stage == Stage::Serving && !m_failure; }
  // Serving only: send a REQUEST, SYNC or REVALIDATE to the leader.
  void forward(ZabPacketType type, std::string data);
  // The data of the next PING answer (session touches); cleared when sent.
  void setPingData(std::string data) { m_pingData = std::move(data); }
  // Leaving the role: every logged but uncommitted proposal is applied, as ZooKeeper's
  // fastForwardDataBase does, so the peer's state is everything it logged.
  void fastForward();

  NodeId leader() const { return m_leader; }
  uint64_t connection() const { return m_connection; }
  Stage stage() const { return m_stage; }
  int64_t epoch() const { return m_epoch; }
  const std::optional<std::string>& failure() const { return m_failure; }

 private:
  bool observer() const { return m_s.isObserver(m_s.myId); }
  void fail(std::string why);
  void onLeaderInfo(const QuorumPacket& p);
  void onProposal(const QuorumPacket& p);
  void onCommit(const QuorumPacket& p);
  void onInform(const QuorumPacket& p);
  void onNewLeader(const QuorumPacket& p);
  void onTruncate(const QuorumPacket& p);
  void onSnapshot(const QuorumPacket& p);
  void send(QuorumPacket p) { m_s.send(m_leader, m_connection, std::move(p)); }
  void dial();

  ZabShared& m_s;
  NodeId m_leader;
  uint64_t m_connection = 0;
  Stage m_stage = Stage::Connecting;
  int64_t m_startMs = 0;
  int64_t m_lastHeardMs = 0;
  int64_t m_epoch = -1;  // the leader's, from LEADERINFO
  std::optional<int64_t> m_redialAtMs;
  bool m_newLeaderAcked = false;
  std::deque<ZabTxn> m_pending;  // logged, not yet committed
  std::vector<Zxid> m_unacked;   // logged before NEWLEADER: acknowledged at NEWLEADER
  std::string m_pingData;
  std::optional<std::string> m_failure;
};

}  // namespace pier::coordination
