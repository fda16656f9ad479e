#pragma once
// DataTree: ZooKeeper's in-memory znode tree and the transactions that change it.
//
// Every replica applies the same committed transactions in zxid order and ends in the same
// state (processTxn is deterministic: no clock, no randomness, Java's HashSet order emulated
// for children and ephemerals). Applying a transaction also fires watches: the notices pile up
// until the server takes them (takeNotices) and sends them before the answer to any later
// request, as ZooKeeper guarantees.
//
// Layout as ZooKeeper's: the root is keyed "" (clients say "/"), /zookeeper, /zookeeper/quota
// and /zookeeper/config exist from the start. Client-visible cversion is translated from the
// stored count of creates as DataNode.copyStat does (cversion * 2 - numChildren). Sessions and
// their timeouts live here too (ZKDatabase.sessionsWithTimeouts), since snapshots hold both.
//
// Single-threaded: owned by the keeper's loop. Quotas (/zookeeper/quota accounting) are not kept.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coordination/acl_cache.h"
#include "coordination/java_hash_set.h"
#include "coordination/txn.h"
#include "coordination/watch_manager.h"
#include "coordination/zk_constants.h"
#include "protocol/zookeeper/generated/jute_data.h"
#include "protocol/zookeeper/generated/jute_proto.h"

namespace pier::coordination {

struct DataNode {
  std::optional<std::string> data;
  int64_t aclId = kOpenAclId;
  pz::StatPersisted stat;
  JavaHashSet children{8};
  // znodeDigest of this node as the tree last added it to the tree digest (DataTree keeps it;
  // a change subtracts it instead of hashing the node again). Costs no memory: the map's node
  // stays in the same malloc size class.
  int64_t cachedDigest = 0;
};

struct ProcessTxnResult {
  int64_t clientId = 0;
  int32_t cxid = 0;
  int64_t zxid = 0;
  ZkError err = ZkError::Ok;
  int32_t type = 0;
  std::string path;
  std::optional<pz::Stat> stat;
  std::vector<ProcessTxnResult> multiResult;
};

// A watch that fired: the connection to tell and the event.
struct WatchNotice {
  WatcherId watcher = 0;
  EventType type = EventType::None;
  std::string path;  // as clients see it ("/" for the root)
  friend bool operator==(const WatchNotice&, const WatchNotice&) = default;
};

class DataTree {
 public:
  DataTree();

  // Applies one committed transaction (ZooKeeper's DataTree.processTxn plus the session
  // bookkeeping of FileTxnSnapLog.processTransaction).
  ProcessTxnResult processTxn(const Txn& txn);
  int64_t lastProcessedZxid() const { return m_lastProcessedZxid; }
  // ZooKeeper 3.8's tree digest (znode_digest.h), kept up to date by every change.
  int64_t treeDigest() const { return m_treeDigest; }
  // Transactions whose logged TxnDigest disagreed with the tree after applying them
  // (DataTree.compareDigest); 0 on a healthy replica.
  int64_t digestMismatches() const { return m_digestMismatches; }
  void setLastProcessedZxid(int64_t zxid) { m_lastProcessedZxid = zxid; }

  // Lookups take client paths ("/" is the root). nullptr when absent.
  const DataNode* find(std::string_view path) const;
  pz::Stat statOf(const DataNode& node) const;
  AclList aclOf(const DataNode& node) const;
  // Children names in the order ZooKeeper returns them.
  std::vector<std::string> childrenOf(const DataNode& node) const { return node.children.items(); }
  // DataTree.getAllChildrenNumber: every node below `path`.
  int32_t allChildrenNumber(std::string_view path) const;
  // A session's ephemeral paths in ZooKeeper's order (a clone of its HashSet).
  JavaHashSet ephemeralsOf(int64_t sessionId) const;
  const std::map<int64_t, int32_t>& sessions() const { return m_sessions; }

  // Watches. Data watches are also how exists() watches a missing node.
  void addDataWatch(const std::string& path, WatcherId watcher);
  void addChildWatch(const std::string& path, WatcherId watcher);
  void addPersistentWatch(const std::string& path, WatcherId watcher, bool recursive);
  bool removeWatch(const std::string& path, WatcherType type, WatcherId watcher);
  bool containsWatch(const std::string& path, WatcherType type, WatcherId watcher) const;
  void removeWatcher(WatcherId watcher);
  // SetWatches after a reconnect: watches on what changed since relativeZxid fire at once.
  void setWatches(int64_t relativeZxid, const pz::SetWatches2& watches, WatcherId watcher);
  std::vector<WatchNotice> takeNotices();
  const WatchManager& dataWatches() const { return m_dataWatches; }
  const WatchManager& childWatches() const { return m_childWatches; }

  // For four-letter words and snapshots.
  std::size_t nodeCount() const { return m_nodes.size(); }
  // DataTree.approximateDataSize: path and data bytes of every node, the root counted under both
  // of ZooKeeper's keys ("" and "/").
  int64_t approximateDataSize() const { return m_dataSize + 1; }
  const std::unordered_map<std::string, DataNode>& nodes() const { return m_nodes; }
  const AclCache& acls() const { return m_acls; }
  std::size_t ephemeralCount() const;
  const std::set<std::string>& containers() const { return m_containers; }
  // ContainerManager.getCandidates: empty containers that once had a child, and empty TTL
  // nodes not modified for longer than their TTL, in the order ZooKeeper deletes them.
  std::vector<std::string> containerCandidates(int64_t nowWallMs) const;
  const std::set<std::string>& ttls() const { return m_ttls; }

  // Snapshot load: nodes in pre-order (parents first), keyed as ZooKeeper writes them ("" root).
  void clearForLoad(std::map<int64_t, AclList> acls, std::map<int64_t, int32_t> sessions);
  Status loadNode(const std::string& key, DataNode node);
  void finishLoad();

 private:
  ZkError createNode(const std::string& path, const std::optional<std::string>& data, const AclList& acl,
                     int64_t ephemeralOwner, int32_t parentCVersion, int64_t zxid, int64_t time,
                     std::optional<pz::Stat>* statOut);
  ZkError deleteNode(const std::string& path, int64_t zxid);
  ZkError setData(const std::string& path, const std::optional<std::string>& data, int32_t version, int64_t zxid,
                  int64_t time, std::optional<pz::Stat>* statOut);
  ZkError setAcl(const std::string& path, const AclList& acl, int32_t version, std::optional<pz::Stat>* statOut);
  void killSession(int64_t sessionId, int64_t zxid, const std::vector<std::string>* pathsInTxn);
  void applyBody(const Txn& txn, ProcessTxnResult& rc);
  void applyMulti(const Txn& txn, const pz::MultiTxn& multi, ProcessTxnResult& rc);
  void notify(const std::set<WatcherId>& watchers, EventType type, std::string_view key);
  DataNode* findKey(std::string_view key);
  static int64_t nodeSize(std::string_view key, const std::optional<std::string>& data);
  // addDigest hashes the node and keeps the value on it; removeDigest takes that value back
  // out. Every change of a node's path, data or stat sits between the two.
  void addDigest(std::string_view key, DataNode& node);
  void removeDigest(const DataNode& node);

  std::unordered_map<std::string, DataNode> m_nodes;
  AclCache m_acls;
  std::map<int64_t, JavaHashSet> m_ephemerals;
  std::set<std::string> m_containers;
  std::set<std::string> m_ttls;
  std::map<int64_t, int32_t> m_sessions;
  WatchManager m_dataWatches;
  WatchManager m_childWatches;
  std::vector<WatchNotice> m_notices;
  int64_t m_lastProcessedZxid = 0;
  int64_t m_dataSize = 0;
  int64_t m_treeDigest = 0;
  int64_t m_digestMismatches = 0;
};

}  // namespace pier::coordination
