#pragma once
// TxnJournal: where the keeper makes transactions durable before it applies and answers them.
// append() buffers, commit() makes everything appended durable (one fsync for a batch: group
// commit). The ZooKeeper-format implementation is keeper_database.h; tests may use a memory one.
//
// Used on the keeper's loop only.

#include "base/status.h"
#include "coordination/txn.h"

namespace pier::keeper {

class TxnJournal {
 public:
  virtual ~TxnJournal() = default;
  virtual Status append(const coordination::Txn& txn) = 0;
  virtual Status commit() = 0;
};

}  // namespace pier::keeper
