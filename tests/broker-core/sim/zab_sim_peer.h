#pragma once
// ZabSimPeer: a keeper reduced to what ZAB needs, as a sim::Node: coordination::ZabPeer (election
// + ZAB roles) over simulated TCP connections, a durable "disk" (epochs, a snapshot, the log), a
// replicated key/value state with versions (each key a znode: setData bumps its version), and a
// small client workload that writes through this peer (forwarded to the leader when following).
//
// Quorum connections as TCP would carry them: packets of a connection arrive in order, once;
// a packet lost by the network leaves a gap that is never filled, so the receiver breaks the
// connection after kGapMs (TCP would retransmit; breaking is the harsher fault). A packet for a
// connection this process does not know is answered with a close (an RST).
//
// What the checkers read is recorded in a ZabEnsembleLog that outlives crashes: leadership
// claims, every committed transaction per zxid (two different ones at one zxid is a violation),
// the client operations with their invocation and completion times and returned versions.
//
// The disk (zab_sim_disk.h) survives crashes with what was made durable; each ZabReady goes
// through ZabSimStorage, the keeper's group commit, and is carried out (applied, sent) only once
// persisted. A failed write stops the peer (stopped()), as it stops pier-keeper.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "coordination/zab_peer.h"
#include "sim/leader_history.h"
#include "sim/simulation.h"
#include "zab_sim_disk.h"
#include "zab_sim_state.h"

namespace pier::simtest {

struct ZabWire {
  uint64_t connection = 0;
  uint64_t seq = 0;
  coordination::QuorumPacket packet;
};
struct ZabClose {
  uint64_t connection = 0;
};
using ZabMessage = std::variant<coordination::Notification, ZabWire, ZabClose>;

struct ClientOp {
  uint64_t id = 0;
  NodeId server;
  std::string key;
  std::string value;
  int64_t invokeMs = 0;
  std::optional<int64_t> completeMs;  // acknowledged
  int32_t version = -1;               // returned by the acknowledged write
};

struct ZabEnsembleLog {
  sim::LeaderHistory history;
  std::map<Zxid, std::string> committed;  // bytes committed at each zxid, by whoever applied it
  std::vector<ClientOp> ops;
  std::vector<std::string> violations;
  uint64_t nextOpId = 1;
  uint64_t writesMax = 200;  // bound on client writes per run
  bool writesOpen = true;    // clients stop writing when the checkers want a quiet ensemble
};

struct WorkloadConfig {
  uint32_t writePerMille = 50;  // chance per tick that this peer's client writes (when serving)
  std::vector<std::string> keys = {"a", "b", "c"};
};

// Deliberate bugs, to show the checkers catch them.
enum class ZabBrokenRule {
  None,
  AckBeforeLogging,  // a learner acknowledges proposals it does not keep
  ForgetOnRestart,   // a restarted peer loses the newest entry of its log
  AckBeforeSync,     // a step is carried out (acks, commits, answers) before its fsync completes
};

class ZabSimPeer final : public sim::Node<ZabMessage> {
 public:
  static constexpr int64_t kGapMs = 400;

  ZabSimPeer(coordination::ZabPeerConfig config, ZabDisk& disk, ZabEnsembleLog& log,
             WorkloadConfig workload, ZabBrokenRule broken);

  Outbox onStart(int64_t nowMs) override;
  Outbox onMessage(NodeId from, const ZabMessage& message, int64_t nowMs) override;
  Outbox onTick(int64_t nowMs) override;
  uint64_t stateHash() const override;
  bool stopped() const override { return m_stopped || m_storage.failed(); }

  const coordination::ZabPeer& peer() const { return m_peer; }
  const KvState& state() const { return m_state; }
  std::string describeState() const;

 private:
  struct Link {
    NodeId remote;
    uint64_t nextSend = 0;
    uint64_t nextRecv = 0;
    std::map<uint64_t, coordination::QuorumPacket> early;
    int64_t gapSinceMs = 0;
  };

  void carry(coordination::ZabReady ready, int64_t nowMs, Outbox& out);
  void drain(int64_t nowMs, Outbox& out);
  void finish(ZabStored stored, int64_t nowMs, Outbox& out);
  void applyCommitted(const coordination::ZabTxn& txn, int64_t nowMs);
  void onEvent(const coordination::ZabEvent& e, int64_t nowMs, Outbox& out);
  void onWire(NodeId from, const ZabWire& w, int64_t nowMs, Outbox& out);
  void onClose(NodeId from, const ZabClose& c, int64_t nowMs, Outbox& out);
  void closeLink(uint64_t connection, Outbox& out);
  void checkGaps(int64_t nowMs, Outbox& out);
  void maybeWrite(int64_t nowMs, Outbox& out);
  void propose(std::string bytes, int64_t nowMs, Outbox& out);

  coordination::ZabPeerConfig m_config;
  ZabDisk& m_disk;
  ZabEnsembleLog& m_log;
  WorkloadConfig m_workload;
  ZabBrokenRule m_broken;
  coordination::ZabPeer m_peer;
  ZabSimStorage m_storage;
  bool m_draining = false;
  bool m_stopped = false;  // the disk failed at boot
  KvState m_state;
  std::map<uint64_t, Link> m_links;
  std::map<uint64_t, std::size_t> m_myWrites;  // op id -> index in m_log.ops, until applied
};

}  // namespace pier::simtest

template <>
struct pier::sim::MessageTraits<pier::simtest::ZabMessage> {
  static uint64_t hash(const pier::simtest::ZabMessage& m);
  static std::string describe(const pier::simtest::ZabMessage& m);
};
