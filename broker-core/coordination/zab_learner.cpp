#include "coordination/zab_learner.h"

#include <fmt/format.h>

namespace pier::coordination {

ZabLearner::ZabLearner(ZabShared& shared, NodeId leader, int64_t nowMs)
    : m_s(shared), m_leader(leader), m_startMs(nowMs), m_lastHeardMs(nowMs) {
  m_s.event(ZabEvent::Kind::Following, leader, 0);
  dial();
}

void ZabLearner::dial() {
  m_connection = m_s.newConnectionId();
  m_s.out->connect = ZabConnect{m_leader, m_connection};
  send(makePacket(observer() ? ZabPacketType::ObserverInfo : ZabPacketType::FollowerInfo,
                  makeZxid(m_s.acceptedEpoch, 0), encodeLearnerInfo(m_s.myId)));
}

void ZabLearner::fail(std::string why) {
  if (!m_failure) m_failure = std::move(why);
}

void ZabLearner::onDisconnected(uint64_t connection, int64_t nowMs) {
  if (connection != m_connection) return;
  if (m_stage == Stage::Connecting) {
    m_redialAtMs = nowMs + kRedialMs;
    return;
  }
  fail("connection to the leader closed");
}

void ZabLearner::onPacket(NodeId from, uint64_t connection, const QuorumPacket& p, int64_t nowMs) {
  if (m_failure || from != m_leader || connection != m_connection) return;
  m_lastHeardMs = nowMs;
  const ZabPacketType type = packetType(p);
  if (m_stage == Stage::Connecting) {
    if (type == ZabPacketType::LeaderInfo)
      onLeaderInfo(p);
    else
      fail(fmt::format("first packet from the leader is {}, not LEADERINFO", describe(p)));
    return;
  }
  switch (type) {
    case ZabPacketType::Diff:
      return;
    case ZabPacketType::Trunc:
      onTruncate(p);
      return;
    case ZabPacketType::Snap:
      onSnapshot(p);
      return;
    case ZabPacketType::Proposal:
      onProposal(p);
      return;
    case ZabPacketType::Commit:
      onCommit(p);
      return;
    case ZabPacketType::Inform:
      onInform(p);
      return;
    case ZabPacketType::NewLeader:
      onNewLeader(p);
      return;
    case ZabPacketType::UpToDate:
      if (!m_newLeaderAcked) {
        fail("UPTODATE before NEWLEADER");
        return;
      }
      m_stage = Stage::Serving;
      m_s.event(ZabEvent::Kind::Serving, m_leader, m_epoch);
      return;
    case ZabPacketType::Ping:
      send(makePacket(ZabPacketType::Ping, m_s.lastLogged, std::exchange(m_pingData, {})));
      return;
    case ZabPacketType::Sync:
      m_s.event(ZabEvent::Kind::SyncDone, m_leader, m_epoch, p.data.value_or(""));
      return;
    default:
      fail(fmt::format("unexpected packet from the leader: {}", describe(p)));
      return;
  }
}

void ZabLearner::onLeaderInfo(const QuorumPacket& p) {
  m_epoch = zxidEpoch(Zxid(p.zxid));
  int32_t currentEpoch = static_cast<int32_t>(m_s.currentEpoch);
  if (m_epoch > m_s.acceptedEpoch) {
    m_s.persistAcceptedEpoch(m_epoch);
  } else if (m_epoch == m_s.acceptedEpoch) {
    currentEpoch = -1;  // already acknowledged this epoch once (ZOOKEEPER-335)
  } else {
    fail(fmt::format("Leaders epoch, {} is less than accepted epoch, {}", m_epoch,
                     m_s.acceptedEpoch));
    return;
  }
  m_stage = Stage::Syncing;
  const Zxid reported = m_s.needSnapshot ? Zxid(-1) : m_s.lastLogged;
  send(makePacket(ZabPacketType::AckEpoch, reported, encodeInt32Data(currentEpoch)));
}

void ZabLearner::onTruncate(const QuorumPacket& p) {
  const Zxid to(p.zxid);
  if (!m_pending.empty() || to > m_s.lastLogged) {
    fail(fmt::format("cannot truncate to 0x{:x}", p.zxid));
    return;
  }
  if (to < m_s.truncateFloor) {
    m_s.needSnapshot = true;
    fail(
        fmt::format("cannot truncate to 0x{:x}, below the snapshot at 0x{:x}: asking for a "
                    "snapshot",
                    p.zxid, m_s.truncateFloor.value()));
    return;
  }
  m_s.out->truncateTo = to;
  m_s.lastLogged = to;
  if (m_s.lastApplied > to) m_s.lastApplied = to;
  m_s.history->truncateAfter(to);
}

void ZabLearner::onSnapshot(const QuorumPacket& p) {
  if (!m_pending.empty()) {
    fail("SNAP after proposals");
    return;
  }
  m_s.out->installSnapshot = ZabSnapshotInstall{Zxid(p.zxid), p.data.value_or("")};
  m_s.lastLogged = Zxid(p.zxid);
  m_s.lastApplied = Zxid(p.zxid);
  m_s.truncateFloor = Zxid(p.zxid);
  m_s.needSnapshot = false;
  m_s.history->reset(Zxid(p.zxid));
}

void ZabLearner::onProposal(const QuorumPacket& p) {
  ZabTxn txn{Zxid(p.zxid), p.data.value_or("")};
  if (txn.zxid <= m_s.lastLogged) {
    fail(fmt::format("proposal 0x{:x} is not after the last logged 0x{:x}", p.zxid,
                     m_s.lastLogged.value()));
    return;
  }
  m_s.log(txn);
  if (m_newLeaderAcked)
    send(makePacket(ZabPacketType::Ack, txn.zxid));
  else
    m_unacked.push_back(txn.zxid);
  m_pending.push_back(std::move(txn));
}

void ZabLearner::onCommit(const QuorumPacket& p) {
  if (m_pending.empty() || m_pending.front().zxid != Zxid(p.zxid)) {
    // Follower.commit: "Committing zxid ... but next pending txn ..." (ZooKeeper exits)
    fail(fmt::format("commit of 0x{:x} but the next pending proposal is {}", p.zxid,
                     m_pending.empty() ? std::string("none")
                                       : fmt::format("0x{:x}", m_pending.front().zxid.value())));
    return;
  }
  m_s.apply(m_pending.front());
  m_pending.pop_front();
}

void ZabLearner::onInform(const QuorumPacket& p) {
  if (!observer()) {
    fail("INFORM sent to a follower");
    return;
  }
  ZabTxn txn{Zxid(p.zxid), p.data.value_or("")};
  if (txn.zxid <= m_s.lastLogged) return;  // already synced past it
  m_s.log(txn);
  m_s.apply(txn);
}

void ZabLearner::onNewLeader(const QuorumPacket& p) {
  if (m_newLeaderAcked || zxidEpoch(Zxid(p.zxid)) != m_epoch) {
    fail(fmt::format("unexpected NEWLEADER 0x{:x}", p.zxid));
    return;
  }
  m_s.persistCurrentEpoch(m_epoch);
  m_newLeaderAcked = true;
  send(makePacket(ZabPacketType::Ack, Zxid(p.zxid)));
  for (Zxid z : m_unacked) send(makePacket(ZabPacketType::Ack, z));
  m_unacked.clear();
}

void ZabLearner::forward(ZabPacketType type, std::string data) {
  if (!serving()) return;
  send(makePacket(type, m_s.lastLogged, std::move(data)));
}

void ZabLearner::fastForward() {
  for (const ZabTxn& t : m_pending) m_s.fastForward(t);
  m_pending.clear();
}

void ZabLearner::tick(int64_t nowMs) {
  if (m_failure) return;
  if (m_redialAtMs && nowMs >= *m_redialAtMs) {
    m_redialAtMs.reset();
    dial();
  }
  const int64_t limitMs = m_stage == Stage::Serving ? m_s.timing.syncMs() : m_s.timing.initMs();
  if (nowMs - m_lastHeardMs >= limitMs)
    fail(fmt::format("nothing from leader {} for {} ms", m_leader.value(), nowMs - m_lastHeardMs));
}

}  // namespace pier::coordination
