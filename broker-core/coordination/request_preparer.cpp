#include "coordination/request_preparer.h"

#include "coordination/multi_request.h"
#include "coordination/znode_digest.h"
#include "coordination/znode_path.h"

namespace pier::coordination {

namespace {

// PrepRequestProcessor.checkAndIncVersion.
std::optional<int32_t> nextVersion(int32_t current, int32_t expected) {
  if (expected != -1 && expected != current) return std::nullopt;
  const int32_t next = static_cast<int32_t>(static_cast<uint32_t>(current) + 1u);
  return next == -1 ? 0 : next;  // ZOOKEEPER-4743: never hand out -1
}

// getParentPathAndValidate: the special nodes cannot be deleted.
bool isSpecialPath(std::string_view path) {
  return path == "/" || path == "/zookeeper" || path == "/zookeeper/quota" ||
         path == "/zookeeper/config";
}

template <typename T>
std::optional<T> decodeRecord(std::span<const uint8_t> body) {
  Reader r(body);
  auto rec = T::decode(r);
  if (!rec.isOk()) return std::nullopt;
  return std::move(*rec);
}

}  // namespace

std::string sequenceSuffix(int32_t n) {
  std::string digits = std::to_string(n < 0 ? -static_cast<int64_t>(n) : static_cast<int64_t>(n));
  const std::size_t width = n < 0 ? 9 : 10;
  if (digits.size() < width) digits.insert(0, width - digits.size(), '0');
  return n < 0 ? "-" + digits : digits;
}

RequestPreparer::RequestPreparer(const DataTree& tree, PreparerConfig config,
                                 SessionCheck checkSession)
    : m_tree(tree),
      m_config(config),
      m_checkSession(std::move(checkSession)),
      m_lastZxid(tree.lastProcessedZxid()) {}

bool RequestPreparer::isWrite(OpCode type) {
  switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateTtl:
    case OpCode::CreateContainer:
    case OpCode::Delete:
    case OpCode::DeleteContainer:
    case OpCode::SetData:
    case OpCode::SetAcl:
    case OpCode::Multi:
    case OpCode::Reconfig:
      return true;
    default:
      return false;
  }
}

std::optional<RequestPreparer::ChangeRecord> RequestPreparer::recordFor(
    const std::string& path) const {
  if (auto it = m_latest.find(path); it != m_latest.end()) {
    if (!it->second.stat) return std::nullopt;
    return it->second;
  }
  const DataNode* node = m_tree.find(path.empty() ? std::string_view("/") : std::string_view(path));
  if (node == nullptr) return std::nullopt;
  return ChangeRecord{
      -1,        path, node->stat, static_cast<int32_t>(node->children.size()), m_tree.aclOf(*node),
      node->data};
}

int64_t RequestPreparer::digestOf(const ChangeRecord& record) {
  return record.stat ? znodeDigest(record.path, record.data, *record.stat) : 0;
}

void RequestPreparer::addChange(ChangeRecord record) {
  // The path's previous digest: its latest pending change's, else the tree node's (both kept).
  int64_t previous = 0;
  if (auto it = m_latest.find(record.path); it != m_latest.end()) {
    previous = it->second.digest;
  } else if (const DataNode* node = m_tree.find(record.path)) {
    previous = node->cachedDigest;
  }
  record.digest = digestOf(record);
  const int64_t base = pendingDigest();
  m_pendingDigest = digestAdd(digestSubtract(base, previous), record.digest);
  m_latest[record.path] = record;
  m_changes.push_back(std::move(record));
}

Txn RequestPreparer::finish(pz::TxnHeader hdr, TxnBody body) const {
  // A request that failed its checks threw before ZooKeeper set a digest: error txns have none.
  if (hdr.type == static_cast<int32_t>(OpCode::Error))
    return Txn{hdr, std::move(body), std::nullopt};
  return Txn{hdr, std::move(body), pz::TxnDigest{kDigestVersion, pendingDigest()}};
}

void RequestPreparer::applied(int64_t zxid) {
  while (!m_changes.empty() && m_changes.front().zxid <= zxid) {
    const ChangeRecord& front = m_changes.front();
    auto it = m_latest.find(front.path);
    if (it != m_latest.end() && it->second.zxid == front.zxid) m_latest.erase(it);
    m_changes.pop_front();
  }
}

Txn RequestPreparer::prepareCreateSession(int64_t sessionId, int32_t timeoutMs, int64_t timeMs) {
  return finish(pz::TxnHeader{sessionId, 0, ++m_lastZxid, timeMs,
                              static_cast<int32_t>(OpCode::CreateSession)},
                pz::CreateSessionTxn{timeoutMs});
}

Txn RequestPreparer::prepareCloseSession(int64_t sessionId, int64_t timeMs) {
  Txn txn;
  txn.header =
      pz::TxnHeader{sessionId, 0, ++m_lastZxid, timeMs, static_cast<int32_t>(OpCode::CloseSession)};
  // The session's ephemerals as the tree has them, corrected by outstanding changes.
  JavaHashSet paths = m_tree.ephemeralsOf(sessionId);
  for (const auto& change : m_changes) {
    if (!change.stat) {
      paths.erase(change.path);
    } else if (change.stat->ephemeralOwner == sessionId) {
      paths.insert(change.path);
    }
  }
  for (const auto& path : paths.items()) {
    ChangeRecord parent;
    if (auto p = recordFor(std::string(parentKey(path)))) {
      parent = *p;
      parent.zxid = txn.header.zxid;
      parent.stat->pzxid = txn.header.zxid;
      addChange(parent);
    }
    addChange(ChangeRecord{txn.header.zxid, path, std::nullopt, 0, {}, std::nullopt});
  }
  txn.body = pz::CloseSessionTxn{paths.items()};
  txn.digest = pz::TxnDigest{kDigestVersion, pendingDigest()};
  return txn;
}

std::optional<Txn> RequestPreparer::prepare(const WriteRequest& request, int64_t timeMs) {
  pz::TxnHeader hdr{request.sessionId, request.cxid, m_lastZxid + 1, timeMs,
                    static_cast<int32_t>(request.type)};
  if (request.type == OpCode::Multi) return prepareMulti(request, hdr);
  bool malformed = false;
  Outcome outcome = prepareOp(request.type, request.body, request, hdr, malformed);
  if (malformed) return std::nullopt;
  ++m_lastZxid;
  if (const auto* failure = std::get_if<Failure>(&outcome)) {
    hdr.type = static_cast<int32_t>(OpCode::Error);
    return finish(hdr, pz::ErrorTxn{static_cast<int32_t>(failure->code)});
  }
  return finish(hdr, std::get<TxnBody>(std::move(outcome)));
}

bool RequestPreparer::decodes(OpCode type, std::span<const uint8_t> body) {
  switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer:
      return decodeRecord<pz::CreateRequest>(body).has_value();
    case OpCode::CreateTtl:
      return decodeRecord<pz::CreateTTLRequest>(body).has_value();
    case OpCode::Delete:
      return decodeRecord<pz::DeleteRequest>(body).has_value();
    case OpCode::SetData:
      return decodeRecord<pz::SetDataRequest>(body).has_value();
    case OpCode::SetAcl:
      return decodeRecord<pz::SetACLRequest>(body).has_value();
    case OpCode::Check:
      return decodeRecord<pz::CheckVersionRequest>(body).has_value();
    case OpCode::Multi:
    case OpCode::Reconfig:
      return true;
    default:
      return false;
  }
}

RequestPreparer::Outcome RequestPreparer::prepareOp(OpCode type, std::span<const uint8_t> body,
                                                    const WriteRequest& request,
                                                    const pz::TxnHeader& hdr, bool& malformed) {
  switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer: {
      auto req = decodeRecord<pz::CreateRequest>(body);
      if (!req) break;
      return prepareCreate(type, req->flags, req->path, req->data, req->acl, -1, request, hdr);
    }
    case OpCode::CreateTtl: {
      auto req = decodeRecord<pz::CreateTTLRequest>(body);
      if (!req) break;
      return prepareCreate(type, req->flags, req->path, req->data, req->acl, req->ttl, request,
                           hdr);
    }
    case OpCode::Delete: {
      auto req = decodeRecord<pz::DeleteRequest>(body);
      if (!req) break;
      return prepareDelete(*req, request, hdr);
    }
    case OpCode::SetData: {
      auto req = decodeRecord<pz::SetDataRequest>(body);
      if (!req) break;
      return prepareSetData(*req, request, hdr);
    }
    case OpCode::SetAcl: {
      auto req = decodeRecord<pz::SetACLRequest>(body);
      if (!req) break;
      return prepareSetAcl(*req, request, hdr);
    }
    case OpCode::Check: {
      auto req = decodeRecord<pz::CheckVersionRequest>(body);
      if (!req) break;
      return prepareCheck(*req, request);
    }
    case OpCode::Reconfig:
      return Failure{ZkError::Unimplemented};  // standalone: reconfig is not supported
    default:
      break;
  }
  malformed = true;
  return Failure{ZkError::MarshallingError};
}

RequestPreparer::Outcome RequestPreparer::prepareCreate(
    OpCode type, int32_t flags, std::string path, std::optional<std::string> data,
    const AclList& acl, int64_t ttl, const WriteRequest& request, const pz::TxnHeader& hdr) {
  if (!isValidCreateMode(flags)) return Failure{ZkError::BadArguments};
  const auto mode = static_cast<CreateMode>(flags);
  if (isTtl(mode) && !m_config.extendedTypesEnabled) return Failure{ZkError::Unimplemented};
  if (isTtl(mode) ? (ttl > kTtlMax || ttl <= 0) : ttl >= 0) return Failure{ZkError::BadArguments};
  if (ZkError e = m_checkSession(request.sessionId); e != ZkError::Ok) return Failure{e};
  if (path.find('/') == std::string::npos || path.find('\0') != std::string::npos)
    return Failure{ZkError::BadArguments};
  const std::string parentPath(parentKey(path));
  FixedAcl fixed = fixupAcl(acl, *request.auth);
  if (fixed.error != ZkError::Ok) return Failure{fixed.error};
  auto parent = recordFor(parentPath);
  if (!parent) return Failure{ZkError::NoNode};
  if (ZkError e = checkAcl(parent->acl, perms::kCreate, *request.auth); e != ZkError::Ok)
    return Failure{e};
  if (isSequential(mode)) path += sequenceSuffix(parent->stat->cversion);
  if (pathProblem(path)) return Failure{ZkError::BadArguments};
  if (recordFor(path)) return Failure{ZkError::NodeExists};
  if (ephemeralKind(parent->stat->ephemeralOwner) == EphemeralKind::Normal)
    return Failure{ZkError::NoChildrenForEphemerals};
  const int32_t newCversion =
      static_cast<int32_t>(static_cast<uint32_t>(parent->stat->cversion) + 1u);  // Java int
  int64_t owner = 0;
  if (isContainer(mode)) {
    owner = kContainerEphemeralOwner;
  } else if (isTtl(mode)) {
    owner = ttlEphemeralOwner(ttl);
  } else if (isEphemeral(mode)) {
    owner = request.sessionId;
  }
  ChangeRecord parentChange = *parent;
  parentChange.zxid = hdr.zxid;
  parentChange.childCount++;
  parentChange.stat->cversion = newCversion;
  parentChange.stat->pzxid = hdr.zxid;
  addChange(std::move(parentChange));
  pz::StatPersisted stat;
  stat.czxid = stat.mzxid = stat.pzxid = hdr.zxid;
  stat.ctime = stat.mtime = hdr.time;
  stat.ephemeralOwner = owner;
  addChange(ChangeRecord{hdr.zxid, path, stat, 0, fixed.acl, data});
  if (type == OpCode::CreateContainer)
    return TxnBody(pz::CreateContainerTxn{path, data, fixed.acl, newCversion});
  if (type == OpCode::CreateTtl)
    return TxnBody(pz::CreateTTLTxn{path, data, fixed.acl, newCversion, ttl});
  return TxnBody(pz::CreateTxn{path, data, fixed.acl, isEphemeral(mode), newCversion});
}

RequestPreparer::Outcome RequestPreparer::prepareDelete(const pz::DeleteRequest& req,
                                                        const WriteRequest& request,
                                                        const pz::TxnHeader& hdr) {
  if (ZkError e = m_checkSession(request.sessionId); e != ZkError::Ok) return Failure{e};
  const std::string& path = req.path;
  if (path.find('/') == std::string::npos || path.find('\0') != std::string::npos ||
      isSpecialPath(path)) {
    return Failure{ZkError::BadArguments};
  }
  auto parent = recordFor(std::string(parentKey(path)));
  if (!parent) return Failure{ZkError::NoNode};
  if (ZkError e = checkAcl(parent->acl, perms::kDelete, *request.auth); e != ZkError::Ok)
    return Failure{e};
  auto node = recordFor(path);
  if (!node) return Failure{ZkError::NoNode};
  if (!nextVersion(node->stat->version, req.version)) return Failure{ZkError::BadVersion};
  if (node->childCount > 0) return Failure{ZkError::NotEmpty};
  ChangeRecord parentChange = *parent;
  parentChange.zxid = hdr.zxid;
  parentChange.childCount--;
  parentChange.stat->pzxid = hdr.zxid;
  addChange(std::move(parentChange));
  addChange(ChangeRecord{hdr.zxid, path, std::nullopt, -1, {}, std::nullopt});
  return TxnBody(pz::DeleteTxn{path});
}

Txn RequestPreparer::prepareDeleteContainer(const std::string& path, int64_t timeMs) {
  pz::TxnHeader hdr{0, 0, ++m_lastZxid, timeMs, static_cast<int32_t>(OpCode::DeleteContainer)};
  Outcome outcome = prepareDeleteContainer(path, hdr);
  if (const auto* failure = std::get_if<Failure>(&outcome)) {
    hdr.type = static_cast<int32_t>(OpCode::Error);
    return finish(hdr, pz::ErrorTxn{static_cast<int32_t>(failure->code)});
  }
  return finish(hdr, std::get<TxnBody>(std::move(outcome)));
}

RequestPreparer::Outcome RequestPreparer::prepareDeleteContainer(const std::string& path,
                                                                 const pz::TxnHeader& hdr) {
  if (path.find('/') == std::string::npos || path.find('\0') != std::string::npos ||
      isSpecialPath(path)) {
    return Failure{ZkError::BadArguments};
  }
  auto node = recordFor(path);
  if (!node) return Failure{ZkError::NoNode};
  if (node->childCount > 0) return Failure{ZkError::NotEmpty};
  if (ephemeralKind(node->stat->ephemeralOwner) == EphemeralKind::Normal)
    return Failure{ZkError::BadVersion};
  auto parent = recordFor(std::string(parentKey(path)));
  if (!parent) return Failure{ZkError::NoNode};
  ChangeRecord parentChange = *parent;
  parentChange.zxid = hdr.zxid;
  parentChange.childCount--;
  parentChange.stat->pzxid = hdr.zxid;
  addChange(std::move(parentChange));
  addChange(ChangeRecord{hdr.zxid, path, std::nullopt, -1, {}, std::nullopt});
  return TxnBody(pz::DeleteTxn{path});
}

RequestPreparer::Outcome RequestPreparer::prepareSetData(const pz::SetDataRequest& req,
                                                         const WriteRequest& request,
                                                         const pz::TxnHeader& hdr) {
  if (ZkError e = m_checkSession(request.sessionId); e != ZkError::Ok) return Failure{e};
  if (pathProblem(req.path)) return Failure{ZkError::BadArguments};
  auto node = recordFor(std::string(treeKey(req.path)));
  if (!node) return Failure{ZkError::NoNode};
  if (ZkError e = checkAcl(node->acl, perms::kWrite, *request.auth); e != ZkError::Ok)
    return Failure{e};
  auto version = nextVersion(node->stat->version, req.version);
  if (!version) return Failure{ZkError::BadVersion};
  ChangeRecord change = *node;
  change.zxid = hdr.zxid;
  change.stat->version = *version;
  change.stat->mtime = hdr.time;
  change.stat->mzxid = hdr.zxid;
  change.data = req.data;
  addChange(std::move(change));
  return TxnBody(pz::SetDataTxn{req.path, req.data, *version});
}

RequestPreparer::Outcome RequestPreparer::prepareSetAcl(const pz::SetACLRequest& req,
                                                        const WriteRequest& request,
                                                        const pz::TxnHeader& hdr) {
  if (ZkError e = m_checkSession(request.sessionId); e != ZkError::Ok) return Failure{e};
  if (pathProblem(req.path)) return Failure{ZkError::BadArguments};
  FixedAcl fixed = fixupAcl(req.acl, *request.auth);
  if (fixed.error != ZkError::Ok) return Failure{fixed.error};
  auto node = recordFor(std::string(treeKey(req.path)));
  if (!node) return Failure{ZkError::NoNode};
  if (ZkError e = checkAcl(node->acl, perms::kAdmin, *request.auth); e != ZkError::Ok)
    return Failure{e};
  auto version = nextVersion(node->stat->aversion, req.version);
  if (!version) return Failure{ZkError::BadVersion};
  ChangeRecord change = *node;
  change.zxid = hdr.zxid;
  change.stat->aversion = *version;
  change.acl = fixed.acl;
  addChange(std::move(change));
  return TxnBody(pz::SetACLTxn{req.path, fixed.acl, *version});
}

RequestPreparer::Outcome RequestPreparer::prepareCheck(const pz::CheckVersionRequest& req,
                                                       const WriteRequest& request) {
  if (ZkError e = m_checkSession(request.sessionId); e != ZkError::Ok) return Failure{e};
  if (pathProblem(req.path)) return Failure{ZkError::BadArguments};
  auto node = recordFor(std::string(treeKey(req.path)));
  if (!node) return Failure{ZkError::NoNode};
  if (ZkError e = checkAcl(node->acl, perms::kRead, *request.auth); e != ZkError::Ok)
    return Failure{e};
  auto version = nextVersion(node->stat->version, req.version);
  if (!version) return Failure{ZkError::BadVersion};
  return TxnBody(pz::CheckVersionTxn{req.path, *version});
}

std::optional<Txn> RequestPreparer::prepareMulti(const WriteRequest& request, pz::TxnHeader hdr) {
  // A multi that does not decode, or carries a read, still uses a zxid in ZooKeeper (the header
  // is made before the ops are looked at): an error transaction MARSHALLINGERROR.
  Reader r(request.body);
  auto ops = decodeMultiRequest(r);
  bool invalid = !ops.isOk();
  for (std::size_t i = 0; !invalid && i < ops->size(); ++i) {
    invalid = (*ops)[i].type == OpCode::GetData || (*ops)[i].type == OpCode::GetChildren;
  }
  ++m_lastZxid;
  if (invalid) {
    hdr.type = static_cast<int32_t>(OpCode::Error);
    return finish(hdr, pz::ErrorTxn{static_cast<int32_t>(ZkError::MarshallingError)});
  }
  // Saved so a failed multi can put back the changes it replaced (rollbackPendingChanges).
  const auto saved = m_latest;
  const std::size_t changesBefore = m_changes.size();
  const int64_t digestBefore = m_pendingDigest;
  pz::MultiTxn multi;
  bool failed = false;
  for (const auto& op : *ops) {
    if (failed) {
      multi.txns.push_back(
          encodeSubTxn(static_cast<int32_t>(OpCode::Error),
                       pz::ErrorTxn{static_cast<int32_t>(ZkError::RuntimeInconsistency)}));
      continue;
    }
    Writer w;
    std::visit([&w](const auto& record) { record.encode(w); }, op.record);
    const std::vector<uint8_t> bytes = w.take();
    bool malformed = false;
    Outcome outcome = prepareOp(op.type, bytes, request, hdr, malformed);
    if (const auto* failure = std::get_if<Failure>(&outcome)) {
      failed = true;
      m_changes.resize(changesBefore);
      m_latest = saved;
      m_pendingDigest = digestBefore;
      multi.txns.push_back(encodeSubTxn(static_cast<int32_t>(OpCode::Error),
                                        pz::ErrorTxn{static_cast<int32_t>(failure->code)}));
    } else {
      multi.txns.push_back(encodeSubTxn(static_cast<int32_t>(op.type), std::get<TxnBody>(outcome)));
    }
  }
  return finish(hdr, std::move(multi));
}

}  // namespace pier::coordination
