#include "zab_sim_peer.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/assert.h"
#include "sim/trace.h"
#include "sim_test_support.h"

// GCC 12 reports the unused alternatives of a std::variant being copied into the outbox as
// "maybe uninitialized" (a known false positive with variants of non-trivial types).
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

namespace pier::simtest {

using coordination::QuorumPacket;
using coordination::ZabEvent;
using coordination::ZabPacketType;
using coordination::ZabReady;
using coordination::ZabTxn;

namespace {

// Boot: the log as the crash left it (a torn tail cut), maybe a start-up snapshot, then what
// ZabPeer needs of it.
coordination::ZabPersisted persistedOf(ZabDisk& disk, ZabBrokenRule broken) {
  ++disk.boots;
  disk.recover();
  if (broken == ZabBrokenRule::ForgetOnRestart && !disk.log.empty()) disk.log.pop_back();
  if (disk.snapshotAtBoot) {  // what pier-keeper does before serving (ZooKeeper too)
    disk.snapshot = disk.replay();
    disk.log.clear();
  }
  coordination::ZabPersisted p;
  p.acceptedEpoch = disk.acceptedEpoch;
  p.currentEpoch = disk.currentEpoch;
  p.lastZxid = disk.lastZxid();
  const std::size_t keep = std::min<std::size_t>(disk.log.size(), 100);
  p.recentTxns.assign(disk.log.end() - static_cast<std::ptrdiff_t>(keep), disk.log.end());
  p.bootId = disk.boots;
  p.snapshotZxid = disk.snapshot.zxid;
  return p;
}
}  // namespace

ZabSimPeer::ZabSimPeer(coordination::ZabPeerConfig config, ZabDisk& disk, ZabEnsembleLog& log,
                       WorkloadConfig workload, ZabBrokenRule broken)
    : m_config(config),
      m_disk(disk),
      m_log(log),
      m_workload(std::move(workload)),
      m_broken(broken),
      m_peer(std::move(config), persistedOf(disk, broken)),
      m_storage(disk, log.violations, broken == ZabBrokenRule::AckBeforeSync),
      m_state(disk.replay()) {}

sim::Node<ZabMessage>::Outbox ZabSimPeer::onStart(int64_t nowMs) {
  Outbox out;
  // pier-keeper writes a snapshot before it serves; a failing disk stops it right there.
  if (m_disk.profile.failsAt(nowMs)) {
    ++m_disk.stats.failures;
    m_stopped = true;
    return out;
  }
  carry(m_peer.start(nowMs), nowMs, out);
  return out;
}

sim::Node<ZabMessage>::Outbox ZabSimPeer::onMessage(NodeId from, const ZabMessage& message,
                                                    int64_t nowMs) {
  Outbox out;
  std::visit(Overloaded{
                 [&](const coordination::Notification& n) {
                   carry(m_peer.onNotification(from, n, nowMs), nowMs, out);
                 },
                 [&](const ZabWire& w) { onWire(from, w, nowMs, out); },
                 [&](const ZabClose& c) { onClose(from, c, nowMs, out); },
             },
             message);
  return out;
}

sim::Node<ZabMessage>::Outbox ZabSimPeer::onTick(int64_t nowMs) {
  Outbox out;
  drain(nowMs, out);  // the storage thread's completions reach the keeper's loop
  carry(m_peer.tick(nowMs), nowMs, out);
  checkGaps(nowMs, out);
  maybeWrite(nowMs, out);
  return out;
}

uint64_t ZabSimPeer::stateHash() const {
  uint64_t h = static_cast<uint64_t>(m_peer.state());
  h = sim::mixHash(h, static_cast<uint64_t>(m_peer.leaderId().value()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_peer.acceptedEpoch()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_peer.currentEpoch()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_peer.lastLogged().value()));
  h = sim::mixHash(h, static_cast<uint64_t>(m_peer.lastApplied().value()));
  return sim::mixHash(h, m_peer.serving() ? 1 : 0);
}

std::string ZabSimPeer::describeState() const {
  return fmt::format("{} serving={} keys={} writes={}", m_peer.describeState(), m_peer.serving(),
                     m_state.keys.size(), m_state.writes.size());
}

// ZabReady, in its documented order: persisted first (ZabSimStorage), carried out after.
void ZabSimPeer::carry(ZabReady ready, int64_t nowMs, Outbox& out) {
  if (m_broken == ZabBrokenRule::AckBeforeLogging && !m_peer.leading()) ready.toLog.clear();
  m_storage.submit(std::move(ready), nowMs);
  drain(nowMs, out);
}

// What finishing a batch submits (a leader's proposal for a learner's request) queues behind it,
// as in the keeper, where the quorum service is busy until the whole batch is carried out.
void ZabSimPeer::drain(int64_t nowMs, Outbox& out) {
  if (m_draining) return;
  m_draining = true;
  for (auto batch = m_storage.poll(nowMs); !batch.empty(); batch = m_storage.poll(nowMs)) {
    for (ZabStored& stored : batch) finish(std::move(stored), nowMs, out);
  }
  m_draining = false;
}

void ZabSimPeer::finish(ZabStored stored, int64_t nowMs, Outbox& out) {
  ZabReady& ready = stored.ready;
  if (stored.restored) m_state = std::move(*stored.restored);
  for (const ZabTxn& t : ready.toApply) applyCommitted(t, nowMs);
  for (const ZabTxn& t : ready.toFastForward) m_state.apply(t);
  for (uint64_t c : ready.toClose) closeLink(c, out);
  if (ready.connect) m_links[ready.connect->connection] = Link{ready.connect->leader, 0, 0, {}, 0};
  for (auto& s : ready.toSend) {
    auto it = m_links.find(s.connection);
    if (it == m_links.end()) continue;  // closed meanwhile
    if (s.attachSnapshot) {
      if (m_state.zxid != Zxid(s.packet.zxid))
        m_log.violations.push_back(fmt::format("SNAP at 0x{:x} but the state is at 0x{:x}",
                                               s.packet.zxid, m_state.zxid.value()));
      s.packet.data = m_state.encode();
    }
    out.push_back({it->second.remote, ZabWire{s.connection, it->second.nextSend++, s.packet}});
  }
  for (const auto& n : ready.notifications) out.push_back({n.to, n.notification});
  for (const ZabEvent& e : ready.events) onEvent(e, nowMs, out);
}

void ZabSimPeer::applyCommitted(const ZabTxn& txn, int64_t nowMs) {
  auto [it, fresh] = m_log.committed.emplace(txn.zxid, txn.bytes);
  if (!fresh && it->second != txn.bytes) {
    m_log.violations.push_back(
        fmt::format("t={}: node {} committed '{}' at 0x{:x}, another node '{}'", nowMs,
                    m_config.election.myId.value(), txn.bytes, txn.zxid.value(), it->second));
  }
  m_state.apply(txn);
  const auto w = decodeWrite(txn.bytes);
  auto mine = m_myWrites.find(w->opId);
  if (mine == m_myWrites.end()) return;
  ClientOp& op = m_log.ops[mine->second];
  op.completeMs = nowMs;
  op.version = m_state.keys.at(w->key).version;
  m_myWrites.erase(mine);
}

void ZabSimPeer::onEvent(const ZabEvent& e, int64_t nowMs, Outbox& out) {
  switch (e.kind) {
    case ZabEvent::Kind::Serving:
      m_log.history.record({e.epoch, e.peer, m_config.election.myId, nowMs});
      return;
    case ZabEvent::Kind::LearnerRequest:
      if (m_peer.serving() && m_peer.leading()) propose(e.data, nowMs, out);
      return;
    case ZabEvent::Kind::Looking:
      m_myWrites.clear();  // the client's connection breaks: its writes stay unanswered
      return;
    default:
      return;
  }
}

void ZabSimPeer::propose(std::string bytes, int64_t nowMs, Outbox& out) {
  const auto zxid = m_peer.nextZxid();
  if (!zxid) return;
  carry(m_peer.propose(ZabTxn{*zxid, std::move(bytes)}, nowMs), nowMs, out);
}

void ZabSimPeer::maybeWrite(int64_t nowMs, Outbox& out) {
  if (!m_peer.serving() || !m_log.writesOpen || m_log.nextOpId > m_log.writesMax) return;
  // The workload's randomness comes from the trace-stable state: the op counter and time.
  const uint64_t roll = sim::mixHash(m_log.nextOpId * 7919 + m_config.election.myId.value(),
                                     static_cast<uint64_t>(nowMs)) %
                        1000;
  if (roll >= m_workload.writePerMille) return;
  ClientOp op;
  op.id = m_log.nextOpId++;
  op.server = m_config.election.myId;
  op.key = m_workload.keys[op.id % m_workload.keys.size()];
  op.value = fmt::format("v{}", op.id);
  op.invokeMs = nowMs;
  m_myWrites[op.id] = m_log.ops.size();
  m_log.ops.push_back(op);
  const std::string bytes = encodeWrite(op.id, op.key, op.value);
  if (m_peer.leading())
    propose(bytes, nowMs, out);
  else
    carry(m_peer.forward(ZabPacketType::Request, bytes, nowMs), nowMs, out);
}

void ZabSimPeer::onWire(NodeId from, const ZabWire& w, int64_t nowMs, Outbox& out) {
  auto it = m_links.find(w.connection);
  if (it == m_links.end()) {
    const auto type = coordination::packetType(w.packet);
    const bool opening =
        w.seq == 0 && (type == ZabPacketType::FollowerInfo || type == ZabPacketType::ObserverInfo);
    if (!opening || !m_peer.leading()) {
      out.push_back({from, ZabClose{w.connection}});
      return;
    }
    it = m_links.emplace(w.connection, Link{from, 0, 0, {}, 0}).first;
  }
  Link& link = it->second;
  if (link.remote != from || w.seq < link.nextRecv) return;  // a duplicate
  if (w.seq > link.nextRecv) {
    if (link.early.empty()) link.gapSinceMs = nowMs;
    link.early.emplace(w.seq, w.packet);
    return;
  }
  std::vector<QuorumPacket> ready{w.packet};
  ++link.nextRecv;
  for (auto e = link.early.begin(); e != link.early.end() && e->first == link.nextRecv;) {
    ready.push_back(e->second);
    ++link.nextRecv;
    e = link.early.erase(e);
  }
  link.gapSinceMs = nowMs;
  const uint64_t connection = w.connection;
  for (const QuorumPacket& p : ready) {
    if (!m_links.count(connection)) break;  // the peer closed it while handling one
    carry(m_peer.onPacket(from, connection, p, nowMs), nowMs, out);
  }
}

void ZabSimPeer::onClose(NodeId from, const ZabClose& c, int64_t nowMs, Outbox& out) {
  auto it = m_links.find(c.connection);
  if (it == m_links.end() || it->second.remote != from) return;
  m_links.erase(it);
  carry(m_peer.onDisconnected(from, c.connection, nowMs), nowMs, out);
}

void ZabSimPeer::closeLink(uint64_t connection, Outbox& out) {
  auto it = m_links.find(connection);
  if (it == m_links.end()) return;
  out.push_back({it->second.remote, ZabClose{connection}});
  m_links.erase(it);
}

void ZabSimPeer::checkGaps(int64_t nowMs, Outbox& out) {
  std::vector<std::pair<NodeId, uint64_t>> broken;
  for (const auto& [c, link] : m_links)
    if (!link.early.empty() && nowMs - link.gapSinceMs >= kGapMs)
      broken.push_back({link.remote, c});
  for (const auto& [remote, c] : broken) {
    closeLink(c, out);
    carry(m_peer.onDisconnected(remote, c, nowMs), nowMs, out);
  }
}

}  // namespace pier::simtest

using pier::simtest::ZabMessage;

uint64_t pier::sim::MessageTraits<ZabMessage>::hash(const ZabMessage& message) {
  using namespace pier::simtest;
  uint64_t h = message.index();
  auto mix = [&h](uint64_t v) { h = pier::sim::mixHash(h, v); };
  std::visit(Overloaded{
                 [&](const pier::coordination::Notification& n) {
                   mix(static_cast<uint64_t>(n.state));
                   mix(static_cast<uint64_t>(n.leader.value()));
                   mix(static_cast<uint64_t>(n.zxid.value()));
                   mix(static_cast<uint64_t>(n.electionEpoch));
                   mix(static_cast<uint64_t>(n.peerEpoch));
                 },
                 [&](const ZabWire& w) {
                   mix(w.connection);
                   mix(w.seq);
                   mix(static_cast<uint64_t>(w.packet.type));
                   mix(static_cast<uint64_t>(w.packet.zxid));
                   mix(w.packet.data ? std::hash<std::string>{}(*w.packet.data) : 0);
                 },
                 [&](const ZabClose& c) { mix(c.connection); },
             },
             message);
  return h;
}

std::string pier::sim::MessageTraits<ZabMessage>::describe(const ZabMessage& message) {
  using namespace pier::simtest;
  return std::visit(
      Overloaded{
          [](const pier::coordination::Notification& n) { return pier::coordination::describe(n); },
          [](const ZabWire& w) {
            return fmt::format("conn={:x} #{} {}", w.connection, w.seq,
                               pier::coordination::describe(w.packet));
          },
          [](const ZabClose& c) { return fmt::format("CLOSE conn={:x}", c.connection); },
      },
      message);
}
