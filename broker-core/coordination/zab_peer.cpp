#include "coordination/zab_peer.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/assert.h"

namespace pier::coordination {

bool ZabShared::isVoter(NodeId sid) const {
  return std::binary_search(voters.begin(), voters.end(), sid);
}

bool ZabShared::isObserver(NodeId sid) const {
  return std::find(observers.begin(), observers.end(), sid) != observers.end();
}

bool ZabShared::isQuorum(const std::vector<NodeId>& sids) const {
  std::size_t n = 0;
  for (NodeId sid : sids) n += isVoter(sid) ? 1 : 0;
  return n > voters.size() / 2;
}

void ZabShared::send(NodeId to, uint64_t connection, QuorumPacket packet, bool attachSnapshot) {
  out->toSend.push_back({to, connection, std::move(packet), attachSnapshot});
}

void ZabShared::log(const ZabTxn& txn) {
  PIER_ASSERT(txn.zxid > lastLogged, "logged zxids increase");
  out->toLog.push_back(txn);
  lastLogged = txn.zxid;
}

void ZabShared::apply(const ZabTxn& txn) {
  applyInto(out->toApply, txn);
}

void ZabShared::fastForward(const ZabTxn& txn) {
  applyInto(out->toFastForward, txn);
}

void ZabShared::applyInto(std::vector<ZabTxn>& list, const ZabTxn& txn) {
  PIER_ASSERT(txn.zxid > lastApplied && txn.zxid <= lastLogged, "apply what is logged, in order");
  list.push_back(txn);
  lastApplied = txn.zxid;
  history->append(txn);
}

void ZabShared::persistAcceptedEpoch(int64_t epoch) {
  acceptedEpoch = epoch;
  out->acceptedEpoch = epoch;
}

void ZabShared::persistCurrentEpoch(int64_t epoch) {
  currentEpoch = epoch;
  out->currentEpoch = epoch;
}

void ZabShared::event(ZabEvent::Kind kind, NodeId peer, int64_t epoch, std::string data) {
  out->events.push_back({kind, peer, epoch, std::move(data), {}});
}

ZabPeer::ZabPeer(ZabPeerConfig config, ZabPersisted persisted)
    : m_config(std::move(config)),
      m_election(m_config.election),
      m_history(m_config.historyCapacity) {
  m_shared.bootId = persisted.bootId;
  m_shared.myId = m_config.election.myId;
  m_shared.voters = m_config.election.voters;
  std::sort(m_shared.voters.begin(), m_shared.voters.end());
  m_shared.voters.erase(std::unique(m_shared.voters.begin(), m_shared.voters.end()),
                        m_shared.voters.end());
  m_shared.observers = m_config.election.observers;
  m_shared.timing = m_config.timing;
  m_shared.acceptedEpoch = persisted.acceptedEpoch;
  m_shared.currentEpoch = persisted.currentEpoch;
  m_shared.lastLogged = persisted.lastZxid;
  m_shared.lastApplied = persisted.lastZxid;
  m_shared.truncateFloor = persisted.snapshotZxid;
  m_shared.history = &m_history;
  m_shared.out = &m_ready;
  const auto& txns = persisted.recentTxns;
  PIER_ASSERT(txns.empty() || txns.back().zxid == persisted.lastZxid,
              "recent txns end at lastZxid");
  // The zxid before the first kept transaction is not known: the window starts at it.
  m_history.reset(txns.empty() ? persisted.lastZxid : txns.front().zxid);
  if (!txns.empty()) {
    for (std::size_t i = 1; i < txns.size(); ++i) m_history.append(txns[i]);
  }
}

ZabReady ZabPeer::finish() {
  ZabReady out = std::move(m_ready);
  m_ready = ZabReady{};
  return out;
}

ZabReady ZabPeer::start(int64_t nowMs) {
  m_shared.event(ZabEvent::Kind::Looking, NodeId(), 0, "starting");
  take(m_election.start(nowMs, m_shared.lastLogged, m_shared.currentEpoch), nowMs);
  return finish();
}

void ZabPeer::take(const ElectionReady& ready, int64_t nowMs) {
  for (const auto& n : ready.toSend) m_ready.notifications.push_back(n);
  if (!ready.decision) return;
  if (ready.decision->state == ServerState::Leading) {
    m_leader = std::make_unique<ZabLeader>(m_shared, nowMs);
  } else {
    m_learner = std::make_unique<ZabLearner>(m_shared, ready.decision->leader, nowMs);
  }
  checkRole(nowMs);
}

// A role that failed (or established its epoch) is dealt with after every step.
void ZabPeer::checkRole(int64_t nowMs) {
  if (m_leader && m_leader->failure()) {
    goLooking(*m_leader->failure(), nowMs);
    return;
  }
  if (m_learner && m_learner->failure()) {
    goLooking(*m_learner->failure(), nowMs);
    return;
  }
  // QuorumPeer.updateElectionVote: once serving, election answers carry the new epoch.
  if (serving()) m_election.updatePeerEpoch(m_shared.currentEpoch);
}

void ZabPeer::goLooking(std::string why, int64_t nowMs) {
  if (m_leader) {
    m_leader->fastForward();
    for (uint64_t c : m_leader->connections()) m_ready.toClose.push_back(c);
    m_leader.reset();
  }
  if (m_learner) {
    m_learner->fastForward();
    m_ready.toClose.push_back(m_learner->connection());
    m_learner.reset();
  }
  m_shared.event(ZabEvent::Kind::Looking, NodeId(), 0, std::move(why));
  take(m_election.start(nowMs, m_shared.lastLogged, m_shared.currentEpoch), nowMs);
}

ZabReady ZabPeer::onNotification(NodeId from, const Notification& n, int64_t nowMs) {
  take(m_election.receive(from, n, nowMs), nowMs);
  return finish();
}

ZabReady ZabPeer::onPacket(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs) {
  if (m_leader)
    m_leader->onPacket(from, connection, p, nowMs);
  else if (m_learner)
    m_learner->onPacket(from, connection, p, nowMs);
  else
    m_ready.toClose.push_back(connection);  // LOOKING: no quorum connections
  checkRole(nowMs);
  return finish();
}

ZabReady ZabPeer::onDisconnected(NodeId peer, uint64_t connection, int64_t nowMs) {
  if (m_leader) m_leader->onDisconnected(peer, connection);
  if (m_learner) m_learner->onDisconnected(connection, nowMs);
  checkRole(nowMs);
  return finish();
}

ZabReady ZabPeer::tick(int64_t nowMs) {
  take(m_election.tick(nowMs), nowMs);
  if (m_leader) m_leader->tick(nowMs);
  if (m_learner) m_learner->tick(nowMs);
  checkRole(nowMs);
  return finish();
}

std::optional<Zxid> ZabPeer::nextZxid() const {
  if (!m_leader || !m_leader->serving()) return std::nullopt;
  return m_leader->nextZxid();
}

ZabReady ZabPeer::propose(ZabTxn txn, int64_t nowMs) {
  PIER_ASSERT(m_leader && m_leader->serving(), "only a serving leader proposes");
  m_leader->propose(std::move(txn));
  checkRole(nowMs);
  return finish();
}

ZabReady ZabPeer::forward(ZabPacketType type, std::string data, int64_t nowMs) {
  if (m_learner) m_learner->forward(type, std::move(data));
  checkRole(nowMs);
  return finish();
}

void ZabPeer::setPingData(std::string data) {
  if (m_learner) m_learner->setPingData(std::move(data));
}

bool ZabPeer::serving() const {
  return (m_leader && m_leader->serving()) || (m_learner && m_learner->serving());
}

NodeId ZabPeer::leaderId() const {
  if (m_leader) return m_shared.myId;
  if (m_learner) return m_learner->leader();
  return kNoServer;
}

std::string ZabPeer::describeState() const {
  std::string role = "looking";
  if (m_leader) role = fmt::format("leading({})", static_cast<int>(m_leader->phase()));
  if (m_learner)
    role = fmt::format("learning({} from {})", static_cast<int>(m_learner->stage()),
                       m_learner->leader().value());
  return fmt::format("{} {} accepted={} current={} logged=0x{:x} applied=0x{:x}",
                     serverStateName(state()), role, m_shared.acceptedEpoch, m_shared.currentEpoch,
                     m_shared.lastLogged.value(), m_shared.lastApplied.value());
}

}  // namespace pier::coordination
