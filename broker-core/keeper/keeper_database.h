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
#include "runtime/loop.h"

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
Result<RestoredDatabase> restoreDatabase(FileSystem& fs, const std::string& dataDir,
                                         const std::string& dataLogDir);

// The tree as ZooKeeper's snapshot holds it: sessions, ACL table, nodes in pre-order (children
// in HashSet order, as DataTree.serialize walks them) and the tree digest at its zxid.
SnapshotImage snapshotOf(const coordination::DataTree& tree);
// The same stream encodeSnapshot(snapshotOf(tree)) gives, written straight from the tree: only
// the bytes are held, never an image of the whole tree beside it.
std::vector<uint8_t> encodeSnapshotOf(const coordination::DataTree& tree);
// The tree's snapshot into snapshot.<lastProcessedZxid>.tmp, encoded straight into the file in
// pieces (SnapshotEncoder::streamTo): memory stays at one piece whatever the tree's size. Not
// durable yet: publishSnapshot (zk_snapshot_files.h) makes it so and gives it its name. Blocks
// its caller for the writes (page cache only; no fsync).
Status writeSnapshotTemp(FileSystem& fs, const std::string& dataDir, const coordination::DataTree& tree);
// Writes snapshot.<lastProcessedZxid> durably (ZooKeeper takes one at start-up too, so a data
// directory always has a snapshot for the logs after it).
Status takeSnapshot(FileSystem& fs, const std::string& dataDir, const coordination::DataTree& tree);

// TxnJournal over ZooKeeper's transaction log. The writer lives on `storage` (a loop on its own
// thread): a commit hands the batch appended since the last one over, and the storage loop
// writes it, fsyncs, and posts the result back to `keeper`. Snapshots are written there too, in
// order with the commits: the log rolls, then snapshot.<zxid> is written (ZooKeeper's
// takeSnapshot, which rolls the log and writes in the background).
//
// Requires: both loops outlive the journal, and `storage` is drained (its thread joined) before
// the journal is destroyed.
class ZkTxnJournal final : public TxnJournal {
 public:
  // `snapshots`, when given, fsyncs and names published snapshots, so a large one does not hold
  // up the log's commits on `storage` (ZooKeeper's snapshot thread); else `storage` does it, in
  // order with rewrite() (what an ensemble member needs: see pier_keeper_main.cpp).
  ZkTxnJournal(FileSystem& fs, std::string dataLogDir, TxnLogOptions options, Loop& keeper,
               Loop& storage, Loop* snapshots = nullptr);
  Status append(const coordination::Txn& txn) override;
  // An entry already in the log's form (a ZAB proposal's payload), appended as it is.
  Status appendLogged(LoggedTxn txn);
  void commit(std::function<void(Status)> done) override;
  // On the storage loop: rolls the log, then (on the snapshots loop when there is one) makes
  // snapshot.<zxid>.tmp (writeSnapshotTemp) durable as snapshot.<zxid> in `dataDir`; `done`
  // runs on the keeper's loop.
  void publishSnapshot(std::string dataDir, int64_t zxid, std::function<void(Status)> done);
  // On the storage loop, in order with commits: rolls the log, runs `op` on the files (a ZAB
  // TRUNC or SNAP), and continues appending after `lastZxid`; `done` runs on the keeper's loop.
  void rewrite(int64_t lastZxid, std::function<Status(FileSystem&)> op,
               std::function<void(Status)> done);

 private:
  FileSystem& m_fs;
  Loop& m_keeper;
  Loop& m_storage;
  Loop* m_snapshots;
  TxnLogWriter m_writer;            // storage loop only
  std::vector<LoggedTxn> m_staged;  // keeper loop only: appended, not yet handed over
};

}  // namespace pier::keeper
