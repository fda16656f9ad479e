#pragma once
// Simulation<Message>: a whole cluster of nodes in one thread on virtual time, driven by a seed.
// Nodes are pure message handlers (Node<Message>); the simulation owns the clock (ticks every
// tickIntervalMs per node, at a random phase), the network (NetworkModel: delay, loss,
// duplication, reordering, partitions) and the faults (crash, restart, FaultPlan). Events run in
// (time, sequence) order, and every random choice comes from one Prng seeded by the caller, so a
// seed replays the same run exactly; traceHash() fingerprints it.
//
// Crash and restart: a crash destroys the node object and drops every message in flight to it
// (its connections break); a restart asks the factory for a new object, which sees only what the
// node persisted (the factory's business: it keeps each node's "disk"). A node can also stop
// itself (stopped(): a fatal error, the process exits): it is crashed right after the step that
// stopped it, once that step's messages are sent, and booted again restartStoppedAfterMs later
// (a supervisor's restart) if that is set, else at EndChaos.
//
// A Message type plugs in by specialising MessageTraits<Message> with
//   static uint64_t hash(const Message&);       // folded into the trace
//   static std::string describe(const Message&);  // for trace lines
//
// Owned by the test that runs it; single-threaded. Requires: node ids are unique.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/assert.h"
#include "base/ids.h"
#include "base/prng.h"
#include "sim/fault_plan.h"
#include "sim/network_model.h"
#include "sim/trace.h"

namespace pier::sim {

template <typename Message>
struct MessageTraits;  // specialise for each Message type (see above)

template <typename Message>
struct Outbound {
  NodeId to;
  Message message;
};

// One simulated process. Every call gets the virtual time and returns what the node sends.
template <typename Message>
class Node {
 public:
  using Outbox = std::vector<Outbound<Message>>;
  virtual ~Node() = default;
  virtual Outbox onStart(int64_t nowMs) = 0;  // boot (first, or after a crash)
  virtual Outbox onMessage(NodeId from, const Message& message, int64_t nowMs) = 0;
  virtual Outbox onTick(int64_t nowMs) = 0;
  // The node's observable state, folded into the trace after each call.
  virtual uint64_t stateHash() const = 0;
  // True once the process has decided to exit (checked after each call).
  virtual bool stopped() const { return false; }
};

struct SimConfig {
  int64_t tickIntervalMs = 10;
  NetworkConfig network;
  int64_t restartStoppedAfterMs = 0;  // 0: a node that stopped itself stays down until EndChaos
};

struct SimStats {
  uint64_t events = 0;
  uint64_t sent = 0;
  uint64_t delivered = 0;
  uint64_t lost = 0;  // dropped by the loss rate
  uint64_t duplicated = 0;
  uint64_t cutOff = 0;     // dropped by a partition, at send or in flight
  uint64_t toCrashed = 0;  // the receiver was down or restarted meanwhile
  uint64_t linkFull = 0;   // inFlightPerLinkMax reached
  uint64_t crashes = 0;
  uint64_t restarts = 0;
  uint64_t stops = 0;  // nodes that stopped themselves (counted in crashes too)
};

template <typename Message>
class Simulation {
 public:
  using Factory = std::function<std::unique_ptr<Node<Message>>(NodeId)>;
  using Traits = MessageTraits<Message>;

  Simulation(uint64_t seed, std::vector<NodeId> nodes, SimConfig config, Factory factory)
      : m_prng(seed),
        m_ids(std::move(nodes)),
        m_config(config),
        m_network(m_ids, config.network),
        m_factory(std::move(factory)) {
    PIER_ASSERT(m_config.tickIntervalMs > 0, "ticks move time forward");
    for (NodeId id : m_ids) {
      PIER_ASSERT(!m_nodes.count(id), "node ids are unique");
      m_nodes[id] = Slot{};
    }
    m_trace.add(seed);
  }

  // Boots every node that is not running, all at this instant: each is created before any
  // starts, so what one sends on boot is addressed to the others' new processes.
  void startAll() { bootTogether(down()); }
  void crash(NodeId id) {
    Slot& s = slot(id);
    if (!s.node) return;
    s.node.reset();
    ++s.incarnation;  // ticks and messages addressed to the old process are void
    ++m_stats.crashes;
    note(FaultAction{m_now, FaultKind::Crash, id, {}});
  }
  void restart(NodeId id) {
    if (isUp(id)) return;
    ++m_stats.restarts;
    note(FaultAction{m_now, FaultKind::Restart, id, {}});
    boot(id);
  }
  void partition(const std::vector<std::vector<NodeId>>& groups) {
    m_network.partition(groups);
    note(FaultAction{m_now, FaultKind::Partition, NodeId(), groups});
  }
  void heal() {
    m_network.heal();
    note(FaultAction{m_now, FaultKind::Heal, NodeId(), {}});
  }
  void setNetwork(const NetworkConfig& config) { m_network.setConfig(config); }
  // EndChaos: heal, boot every crashed node, no more loss or duplication (delays stay).
  void endChaos() {
    note(FaultAction{m_now, FaultKind::EndChaos, NodeId(), {}});
    m_network.heal();
    NetworkConfig calm = m_network.config();
    calm.dropPerMille = 0;
    calm.duplicatePerMille = 0;
    m_network.setConfig(calm);
    const std::vector<NodeId> crashed = down();
    for (NodeId id : crashed) {
      ++m_stats.restarts;
      note(FaultAction{m_now, FaultKind::Restart, id, {}});
    }
    bootTogether(crashed);
  }
  void apply(const FaultAction& a) {
    switch (a.kind) {
      case FaultKind::Crash:
        crash(a.node);
        return;
      case FaultKind::Restart:
        restart(a.node);
        return;
      case FaultKind::Partition:
        partition(a.groups);
        return;
      case FaultKind::Heal:
        heal();
        return;
      case FaultKind::EndChaos:
        endChaos();
        return;
    }
  }
  // Applies each action at its time during later runs. Requires: not in the past.
  void schedule(const std::vector<FaultAction>& plan) {
    for (const FaultAction& a : plan) {
      PIER_ASSERT(a.atMs >= m_now, "faults are scheduled in the future");
      m_faults.push_back(a);
      push(a.atMs,
           Event{EventKind::Fault, NodeId(), NodeId(), 0, std::nullopt, m_faults.size() - 1});
    }
  }

  // Runs every event up to `untilMs`, then sets the clock there.
  void runUntil(int64_t untilMs) { runUntil(untilMs, nullptr); }
  // Runs until `done()` holds (checked after each event) or `untilMs`; returns whether it held.
  bool runUntil(int64_t untilMs, const std::function<bool()>& done) {
    if (done && done()) return true;
    while (!m_events.empty() && m_events.begin()->first.first <= untilMs) {
      auto handle = m_events.extract(m_events.begin());
      m_now = handle.key().first;
      ++m_stats.events;
      run(std::move(handle.mapped()));
      if (done && done()) return true;
    }
    m_now = std::max(m_now, untilMs);
    return done ? done() : true;
  }

  int64_t nowMs() const { return m_now; }
  uint64_t traceHash() const { return m_trace.hash(); }
  void setTraceSink(Trace::Sink sink) { m_trace.setSink(std::move(sink)); }
  const SimStats& stats() const { return m_stats; }
  const std::vector<NodeId>& nodeIds() const { return m_ids; }
  const NetworkModel& network() const { return m_network; }
  bool isUp(NodeId id) const { return static_cast<bool>(slot(id).node); }
  // The running process, or nullptr while crashed.
  Node<Message>* node(NodeId id) { return slot(id).node.get(); }
  const Node<Message>* node(NodeId id) const { return slot(id).node.get(); }

 private:
  enum class EventKind { Tick, Deliver, Fault };
  struct Event {
    EventKind kind;
    NodeId from;
    NodeId to;  // the ticking node for Tick
    uint64_t incarnation = 0;
    std::optional<Message> message;
    std::size_t faultIndex = 0;
  };
  struct Slot {
    std::unique_ptr<Node<Message>> node;
    uint64_t incarnation = 0;
  };

  Slot& slot(NodeId id) {
    auto it = m_nodes.find(id);
    PIER_ASSERT(it != m_nodes.end(), "a node of this simulation");
    return it->second;
  }
  const Slot& slot(NodeId id) const {
    auto it = m_nodes.find(id);
    PIER_ASSERT(it != m_nodes.end(), "a node of this simulation");
    return it->second;
  }

  void push(int64_t atMs, Event e) {
    m_events.emplace(std::make_pair(atMs, m_nextSeq++), std::move(e));
  }

  void note(const FaultAction& a) {
    m_trace.add(0xfa017 + static_cast<uint64_t>(a.kind));
    m_trace.add(static_cast<uint64_t>(a.node.value()));
    if (m_trace.wantsText()) m_trace.line(m_now, describe(a));
  }

  void boot(NodeId id) { bootTogether({id}); }
  void bootTogether(const std::vector<NodeId>& ids) {
    for (NodeId id : ids) create(id);
    for (NodeId id : ids) start(id);
  }
  std::vector<NodeId> down() const {
    std::vector<NodeId> ids;
    for (NodeId id : m_ids) {
      if (!isUp(id)) ids.push_back(id);
    }
    return ids;
  }
  void create(NodeId id) {
    Slot& s = slot(id);
    ++s.incarnation;
    s.node = m_factory(id);
    PIER_ASSERT(s.node != nullptr, "the factory makes a node");
  }
  void start(NodeId id) {
    Slot& s = slot(id);
    if (m_trace.wantsText()) m_trace.line(m_now, fmt::format("boot {}", id.value()));
    // A random phase, so nodes do not tick in lockstep.
    push(m_now + m_prng.between(1, m_config.tickIntervalMs),
         Event{EventKind::Tick, NodeId(), id, s.incarnation, std::nullopt, 0});
    afterStep(id, s.node->onStart(m_now));
  }

  void run(Event e) {
    switch (e.kind) {
      case EventKind::Fault:
        apply(m_faults[e.faultIndex]);
        return;
      case EventKind::Tick:
        tick(e);
        return;
      case EventKind::Deliver:
        deliver(std::move(e));
        return;
    }
  }

  void tick(const Event& e) {
    Slot& s = slot(e.to);
    if (!s.node || s.incarnation != e.incarnation) return;  // a tick of a dead process
    push(m_now + m_config.tickIntervalMs,
         Event{EventKind::Tick, NodeId(), e.to, s.incarnation, std::nullopt, 0});
    afterStep(e.to, s.node->onTick(m_now));
  }

  void deliver(Event e) {
    Slot& s = slot(e.to);
    auto& inFlight = m_inFlight[{e.from, e.to}];
    --inFlight;
    if (!s.node || s.incarnation != e.incarnation) {
      ++m_stats.toCrashed;
      return;
    }
    if (!m_network.connected(e.from, e.to)) {
      ++m_stats.cutOff;
      return;
    }
    ++m_stats.delivered;
    const Message& m = *e.message;
    m_trace.add(0xde11);
    m_trace.add(static_cast<uint64_t>(e.from.value()));
    m_trace.add(static_cast<uint64_t>(e.to.value()));
    m_trace.add(Traits::hash(m));
    if (m_trace.wantsText()) {
      m_trace.line(m_now,
                   fmt::format("{} -> {}: {}", e.from.value(), e.to.value(), Traits::describe(m)));
    }
    afterStep(e.to, s.node->onMessage(e.from, m, m_now));
  }

  void afterStep(NodeId id, typename Node<Message>::Outbox out) {
    const Node<Message>* n = slot(id).node.get();
    if (n) m_trace.add(n->stateHash());
    for (auto& o : out) send(id, std::move(o));
    if (n && n->stopped()) stopped(id);
  }

  void stopped(NodeId id) {
    ++m_stats.stops;
    m_trace.add(0x5709);
    if (m_trace.wantsText()) m_trace.line(m_now, fmt::format("node {} stopped itself", id.value()));
    crash(id);
    if (m_config.restartStoppedAfterMs > 0)
      schedule({FaultAction{m_now + m_config.restartStoppedAfterMs, FaultKind::Restart, id, {}}});
  }

  void send(NodeId from, Outbound<Message> o) {
    ++m_stats.sent;
    if (!m_network.connected(from, o.to)) {
      ++m_stats.cutOff;
      return;
    }
    const std::vector<int64_t> delays = m_network.deliveryDelaysMs(m_prng);
    if (delays.empty()) {
      ++m_stats.lost;
      m_trace.add(0x1057);
      return;
    }
    if (delays.size() > 1) ++m_stats.duplicated;
    auto& inFlight = m_inFlight[{from, o.to}];
    const uint64_t incarnation = slot(o.to).incarnation;
    for (int64_t delay : delays) {
      if (inFlight >= m_network.config().inFlightPerLinkMax) {
        ++m_stats.linkFull;
        continue;
      }
      ++inFlight;
      m_trace.add(static_cast<uint64_t>(delay));
      push(m_now + delay, Event{EventKind::Deliver, from, o.to, incarnation, o.message, 0});
    }
  }

  Prng m_prng;
  std::vector<NodeId> m_ids;
  SimConfig m_config;
  NetworkModel m_network;
  Factory m_factory;
  std::map<NodeId, Slot> m_nodes;
  std::map<std::pair<int64_t, uint64_t>, Event> m_events;  // (time, sequence) -> event
  uint64_t m_nextSeq = 0;
  std::vector<FaultAction> m_faults;
  std::map<std::pair<NodeId, NodeId>, std::size_t> m_inFlight;
  int64_t m_now = 0;
  Trace m_trace;
  SimStats m_stats;
};

}  // namespace pier::sim
