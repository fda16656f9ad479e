// KeeperServer in an ensemble: what changes when writes go through ZAB (QuorumService).
//
//   leader    prepares every write (its clients' and the ones learners forward), proposes it,
//             and answers its own clients once the transaction is committed and applied
//   learner   forwards its clients' writes, createSession and closeSession to the leader
//             (REQUEST: session id, cxid, type, request body; the client's auth ids beside),
//             and answers each when the committed transaction carrying its session and cxid is
//             applied; `sync` waits for the leader's SYNC answer
//   both      apply every committed transaction in zxid order; answer each connection's
//             requests in arrival order (a read waits behind the writes queued before it)
//
// Sessions: the leader owns expiry (its SessionTracker); learners report the sessions of their
// connections in their PING answers (int64 session id, int32 timeout, repeated), and accept a
// session moving in from another server when the replicated tree has it. Clients are served only
// while the peer is serving; when it stops, every client connection is closed (the clients
// reconnect, to this server or another, with their sessions).

#include "base/byte_reader.h"
#include "base/log.h"
#include "keeper/keeper_database.h"
#include "keeper/keeper_server.h"
#include "keeper/quorum_service.h"
#include "keeper/zk_snapshot.h"

namespace pier::keeper {

using coordination::OpCode;
using coordination::ZabEvent;
using coordination::ZkError;

void KeeperServer::attachQuorum(QuorumService* quorum) {
  m_quorum = quorum;
  m_serving = false;
}

std::string KeeperServer::snapshotBytes() const {
  const auto bytes = encodeSnapshotOf(*m_tree);
  return std::string(bytes.begin(), bytes.end());
}

void KeeperServer::replaceTree(std::unique_ptr<coordination::DataTree> tree) {
  m_tree = std::move(tree);
  resetPreparer();
}

void KeeperServer::applyReplicated(const coordination::Txn& txn, bool committed) {
  if (txn.header.zxid <= m_tree->lastProcessedZxid()) return;  // in the tree a SNAP brought
  const auto rc = m_tree->processTxn(txn);
  afterApply(txn);
  if (!committed) return;  // a role's leftovers: nobody is answered from them
  const OpCode type = coordination::txnType(txn);
  // Whose request was it? The leader's own pending write carries the zxid; a learner matches
  // its forwarded request by session and cxid (createSession/closeSession by session alone).
  for (Pending& p : m_queue) {
    if (p.result) continue;
    const bool mine = p.txn ? p.txn->header.zxid == txn.header.zxid
                            : p.forwarded && p.sessionId == txn.header.clientId &&
                                  (type == OpCode::CreateSession || type == OpCode::CloseSession
                                       ? p.type == type
                                       : p.xid == txn.header.cxid);
    if (mine) {
      p.result = rc;
      break;
    }
  }
  // A session the leader closed (expired) whose connection is here: close it without a word.
  if (type == OpCode::CloseSession) {
    if (auto it = m_sessionConnection.find(txn.header.clientId); it != m_sessionConnection.end()) {
      const bool requested = std::any_of(m_queue.begin(), m_queue.end(), [&](const Pending& p) {
        return p.type == OpCode::CloseSession && p.sessionId == txn.header.clientId;
      });
      if (!requested) {
        if (auto c = m_connections.find(it->second); c != m_connections.end()) c->second->close();
      }
    }
  }
  drainQuorum();
}

bool KeeperServer::quorumReady(const Pending& p) const {
  if (p.awaitingSync) return false;
  if (p.txn || p.forwarded) return p.result.has_value();
  return true;  // reads and refusals: their turn is enough
}

void KeeperServer::drainQuorum() {
  while (!m_queue.empty() && quorumReady(m_queue.front())) {
    Pending p = std::move(m_queue.front());
    m_queue.pop_front();
    complete(p);
  }
  deliverNotices();
  resumeIfRoom();
}

void KeeperServer::forwardWrite(Pending p, int32_t type, const std::vector<uint8_t>& body,
                                const coordination::AuthIds* auth) {
  Writer w;
  w.writeInt64(p.sessionId);
  w.writeInt32(p.xid);
  w.writeInt32(type);
  w.writeRaw(body);
  const auto bytes = w.take();
  p.forwarded = true;
  m_queue.push_back(std::move(p));
  m_quorum->forward(coordination::ZabPacketType::Request, std::string(bytes.begin(), bytes.end()),
                    auth ? *auth : coordination::AuthIds{});
}

void KeeperServer::onLearnerRequest(const ZabEvent& event) {
  Reader r(std::span(reinterpret_cast<const uint8_t*>(event.data.data()), event.data.size()));
  auto sessionId = r.readInt64();
  auto cxid = r.readInt32();
  auto type = r.readInt32();
  if (!sessionId || !cxid || !type) return;
  const std::vector<uint8_t> body(event.data.begin() + 16, event.data.end());
  const auto op = static_cast<OpCode>(*type);
  const int64_t nowWallMs = m_loop.clock().wallMs();
  Pending p;
  p.sessionId = *sessionId;
  p.xid = *cxid;
  p.type = op;
  if (op == OpCode::CreateSession) {
    Reader b(body);
    auto timeoutMs = b.readInt32();
    if (!timeoutMs) return;
    m_sessions.track(*sessionId, *timeoutMs, monoMs());
    p.txn = m_preparer->prepareCreateSession(*sessionId, *timeoutMs, nowWallMs);
  } else if (op == OpCode::CloseSession) {
    m_sessions.setClosing(*sessionId);
    p.txn = m_preparer->prepareCloseSession(*sessionId, nowWallMs);
  } else {
    m_sessions.touch(*sessionId, monoMs());
    const coordination::AuthIds auth = event.auth;
    p.txn = m_preparer->prepare(coordination::WriteRequest{*sessionId, *cxid, op, body, &auth},
                                nowWallMs);
    if (!p.txn)
      return;  // malformed: the learner's client is left waiting (ZooKeeper logs an error txn)
  }
  enqueue(std::move(p));
}

void KeeperServer::onLearnerPing(const std::string& data) {
  Reader r(std::span(reinterpret_cast<const uint8_t*>(data.data()), data.size()));
  while (!r.atEnd()) {
    auto sessionId = r.readInt64();
    auto timeoutMs = r.readInt32();
    if (!sessionId || !timeoutMs) return;
    if (!m_sessions.touch(*sessionId, monoMs()) && m_tree->sessions().count(*sessionId))
      m_sessions.track(*sessionId, *timeoutMs, monoMs());
  }
}

void KeeperServer::quorumTick() {
  if (!m_serving || m_leading) return;
  Writer w;
  for (const auto& [sessionId, connection] : m_sessionConnection) {
    w.writeInt64(sessionId);
    w.writeInt32(m_sessions.timeoutOf(sessionId).value_or(m_config.minSessionTimeoutMs));
  }
  const auto bytes = w.take();
  m_quorum->setPingData(std::string(bytes.begin(), bytes.end()));
}

void KeeperServer::startServing(bool leading, int64_t epoch) {
  m_serving = true;
  m_leading = leading;
  resetPreparer();  // no outstanding changes of an earlier leadership
  if (leading) {
    m_preparer->setLastZxid(coordination::makeZxid(epoch, 0).value());
    m_sessions = coordination::SessionTracker(m_config.myid, m_config.tickTimeMs, monoMs());
    trackTreeSessions();
  }
}

void KeeperServer::stopServing(const std::string& why) {
  if (!m_serving) return;
  PIER_LOG_INFO("not serving clients", {"why", why});
  m_serving = false;
  m_leading = false;
  m_queue.clear();
  auto connections = m_connections;
  for (auto& [id, conn] : connections) conn->close();
}

void KeeperServer::onQuorumEvent(const ZabEvent& event) {
  switch (event.kind) {
    case ZabEvent::Kind::Serving:
      startServing(event.peer.value() == m_config.myid, event.epoch);
      return;
    case ZabEvent::Kind::Looking:
    case ZabEvent::Kind::Leading:
    case ZabEvent::Kind::Following:
      stopServing(event.data.empty() ? "election" : event.data);
      return;
    case ZabEvent::Kind::LearnerRequest:
      if (m_leading) onLearnerRequest(event);
      return;
    case ZabEvent::Kind::LearnerPing:
      if (m_leading) onLearnerPing(event.data);
      return;
    case ZabEvent::Kind::SyncDone:
      for (Pending& p : m_queue) {
        if (p.awaitingSync) {
          p.awaitingSync = false;
          break;
        }
      }
      drainQuorum();
      return;
    case ZabEvent::Kind::LearnerRevalidate:
      return;
  }
}

}  // namespace pier::keeper
