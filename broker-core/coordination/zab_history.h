#pragma once
// ZabHistory: the tail of a replica's committed transactions (ZKDatabase.committedLog), kept so
// a leader can bring a learner up to date by DIFF instead of a snapshot, and the decision itself
// (LearnerHandler.syncFollower) as a pure function of where the learner stands.
//
//   base            the zxid just before the first kept transaction (everything up to it is
//                   only in the snapshot/state); equals last() when nothing is kept
//   txns            committed transactions after base, zxids increasing; at most capacity
//
// planSync(peerLastZxid):
//   peer == last                      DIFF, nothing to send
//   peer >  last                      TRUNC to last (the peer holds proposals that never made it
//                                     into this history)
//   base <= peer < last, peer known   DIFF, the transactions after peer
//   base <  peer < last, peer unknown TRUNC to the last zxid before peer, then those after it
//                                     (the peer holds a transaction of an abandoned epoch)
//   otherwise (peer < base)           SNAP (too far behind for the kept tail)
//
// Owned by one quorum peer; single-threaded.

#include <cstddef>
#include <deque>
#include <vector>

#include "coordination/zab_packet.h"

namespace pier::coordination {

struct SyncPlan {
  enum class Kind { Diff, Trunc, Snap };
  Kind kind = Kind::Diff;
  Zxid truncateTo;           // Trunc: where the learner cuts its log
  std::vector<ZabTxn> txns;  // Diff/Trunc: committed transactions to send after it
};

class ZabHistory {
 public:
  // ZooKeeper's zookeeper.commitLogCount default.
  static constexpr std::size_t kDefaultCapacity = 500;

  explicit ZabHistory(std::size_t capacity = kDefaultCapacity);

  // Forget the kept transactions: the replica now stands at `last` (a restore, a snapshot).
  void reset(Zxid last);
  // A committed transaction. Requires: txn.zxid > last().
  void append(ZabTxn txn);
  // Drop kept transactions after `zxid` (a TRUNC). Requires: zxid >= base() or nothing is kept
  // beyond it; if zxid < base the history restarts at zxid.
  void truncateAfter(Zxid zxid);

  Zxid base() const { return m_base; }
  Zxid last() const { return m_txns.empty() ? m_base : m_txns.back().zxid; }
  const std::deque<ZabTxn>& txns() const { return m_txns; }

  SyncPlan planSync(Zxid peerLastZxid) const;

 private:
  std::vector<ZabTxn> after(Zxid zxid) const;

  std::size_t m_capacity;
  Zxid m_base{0};
  std::deque<ZabTxn> m_txns;
};

}  // namespace pier::coordination
