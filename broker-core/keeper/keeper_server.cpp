#include "keeper/keeper_server.h"

#include "base/log.h"
#include "keeper/four_letter_words.h"
#include "keeper/quorum_service.h"

namespace pier::keeper {

namespace pz = protocol::zookeeper;
using coordination::OpCode;
using coordination::ZkError;

namespace {

std::vector<uint8_t> replyPacket(int32_t xid, int64_t zxid, ZkError err,
                                 const std::vector<uint8_t>& body) {
  Writer w;
  pz::ReplyHeader{xid, zxid, static_cast<int32_t>(err)}.encode(w);
  w.writeRaw(body);
  return w.take();
}

}  // namespace

KeeperServer::KeeperServer(Loop& loop, Network& network, KeeperConfig config,
                           std::unique_ptr<coordination::DataTree> tree, TxnJournal& journal)
    : m_loop(loop),
      m_network(network),
      m_config(std::move(config)),
      m_tree(std::move(tree)),
      m_journal(journal),
      m_sessions(m_config.mode == KeeperMode::Standalone ? 0 : m_config.myid, m_config.tickTimeMs,
                 monoMs()) {
  resetPreparer();
  trackTreeSessions();
}

void KeeperServer::resetPreparer() {
  m_preparer = std::make_unique<coordination::RequestPreparer>(
      *m_tree, coordination::PreparerConfig{m_config.extendedTypesEnabled},
      [this](int64_t sessionId) { return m_sessions.check(sessionId); });
}

// Sessions in the tree are live again, with a fresh timeout (SessionTrackerImpl after a
// restart, or a new leader taking over).
void KeeperServer::trackTreeSessions() {
  for (const auto& [id, timeoutMs] : m_tree->sessions()) m_sessions.track(id, timeoutMs, monoMs());
}

KeeperServer::~KeeperServer() {
  stop();
}

int64_t KeeperServer::monoMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             m_loop.clock().now().time_since_epoch())
      .count();
}

Status KeeperServer::start() {
  Endpoint at{m_config.clientPortAddress.empty() ? "0.0.0.0" : m_config.clientPortAddress,
              m_config.clientPort};
  PIER_ASSIGN_OR_RETURN(m_listener,
                        m_network.listen(at, [this](Result<std::shared_ptr<Connection>> conn) {
                          if (conn) accept(std::move(*conn));
                        }));
  m_startedWallMs = m_loop.clock().wallMs();
  m_tickTimer =
      m_loop.after(std::chrono::milliseconds(m_config.tickTimeMs), [this] { expireSessions(); });
  m_containerTimer = m_loop.after(std::chrono::milliseconds(m_config.containerCheckIntervalMs),
                                  [this] { checkContainers(); });
  PIER_LOG_INFO("pier-keeper serving", {"clientPort", clientEndpoint().toString()},
                {"zxid", m_tree->lastProcessedZxid()}, {"sessions", m_sessions.size()});
  return Status();
}

void KeeperServer::stop() {
  if (m_tickTimer) m_loop.cancel(*m_tickTimer);
  m_tickTimer.reset();
  if (m_containerTimer) m_loop.cancel(*m_containerTimer);
  m_containerTimer.reset();
  if (m_listener) m_listener->close();
  auto connections = m_connections;
  for (auto& [id, conn] : connections) conn->close();
}

Endpoint KeeperServer::clientEndpoint() const {
  return m_listener ? m_listener->localEndpoint() : Endpoint{};
}

void KeeperServer::accept(std::shared_ptr<Connection> conn) {
  const std::string host = conn->remoteEndpoint().host;
  if (m_config.maxClientCnxns > 0) {
    int32_t fromHost = 0;
    for (const auto& [id, c] : m_connections) fromHost += c->remote().host == host ? 1 : 0;
    if (fromHost >= m_config.maxClientCnxns) {
      PIER_LOG_WARN("Too many connections", {"from", host}, {"max", m_config.maxClientCnxns});
      conn->close();
      return;
    }
  }
  auto keeperConn = std::make_shared<KeeperConnection>(std::move(conn), *this, m_nextConnectionId++,
                                                       m_config.juteMaxBufferBytes);
  m_connections.emplace(keeperConn->id(), keeperConn);
  keeperConn->start();
}

void KeeperServer::onClosed(KeeperConnection* conn) {
  m_tree->removeWatcher(static_cast<coordination::WatcherId>(conn->id()));
  auto it = m_sessionConnection.find(conn->sessionId());
  if (it != m_sessionConnection.end() && it->second == conn->id()) m_sessionConnection.erase(it);
  m_connections.erase(conn->id());
}

void KeeperServer::onConnect(const std::shared_ptr<KeeperConnection>& conn,
                             const pz::ConnectRequest& req) {
  if (!m_serving) {
    conn->close();  // ZooKeeper: "ZooKeeperServer not running"; the client tries another server
    return;
  }
  if (req.lastZxidSeen > m_tree->lastProcessedZxid()) {
    PIER_LOG_INFO(
        "Refusing session request: client has seen a newer zxid; it must try another server",
        {"clientZxid", req.lastZxidSeen}, {"ourZxid", m_tree->lastProcessedZxid()});
    conn->close();
    return;
  }
  const int32_t timeoutMs =
      std::clamp(req.timeOut, m_config.minSessionTimeoutMs, m_config.maxSessionTimeoutMs);
  if (req.sessionId != 0) {
    reopenSession(conn, req, timeoutMs);
    return;
  }
  const int64_t sessionId = m_sessions.nextSessionId();
  m_sessions.track(sessionId, timeoutMs, monoMs());
  conn->setSession(sessionId, timeoutMs);
  m_sessionConnection[sessionId] = conn->id();
  Pending p;
  p.conn = conn;
  p.sessionId = sessionId;
  p.type = OpCode::CreateSession;
  p.after = After::ConnectResponse;
  p.timeoutMs = timeoutMs;
  if (m_quorum && !m_leading) {
    Writer w;
    w.writeInt32(timeoutMs);
    forwardWrite(std::move(p), static_cast<int32_t>(OpCode::CreateSession), w.take(), nullptr);
    return;
  }
  p.txn = m_preparer->prepareCreateSession(sessionId, timeoutMs, m_loop.clock().wallMs());
  enqueue(std::move(p));
}

void KeeperServer::reopenSession(const std::shared_ptr<KeeperConnection>& conn,
                                 const pz::ConnectRequest& req, int32_t timeoutMs) {
  const std::string expected = coordination::SessionTracker::passwordFor(req.sessionId);
  // A learner knows sessions from the replicated tree (the leader owns their expiry).
  if (m_quorum && !m_leading && m_tree->sessions().count(req.sessionId) &&
      !m_sessions.isLive(req.sessionId))
    m_sessions.track(req.sessionId, timeoutMs, monoMs());
  const bool valid =
      req.passwd.value_or("") == expected && m_sessions.touch(req.sessionId, monoMs());
  if (!valid) {
    sendConnectResponse(*conn, 0, 0, std::string(16, '\0'));
    conn->closeAfterSend();
    return;
  }
  // The session moves here: its previous connection goes (CLIENT_RECONNECT).
  if (auto old = m_sessionConnection.find(req.sessionId); old != m_sessionConnection.end()) {
    auto other = m_connections.find(old->second);
    if (other != m_connections.end() && other->second != conn) other->second->close();
  }
  conn->setSession(req.sessionId, timeoutMs);
  m_sessionConnection[req.sessionId] = conn->id();
  sendConnectResponse(*conn, timeoutMs, req.sessionId, expected);
}

void KeeperServer::sendConnectResponse(KeeperConnection& conn, int32_t timeoutMs, int64_t sessionId,
                                       const std::string& passwd) {
  Writer w;
  pz::ConnectResponse{0, timeoutMs, sessionId, passwd}.encode(w);
  if (conn.clientSentReadOnlyFlag()) w.writeBool(false);
  conn.send(w.take());
}

void KeeperServer::onRequest(const std::shared_ptr<KeeperConnection>& conn, int32_t xid,
                             int32_t type, std::vector<uint8_t> body) {
  ++m_counters.packetsReceived;
  const int64_t sessionId = conn->sessionId();
  if (!m_sessions.touch(sessionId, monoMs())) {
    // ZooKeeperServer.touch failed: the request is dropped ("Dropping request: No session").
    return;
  }
  const auto op = static_cast<OpCode>(type);
  if (op == OpCode::CloseSession && !(m_quorum && !m_leading)) {
    closeSession(sessionId, conn, xid, After::CloseConnection);
    return;
  }
  Pending p;
  p.conn = conn;
  p.sessionId = sessionId;
  p.xid = xid;
  p.type = op;
  p.arrived = m_loop.clock().now();
  if (m_quorum && !m_leading && coordination::RequestPreparer::isWrite(op) &&
      !coordination::RequestPreparer::decodes(op, body)) {
    p.refused = ZkError::MarshallingError;  // the leader would drop it and leave this queue stuck
    enqueue(std::move(p));
    return;
  }
  if (m_quorum && !m_leading &&
      (coordination::RequestPreparer::isWrite(op) || op == OpCode::CloseSession)) {
    if (op == OpCode::CloseSession) p.after = After::CloseConnection;
    forwardWrite(std::move(p), type, body, &conn->auth());
    return;
  }
  if (m_quorum && !m_leading && op == OpCode::Sync) p.awaitingSync = true;
  if (coordination::RequestPreparer::isWrite(op)) {
    p.txn = m_preparer->prepare(coordination::WriteRequest{sessionId, xid, op, body, &conn->auth()},
                                m_loop.clock().wallMs());
    if (!p.txn) p.refused = ZkError::MarshallingError;
  } else {
    p.body = std::move(body);
    if (ZkError e = m_sessions.check(sessionId); e != ZkError::Ok) p.refused = e;
  }
  enqueue(std::move(p));
}

void KeeperServer::closeSession(int64_t sessionId, std::weak_ptr<KeeperConnection> conn,
                                int32_t xid, After after) {
  m_sessions.setClosing(sessionId);
  Pending p;
  p.conn = std::move(conn);
  p.sessionId = sessionId;
  p.xid = xid;
  p.type = OpCode::CloseSession;
  p.txn = m_preparer->prepareCloseSession(sessionId, m_loop.clock().wallMs());
  p.after = after;
  enqueue(std::move(p));
}

void KeeperServer::enqueue(Pending pending) {
  if (m_failed) return;
  if (pending.arrived == MonoTime{}) pending.arrived = m_loop.clock().now();
  if (pending.txn && m_quorum) {
    if (!m_leading || m_quorum->nextZxid() != pending.txn->header.zxid) {
      PIER_LOG_WARN("dropping a write prepared outside a serving leadership",
                    {"zxid", pending.txn->header.zxid});
      return;
    }
    m_quorum->propose(*pending.txn);
  } else if (pending.txn) {
    if (Status appended = m_journal.append(*pending.txn); !appended) {
      m_failed = true;
      if (m_fatalHook) m_fatalHook(appended);
      return;
    }
  }
  const bool sync = pending.awaitingSync;
  m_queue.push_back(std::move(pending));
  if (m_quorum) {
    if (sync) m_quorum->forward(coordination::ZabPacketType::Sync, {});
    drainQuorum();
    return;
  }
  scheduleFlush();
}

void KeeperServer::scheduleFlush() {
  if (m_flushScheduled) return;
  m_flushScheduled = true;
  m_loop.post([this] { flush(); });
}

void KeeperServer::flush() {
  m_flushScheduled = false;
  // One batch at a time: requests that arrive while a batch is being synced wait behind it
  // (reads too, so nothing is answered out of order), and form the next batch.
  if (m_failed || m_committing || m_queue.empty()) return;
  std::deque<Pending> batch = std::exchange(m_queue, {});
  const bool writes =
      std::any_of(batch.begin(), batch.end(), [](const Pending& p) { return p.txn.has_value(); });
  if (!writes) {
    committed(std::move(batch), Status());
    return;
  }
  m_committing = true;
  m_inFlight = batch.size();
  m_journal.commit([this, batch = std::move(batch)](Status result) mutable {
    m_committing = false;
    m_inFlight = 0;
    committed(std::move(batch), result);
  });
}

bool KeeperServer::throttled() const {
  return m_config.globalOutstandingLimit > 0 &&
         m_queue.size() + m_inFlight >= static_cast<std::size_t>(m_config.globalOutstandingLimit);
}

void KeeperServer::resumeIfRoom() {
  if (throttled()) return;
  for (auto& weak : std::exchange(m_paused, {})) {
    if (auto conn = weak.lock()) conn->resumeReading();
  }
}

void KeeperServer::waitForCapacity(std::shared_ptr<KeeperConnection> conn) {
  m_paused.push_back(conn);
}

void KeeperServer::committed(std::deque<Pending> batch, const Status& result) {
  if (m_failed) return;
  if (!result) {
    m_failed = true;
    PIER_LOG_ERROR("cannot make transactions durable; stopping", {"why", result});
    if (m_fatalHook) m_fatalHook(result);
    return;
  }
  for (Pending& p : batch) complete(p);
  if (!m_queue.empty()) scheduleFlush();
  resumeIfRoom();
}

void KeeperServer::complete(Pending& p) {
  std::optional<coordination::ProcessTxnResult> rc = p.result;
  if (p.txn && !m_quorum) {
    const int64_t mismatchesBefore = m_tree->digestMismatches();
    rc = m_tree->processTxn(*p.txn);
    if (m_tree->digestMismatches() != mismatchesBefore) {
      PIER_LOG_ERROR(
          "Digests are not matching: the tree differs from what the transaction was prepared for",
          {"zxid", p.txn->header.zxid}, {"tree", m_tree->treeDigest()});
    }
    afterApply(*p.txn);
  }
  deliverNotices();
  auto conn = p.conn.lock();
  if (!conn || !conn->isOpen()) return;
  if (p.after == After::ConnectResponse) {
    sendConnectResponse(*conn, p.timeoutMs, p.sessionId,
                        coordination::SessionTracker::passwordFor(p.sessionId));
    return;
  }
  if (p.after == After::CloseConnection) {
    answer(p, ZkError::Ok, {});
    conn->closeAfterSend();
    return;
  }
  if (p.after == After::DropConnection) {
    conn->close();  // an expired session: ZooKeeper closes the connection without a word
    return;
  }
  if (p.refused != ZkError::Ok) {
    answer(p, p.refused, {});
    return;
  }
  if (p.type == OpCode::Ping) {
    conn->send(replyPacket(coordination::kPingXid, m_tree->lastProcessedZxid(), ZkError::Ok, {}));
    return;
  }
  coordination::Answer a;
  if (rc) {
    a = coordination::answerWrite(p.type, *rc);
  } else if (coordination::isLocalRead(p.type)) {
    a = coordination::answerRead(
        *m_tree, p.type, p.body,
        coordination::Requester{p.sessionId, static_cast<coordination::WatcherId>(conn->id()),
                                &conn->auth()});
    deliverNotices();  // setWatches may fire at once
  }
  answer(p, a.err, a.body);
}

void KeeperServer::afterApply(const coordination::Txn& txn) {
  m_preparer->applied(txn.header.zxid);
  if (coordination::txnType(txn) == OpCode::CloseSession) m_sessions.remove(txn.header.clientId);
  if (++m_txnsSinceSnapshot >= m_config.snapCount && m_snapshotHook) {
    m_txnsSinceSnapshot = 0;
    m_snapshotHook(*m_tree);
  }
}

void KeeperServer::answer(Pending& p, ZkError err, const std::vector<uint8_t>& body) {
  auto conn = p.conn.lock();
  if (!conn) return;
  conn->send(replyPacket(p.xid, m_tree->lastProcessedZxid(), err, body));
  const int64_t latencyMs =
      std::chrono::duration_cast<std::chrono::milliseconds>(m_loop.clock().now() - p.arrived)
          .count();
  if (m_counters.requestsAnswered == 0 || latencyMs < m_counters.latencyMinMs)
    m_counters.latencyMinMs = latencyMs;
  m_counters.latencyMaxMs = std::max(m_counters.latencyMaxMs, latencyMs);
  m_counters.latencyTotalMs += latencyMs;
  ++m_counters.requestsAnswered;
}

void KeeperServer::deliverNotices() {
  for (const auto& notice : m_tree->takeNotices()) {
    auto it = m_connections.find(static_cast<uint64_t>(notice.watcher));
    if (it == m_connections.end()) continue;
    Writer w;
    pz::ReplyHeader{coordination::kNotificationXid, -1, 0}.encode(w);
    pz::WatcherEvent{static_cast<int32_t>(notice.type),
                     static_cast<int32_t>(coordination::KeeperState::SyncConnected), notice.path}
        .encode(w);
    it->second->send(w.take());
  }
}

void KeeperServer::expireSessions() {
  if (m_quorum) {
    quorumTick();
    m_tickTimer =
        m_loop.after(std::chrono::milliseconds(m_config.tickTimeMs), [this] { expireSessions(); });
    if (!m_leading) return;
  }
  for (int64_t sessionId : m_sessions.expire(monoMs())) {
    PIER_LOG_INFO("Expiring session", {"session", sessionId});
    std::weak_ptr<KeeperConnection> conn;
    if (auto it = m_sessionConnection.find(sessionId); it != m_sessionConnection.end()) {
      if (auto c = m_connections.find(it->second); c != m_connections.end()) conn = c->second;
    }
    closeSession(sessionId, conn, 0, After::DropConnection);
  }
  if (!m_quorum)
    m_tickTimer =
        m_loop.after(std::chrono::milliseconds(m_config.tickTimeMs), [this] { expireSessions(); });
}

void KeeperServer::checkContainers() {
  // ContainerManager: each candidate becomes a deleteContainer request of its own.
  for (const auto& path : (m_quorum && !m_leading)
                              ? std::vector<std::string>{}
                              : m_tree->containerCandidates(m_loop.clock().wallMs())) {
    Pending p;
    p.type = OpCode::DeleteContainer;
    p.txn = m_preparer->prepareDeleteContainer(path, m_loop.clock().wallMs());
    enqueue(std::move(p));
  }
  m_containerTimer = m_loop.after(std::chrono::milliseconds(m_config.containerCheckIntervalMs),
                                  [this] { checkContainers(); });
}

std::string KeeperServer::fourLetterWord(std::span<const uint8_t, 4> word,
                                         const KeeperConnection& asking) {
  auto which = parseFourLetterWord(word);
  if (!which) return {};
  if (m_config.fourLetterWords.allows(*which)) {
    // srst resets the server's request statistics (ServerStats.reset); crst the connections'
    // counters, of which pier-keeper keeps only packets, reset with the server's.
    if (*which == FourLetterWord::Srst || *which == FourLetterWord::Crst)
      m_counters = KeeperCounters{};
  }
  return fourLetterWordReply(*which, status(asking), m_config.fourLetterWords);
}

}  // namespace pier::keeper
