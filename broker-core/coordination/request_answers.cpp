#include "coordination/request_answers.h"

#include "coordination/multi_request.h"
#include "coordination/znode_path.h"
#include "protocol/zookeeper/generated/jute_proto.h"

namespace pier::coordination {

namespace {

template <typename T>
std::vector<uint8_t> encode(const T& record) {
  Writer w;
  record.encode(w);
  return w.take();
}

Answer fail(ZkError e) { return Answer{e, {}}; }

template <typename T>
Answer ok(const T& record) {
  return Answer{ZkError::Ok, encode(record)};
}

struct ReadNode {
  const DataNode* node = nullptr;
  ZkError err = ZkError::Ok;
};

// getNode + checkACL, as every read does.
ReadNode readable(const DataTree& tree, const std::string& path, int32_t perm, const Requester& who) {
  const DataNode* node = tree.find(path);
  if (node == nullptr) return {nullptr, ZkError::NoNode};
  if (ZkError e = checkAcl(tree.aclOf(*node), perm, *who.auth); e != ZkError::Ok) return {nullptr, e};
  return {node, ZkError::Ok};
}

Answer getData(DataTree& tree, const pz::GetDataRequest& req, const Requester& who) {
  ReadNode n = readable(tree, req.path, perms::kRead, who);
  if (!n.node) return fail(n.err);
  pz::GetDataResponse rsp{n.node->data, tree.statOf(*n.node)};
  if (req.watch) tree.addDataWatch(req.path, who.watcher);
  return ok(rsp);
}

Answer getChildren(DataTree& tree, const pz::GetChildrenRequest& req, const Requester& who) {
  ReadNode n = readable(tree, req.path, perms::kRead, who);
  if (!n.node) return fail(n.err);
  pz::GetChildrenResponse rsp{tree.childrenOf(*n.node)};
  if (req.watch) tree.addChildWatch(req.path, who.watcher);
  return ok(rsp);
}

Answer getChildren2(DataTree& tree, const pz::GetChildren2Request& req, const Requester& who) {
  ReadNode n = readable(tree, req.path, perms::kRead, who);
  if (!n.node) return fail(n.err);
  pz::GetChildren2Response rsp{tree.childrenOf(*n.node), tree.statOf(*n.node)};
  if (req.watch) tree.addChildWatch(req.path, who.watcher);
  return ok(rsp);
}

Answer exists(DataTree& tree, const pz::ExistsRequest& req, const Requester& who) {
  if (req.path.find('\0') != std::string::npos) return fail(ZkError::BadArguments);
  if (req.watch) tree.addDataWatch(req.path, who.watcher);  // also on a missing node: the exists watch
  const DataNode* node = tree.find(req.path);
  if (node == nullptr) return fail(ZkError::NoNode);
  return ok(pz::ExistsResponse{tree.statOf(*node)});
}

Answer getAcl(DataTree& tree, const pz::GetACLRequest& req, const Requester& who) {
  ReadNode n = readable(tree, req.path, perms::kRead | perms::kAdmin, who);
  if (!n.node) return fail(n.err);
  AclList acl = tree.aclOf(*n.node);
  if (checkAcl(acl, perms::kAdmin, *who.auth) != ZkError::Ok) acl = maskDigests(acl);
  return ok(pz::GetACLResponse{acl, tree.statOf(*n.node)});
}

Answer allChildrenNumber(DataTree& tree, const pz::GetAllChildrenNumberRequest& req, const Requester& who) {
  ReadNode n = readable(tree, req.path, perms::kRead, who);
  if (!n.node) return fail(n.err);
  return ok(pz::GetAllChildrenNumberResponse{tree.allChildrenNumber(req.path)});
}

bool isBlank(std::string_view s) { return s.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

Answer getEphemerals(DataTree& tree, const pz::GetEphemeralsRequest& req, const Requester& who) {
  pz::GetEphemeralsResponse rsp;
  const bool all = isBlank(req.prefixPath) || trim(req.prefixPath) == "/";
  tree.ephemeralsOf(who.sessionId).forEach([&](const std::string& path) {
    if (all || path.compare(0, req.prefixPath.size(), req.prefixPath) == 0) rsp.ephemerals.push_back(path);
  });
  return ok(rsp);
}

Answer removeWatches(DataTree& tree, const pz::RemoveWatchesRequest& req, const Requester& who, bool remove) {
  // WatcherType.fromInt throws on anything else: a MARSHALLINGERROR answer.
  if (req.type < 1 || req.type > 3) return fail(ZkError::MarshallingError);
  const auto type = static_cast<WatcherType>(req.type);
  const bool found = remove ? tree.removeWatch(req.path, type, who.watcher) : tree.containsWatch(req.path, type, who.watcher);
  return found ? Answer{} : fail(ZkError::NoWatcher);
}

Answer addWatch(DataTree& tree, const pz::AddWatchRequest& req, const Requester& who) {
  if (req.mode != 0 && req.mode != 1) return fail(ZkError::MarshallingError);  // WatcherMode.fromZooDef
  tree.addPersistentWatch(req.path, who.watcher, req.mode == static_cast<int32_t>(AddWatchMode::PersistentRecursive));
  return ok(pz::ErrorResponse{0});
}

Answer multiRead(DataTree& tree, std::span<const uint8_t> body, const Requester& who) {
  Reader r(body);
  auto ops = decodeMultiRequest(r);
  if (!ops.isOk()) return fail(ZkError::MarshallingError);
  std::vector<MultiResult> results;
  for (const auto& op : *ops) {
    Answer a;
    if (const auto* gc = std::get_if<pz::GetChildrenRequest>(&op.record)) {
      a = getChildren(tree, *gc, who);
    } else if (const auto* gd = std::get_if<pz::GetDataRequest>(&op.record)) {
      a = getData(tree, *gd, who);
    } else {
      // "Invalid type of readOp": MARSHALLINGERROR, with the (empty) MultiResponse ZooKeeper
      // had already made.
      Writer empty;
      encodeMultiResponse(empty, {});
      return Answer{ZkError::MarshallingError, empty.take()};
    }
    results.push_back(MultiResult{a.err == ZkError::Ok ? op.type : OpCode::Error, a.err, std::move(a.body)});
  }
  Writer w;
  encodeMultiResponse(w, results);
  return Answer{ZkError::Ok, w.take()};
}

template <typename T, typename F>
Answer decoded(std::span<const uint8_t> body, F&& f) {
  Reader r(body);
  auto req = T::decode(r);
  if (!req.isOk()) return fail(ZkError::MarshallingError);
  return f(*req);
}

}  // namespace

bool isLocalRead(OpCode type) {
  switch (type) {
    case OpCode::Exists:
    case OpCode::GetData:
    case OpCode::GetChildren:
    case OpCode::GetChildren2:
    case OpCode::GetAcl:
    case OpCode::GetAllChildrenNumber:
    case OpCode::GetEphemerals:
    case OpCode::Sync:
    case OpCode::CheckWatches:
    case OpCode::RemoveWatches:
    case OpCode::SetWatches:
    case OpCode::SetWatches2:
    case OpCode::AddWatch:
    case OpCode::WhoAmI:
    case OpCode::MultiRead: return true;
    default: return false;
  }
}

Answer answerRead(DataTree& tree, OpCode type, std::span<const uint8_t> body, const Requester& who) {
  auto& t = tree;
  switch (type) {
    case OpCode::Exists: return decoded<pz::ExistsRequest>(body, [&](auto& q) { return exists(t, q, who); });
    case OpCode::GetData: return decoded<pz::GetDataRequest>(body, [&](auto& q) { return getData(t, q, who); });
    case OpCode::GetChildren: return decoded<pz::GetChildrenRequest>(body, [&](auto& q) { return getChildren(t, q, who); });
    case OpCode::GetChildren2: return decoded<pz::GetChildren2Request>(body, [&](auto& q) { return getChildren2(t, q, who); });
    case OpCode::GetAcl: return decoded<pz::GetACLRequest>(body, [&](auto& q) { return getAcl(t, q, who); });
    case OpCode::GetAllChildrenNumber:
      return decoded<pz::GetAllChildrenNumberRequest>(body, [&](auto& q) { return allChildrenNumber(t, q, who); });
    case OpCode::GetEphemerals: return decoded<pz::GetEphemeralsRequest>(body, [&](auto& q) { return getEphemerals(t, q, who); });
    case OpCode::Sync: return decoded<pz::SyncRequest>(body, [&](auto& q) { return ok(pz::SyncResponse{q.path}); });
    case OpCode::CheckWatches:
      return decoded<pz::RemoveWatchesRequest>(body, [&](auto& q) { return removeWatches(t, q, who, false); });
    case OpCode::RemoveWatches:
      return decoded<pz::RemoveWatchesRequest>(body, [&](auto& q) { return removeWatches(t, q, who, true); });
    case OpCode::SetWatches:
      return decoded<pz::SetWatches>(body, [&](auto& q) {
        t.setWatches(q.relativeZxid, pz::SetWatches2{q.relativeZxid, q.dataWatches, q.existWatches, q.childWatches, {}, {}},
                     who.watcher);
        return Answer{};
      });
    case OpCode::SetWatches2:
      return decoded<pz::SetWatches2>(body, [&](auto& q) {
        t.setWatches(q.relativeZxid, q, who.watcher);
        return Answer{};
      });
    case OpCode::AddWatch: return decoded<pz::AddWatchRequest>(body, [&](auto& q) { return addWatch(t, q, who); });
    case OpCode::WhoAmI: return ok(pz::WhoAmIResponse{clientInfos(*who.auth)});
    case OpCode::MultiRead: return multiRead(t, body, who);
    default: break;
  }
  return fail(ZkError::Unimplemented);
}

namespace {

std::vector<uint8_t> resultBody(OpCode type, const ProcessTxnResult& rc) {
  switch (type) {
    case OpCode::Create: return encode(pz::CreateResponse{rc.path});
    case OpCode::Create2:
    case OpCode::CreateTtl:
    case OpCode::CreateContainer: return encode(pz::Create2Response{rc.path, rc.stat.value_or(pz::Stat{})});
    case OpCode::SetData: return encode(pz::SetDataResponse{rc.stat.value_or(pz::Stat{})});
    case OpCode::SetAcl: return encode(pz::SetACLResponse{rc.stat.value_or(pz::Stat{})});
    default: return {};
  }
}

}  // namespace

Answer answerWrite(OpCode requestType, const ProcessTxnResult& rc) {
  if (rc.type == static_cast<int32_t>(OpCode::Error)) return fail(rc.err);
  if (requestType == OpCode::Multi) {
    std::vector<MultiResult> results;
    for (const auto& sub : rc.multiResult) {
      const auto subType = static_cast<OpCode>(sub.type);
      results.push_back(MultiResult{subType, sub.err, resultBody(subType, sub)});
    }
    Writer w;
    encodeMultiResponse(w, results);
    return Answer{ZkError::Ok, w.take()};
  }
  if (rc.err != ZkError::Ok) return fail(rc.err);
  return Answer{ZkError::Ok, resultBody(requestType, rc)};
}

}  // namespace pier::coordination
