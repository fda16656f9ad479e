#include "keeper/keeper_database.h"

#include "base/log.h"
#include "coordination/znode_digest.h"
#include "keeper/zk_snapshot_files.h"
#include "keeper/zk_txn_log_reader.h"

namespace pier::keeper {

LoggedTxn toLogged(const coordination::Txn& txn) {
  return LoggedTxn{txn.header, coordination::encodeTxnBody(txn.body), txn.digest};
}

Result<coordination::Txn> fromLogged(const LoggedTxn& logged) {
  PIER_ASSIGN_OR_RETURN(coordination::TxnBody body,
                        coordination::decodeTxnBody(logged.header.type, logged.body));
  return coordination::Txn{logged.header, std::move(body), logged.digest};
}

namespace {

// DataTree.serializeNode's order: a node, then each child's subtree in the children set's order.
// One frame per level of the path being walked (its key and where its children's iteration
// stands), so a walk costs memory in the tree's depth, not in its width.
template <typename Fn>
void forEachInSnapshotOrder(const coordination::DataTree& tree, Fn&& fn) {
  struct Frame {
    std::string key;
    const coordination::DataNode* node;
    coordination::JavaHashSet::Cursor children;
  };
  const coordination::DataNode& root = tree.nodes().at("");
  fn(std::string(), root);
  std::vector<Frame> stack{{std::string(), &root, root.children.cursor()}};
  while (!stack.empty()) {
    Frame& top = stack.back();
    const std::string* child = top.node->children.next(top.children);
    if (child == nullptr) {
      stack.pop_back();
      continue;
    }
    std::string key = top.key + "/" + *child;
    const coordination::DataNode& node = tree.nodes().at(key);
    fn(key, node);
    stack.push_back({std::move(key), &node, node.children.cursor()});
  }
}

// The tree keeps its digest change by change (tst_data_tree holds it against a recomputation).
SnapshotDigest digestOf(const coordination::DataTree& tree) {
  return SnapshotDigest{tree.lastProcessedZxid(), coordination::kDigestVersion, tree.treeDigest()};
}

}  // namespace

SnapshotImage snapshotOf(const coordination::DataTree& tree) {
  SnapshotImage image;
  image.sessions = tree.sessions();
  image.acls = tree.acls().table();
  forEachInSnapshotOrder(tree, [&](const std::string& key, const coordination::DataNode& node) {
    image.nodes.push_back(SnapshotNode{key, node.data, node.aclId, node.stat});
  });
  image.digest = digestOf(tree);
  return image;
}

namespace {

void encodeNodes(SnapshotEncoder& e, const coordination::DataTree& tree) {
  forEachInSnapshotOrder(tree, [&](const std::string& key, const coordination::DataNode& node) {
    e.node(key, node.data, node.aclId, node.stat);
  });
}

}  // namespace

std::vector<uint8_t> encodeSnapshotOf(const coordination::DataTree& tree) {
  SnapshotEncoder e(tree.sessions(), tree.acls().table());
  std::size_t nodeBytes = 0;
  for (const auto& [key, node] : tree.nodes()) nodeBytes += SnapshotEncoder::nodeBytes(key, node.data);
  e.expectNodes(nodeBytes);
  encodeNodes(e, tree);
  return std::move(e).finish(digestOf(tree));
}

Status writeSnapshotTemp(FileSystem& fs, const std::string& dataDir, const coordination::DataTree& tree) {
  PIER_ASSIGN_OR_RETURN(auto file, openSnapshotTemp(fs, dataDir, tree.lastProcessedZxid()));
  SnapshotEncoder e(tree.sessions(), tree.acls().table());
  e.streamTo([&file](std::span<const uint8_t> piece) { return file->append(piece).status(); });
  encodeNodes(e, tree);
  (void)std::move(e).finish(digestOf(tree));  // handed to the file piece by piece
  return e.sinkStatus();
}

Status takeSnapshot(FileSystem& fs, const std::string& dataDir,
                    const coordination::DataTree& tree) {
  PIER_RETURN_IF_ERROR(writeSnapshotTemp(fs, dataDir, tree));
  return publishSnapshot(fs, dataDir, tree.lastProcessedZxid());
}

namespace {

Status loadSnapshot(coordination::DataTree& tree, const LoadedSnapshot& loaded) {
  const SnapshotImage& image = loaded.image;
  tree.clearForLoad(image.acls, image.sessions);
  for (const SnapshotNode& n : image.nodes) {
    coordination::DataNode node;
    node.data = n.data;
    node.aclId = n.aclRef;
    node.stat = n.stat;
    PIER_RETURN_IF_ERROR(tree.loadNode(n.path, std::move(node)));
  }
  tree.finishLoad();
  tree.setLastProcessedZxid(loaded.file.zxid);
  return Status();
}

}  // namespace

Result<RestoredDatabase> restoreDatabase(FileSystem& fs, const std::string& dataDir,
                                         const std::string& dataLogDir) {
  RestoredDatabase out;
  out.tree = std::make_unique<coordination::DataTree>();
  PIER_ASSIGN_OR_RETURN(std::optional<LoadedSnapshot> snapshot,
                        readNewestValidSnapshot(fs, dataDir));
  if (snapshot) {
    for (const auto& skipped : snapshot->skipped)
      PIER_LOG_WARN("skipping an invalid snapshot", {"why", skipped});
    PIER_RETURN_IF_ERROR(loadSnapshot(*out.tree, *snapshot));
    out.snapshotZxid = snapshot->file.zxid;
  }
  PIER_ASSIGN_OR_RETURN(TxnLogContents log,
                        readTxnLog(fs, dataLogDir, out.tree->lastProcessedZxid() + 1));
  for (const LoggedTxn& logged : log.txns) {
    PIER_ASSIGN_OR_RETURN(coordination::Txn txn, fromLogged(logged));
    out.tree->processTxn(txn);
    ++out.replayedTxns;
  }
  out.tree->takeNotices();
  if (out.tree->digestMismatches() > 0) {
    PIER_LOG_ERROR(
        "Digests are not matching: replayed transactions disagree with the tree digest they logged",
        {"mismatches", out.tree->digestMismatches()});
  }
  if (log.tornTail) {
    PIER_LOG_WARN("transaction log has a torn tail; cutting it", {"file", log.tornTail->fileName},
                  {"offset", log.tornTail->offset});
    PIER_RETURN_IF_ERROR(truncateLogAfter(fs, dataLogDir, out.tree->lastProcessedZxid()));
  }
  return out;
}

ZkTxnJournal::ZkTxnJournal(FileSystem& fs, std::string dataLogDir, TxnLogOptions options,
                           Loop& keeper, Loop& storage, Loop* snapshots)
    : m_fs(fs),
      m_keeper(keeper),
      m_storage(storage),
      m_snapshots(snapshots),
      m_writer(fs, std::move(dataLogDir), options) {}

Status ZkTxnJournal::append(const coordination::Txn& txn) {
  return appendLogged(toLogged(txn));
}

Status ZkTxnJournal::appendLogged(LoggedTxn txn) {
  m_staged.push_back(std::move(txn));
  return Status();
}

void ZkTxnJournal::commit(std::function<void(Status)> done) {
  m_storage.post([this, batch = std::exchange(m_staged, {}), done = std::move(done)]() mutable {
    Status result;
    for (const LoggedTxn& txn : batch) {
      result = m_writer.append(txn);
      if (!result) break;
    }
    if (result) result = m_writer.commit();
    m_keeper.post([done = std::move(done), result] { done(result); });
  });
}

void ZkTxnJournal::publishSnapshot(std::string dataDir, int64_t zxid, std::function<void(Status)> done) {
  m_storage.post([this, dataDir = std::move(dataDir), zxid, done = std::move(done)]() mutable {
    Status result = m_writer.roll();
    if (!result || m_snapshots == nullptr) {
      if (result) result = keeper::publishSnapshot(m_fs, dataDir, zxid);
      m_keeper.post([done = std::move(done), result] { done(result); });
      return;
    }
    // The snapshot's fsync (tens of MB for a large tree) runs beside the log's commits.
    m_snapshots->post([this, dataDir = std::move(dataDir), zxid, done = std::move(done)]() mutable {
      Status published = keeper::publishSnapshot(m_fs, dataDir, zxid);
      m_keeper.post([done = std::move(done), published] { done(published); });
    });
  });
}

void ZkTxnJournal::rewrite(int64_t lastZxid, std::function<Status(FileSystem&)> op,
                           std::function<void(Status)> done) {
  m_storage.post([this, lastZxid, op = std::move(op), done = std::move(done)]() mutable {
    Status result = m_writer.roll();
    if (result) result = op(m_fs);
    m_writer.restartAfter(lastZxid);
    m_keeper.post([done = std::move(done), result] { done(result); });
  });
}

}  // namespace pier::keeper
