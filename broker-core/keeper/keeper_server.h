#pragma once
// KeeperServer: pier-keeper's client side: ZooKeeper's request pipeline on one loop.
// Standalone it makes writes durable through its TxnJournal (below); in an ensemble
// (attachQuorum, keeper_server_quorum.cpp) writes go through ZAB instead -- the leader proposes,
// learners forward -- and the same queue answers each request once its transaction is committed
// and applied.
//
//   request -> (write) RequestPreparer -> TxnJournal.append      (PrepRequestProcessor)
//           -> queued in arrival order with the reads             (one queue for all sessions)
//   flush   -> TxnJournal.commit (one fsync for everything queued: group commit)
//           -> for each queued request, in order: apply its txn to the DataTree, send the watch
//              events it fired, answer it (reads are answered here, at their turn, so a read
//              never sees an unacknowledged write and never overtakes an earlier request)
//
// Sessions: created and closed by transactions, expired by the SessionTracker on tickTime
// buckets (closeSession transaction, ephemerals deleted, connection closed). A client that
// reconnects with its session id and password keeps its session; a wrong password or a dead
// session gets ZooKeeper's "expired" ConnectResponse (timeout 0, session 0).
//
// Persist -> apply -> answer is the order: nothing is answered or applied before commit()
// returned. A failed commit stops the server (ZooKeeper exits): answers already given stay true.
//
// Owned by the daemon; everything runs on `loop`.

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coordination/data_tree.h"
#include "coordination/request_answers.h"
#include "coordination/request_preparer.h"
#include "coordination/session_tracker.h"
#include "coordination/zab_ready.h"
#include "keeper/keeper_config.h"
#include "keeper/keeper_connection.h"
#include "keeper/txn_journal.h"
#include "protocol/zookeeper/generated/jute_proto.h"
#include "runtime/loop.h"
#include "runtime/network.h"

namespace pier::keeper {

class QuorumService;

struct KeeperCounters {
  int64_t packetsReceived = 0;
  int64_t packetsSent = 0;
  int64_t requestsAnswered = 0;
  int64_t latencyTotalMs = 0;
  int64_t latencyMinMs = 0;
  int64_t latencyMaxMs = 0;
};

class KeeperServer {
 public:
  // `tree`: the restored database (or a fresh one); `journal` makes transactions durable.
  KeeperServer(Loop& loop, Network& network, KeeperConfig config,
               std::unique_ptr<coordination::DataTree> tree, TxnJournal& journal);
  ~KeeperServer();

  Status start();
  // Stops accepting and closes every connection (sessions stay; they expire as in ZooKeeper).
  void stop();
  Endpoint clientEndpoint() const;
  // Called after every applied transaction count reaches snapCount (the daemon snapshots).
  void setSnapshotHook(std::function<void(const coordination::DataTree&)> hook) {
    m_snapshotHook = std::move(hook);
  }
  // A fatal storage error: the daemon exits.
  void setFatalHook(std::function<void(const Status&)> hook) { m_fatalHook = std::move(hook); }

  const coordination::DataTree& tree() const { return *m_tree; }

  // Ensemble mode (keeper_server_quorum.cpp): writes go through ZAB instead of the journal;
  // clients are served only while the quorum peer is serving. Requires: before start().
  void attachQuorum(QuorumService* quorum);
  // From QuorumService: a transaction to apply (committed, or fast-forwarded when a role ends).
  void applyReplicated(const coordination::Txn& txn, bool committed);
  void replaceTree(std::unique_ptr<coordination::DataTree> tree);
  std::string snapshotBytes() const;
  void onQuorumEvent(const coordination::ZabEvent& event);

  // From KeeperConnection.
  void onConnect(const std::shared_ptr<KeeperConnection>& conn,
                 const protocol::zookeeper::ConnectRequest& req);
  void onRequest(const std::shared_ptr<KeeperConnection>& conn, int32_t xid, int32_t type,
                 std::vector<uint8_t> body);
  void onClosed(KeeperConnection* conn);
  std::string fourLetterWord(std::span<const uint8_t, 4> word, const KeeperConnection& asking);
  int32_t juteMaxBuffer() const { return m_config.juteMaxBufferBytes; }
  int64_t lastZxid() const { return m_tree->lastProcessedZxid(); }
  void countSent() { ++m_counters.packetsSent; }
  // globalOutstandingLimit: with that many requests queued, connections stop reading until
  // the queue drains below it (ZooKeeper's RequestThrottler / shouldThrottle).
  bool throttled() const;
  void waitForCapacity(std::shared_ptr<KeeperConnection> conn);
  void resumeIfRoom();  // throttled connections read again once the queue has room

 private:
  enum class After { Answer, ConnectResponse, CloseConnection, DropConnection };
  struct Pending {
    std::weak_ptr<KeeperConnection> conn;
    int64_t sessionId = 0;
    int32_t xid = 0;
    coordination::OpCode type = coordination::OpCode::Error;
    std::vector<uint8_t> body;
    std::optional<coordination::Txn> txn;
    coordination::ZkError refused = coordination::ZkError::Ok;  // answered without running it
    After after = After::Answer;
    int32_t timeoutMs = 0;
    MonoTime arrived{};
    // Ensemble mode: a write forwarded to the leader (matched by session and cxid when it is
    // applied), a sync waiting for the leader's answer, and the result once applied.
    bool forwarded = false;
    bool awaitingSync = false;
    std::optional<coordination::ProcessTxnResult> result;
  };

  void accept(std::shared_ptr<Connection> conn);
  void resetPreparer();      // a preparer over the current tree, no outstanding changes
  void trackTreeSessions();  // every session in the tree live, with a fresh timeout
  bool quorumReady(const Pending& p) const;
  void drainQuorum();
  void forwardWrite(Pending p, int32_t type, const std::vector<uint8_t>& body,
                    const coordination::AuthIds* auth);
  void onLearnerRequest(const coordination::ZabEvent& event);
  void onLearnerPing(const std::string& data);
  void stopServing(const std::string& why);
  void startServing(bool leading, int64_t epoch);
  void afterApply(const coordination::Txn& txn);
  void quorumTick();
  void enqueue(Pending pending);
  void scheduleFlush();
  void flush();
  void committed(std::deque<Pending> batch, const Status& result);
  void complete(Pending& p);
  void deliverNotices();
  void answer(Pending& p, coordination::ZkError err, const std::vector<uint8_t>& body);
  void sendConnectResponse(KeeperConnection& conn, int32_t timeoutMs, int64_t sessionId,
                           const std::string& passwd);
  void reopenSession(const std::shared_ptr<KeeperConnection>& conn,
                     const protocol::zookeeper::ConnectRequest& req, int32_t timeoutMs);
  void closeSession(int64_t sessionId, std::weak_ptr<KeeperConnection> conn, int32_t xid,
                    After after);
  void expireSessions();
  void checkContainers();
  int64_t monoMs() const;
  KeeperStatus status(const KeeperConnection& asking) const;

  Loop& m_loop;
  Network& m_network;
  KeeperConfig m_config;
  std::unique_ptr<coordination::DataTree> m_tree;
  TxnJournal& m_journal;
  coordination::SessionTracker m_sessions;
  std::unique_ptr<coordination::RequestPreparer> m_preparer;
  QuorumService* m_quorum = nullptr;
  bool m_serving = true;  // standalone always; an ensemble member while its peer serves
  bool m_leading = false;
  std::unique_ptr<Listener> m_listener;
  std::map<uint64_t, std::shared_ptr<KeeperConnection>> m_connections;
  std::map<int64_t, uint64_t> m_sessionConnection;  // session -> its current connection
  uint64_t m_nextConnectionId = 1;
  std::deque<Pending> m_queue;
  std::size_t m_inFlight = 0;                             // requests in the batch being committed
  std::vector<std::weak_ptr<KeeperConnection>> m_paused;  // throttled connections
  bool m_flushScheduled = false;
  bool m_committing = false;  // a batch is being made durable; the queue waits behind it
  bool m_failed = false;
  std::optional<TimerId> m_tickTimer;
  std::optional<TimerId> m_containerTimer;
  int64_t m_txnsSinceSnapshot = 0;
  KeeperCounters m_counters;
  int64_t m_startedWallMs = 0;
  std::function<void(const coordination::DataTree&)> m_snapshotHook;
  std::function<void(const Status&)> m_fatalHook;
};

}  // namespace pier::keeper
