#pragma once
// ZabPeer: one ZooKeeper quorum peer as a pure state machine (QuorumPeer.run): FastLeaderElection
// while LOOKING, then a ZabLeader or a ZabLearner for as long as that leadership lasts, then
// LOOKING again. Every call returns a ZabReady for the host (zab_ready.h says in which order to
// carry it out); the host delivers election notifications, quorum packets with the connection
// they came on, closed connections and time.
//
// What the peer keeps across roles: the durable epochs (acceptedEpoch, currentEpoch), the last
// logged and last applied zxids (equal whenever LOOKING: leaving a role applies every logged
// proposal, ZooKeeper's fastForwardDataBase) and the committed history for DIFF syncs. What the
// host keeps: the log, the applied state (DataTree), snapshots.
//
// Owned by the keeper's quorum service (or a simulated node); single-threaded.
// Requires: start() first; persisted state as it was durably written.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coordination/leader_election_fsm.h"
#include "coordination/zab_history.h"
#include "coordination/zab_leader.h"
#include "coordination/zab_learner.h"
#include "coordination/zab_ready.h"

namespace pier::coordination {

struct ZabPeerConfig {
  ElectionConfig election;  // myId, voters, observers, FLE timing
  ZabTiming timing;
  std::size_t historyCapacity = ZabHistory::kDefaultCapacity;
};

// The peer's durable state at boot: epochs, its log's last zxid (everything logged is applied at
// boot, as ZooKeeper's loadDataBase does) and the newest committed transactions it can DIFF from.
struct ZabPersisted {
  int64_t acceptedEpoch = 0;
  int64_t currentEpoch = 0;
  Zxid lastZxid{0};
  std::vector<ZabTxn> recentTxns;  // ascending, ending at lastZxid (may be empty)
  Zxid snapshotZxid{0};            // the newest snapshot's: the log cannot be cut below it
  uint64_t bootId = 0;             // distinct per boot: makes this peer's connection ids unique
};

class ZabPeer {
 public:
  ZabPeer(ZabPeerConfig config, ZabPersisted persisted);

  ZabReady start(int64_t nowMs);
  ZabReady onNotification(NodeId from, const Notification& n, int64_t nowMs);
  ZabReady onPacket(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs);
  ZabReady onDisconnected(NodeId peer, uint64_t connection, int64_t nowMs);
  ZabReady tick(int64_t nowMs);

  // Leader, serving: the zxid the next transaction must carry, and the proposal itself.
  std::optional<Zxid> nextZxid() const;
  // Requires: nextZxid() == txn.zxid.
  ZabReady propose(ZabTxn txn, int64_t nowMs);
  // Learner, serving: forward a client's REQUEST / SYNC / REVALIDATE to the leader.
  ZabReady forward(ZabPacketType type, std::string data, int64_t nowMs);
  void setPingData(std::string data);
  // The host wrote a snapshot of its state at `zxid`: a TRUNC below it becomes a SNAP request.
  void snapshotTaken(Zxid zxid) { m_shared.truncateFloor = std::max(m_shared.truncateFloor, zxid); }

  ServerState state() const { return m_election.state(); }
  bool serving() const;
  bool leading() const { return m_leader != nullptr; }
  // Leading: its learners (mntr's zk_learners, zk_synced_followers, ...); zeros otherwise.
  ZabLeader::Stats leaderStats() const { return m_leader ? m_leader->stats() : ZabLeader::Stats{}; }
  NodeId leaderId() const;  // kNoServer while LOOKING
  int64_t acceptedEpoch() const { return m_shared.acceptedEpoch; }
  int64_t currentEpoch() const { return m_shared.currentEpoch; }
  Zxid lastLogged() const { return m_shared.lastLogged; }
  Zxid lastApplied() const { return m_shared.lastApplied; }
  const ZabHistory& history() const { return m_history; }
  std::string describeState() const;

 private:
  void take(const ElectionReady& ready, int64_t nowMs);
  void goLooking(std::string why, int64_t nowMs);
  void checkRole(int64_t nowMs);
  ZabReady finish();

  ZabPeerConfig m_config;
  LeaderElection m_election;
  ZabHistory m_history;
  ZabShared m_shared;
  ZabReady m_ready;
  std::unique_ptr<ZabLeader> m_leader;
  std::unique_ptr<ZabLearner> m_learner;
};

}  // namespace pier::coordination
