#pragma once
// ZabLeader: the leading side of ZAB for one leadership (Leader.lead and its LearnerHandlers),
// as a pure state machine. Created when the election names this peer leader; dropped when it
// fails (failure() set), after which the peer goes back to LOOKING.
//
// Phases (ZAB's discovery, synchronisation, broadcast):
//   Discovery   learners connect with FOLLOWERINFO/OBSERVERINFO (their acceptedEpoch); once the
//               leader and a quorum of voters are connected, the new epoch is 1 + the largest
//               acceptedEpoch among them, persisted as acceptedEpoch, sent as LEADERINFO.
//   AckWait     ACKEPOCH from a quorum (with the leader), none "ahead" of the leader's
//               (currentEpoch, lastZxid); then currentEpoch = the new epoch is persisted.
//   Syncing     every acknowledged learner is brought to the leader's history (ZabHistory::
//               planSync: DIFF/TRUNC/SNAP, then the transactions as PROPOSAL+COMMIT, then the
//               outstanding proposals), then NEWLEADER; a quorum of voters acknowledging
//               NEWLEADER establishes the epoch and UPTODATE goes out.
//   Broadcast   propose(): PROPOSAL to the synced voters; committed in zxid order once a quorum
//               (leader included: it logged the proposal before sending it) acknowledged it;
//               COMMIT to voters, INFORM (with the transaction) to observers. Late learners go
//               through the same sync and join the broadcast at once.
// A learner silent for syncLimit ticks (initLimit while syncing) is dropped; without a synced
// quorum the leadership fails ("not sufficient followers synced"); so does an epoch not
// established within initLimit ticks.
//
// Connections are identified by the host (one per learner connection); a new FOLLOWERINFO on a
// new connection replaces the learner's old one. Owned by ZabPeer; single-threaded.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coordination/zab_ready.h"

namespace pier::coordination {

class ZabLeader {
 public:
  enum class Phase { Discovery, AckWait, Syncing, Broadcast };

  ZabLeader(ZabShared& shared, int64_t nowMs);

  void onPacket(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs);
  void onDisconnected(NodeId from, uint64_t connection);
  void tick(int64_t nowMs);

  // Broadcast only: the next zxid, and a transaction carrying it to replicate.
  bool serving() const { return m_phase == Phase::Broadcast && !m_failure; }
  Zxid nextZxid() const { return Zxid(m_lastProposed.value() + 1); }
  // Requires: serving() and txn.zxid == nextZxid().
  void propose(ZabTxn txn);

  // Leaving the role: outstanding proposals (logged here, fate unknown) are applied, as
  // ZooKeeper's fastForwardDataBase does, so the peer's state is everything it logged.
  void fastForward();

  Phase phase() const { return m_phase; }
  int64_t epoch() const { return m_epoch; }
  const std::optional<std::string>& failure() const { return m_failure; }
  // Every learner connection this leadership holds (closed by the peer when it ends).
  std::vector<uint64_t> connections() const;
  std::size_t outstanding() const { return m_outstanding.size(); }
  struct Stats {
    int64_t learners = 0;         // connected learner handlers
    int64_t syncedFollowers = 0;  // voters past NEWLEADER
    int64_t syncedObservers = 0;
    int64_t pendingSyncs = 0;
  };
  Stats stats() const;

 private:
  enum class Stage { Connected, EpochSent, Syncing, Synced };
  struct Handler {
    uint64_t connection = 0;
    bool observer = false;
    Stage stage = Stage::Connected;
    int64_t lastHeardMs = 0;
    Zxid peerLastZxid{0};
    bool ackedEpoch = false;
  };
  struct Proposal {
    ZabTxn txn;
    std::vector<NodeId> acks;
  };

  Handler* handlerFor(NodeId from, uint64_t connection);
  void fail(std::string why);
  void drop(NodeId sid);
  void onLearnerInfo(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs);
  void onAckEpoch(NodeId from, Handler& h, const QuorumPacket& p);
  void onAck(NodeId from, Handler& h, const QuorumPacket& p);
  void onSync(NodeId from, Handler& h, const QuorumPacket& p);
  void proposeEpochIfQuorum();
  void establishIfQuorum();
  void sync(NodeId sid, Handler& h);
  void finishEstablishing();
  void tryToCommit();
  void commit(Proposal& p);
  void ping(int64_t nowMs);

  ZabShared& m_s;
  Phase m_phase = Phase::Discovery;
  int64_t m_startMs = 0;
  int64_t m_nextPingMs = 0;
  std::optional<std::string> m_failure;
  // Discovery
  int64_t m_epoch = 0;  // proposed, then established
  int64_t m_maxAcceptedEpoch = 0;
  std::vector<NodeId> m_connecting;  // voters that sent FOLLOWERINFO (and the leader)
  std::vector<NodeId> m_electing;    // voters whose ACKEPOCH counts (and the leader)
  int64_t m_summaryEpoch = 0;        // leaderStateSummary
  Zxid m_summaryZxid{0};
  std::vector<NodeId> m_newLeaderAcks;
  // Broadcast
  std::map<NodeId, Handler> m_handlers;
  Zxid m_lastProposed{0};
  std::map<Zxid, Proposal> m_outstanding;
  std::multimap<Zxid, std::pair<NodeId, std::string>> m_pendingSyncs;  // answered at that commit
};

}  // namespace pier::coordination
