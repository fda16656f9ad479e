#include "coordination/data_tree.h"

#include "base/assert.h"
#include "coordination/coordination_error.h"
#include "coordination/znode_digest.h"
#include "coordination/znode_path.h"

namespace pier::coordination {

namespace {

// Java int arithmetic: cversion wraps past INT_MAX (and doubles in copyStat) without UB.
int32_t javaInt(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

pz::StatPersisted createStat(int64_t zxid, int64_t time, int64_t ephemeralOwner) {
  pz::StatPersisted s;
  s.czxid = zxid;
  s.mzxid = zxid;
  s.ctime = time;
  s.mtime = time;
  s.ephemeralOwner = ephemeralOwner;
  s.pzxid = zxid;
  return s;
}

DataNode systemNode() {
  DataNode n;
  n.data = std::string();
  return n;
}

}  // namespace

DataTree::DataTree() {
  // DataTree's constructor: "", /zookeeper, /zookeeper/quota, then addConfigNode().
  m_nodes.emplace("", systemNode());
  m_nodes.at("").children.insert("zookeeper");
  m_nodes.emplace("/zookeeper", systemNode());
  m_nodes.at("/zookeeper").children.insert("quota");
  m_nodes.emplace("/zookeeper/quota", systemNode());
  m_nodes.at("/zookeeper").children.insert("config");
  DataNode config = systemNode();
  config.aclId = m_acls.use(readAclUnsafe());
  config.stat.aversion = -1;  // set by setACL(..., version -1)
  m_nodes.emplace("/zookeeper/config", std::move(config));
  for (auto& [key, node] : m_nodes) {
    m_dataSize += nodeSize(key, node.data);
    addDigest(key, node);
  }
}

void DataTree::addDigest(std::string_view key, DataNode& node) {
  node.cachedDigest = znodeDigest(key, node.data, node.stat);
  m_treeDigest = digestAdd(m_treeDigest, node.cachedDigest);
}

void DataTree::removeDigest(const DataNode& node) {
  m_treeDigest = digestSubtract(m_treeDigest, node.cachedDigest);
}

int64_t DataTree::nodeSize(std::string_view key, const std::optional<std::string>& data) {
  return static_cast<int64_t>(key.size()) + (data ? static_cast<int64_t>(data->size()) : 0);
}

DataNode* DataTree::findKey(std::string_view key) {
  auto it = m_nodes.find(std::string(key));
  return it == m_nodes.end() ? nullptr : &it->second;
}

const DataNode* DataTree::find(std::string_view path) const {
  auto it = m_nodes.find(std::string(treeKey(path)));
  return it == m_nodes.end() ? nullptr : &it->second;
}

pz::Stat DataTree::statOf(const DataNode& node) const {
  const auto numChildren = static_cast<int32_t>(node.children.size());
  pz::Stat s;
  s.czxid = node.stat.czxid;
  s.mzxid = node.stat.mzxid;
  s.ctime = node.stat.ctime;
  s.mtime = node.stat.mtime;
  s.version = node.stat.version;
  // DataNode.copyStat: the stored count of creates becomes the count of changes.
  s.cversion = javaInt(static_cast<int64_t>(node.stat.cversion) * 2 - numChildren);
  s.aversion = node.stat.aversion;
  // DataNode.getClientEphemeralOwner: containers and TTL nodes show 0 to clients.
  s.ephemeralOwner = ephemeralKind(node.stat.ephemeralOwner) == EphemeralKind::Normal ? node.stat.ephemeralOwner : 0;
  s.dataLength = node.data ? static_cast<int32_t>(node.data->size()) : 0;
  s.numChildren = numChildren;
  s.pzxid = node.stat.pzxid;
  return s;
}

AclList DataTree::aclOf(const DataNode& node) const {
  auto acl = m_acls.lookup(node.aclId);
  return acl ? *acl : AclList{};
}

int32_t DataTree::allChildrenNumber(std::string_view path) const {
  if (path == "/") return static_cast<int32_t>(m_nodes.size()) - 1;
  const std::string prefix = std::string(path) + "/";
  int32_t n = 0;
  for (const auto& [key, node] : m_nodes) {
    if (key.compare(0, prefix.size(), prefix) == 0) ++n;
  }
  return n;
}

JavaHashSet DataTree::ephemeralsOf(int64_t sessionId) const {
  auto it = m_ephemerals.find(sessionId);
  return it == m_ephemerals.end() ? JavaHashSet() : it->second.clone();
}

std::vector<std::string> DataTree::containerCandidates(int64_t nowWallMs) const {
  JavaHashSet candidates;
  for (const auto& path : m_containers) {
    auto it = m_nodes.find(path);
    // cversion > 0: a container is only removed once it has had a child.
    if (it != m_nodes.end() && it->second.children.empty() && it->second.stat.cversion > 0) candidates.insert(path);
  }
  for (const auto& path : m_ttls) {
    auto it = m_nodes.find(path);
    if (it == m_nodes.end() || !it->second.children.empty()) continue;
    const int64_t ttl = ttlOf(it->second.stat.ephemeralOwner);
    if (ttl != 0 && nowWallMs - it->second.stat.mtime > ttl) candidates.insert(path);
  }
  return candidates.items();
}

std::size_t DataTree::ephemeralCount() const {
  std::size_t n = 0;
  for (const auto& [session, paths] : m_ephemerals) n += paths.size();
  return n;
}

void DataTree::notify(const std::set<WatcherId>& watchers, EventType type, std::string_view key) {
  for (WatcherId w : watchers) m_notices.push_back(WatchNotice{w, type, clientPath(key)});
}

std::vector<WatchNotice> DataTree::takeNotices() { return std::exchange(m_notices, {}); }

ZkError DataTree::createNode(const std::string& path, const std::optional<std::string>& data, const AclList& acl,
                             int64_t ephemeralOwner, int32_t parentCVersion, int64_t zxid, int64_t time,
                             std::optional<pz::Stat>* statOut) {
  const std::string parentName(parentKey(path));
  DataNode* parent = findKey(parentName);
  if (parent == nullptr) return ZkError::NoNode;
  // ZooKeeper counts the ACL in before it looks for the node, so a replayed create over an
  // existing node leaves one use (and possibly a new id) behind; the node keeps its own ACL.
  const int64_t aclId = m_acls.use(acl);
  if (findKey(path) != nullptr) return ZkError::NodeExists;
  if (parentCVersion == -1) parentCVersion = javaInt(int64_t{parent->stat.cversion} + 1);
  if (parentCVersion > parent->stat.cversion) {
    removeDigest(*parent);
    parent->stat.cversion = parentCVersion;
    parent->stat.pzxid = zxid;
    addDigest(parentName, *parent);
  }
  parent->children.insert(std::string(lastName(path)));
  DataNode child;
  child.data = data;
  child.aclId = aclId;
  child.stat = createStat(zxid, time, ephemeralOwner);
  m_dataSize += nodeSize(path, data);
  DataNode& node = m_nodes.emplace(path, std::move(child)).first->second;
  addDigest(path, node);
  switch (ephemeralKind(ephemeralOwner)) {
    case EphemeralKind::Container: m_containers.insert(path); break;
    case EphemeralKind::Ttl: m_ttls.insert(path); break;
    case EphemeralKind::Normal: m_ephemerals[ephemeralOwner].insert(path); break;
    case EphemeralKind::Void: break;
  }
  if (statOut != nullptr) *statOut = statOf(node);
  notify(m_dataWatches.trigger(path), EventType::NodeCreated, path);
  notify(m_childWatches.trigger(clientPath(parentName)), EventType::NodeChildrenChanged, parentName);
  return ZkError::Ok;
}

ZkError DataTree::deleteNode(const std::string& path, int64_t zxid) {
  const std::string parentName(parentKey(path));
  DataNode* parent = findKey(parentName);
  if (parent == nullptr) return ZkError::NoNode;
  parent->children.erase(lastName(path));
  if (zxid > parent->stat.pzxid) {
    removeDigest(*parent);
    parent->stat.pzxid = zxid;
    addDigest(parentName, *parent);
  }
  auto it = m_nodes.find(path);
  if (it == m_nodes.end()) return ZkError::NoNode;
  removeDigest(it->second);
  const int64_t owner = it->second.stat.ephemeralOwner;
  m_acls.release(it->second.aclId);
  m_dataSize -= nodeSize(path, it->second.data);
  m_nodes.erase(it);
  switch (ephemeralKind(owner)) {
    case EphemeralKind::Container: m_containers.erase(path); break;
    case EphemeralKind::Ttl: m_ttls.erase(path); break;
    case EphemeralKind::Normal: {
      auto eph = m_ephemerals.find(owner);
      if (eph != m_ephemerals.end()) eph->second.erase(path);
      break;
    }
    case EphemeralKind::Void: break;
  }
  const std::set<WatcherId> processed = m_dataWatches.trigger(path);
  notify(processed, EventType::NodeDeleted, path);
  notify(m_childWatches.trigger(path, processed), EventType::NodeDeleted, path);
  notify(m_childWatches.trigger(clientPath(parentName)), EventType::NodeChildrenChanged, parentName);
  return ZkError::Ok;
}

ZkError DataTree::setData(const std::string& path, const std::optional<std::string>& data, int32_t version,
                          int64_t zxid, int64_t time, std::optional<pz::Stat>* statOut) {
  DataNode* node = findKey(treeKey(path));
  if (node == nullptr) return ZkError::NoNode;
  m_dataSize += nodeSize(path, data) - nodeSize(path, node->data);
  removeDigest(*node);
  node->data = data;
  node->stat.mtime = time;
  node->stat.mzxid = zxid;
  node->stat.version = version;
  addDigest(treeKey(path), *node);
  *statOut = statOf(*node);
  notify(m_dataWatches.trigger(path), EventType::NodeDataChanged, treeKey(path));
  return ZkError::Ok;
}

ZkError DataTree::setAcl(const std::string& path, const AclList& acl, int32_t version,
                         std::optional<pz::Stat>* statOut) {
  DataNode* node = findKey(treeKey(path));
  if (node == nullptr) return ZkError::NoNode;
  m_acls.release(node->aclId);
  removeDigest(*node);
  node->stat.aversion = version;
  addDigest(treeKey(path), *node);
  node->aclId = m_acls.use(acl);
  *statOut = statOf(*node);
  return ZkError::Ok;
}

void DataTree::killSession(int64_t sessionId, int64_t zxid, const std::vector<std::string>* pathsInTxn) {
  std::optional<JavaHashSet> local;
  if (auto it = m_ephemerals.find(sessionId); it != m_ephemerals.end()) {
    local = std::move(it->second);
    m_ephemerals.erase(it);
  }
  if (pathsInTxn != nullptr) {
    for (const auto& path : *pathsInTxn) deleteNode(path, zxid);  // NoNode is ignored, as in ZooKeeper
  }
  if (!local) return;
  if (pathsInTxn != nullptr) {
    for (const auto& path : *pathsInTxn) local->erase(path);
  }
  for (const auto& path : local->items()) deleteNode(path, zxid);
}

ProcessTxnResult DataTree::processTxn(const Txn& txn) {
  ProcessTxnResult rc;
  rc.clientId = txn.header.clientId;
  rc.cxid = txn.header.cxid;
  rc.zxid = txn.header.zxid;
  rc.type = txn.header.type;
  applyBody(txn, rc);
  if (txnType(txn) == OpCode::Create && rc.err == ZkError::NodeExists) {
    // A create replayed over a snapshot that already has the node still moves the parent's
    // cversion and pzxid forward (DataTree.setCversionPzxid).
    const auto* create = std::get_if<pz::CreateTxn>(&txn.body);
    DataNode* parent = create ? findKey(parentKey(rc.path)) : nullptr;
    if (parent != nullptr) {
      const int32_t cversion =
          create->parentCVersion == -1 ? javaInt(int64_t{parent->stat.cversion} + 1) : create->parentCVersion;
      if (cversion > parent->stat.cversion) {
        const std::string parentName(parentKey(rc.path));
        removeDigest(*parent);
        parent->stat.cversion = cversion;
        parent->stat.pzxid = rc.zxid;
        addDigest(parentName, *parent);
      }
    }
  }
  if (rc.zxid > m_lastProcessedZxid) m_lastProcessedZxid = rc.zxid;
  if (txn.digest && txn.digest->version == kDigestVersion && txn.digest->treeDigest != m_treeDigest) {
    ++m_digestMismatches;
  }
  return rc;
}

void DataTree::applyBody(const Txn& txn, ProcessTxnResult& rc) {
  const pz::TxnHeader& h = txn.header;
  const OpCode type = txnType(txn);
  const bool wantStat = type != OpCode::Create;
  if (const auto* create = std::get_if<pz::CreateTxn>(&txn.body)) {
    rc.path = create->path;
    rc.err = createNode(create->path, create->data, create->acl, create->ephemeral ? h.clientId : 0, create->parentCVersion, h.zxid, h.time,
                        wantStat ? &rc.stat : nullptr);
  } else if (const auto* createTtl = std::get_if<pz::CreateTTLTxn>(&txn.body)) {
    rc.path = createTtl->path;
    rc.err = createNode(createTtl->path, createTtl->data, createTtl->acl, ttlEphemeralOwner(createTtl->ttl), createTtl->parentCVersion, h.zxid, h.time, &rc.stat);
  } else if (const auto* container = std::get_if<pz::CreateContainerTxn>(&txn.body)) {
    rc.path = container->path;
    rc.err = createNode(container->path, container->data, container->acl, kContainerEphemeralOwner, container->parentCVersion, h.zxid, h.time, &rc.stat);
  } else if (const auto* del = std::get_if<pz::DeleteTxn>(&txn.body)) {
    rc.path = del->path;
    rc.err = deleteNode(del->path, h.zxid);
  } else if (const auto* set = std::get_if<pz::SetDataTxn>(&txn.body)) {
    rc.path = set->path;
    rc.err = setData(set->path, set->data, set->version, h.zxid, h.time, &rc.stat);
  } else if (const auto* setAclTxn = std::get_if<pz::SetACLTxn>(&txn.body)) {
    rc.path = setAclTxn->path;
    rc.err = setAcl(setAclTxn->path, setAclTxn->acl, setAclTxn->version, &rc.stat);
  } else if (const auto* check = std::get_if<pz::CheckVersionTxn>(&txn.body)) {
    rc.path = check->path;
  } else if (const auto* error = std::get_if<pz::ErrorTxn>(&txn.body)) {
    rc.err = static_cast<ZkError>(error->err);
  } else if (const auto* session = std::get_if<pz::CreateSessionTxn>(&txn.body)) {
    m_sessions[h.clientId] = session->timeOut;
  } else if (const auto* multi = std::get_if<pz::MultiTxn>(&txn.body)) {
    applyMulti(txn, *multi, rc);
  } else if (type == OpCode::CloseSession) {
    m_sessions.erase(h.clientId);
    const auto* close = std::get_if<pz::CloseSessionTxn>(&txn.body);
    killSession(h.clientId, h.zxid, close ? &close->paths2Delete : nullptr);
  }
}

void DataTree::applyMulti(const Txn& txn, const pz::MultiTxn& multi, ProcessTxnResult& rc) {
  bool failed = false;
  for (const auto& sub : multi.txns) failed = failed || sub.type == static_cast<int32_t>(OpCode::Error);
  bool postFailed = false;
  for (const auto& sub : multi.txns) {
    Txn subTxn;
    subTxn.header = txn.header;
    subTxn.header.type = sub.type;
    if (sub.type == static_cast<int32_t>(OpCode::Error)) postFailed = true;
    if (failed && sub.type != static_cast<int32_t>(OpCode::Error)) {
      // The ops of a failed multi before the failing one answer OK, those after it
      // RUNTIMEINCONSISTENCY; none of them applies.
      subTxn.header.type = static_cast<int32_t>(OpCode::Error);
      subTxn.body = pz::ErrorTxn{static_cast<int32_t>(postFailed ? ZkError::RuntimeInconsistency : ZkError::Ok)};
    } else {
      auto body = decodeSubTxn(sub);
      subTxn.body = body.isOk() ? std::move(*body) : TxnBody(pz::ErrorTxn{static_cast<int32_t>(ZkError::MarshallingError)});
    }
    ProcessTxnResult subRc;
    subRc.clientId = subTxn.header.clientId;
    subRc.cxid = subTxn.header.cxid;
    subRc.zxid = subTxn.header.zxid;
    subRc.type = subTxn.header.type;
    applyBody(subTxn, subRc);
    if (subRc.err != ZkError::Ok && rc.err == ZkError::Ok) rc.err = subRc.err;
    rc.multiResult.push_back(std::move(subRc));
  }
}

void DataTree::addDataWatch(const std::string& path, WatcherId watcher) { m_dataWatches.add(path, watcher); }
void DataTree::addChildWatch(const std::string& path, WatcherId watcher) { m_childWatches.add(path, watcher); }

void DataTree::addPersistentWatch(const std::string& path, WatcherId watcher, bool recursive) {
  if (recursive) {
    m_dataWatches.add(path, watcher, WatchMode::PersistentRecursive);
    return;
  }
  m_dataWatches.add(path, watcher, WatchMode::Persistent);
  m_childWatches.add(path, watcher, WatchMode::Persistent);
}

namespace {

bool removeAllModes(WatchManager& m, const std::string& path, WatcherId watcher) {
  bool removed = false;
  for (WatchMode mode : {WatchMode::Standard, WatchMode::Persistent, WatchMode::PersistentRecursive}) {
    removed = m.remove(path, watcher, mode) || removed;
  }
  return removed;
}

bool containsAnyMode(const WatchManager& m, const std::string& path, WatcherId watcher) {
  for (WatchMode mode : {WatchMode::Standard, WatchMode::Persistent, WatchMode::PersistentRecursive}) {
    if (m.contains(path, watcher, mode)) return true;
  }
  return false;
}

}  // namespace

bool DataTree::removeWatch(const std::string& path, WatcherType type, WatcherId watcher) {
  bool removed = false;
  if (type == WatcherType::Children || type == WatcherType::Any) removed = removeAllModes(m_childWatches, path, watcher);
  if (type == WatcherType::Data || type == WatcherType::Any) {
    removed = removeAllModes(m_dataWatches, path, watcher) || removed;
  }
  return removed;
}

bool DataTree::containsWatch(const std::string& path, WatcherType type, WatcherId watcher) const {
  const bool child = containsAnyMode(m_childWatches, path, watcher);
  const bool data = containsAnyMode(m_dataWatches, path, watcher);
  if (type == WatcherType::Children) return child;
  if (type == WatcherType::Data) return data;
  return child || data;
}

void DataTree::removeWatcher(WatcherId watcher) {
  m_dataWatches.removeWatcher(watcher);
  m_childWatches.removeWatcher(watcher);
}

void DataTree::setWatches(int64_t relativeZxid, const pz::SetWatches2& w, WatcherId watcher) {
  for (const auto& path : w.dataWatches) {
    const DataNode* node = find(path);
    if (node == nullptr) {
      m_notices.push_back({watcher, EventType::NodeDeleted, path});
    } else if (node->stat.mzxid > relativeZxid) {
      m_notices.push_back({watcher, EventType::NodeDataChanged, path});
    } else {
      m_dataWatches.add(path, watcher);
    }
  }
  for (const auto& path : w.existWatches) {
    if (find(path) != nullptr) {
      m_notices.push_back({watcher, EventType::NodeCreated, path});
    } else {
      m_dataWatches.add(path, watcher);
    }
  }
  for (const auto& path : w.childWatches) {
    const DataNode* node = find(path);
    if (node == nullptr) {
      m_notices.push_back({watcher, EventType::NodeDeleted, path});
    } else if (node->stat.pzxid > relativeZxid) {
      m_notices.push_back({watcher, EventType::NodeChildrenChanged, path});
    } else {
      m_childWatches.add(path, watcher);
    }
  }
  for (const auto& path : w.persistentWatches) addPersistentWatch(path, watcher, false);
  for (const auto& path : w.persistentRecursiveWatches) addPersistentWatch(path, watcher, true);
}

void DataTree::clearForLoad(std::map<int64_t, AclList> acls, std::map<int64_t, int32_t> sessions) {
  m_nodes.clear();
  m_ephemerals.clear();
  m_containers.clear();
  m_ttls.clear();
  m_dataSize = 0;
  m_treeDigest = 0;
  m_acls.load(std::move(acls));
  m_sessions = std::move(sessions);
}

Status DataTree::loadNode(const std::string& key, DataNode node) {
  if (!key.empty()) {
    DataNode* parent = findKey(parentKey(key));
    if (parent == nullptr) {
      return Status(CoordinationError::BadSnapshot, "node " + key + " comes before its parent");
    }
    parent->children.insert(std::string(lastName(key)));
  }
  node.children = JavaHashSet(8);
  m_acls.addUse(node.aclId);
  const int64_t owner = node.stat.ephemeralOwner;
  m_dataSize += nodeSize(key, node.data);
  switch (ephemeralKind(owner)) {
    case EphemeralKind::Container: m_containers.insert(key); break;
    case EphemeralKind::Ttl: m_ttls.insert(key); break;
    case EphemeralKind::Normal: m_ephemerals[owner].insert(key); break;
    case EphemeralKind::Void: break;
  }
  addDigest(key, node);
  m_nodes.insert_or_assign(key, std::move(node));
  return Status();
}

void DataTree::finishLoad() { m_acls.purgeUnused(); }

}  // namespace pier::coordination
