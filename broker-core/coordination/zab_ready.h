#pragma once
// ZabReady: what one step of a ZAB state machine (ZabPeer and its leader/learner roles) asks its
// host to do, in this order:
//
//   1. installSnapshot / truncateTo   replace or cut the replica's state and log (a learner's sync)
//   2. toLog                          append these transactions to the log
//   3. acceptedEpoch / currentEpoch   persist the new values
//      -- everything above durable (fsync) before anything below --
//   4. toApply                        apply these committed transactions, in order; then
//      toFastForward                  apply these too: logged proposals a role left behind
//                                     (not known to be committed: answer no client for them)
//   5. toClose, connect               drop these quorum connections; open this one (to a leader)
//   6. toSend                         send, in order (a SNAP marked attachSnapshot carries the
//                                     applied state, which after step 4 is at packet.zxid)
//   7. notifications, events          election messages; what the keeper reacts to
//
// This is ZooKeeper's "log before ack, persist the epoch before answering, commit after a
// quorum" written down once; the host is the only place that knows how (fsync, sockets).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/ids.h"
#include "coordination/leader_election_fsm.h"
#include "coordination/zab_history.h"
#include "coordination/zab_packet.h"

namespace pier::coordination {

struct ZabSend {
  NodeId to;
  uint64_t connection = 0;  // the quorum connection it goes on
  QuorumPacket packet;
  bool attachSnapshot = false;  // SNAP: the host fills packet.data with its applied state
};

struct ZabConnect {
  NodeId leader;
  uint64_t connection = 0;  // the id this peer gives the new connection
};

struct ZabSnapshotInstall {
  Zxid zxid;
  std::string bytes;
};

struct ZabEvent {
  enum class Kind {
    Looking,            // the peer lost (or never had) a leader; detail says why
    Leading,            // elected; epoch not yet established
    Following,          // elected someone else (or observing); syncing with them
    Serving,            // established leader, or learner up to date: clients may be served
    LearnerRequest,     // leader: a learner forwarded a REQUEST (data)
    LearnerPing,        // leader: a learner's PING answer (data: its session touches)
    LearnerRevalidate,  // leader: a learner asks about a session (data)
    SyncDone,           // learner: the leader answered a SYNC (data echoes the request)
  };
  Kind kind = Kind::Looking;
  NodeId peer;                                // the leader, or the learner a request came from
  int64_t epoch = 0;                          // Leading/Following/Serving
  std::string data;                           // requests, pings, reasons
  std::vector<protocol::zookeeper::Id> auth;  // LearnerRequest: the client's auth ids
};

struct ZabReady {
  std::optional<ZabSnapshotInstall> installSnapshot;
  std::optional<Zxid> truncateTo;
  std::vector<ZabTxn> toLog;
  std::optional<int64_t> acceptedEpoch;
  std::optional<int64_t> currentEpoch;
  std::vector<ZabTxn> toApply;
  std::vector<ZabTxn> toFastForward;
  std::vector<uint64_t> toClose;
  std::optional<ZabConnect> connect;
  std::vector<ZabSend> toSend;
  std::vector<OutgoingNotification> notifications;
  std::vector<ZabEvent> events;

  bool empty() const {
    return !installSnapshot && !truncateTo && toLog.empty() && !acceptedEpoch && !currentEpoch &&
           toApply.empty() && toFastForward.empty() && toClose.empty() && !connect &&
           toSend.empty() && notifications.empty() && events.empty();
  }
};

struct ZabTiming {  // zoo.cfg
  int64_t tickTimeMs = 2000;
  int64_t initLimit = 10;
  int64_t syncLimit = 5;
  int64_t initMs() const { return tickTimeMs * initLimit; }
  int64_t syncMs() const { return tickTimeMs * syncLimit; }
};

// What a quorum peer's roles share: configuration, the durable epochs and log position, the
// committed history, and the Ready being filled. Owned by ZabPeer; roles hold a reference.
struct ZabShared {
  NodeId myId;
  std::vector<NodeId> voters;  // sorted
  std::vector<NodeId> observers;
  ZabTiming timing;
  int64_t acceptedEpoch = 0;
  int64_t currentEpoch = 0;
  Zxid lastLogged{0};
  Zxid lastApplied{0};
  // The replica cannot cut its state below its newest snapshot. A snapshot received by SNAP may
  // hold proposals a later leader never had; such a learner asks for a new SNAP (ACKEPOCH with
  // lastZxid -1) instead of truncating (ZooKeeper diverges here: ZOOKEEPER-1549).
  Zxid truncateFloor{0};
  bool needSnapshot = false;
  uint64_t bootId = 0;       // distinct per boot
  uint64_t connections = 0;  // learner connections opened this boot
  ZabHistory* history = nullptr;
  ZabReady* out = nullptr;

  uint64_t newConnectionId() { return (bootId << 24) | (++connections & 0xffffff); }
  bool isVoter(NodeId sid) const;
  bool isObserver(NodeId sid) const;
  // A majority of the voters (members outside `voters` never count).
  bool isQuorum(const std::vector<NodeId>& sids) const;
  void send(NodeId to, uint64_t connection, QuorumPacket packet, bool attachSnapshot = false);
  void log(const ZabTxn& txn);
  void apply(const ZabTxn& txn);        // committed: applied and kept in the history
  void fastForward(const ZabTxn& txn);  // logged, fate unknown: applied and kept all the same
  void persistAcceptedEpoch(int64_t epoch);
  void persistCurrentEpoch(int64_t epoch);
  void event(ZabEvent::Kind kind, NodeId peer, int64_t epoch, std::string data = {});

 private:
  void applyInto(std::vector<ZabTxn>& list, const ZabTxn& txn);
};

}  // namespace pier::coordination
