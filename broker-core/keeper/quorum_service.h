#pragma once
// QuorumService: one keeper of an ensemble on the wire. It runs coordination::ZabPeer (election
// and ZAB) over TCP on loopback or any network -- notifications on electionPort, leader <->
// learner packets on the leader's peerPort -- and carries out each ZabReady in its order:
//
//   truncate / install a snapshot (storage thread)  ->  log (journal: write + fsync, storage
//   thread)  ->  acceptedEpoch / currentEpoch files (fsync)  ->  apply (the keeper's tree)  ->
//   close / connect / send  ->  notifications  ->  events to the keeper
//
// Readies are carried out one after another; while one is being made durable the next ones
// wait, and their logs are then made durable together (group commit).
//
// Wire (Pier's own, documented in docs/FORMAT-keeper.md): every TCP connection carries frames of
// int32 length + bytes; its first frame is the sender's int64 server id. Election frames are
// int32 state, int64 leader, int64 zxid, int64 electionEpoch, int64 peerEpoch; ZAB frames are
// jute QuorumPackets. Each keeper dials the election port of every other one to send, and
// accepts their dials to receive.
//
// Files: dataDir/version-2/acceptedEpoch and currentEpoch (decimal, as ZooKeeper writes them).
//
// Owned by the daemon; runs on the keeper's loop. Requires: the journal, file system and
// network outlive it.

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coordination/txn.h"
#include "coordination/zab_peer.h"
#include "keeper/keeper_config.h"
#include "keeper/keeper_database.h"
#include "keeper/quorum_link.h"
#include "runtime/file_system.h"
#include "runtime/loop.h"
#include "runtime/network.h"

namespace pier::keeper {

struct QuorumCallbacks {
  // A transaction to apply to the tree, in zxid order; `committed` false for one a role left
  // logged but unconfirmed (answer no client for it).
  std::function<void(const coordination::Txn& txn, bool committed)> apply;
  // The tree after a TRUNC or a SNAP: the keeper replaces its own (restored from disk).
  std::function<void(std::unique_ptr<coordination::DataTree> tree)> replaceTree;
  // The tree as snapshot bytes, for a SNAP to a learner.
  std::function<std::string()> snapshotBytes;
  // Everything the keeper reacts to: role and serving changes, forwarded requests, pings, syncs.
  std::function<void(const coordination::ZabEvent& event)> event;
  // Storage failed: the keeper must stop (ZooKeeper exits).
  std::function<void(const Status& why)> fatal;
};

// The durable state a keeper boots with, read from dataDir (epoch files) and the restored tree.
// `bootId` differs from boot to boot (the wall clock in ms will do).
Result<coordination::ZabPersisted> loadQuorumState(FileSystem& fs, const KeeperConfig& config,
                                                   const RestoredDatabase& restored,
                                                   uint64_t bootId);

class QuorumService {
 public:
  QuorumService(Loop& loop, Network& network, FileSystem& fs, KeeperConfig config,
                coordination::ZabPersisted persisted, ZkTxnJournal& journal,
                QuorumCallbacks callbacks);
  ~QuorumService();

  Status start();
  void stop();

  // Leader, serving: the zxid the next transaction must carry, and proposing it.
  std::optional<int64_t> nextZxid() const;
  void propose(const coordination::Txn& txn);
  // Learner, serving: a REQUEST / SYNC / REVALIDATE for the leader.
  void forward(coordination::ZabPacketType type, std::string data,
               std::vector<protocol::zookeeper::Id> authinfo = {});
  void setPingData(std::string data);
  // A snapshot of the tree at `zxid` was written: the log can no longer be cut below it.
  void snapshotTaken(int64_t zxid);

  const coordination::ZabPeer& peer() const { return m_peer; }

 private:
  struct ZabConn {
    NodeId peer;
    std::shared_ptr<QuorumLink> link;          // null while connecting
    std::vector<std::vector<uint8_t>> queued;  // frames sent before the connection was up
  };

  int64_t nowMs() const;
  void tick();
  void take(coordination::ZabReady ready);
  void drive();
  void persistThenFinish(std::vector<coordination::ZabReady> batch);
  void finish(coordination::ZabReady& ready);
  Status writeEpochs(const coordination::ZabReady& ready);

  void acceptElection(std::shared_ptr<Connection> conn);
  void sendNotification(NodeId to, const coordination::Notification& n);
  void acceptPeer(std::shared_ptr<Connection> conn);
  void connectToLeader(const coordination::ZabConnect& c);
  void sendPacket(const coordination::ZabSend& s);
  void closeZab(uint64_t connection);
  void zabClosed(uint64_t connection);
  const QuorumServerConfig* server(NodeId id) const;

  Loop& m_loop;
  Network& m_network;
  FileSystem& m_fs;
  KeeperConfig m_config;
  ZkTxnJournal& m_journal;
  QuorumCallbacks m_cb;
  coordination::ZabPeer m_peer;
  std::unique_ptr<Listener> m_electionListener;
  std::unique_ptr<Listener> m_peerListener;
  std::map<NodeId, std::shared_ptr<QuorumLink>> m_electionOut;
  std::map<NodeId, std::vector<std::vector<uint8_t>>> m_electionConnecting;
  std::vector<std::shared_ptr<QuorumLink>> m_electionIn;
  std::map<uint64_t, ZabConn> m_zab;
  uint64_t m_nextInbound = 1;  // ids for accepted learner connections (high bit set)
  std::deque<coordination::ZabReady> m_readies;
  bool m_busy = false;
  bool m_stopped = false;
  bool m_failed = false;
  std::optional<TimerId> m_tickTimer;
};

}  // namespace pier::keeper
