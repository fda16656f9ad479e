#pragma once
// TxnJournal: where the keeper makes transactions durable before it applies and answers them.
// append() buffers on the keeper's loop; commit() makes everything appended so far durable and
// then calls `done` on the keeper's loop. The ZooKeeper-format implementation
// (keeper_database.h) writes and fsyncs on a storage thread, so the keeper keeps reading and
// preparing the next batch while one is being synced (pipelined group commit).
//
// append() and commit() are called on the keeper's loop only; `done` runs there too, once per
// commit, in commit order.

#include <functional>

#include "base/status.h"
#include "coordination/txn.h"

namespace pier::keeper {

class TxnJournal {
 public:
  virtual ~TxnJournal() = default;
  virtual Status append(const coordination::Txn& txn) = 0;
  virtual void commit(std::function<void(Status)> done) = 0;
};

}  // namespace pier::keeper
