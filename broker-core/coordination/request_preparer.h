#pragma once
// RequestPreparer: ZooKeeper's PrepRequestProcessor. Turns a write request into the
// transaction every replica will apply: checks the session, validates paths, ACLs, versions and
// existence against the tree *plus the changes of transactions prepared but not yet applied*
// (outstanding change records), names sequential nodes, and assigns the next zxid. A request
// that fails a check still becomes a transaction (an ErrorTxn with the error code) and uses a
// zxid, exactly as in ZooKeeper, so zxids match a real server's.
//
// Single-threaded (the keeper's loop, or the leader's). The tree is read, never changed.

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>

#include "coordination/auth.h"
#include "coordination/data_tree.h"
#include "coordination/txn.h"

namespace pier::coordination {

struct PreparerConfig {
  bool extendedTypesEnabled = false;  // zookeeper.extendedTypesEnabled: TTL nodes
};

// What the server knows about the requesting session: Ok, UnknownSession, SessionExpired or
// SessionMoved.
using SessionCheck = std::function<ZkError(int64_t sessionId)>;

struct WriteRequest {
  int64_t sessionId = 0;
  int32_t cxid = 0;
  OpCode type = OpCode::Error;
  std::span<const uint8_t> body;  // the request record after the RequestHeader
  const AuthIds* auth = nullptr;
};

class RequestPreparer {
 public:
  RequestPreparer(const DataTree& tree, PreparerConfig config, SessionCheck checkSession);

  // True for the op codes that become transactions.
  static bool isWrite(OpCode type);
  // Whether prepare() can read the request's record (a learner answers MARSHALLINGERROR itself
  // rather than forwarding what the leader would drop). Multi and reconfig always go on: they
  // become error transactions when they are wrong.
  static bool decodes(OpCode type, std::span<const uint8_t> body);

  // The transaction for a write request, or std::nullopt when its body does not decode
  // (the caller answers MARSHALLINGERROR; no zxid is used).
  std::optional<Txn> prepare(const WriteRequest& request, int64_t timeMs);
  // The ContainerManager's deleteContainer for `path` (session 0).
  Txn prepareDeleteContainer(const std::string& path, int64_t timeMs);
  // createSession / closeSession transactions (the server makes these itself).
  Txn prepareCreateSession(int64_t sessionId, int32_t timeoutMs, int64_t timeMs);
  Txn prepareCloseSession(int64_t sessionId, int64_t timeMs);

  // The tree applied every transaction up to `zxid`: their change records go.
  void applied(int64_t zxid);
  int64_t lastZxid() const { return m_lastZxid; }
  void setLastZxid(int64_t zxid) { m_lastZxid = zxid; }

 private:
  struct ChangeRecord {
    int64_t zxid = -1;
    std::string path;
    std::optional<pz::StatPersisted> stat;  // nullopt: deleted
    int32_t childCount = 0;
    AclList acl;
    std::optional<std::string> data;
    int64_t digest = 0;  // digestOf this record, set by addChange
  };
  struct Failure {
    ZkError code;
  };
  using Outcome = std::variant<TxnBody, Failure>;

  std::optional<ChangeRecord> recordFor(const std::string& path) const;
  // Adds a change record and moves the pending tree digest from the path's previous state to
  // this one (PrepRequestProcessor.precalculateDigest).
  void addChange(ChangeRecord record);
  static int64_t digestOf(const ChangeRecord& record);
  // The tree digest once every prepared transaction is applied: what a txn's TxnDigest carries.
  int64_t pendingDigest() const {
    return m_changes.empty() ? m_tree.treeDigest() : m_pendingDigest;
  }
  Txn finish(pz::TxnHeader hdr, TxnBody body) const;
  Outcome prepareOp(OpCode type, std::span<const uint8_t> body, const WriteRequest& request,
                    const pz::TxnHeader& hdr, bool& malformed);
  Outcome prepareCreate(OpCode type, int32_t flags, std::string path,
                        std::optional<std::string> data, const AclList& acl, int64_t ttl,
                        const WriteRequest& request, const pz::TxnHeader& hdr);
  Outcome prepareDelete(const pz::DeleteRequest& req, const WriteRequest& request,
                        const pz::TxnHeader& hdr);
  Outcome prepareDeleteContainer(const std::string& path, const pz::TxnHeader& hdr);
  Outcome prepareSetData(const pz::SetDataRequest& req, const WriteRequest& request,
                         const pz::TxnHeader& hdr);
  Outcome prepareSetAcl(const pz::SetACLRequest& req, const WriteRequest& request,
                        const pz::TxnHeader& hdr);
  Outcome prepareCheck(const pz::CheckVersionRequest& req, const WriteRequest& request);
  std::optional<Txn> prepareMulti(const WriteRequest& request, pz::TxnHeader hdr);

  const DataTree& m_tree;
  PreparerConfig m_config;
  SessionCheck m_checkSession;
  int64_t m_lastZxid = 0;
  std::deque<ChangeRecord> m_changes;
  std::unordered_map<std::string, ChangeRecord> m_latest;  // path -> its newest outstanding change
  int64_t m_pendingDigest = 0;                   // meaningful while m_changes is not empty
};

// Java's String.format("%010d", n) for a sequential node's suffix.
std::string sequenceSuffix(int32_t n);

}  // namespace pier::coordination
