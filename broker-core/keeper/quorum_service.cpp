#include "keeper/quorum_service.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/log.h"
#include "base/parse_number.h"
#include "keeper/zk_snapshot.h"
#include "keeper/zk_snapshot_files.h"
#include "keeper/zk_txn_entry.h"
#include "keeper/zk_txn_log_reader.h"
#include "storage/atomic_file.h"

namespace pier::keeper {

using coordination::Notification;
using coordination::QuorumPacket;
using coordination::ServerState;
using coordination::ZabReady;

namespace {

constexpr int32_t kElectionFrameMax = 1024;
constexpr int32_t kZabFrameMax = int32_t(1) << 30;  // a SNAP carries the whole tree
constexpr uint64_t kInboundBit = uint64_t(1) << 63;

std::vector<uint8_t> helloFrame(int64_t sid) {
  Writer w;
  w.writeInt64(sid);
  return w.take();
}

std::optional<int64_t> decodeHello(const std::vector<uint8_t>& frame) {
  Reader r(frame);
  auto sid = r.readInt64();
  if (!sid || !r.atEnd()) return std::nullopt;
  return *sid;
}

std::vector<uint8_t> encodeNotification(const Notification& n) {
  Writer w;
  w.writeInt32(static_cast<int32_t>(n.state));
  w.writeInt64(n.leader.value());
  w.writeInt64(n.zxid.value());
  w.writeInt64(n.electionEpoch);
  w.writeInt64(n.peerEpoch);
  return w.take();
}

std::optional<Notification> decodeNotification(const std::vector<uint8_t>& frame) {
  Reader r(frame);
  auto state = r.readInt32();
  auto leader = r.readInt64();
  auto zxid = r.readInt64();
  auto round = r.readInt64();
  auto epoch = r.readInt64();
  if (!state || !leader || !zxid || !round || !epoch || !r.atEnd() || *state < 0 || *state > 3)
    return std::nullopt;
  return Notification{static_cast<ServerState>(*state), NodeId(static_cast<int32_t>(*leader)),
                      Zxid(*zxid), *round, *epoch};
}

std::string epochFile(const KeeperConfig& c, const char* name) {
  return c.dataDir + "/version-2/" + name;
}

// QuorumPeer.readLongFromFile: a missing file takes the epoch of the last logged zxid.
Result<int64_t> readEpoch(FileSystem& fs, const std::string& path, int64_t missing) {
  PIER_ASSIGN_OR_RETURN(auto text, storage::readSmallFile(fs, path, 64));
  if (!text) return missing;
  const std::string line = text->substr(0, text->find_first_of("\r\n"));
  if (auto v = parseDecimal<int64_t>(line)) return *v;
  return Status(KeeperConfigError::InvalidConfig,
                fmt::format("{}: not a number: '{}'", path, line));
}

std::span<const uint8_t> bytesOf(const std::string& s) {
  return std::span(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// A ZAB transaction's bytes are a log entry's payload (TxnHeader, record, digest).
Result<coordination::Txn> txnOf(const coordination::ZabTxn& t) {
  PIER_ASSIGN_OR_RETURN(LoggedTxn logged, decodeTxnPayload(bytesOf(t.bytes)));
  return fromLogged(logged);
}

}  // namespace

Result<coordination::ZabPersisted> loadQuorumState(FileSystem& fs, const KeeperConfig& config,
                                                   const RestoredDatabase& restored,
                                                   uint64_t bootId) {
  coordination::ZabPersisted p;
  p.lastZxid = Zxid(restored.tree->lastProcessedZxid());
  const int64_t logEpoch = coordination::zxidEpoch(p.lastZxid);
  PIER_ASSIGN_OR_RETURN(p.currentEpoch, readEpoch(fs, epochFile(config, "currentEpoch"), logEpoch));
  PIER_ASSIGN_OR_RETURN(p.acceptedEpoch,
                        readEpoch(fs, epochFile(config, "acceptedEpoch"), logEpoch));
  // The start-up snapshot is written at lastZxid: the log cannot be cut below it.
  p.snapshotZxid = p.lastZxid;
  p.bootId =
      bootId & 0x7fffffffffULL;  // connection ids are bootId << 24 | n, below the inbound bit
  return p;
}

QuorumService::QuorumService(Loop& loop, Network& network, FileSystem& fs, KeeperConfig config,
                             coordination::ZabPersisted persisted, ZkTxnJournal& journal,
                             QuorumCallbacks callbacks)
    : m_loop(loop),
      m_network(network),
      m_fs(fs),
      m_config(std::move(config)),
      m_journal(journal),
      m_cb(std::move(callbacks)),
      m_peer(
          [this] {
            coordination::ZabPeerConfig c;
            c.election.myId = NodeId(static_cast<int32_t>(m_config.myid));
            for (const auto& s : m_config.servers) {
              (s.type == PeerType::Participant ? c.election.voters : c.election.observers)
                  .push_back(NodeId(static_cast<int32_t>(s.id)));
            }
            c.timing = coordination::ZabTiming{m_config.tickTimeMs, m_config.initLimitTicks,
                                               m_config.syncLimitTicks};
            return c;
          }(),
          std::move(persisted)) {}

QuorumService::~QuorumService() {
  stop();
}

int64_t QuorumService::nowMs() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             m_loop.clock().now().time_since_epoch())
      .count();
}

const QuorumServerConfig* QuorumService::server(NodeId id) const {
  for (const auto& s : m_config.servers)
    if (s.id == id.value()) return &s;
  return nullptr;
}

Status QuorumService::start() {
  const QuorumServerConfig* me = m_config.self();
  PIER_ASSIGN_OR_RETURN(m_electionListener,
                        m_network.listen(Endpoint{me->host, me->electionPort}, [this](auto conn) {
                          if (conn) acceptElection(std::move(*conn));
                        }));
  PIER_ASSIGN_OR_RETURN(m_peerListener,
                        m_network.listen(Endpoint{me->host, me->peerPort}, [this](auto conn) {
                          if (conn) acceptPeer(std::move(*conn));
                        }));
  PIER_LOG_INFO("quorum peer starting", {"myid", m_config.myid}, {"electionPort", me->electionPort},
                {"peerPort", me->peerPort}, {"servers", m_config.servers.size()});
  take(m_peer.start(nowMs()));
  tick();
  return Status();
}

void QuorumService::stop() {
  if (m_stopped) return;
  m_stopped = true;
  if (m_tickTimer) m_loop.cancel(*m_tickTimer);
  if (m_electionListener) m_electionListener->close();
  if (m_peerListener) m_peerListener->close();
  for (auto& [sid, link] : m_electionOut) link->close();
  for (auto& link : m_electionIn) link->close();
  for (auto& [id, c] : m_zab)
    if (c.link) c.link->close();
  m_zab.clear();
}

void QuorumService::tick() {
  if (m_stopped) return;
  take(m_peer.tick(nowMs()));
  const int64_t everyMs = std::clamp<int64_t>(m_config.tickTimeMs / 10, 10, 100);
  m_tickTimer = m_loop.after(std::chrono::milliseconds(everyMs), [this] { tick(); });
}

std::optional<int64_t> QuorumService::nextZxid() const {
  auto z = m_peer.nextZxid();
  if (!z) return std::nullopt;
  return z->value();
}

void QuorumService::propose(const coordination::Txn& txn) {
  const auto bytes = encodeTxnPayload(toLogged(txn));
  take(m_peer.propose(
      coordination::ZabTxn{Zxid(txn.header.zxid), std::string(bytes.begin(), bytes.end())},
      nowMs()));
}

void QuorumService::forward(coordination::ZabPacketType type, std::string data,
                            std::vector<protocol::zookeeper::Id> authinfo) {
  // authinfo rides in the packet (as ZooKeeper's Learner.request does): a learner is the only
  // sender of REQUEST, so the peer never needs to read it.
  ZabReady r = m_peer.forward(type, std::move(data), nowMs());
  for (auto& s : r.toSend) s.packet.authinfo = authinfo;
  take(std::move(r));
}

void QuorumService::setPingData(std::string data) {
  m_peer.setPingData(std::move(data));
}

void QuorumService::snapshotTaken(int64_t zxid) {
  m_peer.snapshotTaken(Zxid(zxid));
}

// ---- carrying out readies

void QuorumService::take(ZabReady ready) {
  if (ready.empty() || m_failed) return;
  m_readies.push_back(std::move(ready));
  drive();
}

void QuorumService::drive() {
  if (m_busy || m_readies.empty() || m_failed) return;
  // Group commit: every queued ready up to the first that rewrites files.
  std::vector<ZabReady> batch;
  while (!m_readies.empty()) {
    const bool rewrites = m_readies.front().truncateTo || m_readies.front().installSnapshot;
    if (rewrites && !batch.empty()) break;
    batch.push_back(std::move(m_readies.front()));
    m_readies.pop_front();
    if (rewrites) break;
  }
  m_busy = true;
  ZabReady& first = batch.front();
  if (!first.truncateTo && !first.installSnapshot) {
    persistThenFinish(std::move(batch));
    return;
  }
  // TRUNC: cut the log. SNAP: cut the log at the snapshot and write it. Then reload the tree.
  const int64_t to =
      first.truncateTo ? first.truncateTo->value() : first.installSnapshot->zxid.value();
  std::optional<SnapshotImage> image;
  if (first.installSnapshot) {
    const std::string& bytes = first.installSnapshot->bytes;
    auto decoded = decodeSnapshot(bytesOf(bytes));
    if (!decoded) {
      m_failed = true;
      m_cb.fatal(decoded.status());
      return;
    }
    image = std::move(*decoded);
  }
  m_journal.rewrite(
      to,
      [this, to, image](FileSystem& fs) -> Status {
        PIER_RETURN_IF_ERROR(truncateLogAfter(fs, m_config.dataLogDir, to));
        // Snapshots past the cut would be restored ahead of it.
        PIER_ASSIGN_OR_RETURN(auto snapshots, listSnapshots(fs, m_config.dataDir));
        for (const auto& f : snapshots) {
          if (f.zxid > to)
            PIER_RETURN_IF_ERROR(fs.remove(versionDir(m_config.dataDir) + "/" + f.name));
        }
        if (image) PIER_RETURN_IF_ERROR(writeSnapshot(fs, m_config.dataDir, to, *image));
        return Status();
      },
      [this, batch = std::move(batch)](Status done) mutable {
        if (!done) {
          m_failed = true;
          m_cb.fatal(done);
          return;
        }
        auto restored = restoreDatabase(m_fs, m_config.dataDir, m_config.dataLogDir);
        if (!restored) {
          m_failed = true;
          m_cb.fatal(restored.status());
          return;
        }
        m_cb.replaceTree(std::move(restored->tree));
        persistThenFinish(std::move(batch));
      });
}

void QuorumService::persistThenFinish(std::vector<ZabReady> batch) {
  bool logs = false;
  for (const ZabReady& r : batch) {
    for (const auto& t : r.toLog) {
      // Logged as it came: the payload is the log entry, no need to decode its record.
      auto logged = decodeTxnPayload(bytesOf(t.bytes));
      if (!logged) {
        m_failed = true;
        m_cb.fatal(logged.status());
        return;
      }
      if (Status s = m_journal.appendLogged(std::move(*logged)); !s) {
        m_failed = true;
        m_cb.fatal(s);
        return;
      }
      logs = true;
    }
  }
  auto rest = [this, batch = std::move(batch)](Status durable) mutable {
    if (durable) {
      for (const ZabReady& r : batch) {
        durable = writeEpochs(r);
        if (!durable) break;
      }
    }
    if (!durable) {
      m_failed = true;
      m_cb.fatal(durable);
      return;
    }
    for (ZabReady& r : batch) {
      if (m_failed) return;  // a transaction that stopped the keeper: nothing after it happens
      finish(r);
    }
    if (m_failed) return;
    m_busy = false;
    drive();
  };
  if (!logs) {
    rest(Status());
    return;
  }
  m_journal.commit(std::move(rest));
}

Status QuorumService::writeEpochs(const ZabReady& ready) {
  if (ready.acceptedEpoch) {
    PIER_RETURN_IF_ERROR(storage::writeFileAtomically(m_fs, epochFile(m_config, "acceptedEpoch"),
                                                      std::to_string(*ready.acceptedEpoch) + "\n"));
  }
  if (ready.currentEpoch) {
    PIER_RETURN_IF_ERROR(storage::writeFileAtomically(m_fs, epochFile(m_config, "currentEpoch"),
                                                      std::to_string(*ready.currentEpoch) + "\n"));
  }
  return Status();
}

void QuorumService::finish(ZabReady& ready) {
  auto applyAll = [this](const std::vector<coordination::ZabTxn>& txns, bool committed) {
    for (const auto& t : txns) {
      if (m_failed) return;
      auto txn = txnOf(t);  // logged by this peer before, so it decoded then
      if (!txn) {
        m_failed = true;
        m_cb.fatal(txn.status());
        return;
      }
      m_cb.apply(*txn, committed);
    }
  };
  applyAll(ready.toApply, true);
  applyAll(ready.toFastForward, false);
  if (m_failed) return;
  for (uint64_t c : ready.toClose) closeZab(c);
  if (ready.connect) connectToLeader(*ready.connect);
  for (auto& s : ready.toSend) {
    if (s.attachSnapshot) s.packet.data = m_cb.snapshotBytes();
    sendPacket(s);
  }
  for (const auto& n : ready.notifications) sendNotification(n.to, n.notification);
  for (const auto& e : ready.events) {
    if (e.kind == coordination::ZabEvent::Kind::Looking) {
      PIER_LOG_INFO("LOOKING", {"why", e.data});
    } else if (e.kind == coordination::ZabEvent::Kind::Leading) {
      PIER_LOG_INFO("LEADING");
    } else if (e.kind == coordination::ZabEvent::Kind::Following) {
      PIER_LOG_INFO("FOLLOWING", {"leader", e.peer.value()});
    } else if (e.kind == coordination::ZabEvent::Kind::Serving) {
      PIER_LOG_INFO("serving", {"leader", e.peer.value()}, {"epoch", e.epoch});
    }
    m_cb.event(e);
  }
}

// ---- election transport

void QuorumService::acceptElection(std::shared_ptr<Connection> conn) {
  auto link = std::make_shared<QuorumLink>(std::move(conn), kElectionFrameMax);
  m_electionIn.push_back(link);
  auto from = std::make_shared<std::optional<int64_t>>();
  std::weak_ptr<QuorumLink> weak = link;
  link->start(
      [this, from, weak](std::vector<uint8_t> frame) {
        if (!*from) {
          *from = decodeHello(frame);
          if (!*from || !server(NodeId(static_cast<int32_t>(**from)))) {
            if (auto l = weak.lock()) l->close();
          }
          return;
        }
        auto n = decodeNotification(frame);
        if (!n) {
          if (auto l = weak.lock()) l->close();
          return;
        }
        take(m_peer.onNotification(NodeId(static_cast<int32_t>(**from)), *n, nowMs()));
      },
      [this, weak] {
        auto l = weak.lock();
        std::erase(m_electionIn, l);
      });
}

void QuorumService::sendNotification(NodeId to, const Notification& n) {
  auto it = m_electionOut.find(to);
  if (it != m_electionOut.end() && it->second->isOpen()) {
    it->second->send(encodeNotification(n));
    return;
  }
  auto& queue = m_electionConnecting[to];
  const bool dialing = !queue.empty();
  if (queue.size() < 64) queue.push_back(encodeNotification(n));
  if (dialing) return;
  const QuorumServerConfig* s = server(to);
  if (!s) return;
  m_network.connect(Endpoint{s->host, s->electionPort},
                    [this, to](Result<std::shared_ptr<Connection>> conn) {
                      auto frames = std::exchange(m_electionConnecting[to], {});
                      if (m_stopped || !conn)
                        return;  // FastLeaderElection re-sends on its own timer
                      auto link = std::make_shared<QuorumLink>(std::move(*conn), kElectionFrameMax);
                      m_electionOut[to] = link;
                      link->start([](std::vector<uint8_t>) {}, [] {});
                      link->send(helloFrame(m_config.myid));
                      for (const auto& f : frames) link->send(f);
                    });
}

// ---- ZAB transport

void QuorumService::acceptPeer(std::shared_ptr<Connection> conn) {
  const uint64_t id = kInboundBit | m_nextInbound++;
  auto link = std::make_shared<QuorumLink>(std::move(conn), kZabFrameMax);
  m_zab[id] = ZabConn{NodeId(), link, {}};
  link->start(
      [this, id](std::vector<uint8_t> frame) {
        auto it = m_zab.find(id);
        if (it == m_zab.end()) return;
        if (it->second.peer.value() == 0) {
          auto sid = decodeHello(frame);
          if (!sid || !server(NodeId(static_cast<int32_t>(*sid))) || *sid == m_config.myid) {
            closeZab(id);
            return;
          }
          it->second.peer = NodeId(static_cast<int32_t>(*sid));
          return;
        }
        Reader r(frame);
        auto p = QuorumPacket::decode(r);
        if (!p) {
          closeZab(id);
          return;
        }
        take(m_peer.onPacket(it->second.peer, id, *p, nowMs()));
      },
      [this, id] { zabClosed(id); });
}

void QuorumService::connectToLeader(const coordination::ZabConnect& c) {
  const QuorumServerConfig* s = server(c.leader);
  m_zab[c.connection] = ZabConn{c.leader, nullptr, {}};
  if (!s) {
    zabClosed(c.connection);
    return;
  }
  const uint64_t id = c.connection;
  m_network.connect(Endpoint{s->host, s->peerPort},
                    [this, id](Result<std::shared_ptr<Connection>> conn) {
                      auto it = m_zab.find(id);
                      if (it == m_zab.end()) {
                        if (conn) (*conn)->close();  // the role ended while dialing
                        return;
                      }
                      if (!conn) {
                        zabClosed(id);
                        return;
                      }
                      auto link = std::make_shared<QuorumLink>(std::move(*conn), kZabFrameMax);
                      it->second.link = link;
                      link->start(
                          [this, id](std::vector<uint8_t> frame) {
                            auto z = m_zab.find(id);
                            if (z == m_zab.end()) return;
                            Reader r(frame);
                            auto p = QuorumPacket::decode(r);
                            if (!p) {
                              closeZab(id);
                              zabClosed(id);
                              return;
                            }
                            take(m_peer.onPacket(z->second.peer, id, *p, nowMs()));
                          },
                          [this, id] { zabClosed(id); });
                      link->send(helloFrame(m_config.myid));
                      for (const auto& f : std::exchange(it->second.queued, {})) link->send(f);
                    });
}

void QuorumService::sendPacket(const coordination::ZabSend& s) {
  auto it = m_zab.find(s.connection);
  if (it == m_zab.end()) return;
  Writer w;
  s.packet.encode(w);
  if (it->second.link)
    it->second.link->send(w.take());
  else
    it->second.queued.push_back(w.take());
}

void QuorumService::closeZab(uint64_t connection) {
  auto it = m_zab.find(connection);
  if (it == m_zab.end()) return;
  if (it->second.link) it->second.link->close();
  m_zab.erase(it);
}

void QuorumService::zabClosed(uint64_t connection) {
  auto it = m_zab.find(connection);
  if (it == m_zab.end()) return;
  const NodeId peer = it->second.peer;
  if (it->second.link) it->second.link->close();
  m_zab.erase(it);
  if (!m_stopped) take(m_peer.onDisconnected(peer, connection, nowMs()));
}

}  // namespace pier::keeper
