#include "election_peer.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/assert.h"
#include "sim/trace.h"
#include "sim_test_support.h"

namespace pier::simtest {

namespace {
const char* phaseName(ElectionPeer::Phase p) {
  switch (p) {
    case ElectionPeer::Phase::Looking:
      return "looking";
    case ElectionPeer::Phase::Discovery:
      return "discovery";
    case ElectionPeer::Phase::AckWait:
      return "ack-wait";
    case ElectionPeer::Phase::Established:
      return "established";
    case ElectionPeer::Phase::Connecting:
      return "connecting";
    case ElectionPeer::Phase::Acked:
      return "acked";
    case ElectionPeer::Phase::Synced:
      return "synced";
  }
  return "?";
}
}  // namespace

ElectionPeer::ElectionPeer(ElectionConfig config, ZabTiming timing, PeerDisk& disk,
                           EnsembleLog& log, BrokenRule broken)
    : m_config(config),
      m_timing(timing),
      m_disk(disk),
      m_log(log),
      m_broken(broken),
      m_fle(std::move(config)) {}

sim::Node<PeerMessage>::Outbox ElectionPeer::onStart(int64_t nowMs) {
  ++m_disk.boots;
  Outbox out;
  goLooking(nowMs, out);
  return out;
}

sim::Node<PeerMessage>::Outbox ElectionPeer::onMessage(NodeId from, const PeerMessage& message,
                                                       int64_t nowMs) {
  Outbox out;
  std::visit(Overloaded{
                 [&](const Notification& n) { take(m_fle.receive(from, n, nowMs), nowMs, out); },
                 [&](const FollowerInfo& m) { onFollowerInfo(from, m, nowMs, out); },
                 [&](const LeaderInfo& m) { onLeaderInfo(from, m, nowMs, out); },
                 [&](const AckEpoch& m) { onAckEpoch(from, m, nowMs, out); },
                 [&](const UpToDate& m) { onUpToDate(from, m, nowMs); },
                 [&](const Ping& m) { onPing(from, m, nowMs, out); },
                 [&](const PingAck& m) { onPingAck(from, m, nowMs); },
             },
             message);
  return out;
}

sim::Node<PeerMessage>::Outbox ElectionPeer::onTick(int64_t nowMs) {
  Outbox out;
  take(m_fle.tick(nowMs), nowMs, out);
  switch (m_phase) {
    case Phase::Looking:
      break;
    case Phase::Discovery:
    case Phase::AckWait:
    case Phase::Established:
      leaderTick(nowMs, out);
      break;
    case Phase::Connecting:
    case Phase::Acked:
    case Phase::Synced:
      learnerTick(nowMs, out);
      break;
  }
  return out;
}

uint64_t ElectionPeer::stateHash() const {
  uint64_t h = static_cast<uint64_t>(m_phase);
  h = sim::mixHash(h, static_cast<uint64_t>(m_fle.state()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_fle.logicalClock()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_fle.currentVote().leader.value()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_fle.proposal().leader.value()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_disk.currentEpoch));
  h = sim::mixHash(h, static_cast<uint64_t>(m_disk.acceptedEpoch));
  return sim::mixHash(h, static_cast<uint64_t>(m_disk.lastZxid.value()));
}

std::string ElectionPeer::describeState() const {
  return fmt::format("{} {} leader={} round={} currentEpoch={} acceptedEpoch={} lastZxid=0x{:x}",
                     coordination::serverStateName(m_fle.state()), phaseName(m_phase),
                     leader().value(), m_fle.logicalClock(), m_disk.currentEpoch,
                     m_disk.acceptedEpoch, m_disk.lastZxid.value());
}

void ElectionPeer::take(const coordination::ElectionReady& ready, int64_t nowMs, Outbox& out) {
  for (const auto& o : ready.toSend) {
    if (m_broken == BrokenRule::SilentOutOfElection && o.notification.state != ServerState::Looking)
      continue;
    out.push_back({o.to, o.notification});
  }
  if (!ready.decision) return;
  m_log.decisions.push_back({m_config.myId, *ready.decision, nowMs});
  if (ready.decision->state == ServerState::Leading) {
    beginLeading(nowMs, out);
  } else {
    beginLearning(ready.decision->leader, nowMs, out);
  }
}

void ElectionPeer::goLooking(int64_t nowMs, Outbox& out) {
  m_phase = Phase::Looking;
  m_phaseStartMs = nowMs;
  m_learners.clear();
  m_connecting.clear();
  m_electing.clear();
  m_connection = 0;
  take(m_fle.start(nowMs, m_disk.lastZxid, m_disk.currentEpoch), nowMs, out);
}

bool ElectionPeer::isQuorum(const std::set<NodeId>& voters) const {
  std::size_t n = 0;
  for (NodeId v : voters) n += m_fle.isVoter(v) ? 1 : 0;
  return n > m_config.voters.size() / 2;  // Requires: config.voters has no duplicates
}

// ---- leading

void ElectionPeer::beginLeading(int64_t nowMs, Outbox& out) {
  m_phase = Phase::Discovery;
  m_phaseStartMs = nowMs;
  m_summaryEpoch = m_disk.currentEpoch;
  m_summaryZxid = m_disk.lastZxid;
  m_maxAcceptedEpoch = m_disk.acceptedEpoch;
  m_connecting = {m_config.myId};
  m_electing.clear();
  m_learners.clear();
  maybeProposeEpoch(nowMs, out);
}

void ElectionPeer::onFollowerInfo(NodeId from, const FollowerInfo& m, int64_t nowMs, Outbox& out) {
  if (m_phase != Phase::Discovery && m_phase != Phase::AckWait && m_phase != Phase::Established)
    return;
  LearnerLink& link = m_learners[from];
  if (link.connection != m.connection) link = LearnerLink{m.connection, false, false, nowMs};
  link.lastHeardMs = nowMs;
  if (m_phase != Phase::Discovery) {
    out.push_back({from, LeaderInfo{m_epoch, m.connection}});
    return;
  }
  if (m_fle.isVoter(from)) {
    m_connecting.insert(from);
    if (m_broken != BrokenRule::NoEpochAgreement)
      m_maxAcceptedEpoch = std::max(m_maxAcceptedEpoch, m.acceptedEpoch);
  }
  maybeProposeEpoch(nowMs, out);
}

void ElectionPeer::maybeProposeEpoch(int64_t nowMs, Outbox& out) {
  if (m_phase != Phase::Discovery || !isQuorum(m_connecting)) return;
  m_epoch = m_maxAcceptedEpoch + 1;
  m_disk.acceptedEpoch = m_epoch;
  m_phase = Phase::AckWait;
  m_electing = {m_config.myId};  // waitForEpochAck(self, leaderStateSummary)
  for (const auto& [sid, link] : m_learners)
    out.push_back({sid, LeaderInfo{m_epoch, link.connection}});
  maybeEstablish(nowMs, out);
}

void ElectionPeer::onAckEpoch(NodeId from, const AckEpoch& m, int64_t nowMs, Outbox& out) {
  if (m_phase != Phase::AckWait && m_phase != Phase::Established) return;
  auto it = m_learners.find(from);
  if (it == m_learners.end() || it->second.connection != m.connection || m.epoch != m_epoch) return;
  LearnerLink& link = it->second;
  link.lastHeardMs = nowMs;
  link.acked = true;
  if (m_phase == Phase::Established) {
    sync(from, link, out);
    return;
  }
  if (m.currentEpoch != -1) {
    const bool ahead = m.currentEpoch != m_summaryEpoch ? m.currentEpoch > m_summaryEpoch
                                                        : m.lastZxid > m_summaryZxid;
    if (ahead) {
      m_learners.erase(it);  // "Follower is ahead of the leader": its handler dies
      return;
    }
    if (m_fle.isVoter(from)) m_electing.insert(from);
  }
  maybeEstablish(nowMs, out);
}

void ElectionPeer::maybeEstablish(int64_t nowMs, Outbox& out) {
  if (m_phase != Phase::AckWait || !isQuorum(m_electing)) return;
  m_phase = Phase::Established;
  m_disk.currentEpoch = m_epoch;
  m_fle.updatePeerEpoch(m_epoch);
  m_log.history.record({m_epoch, m_config.myId, m_config.myId, nowMs});
  m_nextPingMs = nowMs;
  for (auto& [sid, link] : m_learners) {
    link.lastHeardMs = nowMs;
    if (link.acked) sync(sid, link, out);
  }
}

void ElectionPeer::sync(NodeId learner, LearnerLink& link, Outbox& out) {
  link.synced = true;
  out.push_back({learner, UpToDate{m_epoch, m_disk.lastZxid, link.connection}});
}

void ElectionPeer::onPingAck(NodeId from, const PingAck& m, int64_t nowMs) {
  if (m_phase != Phase::Established) return;
  auto it = m_learners.find(from);
  if (it != m_learners.end() && it->second.connection == m.connection)
    it->second.lastHeardMs = nowMs;
}

void ElectionPeer::leaderTick(int64_t nowMs, Outbox& out) {
  const int64_t initMs = m_timing.initLimit * m_timing.tickTimeMs;
  if (m_phase != Phase::Established) {
    if (nowMs - m_phaseStartMs >= initMs)
      goLooking(nowMs, out);  // "Timeout while waiting for epoch"
    return;
  }
  if (nowMs < m_nextPingMs) return;
  m_nextPingMs = nowMs + m_timing.tickTimeMs / 2;
  const int64_t syncMs = m_timing.syncLimit * m_timing.tickTimeMs;
  std::set<NodeId> synced{m_config.myId};
  for (auto it = m_learners.begin(); it != m_learners.end();) {
    if (nowMs - it->second.lastHeardMs >= syncMs) {
      it = m_learners.erase(it);  // the learner handler times out
      continue;
    }
    if (it->second.synced) {
      synced.insert(it->first);
      out.push_back({it->first, Ping{it->second.connection}});
    }
    ++it;
  }
  if (!isQuorum(synced)) goLooking(nowMs, out);  // "Not sufficient number of followers synced"
}

// ---- learning

void ElectionPeer::beginLearning(NodeId leader, int64_t nowMs, Outbox& out) {
  m_phase = Phase::Connecting;
  m_phaseStartMs = nowMs;
  m_leader = leader;
  m_connection = (m_disk.boots << 24) | ++m_connections;
  m_ackedEpoch = -1;
  m_lastHeardMs = nowMs;
  m_nextFollowerInfoMs = nowMs + m_timing.tickTimeMs;
  out.push_back({leader, FollowerInfo{m_disk.acceptedEpoch, m_connection}});
}

bool ElectionPeer::fromMyLeader(NodeId from, uint64_t connection) const {
  return m_connection != 0 && from == m_leader && connection == m_connection;
}

void ElectionPeer::onLeaderInfo(NodeId from, const LeaderInfo& m, int64_t nowMs, Outbox& out) {
  if (!fromMyLeader(from, m.connection) ||
      (m_phase != Phase::Connecting && m_phase != Phase::Acked))
    return;
  m_lastHeardMs = nowMs;
  int64_t currentEpoch = m_disk.currentEpoch;
  if (m_broken == BrokenRule::NoEpochAgreement || m.newEpoch > m_disk.acceptedEpoch) {
    m_disk.acceptedEpoch = m.newEpoch;
    m_ackedEpoch = m.newEpoch;
  } else if (m.newEpoch == m_disk.acceptedEpoch) {
    // Already accepted (from another leader, or this one before a lost ack): not an ack unless
    // it was this connection's own.
    if (m_ackedEpoch != m.newEpoch) currentEpoch = -1;
  } else {
    goLooking(nowMs, out);  // "Leaders epoch is less than accepted epoch"
    return;
  }
  m_phase = Phase::Acked;
  out.push_back({from, AckEpoch{m.newEpoch, currentEpoch, m_disk.lastZxid, m_connection}});
}

void ElectionPeer::onUpToDate(NodeId from, const UpToDate& m, int64_t nowMs) {
  if (!fromMyLeader(from, m.connection) || m_phase != Phase::Acked) return;
  m_lastHeardMs = nowMs;
  m_disk.currentEpoch = m.epoch;
  m_disk.lastZxid = m.zxid;
  m_fle.updatePeerEpoch(m.epoch);
  m_phase = Phase::Synced;
  m_log.history.record({m.epoch, m_leader, m_config.myId, nowMs});
}

void ElectionPeer::onPing(NodeId from, const Ping& m, int64_t nowMs, Outbox& out) {
  if (!fromMyLeader(from, m.connection) || m_phase != Phase::Synced) return;
  m_lastHeardMs = nowMs;
  out.push_back({from, PingAck{m_connection}});
}

void ElectionPeer::learnerTick(int64_t nowMs, Outbox& out) {
  if (m_phase == Phase::Synced) {
    if (nowMs - m_lastHeardMs >= m_timing.syncLimit * m_timing.tickTimeMs) goLooking(nowMs, out);
    return;
  }
  if (nowMs - m_phaseStartMs >= m_timing.initLimit * m_timing.tickTimeMs) {
    goLooking(nowMs, out);
    return;
  }
  // TCP would retransmit: ask again until synced (the leader answers idempotently).
  if (nowMs >= m_nextFollowerInfoMs) {
    m_nextFollowerInfoMs = nowMs + m_timing.tickTimeMs;
    out.push_back({m_leader, FollowerInfo{m_disk.acceptedEpoch, m_connection}});
  }
}

}  // namespace pier::simtest

using pier::simtest::PeerMessage;

uint64_t pier::sim::MessageTraits<PeerMessage>::hash(const PeerMessage& message) {
  using namespace pier::simtest;
  uint64_t h = message.index();
  auto mix = [&h](int64_t v) { h = pier::sim::mixHash(h, static_cast<uint64_t>(v)); };
  std::visit(
      Overloaded{
          [&](const Notification& n) {
            mix(static_cast<int64_t>(n.state));
            mix(n.leader.value());
            mix(n.zxid.value());
            mix(n.electionEpoch);
            mix(n.peerEpoch);
          },
          [&](const FollowerInfo& m) {
            mix(m.acceptedEpoch), mix(static_cast<int64_t>(m.connection));
          },
          [&](const LeaderInfo& m) { mix(m.newEpoch), mix(static_cast<int64_t>(m.connection)); },
          [&](const AckEpoch& m) {
            mix(m.epoch), mix(m.currentEpoch), mix(m.lastZxid.value()),
                mix(static_cast<int64_t>(m.connection));
          },
          [&](const UpToDate& m) {
            mix(m.epoch), mix(m.zxid.value()), mix(static_cast<int64_t>(m.connection));
          },
          [&](const Ping& m) { mix(static_cast<int64_t>(m.connection)); },
          [&](const PingAck& m) { mix(static_cast<int64_t>(m.connection)); },
      },
      message);
  return h;
}

std::string pier::sim::MessageTraits<PeerMessage>::describe(const PeerMessage& message) {
  using namespace pier::simtest;
  return std::visit(
      Overloaded{
          [](const Notification& n) { return coordination::describe(n); },
          [](const FollowerInfo& m) {
            return fmt::format("FOLLOWERINFO acceptedEpoch={} conn={:x}", m.acceptedEpoch,
                               m.connection);
          },
          [](const LeaderInfo& m) {
            return fmt::format("LEADERINFO epoch={} conn={:x}", m.newEpoch, m.connection);
          },
          [](const AckEpoch& m) {
            return fmt::format("ACKEPOCH epoch={} currentEpoch={} lastZxid=0x{:x} conn={:x}",
                               m.epoch, m.currentEpoch, m.lastZxid.value(), m.connection);
          },
          [](const UpToDate& m) {
            return fmt::format("UPTODATE epoch={} zxid=0x{:x} conn={:x}", m.epoch, m.zxid.value(),
                               m.connection);
          },
          [](const Ping& m) { return fmt::format("PING conn={:x}", m.connection); },
          [](const PingAck& m) { return fmt::format("PING-ACK conn={:x}", m.connection); },
      },
      message);
}
