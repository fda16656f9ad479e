#pragma once
// The keeper's durable database in ZooKeeper 3.8's files (docs/FORMAT-keeper.md): restore at
// start (newest valid snapshot, then every logged transaction after it, a torn log tail cut
// off), the transaction journal the server commits through, and snapshots.
//
// Used on the keeper's loop; holds references to the FileSystem (Requires: it outlives these).

#include <cstdint>
#include <memory>
#include <string>

#include "base/result.h"
#include "coordination/data_tree.h"
#include "keeper/txn_journal.h"
#include "keeper/zk_snapshot.h"
#include "keeper/zk_txn_entry.h"
#include "keeper/zk_txn_log.h"
#include "runtime/file_system.h"

namespace pier::keeper {

// A Txn as the log stores it, and back.
LoggedTxn toLogged(const coordination::Txn& txn);
Result<coordination::Txn> fromLogged(const LoggedTxn& logged);

struct RestoredDatabase {
  std::unique_ptr<coordination::DataTree> tree;
  int64_t snapshotZxid = -1;  // -1: started without a snapshot
  int64_t replayedTxns = 0;
};

// FileTxnSnapLog.restore: the newest valid snapshot, then every logged transaction after it
// (a torn log tail is cut off): the tree as of the last durable transaction.
Result<RestoredDatabase> restoreDatabase(FileSystem& fs, const std::string& dataDir, const std::string& dataLogDir);

// The tree as ZooKeeper's snapshot holds it: sessions, ACL table, nodes in pre-order (children
// in HashSet order, as DataTree.serialize walks them) and the tree digest at its zxid.
SnapshotImage snapshotOf(const coordination::DataTree& tree);
// Writes snapshot.<lastProcessedZxid> (ZooKeeper takes one at start-up too, so a data directory
// always has a snapshot for the logs after it).
Status takeSnapshot(FileSystem& fs, const std::string& dataDir, const coordination::DataTree& tree);

// TxnJournal over ZooKeeper's transaction log.
class ZkTxnJournal final : public TxnJournal {
 public:
  ZkTxnJournal(FileSystem& fs, std::string dataLogDir, TxnLogOptions options);
  Status append(const coordination::Txn& txn) override;
  Status commit() override;
  // After a snapshot: the next transaction starts a new log file (ZooKeeper's rollLog).
  Status roll() { return m_writer.roll(); }

 private:
  TxnLogWriter m_writer;
};

}  // namespace pier::keeper
