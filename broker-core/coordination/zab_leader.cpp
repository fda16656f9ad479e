#include "coordination/zab_leader.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::coordination {

namespace {
void addOnce(std::vector<NodeId>& set, NodeId sid) {
  if (std::find(set.begin(), set.end(), sid) == set.end()) set.push_back(sid);
}
}  // namespace

ZabLeader::ZabLeader(ZabShared& shared, int64_t nowMs)
    : m_s(shared),
      m_startMs(nowMs),
      m_nextPingMs(nowMs),
      m_maxAcceptedEpoch(shared.acceptedEpoch),
      m_connecting{shared.myId},
      m_summaryEpoch(shared.currentEpoch),
      m_summaryZxid(shared.lastLogged) {
  PIER_ASSERT(shared.lastApplied == shared.lastLogged, "a leader starts from all it logged");
  m_s.event(ZabEvent::Kind::Leading, m_s.myId, 0);
  proposeEpochIfQuorum();  // an ensemble of one needs nobody
}

std::vector<uint64_t> ZabLeader::connections() const {
  std::vector<uint64_t> out;
  for (const auto& [sid, h] : m_handlers) out.push_back(h.connection);
  return out;
}

void ZabLeader::fail(std::string why) {
  if (!m_failure) m_failure = std::move(why);
}

void ZabLeader::drop(NodeId sid) {
  auto it = m_handlers.find(sid);
  if (it == m_handlers.end()) return;
  m_s.out->toClose.push_back(it->second.connection);
  m_handlers.erase(it);
}

ZabLeader::Handler* ZabLeader::handlerFor(NodeId from, uint64_t connection) {
  auto it = m_handlers.find(from);
  if (it == m_handlers.end() || it->second.connection != connection) return nullptr;
  return &it->second;
}

void ZabLeader::onPacket(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs) {
  if (m_failure) return;
  const ZabPacketType type = packetType(p);
  if (type == ZabPacketType::FollowerInfo || type == ZabPacketType::ObserverInfo) {
    onLearnerInfo(from, connection, p, nowMs);
    return;
  }
  Handler* h = handlerFor(from, connection);
  if (!h) {
    m_s.out->toClose.push_back(connection);  // a learner must introduce itself first
    return;
  }
  h->lastHeardMs = nowMs;
  switch (type) {
    case ZabPacketType::AckEpoch:
      onAckEpoch(from, *h, p);
      return;
    case ZabPacketType::Ack:
      onAck(from, *h, p);
      return;
    case ZabPacketType::Ping:
      if (h->stage == Stage::Synced)
        m_s.event(ZabEvent::Kind::LearnerPing, from, m_epoch, p.data.value_or(""));
      return;
    case ZabPacketType::Request:
    case ZabPacketType::Revalidate:
      if (h->stage == Stage::Synced) {
        m_s.event(type == ZabPacketType::Request ? ZabEvent::Kind::LearnerRequest
                                                 : ZabEvent::Kind::LearnerRevalidate,
                  from, m_epoch, p.data.value_or(""));
        m_s.out->events.back().auth = p.authinfo;
      }
      return;
    case ZabPacketType::Sync:
      onSync(from, *h, p);
      return;
    default:
      drop(from);  // LearnerHandler: "unexpected packet" ends the handler
      return;
  }
}

void ZabLeader::onDisconnected(NodeId from, uint64_t connection) {
  if (handlerFor(from, connection)) m_handlers.erase(from);
}

void ZabLeader::onLearnerInfo(NodeId from, uint64_t connection, const QuorumPacket& p,
                              int64_t nowMs) {
  const bool observer = packetType(p) == ZabPacketType::ObserverInfo;
  auto info = decodeLearnerInfo(p.data);
  const bool known = observer ? m_s.isObserver(from) : m_s.isVoter(from);
  if (!info.isOk() || info.value().serverid != from.value() || !known || from == m_s.myId) {
    m_s.out->toClose.push_back(connection);
    return;
  }
  drop(from);  // an older connection of the same learner
  Handler& h = m_handlers[from];
  h.connection = connection;
  h.observer = observer;
  h.lastHeardMs = nowMs;
  if (m_phase != Phase::Discovery) {
    h.stage = Stage::EpochSent;
    m_s.send(from, connection,
             makePacket(ZabPacketType::LeaderInfo, makeZxid(m_epoch, 0),
                        encodeInt32Data(kZabProtocolVersion)));
    return;
  }
  if (!observer) {
    addOnce(m_connecting, from);
    m_maxAcceptedEpoch = std::max(m_maxAcceptedEpoch, zxidEpoch(Zxid(p.zxid)));
  }
  proposeEpochIfQuorum();
}

// Leader.getEpochToPropose: the leader and a quorum of voters connected.
void ZabLeader::proposeEpochIfQuorum() {
  if (m_phase != Phase::Discovery || !m_s.isQuorum(m_connecting)) return;
  m_epoch = m_maxAcceptedEpoch + 1;
  m_s.persistAcceptedEpoch(m_epoch);
  m_phase = Phase::AckWait;
  m_electing = {m_s.myId};
  for (auto& [sid, h] : m_handlers) {
    h.stage = Stage::EpochSent;
    m_s.send(sid, h.connection,
             makePacket(ZabPacketType::LeaderInfo, makeZxid(m_epoch, 0),
                        encodeInt32Data(kZabProtocolVersion)));
  }
  establishIfQuorum();
}

// Leader.waitForEpochAck and what each LearnerHandler does after it.
void ZabLeader::onAckEpoch(NodeId from, Handler& h, const QuorumPacket& p) {
  if (h.stage != Stage::EpochSent) {
    drop(from);
    return;
  }
  auto currentEpoch = decodeInt32Data(p.data);
  if (!currentEpoch.isOk()) {
    drop(from);
    return;
  }
  h.ackedEpoch = true;
  h.peerLastZxid = Zxid(p.zxid);
  if (m_phase == Phase::AckWait) {
    if (currentEpoch.value() != -1) {
      const int64_t e = currentEpoch.value();
      const bool ahead = e != m_summaryEpoch ? e > m_summaryEpoch : h.peerLastZxid > m_summaryZxid;
      if (ahead) {
        drop(from);  // "Follower is ahead of the leader": its handler ends
        return;
      }
      if (!h.observer) addOnce(m_electing, from);
    }
    establishIfQuorum();
    return;
  }
  sync(from, h);  // the epoch is settled: sync at once
}

void ZabLeader::establishIfQuorum() {
  if (m_phase != Phase::AckWait || !m_s.isQuorum(m_electing)) return;
  m_s.persistCurrentEpoch(m_epoch);
  m_lastProposed = makeZxid(m_epoch, 0);
  m_phase = Phase::Syncing;
  m_newLeaderAcks = {m_s.myId};
  for (auto& [sid, h] : m_handlers)
    if (h.ackedEpoch) sync(sid, h);
  finishEstablishing();  // an ensemble of one
}

// LearnerHandler.syncFollower + startForwarding + NEWLEADER.
void ZabLeader::sync(NodeId sid, Handler& h) {
  const SyncPlan plan = m_s.history->planSync(h.peerLastZxid);
  const Zxid last = m_s.history->last();
  switch (plan.kind) {
    case SyncPlan::Kind::Diff:
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Diff, last));
      break;
    case SyncPlan::Kind::Trunc:
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Trunc, plan.truncateTo));
      break;
    case SyncPlan::Kind::Snap:
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Snap, last), true);
      break;
  }
  for (const ZabTxn& t : plan.txns) {
    m_s.send(sid, h.connection, makePacket(ZabPacketType::Proposal, t.zxid, t.bytes));
    m_s.send(sid, h.connection, makePacket(ZabPacketType::Commit, t.zxid));
  }
  if (!h.observer)
    for (const auto& [zxid, prop] : m_outstanding)
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Proposal, zxid, prop.txn.bytes));
  m_s.send(sid, h.connection, makePacket(ZabPacketType::NewLeader, makeZxid(m_epoch, 0)));
  h.stage = Stage::Syncing;
}

void ZabLeader::onAck(NodeId from, Handler& h, const QuorumPacket& p) {
  const Zxid zxid(p.zxid);
  if (zxid == makeZxid(m_epoch, 0)) {  // NEWLEADER acknowledged
    if (h.stage != Stage::Syncing) return;
    h.stage = Stage::Synced;
    if (m_phase == Phase::Syncing) {
      if (!h.observer) addOnce(m_newLeaderAcks, from);
      finishEstablishing();
    } else {
      m_s.send(from, h.connection, makePacket(ZabPacketType::UpToDate, Zxid(-1)));
    }
    return;
  }
  if (h.observer) return;
  auto it = m_outstanding.find(zxid);
  if (it == m_outstanding.end()) return;  // already committed, or from an older leadership
  addOnce(it->second.acks, from);
  tryToCommit();
}

// Leader.waitForNewLeaderAck: a quorum synced to the new epoch.
void ZabLeader::finishEstablishing() {
  if (m_phase != Phase::Syncing || !m_s.isQuorum(m_newLeaderAcks)) return;
  m_phase = Phase::Broadcast;
  for (auto& [sid, h] : m_handlers)
    if (h.stage == Stage::Synced)
      m_s.send(sid, h.connection, makePacket(ZabPacketType::UpToDate, Zxid(-1)));
  m_s.event(ZabEvent::Kind::Serving, m_s.myId, m_epoch);
}

void ZabLeader::propose(ZabTxn txn) {
  PIER_ASSERT(serving(), "proposals need an established epoch");
  PIER_ASSERT(txn.zxid == nextZxid(), "proposals take consecutive zxids");
  PIER_ASSERT(zxidCounter(txn.zxid) != 0, "zxid counter overflow needs a new epoch");
  m_lastProposed = txn.zxid;
  m_s.log(txn);  // durable before the PROPOSAL leaves (ZabReady order): the leader's own ack
  for (const auto& [sid, h] : m_handlers)
    if (!h.observer && (h.stage == Stage::Syncing || h.stage == Stage::Synced))
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Proposal, txn.zxid, txn.bytes));
  Proposal& p = m_outstanding[txn.zxid];
  p.txn = std::move(txn);
  p.acks = {m_s.myId};
  tryToCommit();
}

void ZabLeader::tryToCommit() {
  while (!m_outstanding.empty() && m_s.isQuorum(m_outstanding.begin()->second.acks)) {
    commit(m_outstanding.begin()->second);
    m_outstanding.erase(m_outstanding.begin());
  }
}

void ZabLeader::commit(Proposal& p) {
  const Zxid zxid = p.txn.zxid;
  for (const auto& [sid, h] : m_handlers) {
    if (h.stage != Stage::Syncing && h.stage != Stage::Synced) continue;
    if (h.observer)
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Inform, zxid, p.txn.bytes));
    else
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Commit, zxid));
  }
  m_s.apply(p.txn);
  auto [first, end] = m_pendingSyncs.equal_range(zxid);
  for (auto it = first; it != end; ++it) {
    auto hit = m_handlers.find(it->second.first);
    if (hit != m_handlers.end())
      m_s.send(hit->first, hit->second.connection,
               makePacket(ZabPacketType::Sync, zxid, it->second.second));
  }
  m_pendingSyncs.erase(first, end);
}

// Leader.processSync: answered once everything proposed before it is committed.
void ZabLeader::onSync(NodeId from, Handler& h, const QuorumPacket& p) {
  if (h.stage != Stage::Synced) return;
  if (m_outstanding.empty()) {
    m_s.send(from, h.connection, makePacket(ZabPacketType::Sync, m_lastProposed, p.data));
    return;
  }
  m_pendingSyncs.emplace(m_lastProposed, std::make_pair(from, p.data.value_or("")));
}

ZabLeader::Stats ZabLeader::stats() const {
  Stats s;
  s.learners = static_cast<int64_t>(m_handlers.size());
  for (const auto& [sid, h] : m_handlers) {
    if (h.stage != Stage::Synced) continue;
    (h.observer ? s.syncedObservers : s.syncedFollowers) += 1;
  }
  s.pendingSyncs = static_cast<int64_t>(m_pendingSyncs.size());
  return s;
}

void ZabLeader::fastForward() {
  for (const auto& [zxid, p] : m_outstanding) m_s.fastForward(p.txn);
  m_outstanding.clear();
}

void ZabLeader::tick(int64_t nowMs) {
  if (m_failure) return;
  if (m_phase != Phase::Broadcast) {
    if (nowMs - m_startMs >= m_s.timing.initMs()) {
      fail(m_phase == Phase::Discovery ? "timeout while waiting for a quorum of followers"
           : m_phase == Phase::AckWait ? "timeout while waiting for epoch to be acked by quorum"
                                       : "timeout while waiting for a quorum to sync (NEWLEADER)");
      return;
    }
  }
  if (nowMs >= m_nextPingMs) {
    m_nextPingMs = nowMs + m_s.timing.tickTimeMs / 2;
    ping(nowMs);
  }
}

void ZabLeader::ping(int64_t nowMs) {
  std::vector<NodeId> synced{m_s.myId};
  std::vector<NodeId> late;
  for (auto& [sid, h] : m_handlers) {
    const int64_t limitMs = h.stage == Stage::Synced ? m_s.timing.syncMs() : m_s.timing.initMs();
    if (nowMs - h.lastHeardMs >= limitMs) {
      late.push_back(sid);
      continue;
    }
    if (h.stage == Stage::Synced) {
      if (!h.observer) synced.push_back(sid);
      m_s.send(sid, h.connection, makePacket(ZabPacketType::Ping, m_lastProposed));
    }
  }
  for (NodeId sid : late) drop(sid);
  if (m_phase == Phase::Broadcast && !m_s.isQuorum(synced)) {
    std::string ids;
    for (NodeId sid : synced) ids += fmt::format("{}{}", ids.empty() ? "" : ",", sid.value());
    fail("not sufficient followers synced, only synced with sids: [ " + ids + " ]");
  }
}

}  // namespace pier::coordination
