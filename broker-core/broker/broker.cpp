#include "broker/broker.h"

#include <fmt/format.h>

#include "base/log.h"
#include "broker/broker_error.h"
#include "client/zookeeper_coordination_store.h"

namespace pier::broker {

namespace {
constexpr int64_t kCheckpointIntervalMs = 60000;  // log.flush.offset.checkpoint.interval.ms
// How often the group coordinator looks at its deadlines (sessions, rebalances, offset expiry):
// the most a deadline is late by.
constexpr int64_t kGroupTickIntervalMs = 100;
// How often a failed re-registration (after a new ZooKeeper session) is tried again.
constexpr int64_t kRegisterRetryMs = 1000;

std::string hexSession(int64_t sessionId) { return fmt::format("0x{:x}", sessionId); }

group::CoordinatorConfig coordinatorConfig(const BrokerConfig& c) {
  group::CoordinatorConfig out;
  out.limits.initialRebalanceDelayMs = c.groupInitialRebalanceDelayMs;
  out.limits.maxSize = c.groupMaxSize;
  out.limits.minSessionTimeoutMs = c.groupMinSessionTimeoutMs;
  out.limits.maxSessionTimeoutMs = c.groupMaxSessionTimeoutMs;
  out.offsetsRetentionMs = int64_t{c.offsetsRetentionMinutes} * 60 * 1000;
  out.offsetMetadataMaxBytes = c.offsetMetadataMaxBytes;
  return out;
}
}  // namespace

Broker::Broker(Loop& loop, Network& network, FileSystem& fs, BrokerConfig config, uint64_t seed,
               LoopThreadFactory loopThreads)
    : m_loop(loop), m_network(network), m_loopThreads(std::move(loopThreads)), m_config(std::move(config)),
      m_dynamic(m_config), m_topics(fs, m_config.logDirs, m_config.logDefaults, m_config.brokerId, seed),
      m_offsetsTopic(m_topics, m_config),
      // Its own stream of randomness (member ids), apart from the topic manager's (topic ids).
      m_groups(coordinatorConfig(m_config), m_offsetsTopic, seed ^ 0x67726f7570ULL),
      m_apis(m_config, m_dynamic, m_topics, loop, m_metrics, m_groups, m_offsetsTopic, seed ^ 0x6665746368ULL),
      m_metricsServer(network, [this] { return m_metrics.render(m_topics); }) {
  // Dynamic broker configs load before any log opens, so logs open with the live defaults.
  m_topics.onStoreOpen([this](client::CoordinationStore& store) -> Status {
    PIER_RETURN_IF_ERROR(m_dynamic.load(store));
    return m_topics.setDefaults(m_dynamic.current().logDefaults);
  });
}

Broker::~Broker() {
  for (TimerId t : m_timers) m_loop.cancel(t);
  if (m_registerRetry) m_loop.cancel(*m_registerRetry);
}

Status Broker::start() {
  for (std::size_t index = 0; index < m_config.listeners.size(); ++index) {
    const ListenerConfig& l = m_config.listeners[index];
    const Endpoint at{l.host.empty() ? "0.0.0.0" : l.host, l.port};
    const SocketBuffers buffers{m_config.socketSendBufferBytes, m_config.socketReceiveBufferBytes};
    auto listener = m_network.listen(at, buffers, [this, index](Result<std::shared_ptr<Connection>> conn) {
      if (conn) accept(std::move(*conn), index);
    });
    if (!listener) {
      return Status(BrokerError::StartupFailed, fmt::format("listener {}://{}: {}", l.name, at.toString(),
                                                            listener.status().toString()));
    }
    m_bound.push_back((*listener)->localEndpoint());
    PIER_LOG_INFO("Awaiting socket connections", {"listener", l.name}, {"on", m_bound.back().toString()});
    m_listeners.push_back(std::move(*listener));
  }
  // A listener on port 0 (tests, sandboxes) advertises the port the OS chose.
  for (std::size_t i = 0; i < m_config.listeners.size(); ++i) {
    if (m_config.listeners[i].port == 0) m_config.listeners[i].port = m_bound[i].port;
  }
  // The logs open (and recover) before any connection is read: accepted sockets wait in the
  // loop until start() returns.
  std::unique_ptr<client::CoordinationStore> store;
  if (!m_config.zookeeperConnect.empty()) {
    PIER_ASSIGN_OR_RETURN(store, openZooKeeper());
  }
  BrokerIdentity self{m_config.brokerId, {}, m_config.rack};
  for (const ListenerConfig& l : m_config.advertisedEndpoints()) self.endpoints.push_back({l.name, l.host, l.port});
  Status opened = m_topics.open(self, m_loop.clock().wallMs(), std::move(store));
  if (!opened) return Status(BrokerError::StartupFailed, opened.toString());
  // Groups and offsets load before any request is read, so no client sees a group half-loaded.
  Status loaded = m_groups.load(m_loop.clock().wallMs());
  if (!loaded) {
    return Status(BrokerError::StartupFailed,
                  fmt::format("{}: {}", ConsumerOffsetsTopic::kName, loaded.toString()));
  }
  if (!m_config.metricsListener.empty()) {
    Status metrics = m_metricsServer.listen(*Endpoint::parse(m_config.metricsListener));
    if (!metrics) return Status(BrokerError::StartupFailed, "pier.metrics.listener: " + metrics.toString());
  }
  m_running = true;
  every(m_config.logRetentionCheckIntervalMs, [this](int64_t now) { return m_topics.runRetention(now); }, "retention");
  every(m_config.producerIdExpirationCheckIntervalMs,
        [this](int64_t now) { return m_topics.removeExpiredProducers(now, m_config.producerIdExpirationMs); },
        "producer expiration");
  every(m_config.logFlushSchedulerIntervalMs, [this](int64_t now) { return m_topics.flushDue(now); }, "flush");
  every(kCheckpointIntervalMs, [this](int64_t) { return m_topics.writeCheckpoints(); }, "checkpoints");
  every(kGroupTickIntervalMs, [this](int64_t now) { m_groups.tick(now); return Status::ok(); }, "groups");
  PIER_LOG_INFO("pier-broker started", {"brokerId", m_config.brokerId}, {"listener", m_bound.front().toString()},
                {"topics", m_topics.topics().size()}, {"groups", m_groups.groupCount()},
                {"metrics", m_config.metricsListener.empty() ? std::string("off") : m_metricsServer.endpoint().toString()});
  return Status::ok();
}

Result<std::unique_ptr<client::CoordinationStore>> Broker::openZooKeeper() {
  const int32_t connectionTimeoutMs = m_config.zookeeperConnectionTimeoutMs.value_or(m_config.zookeeperSessionTimeoutMs);
  if (!m_loopThreads) {
    return Status(BrokerError::StartupFailed,
                  fmt::format("zookeeper.connect={}: this broker has no I/O thread for a ZooKeeper client",
                              m_config.zookeeperConnect));
  }
  client::ZooKeeperClient::Options options{m_config.zookeeperConnect, m_config.zookeeperSessionTimeoutMs,
                                           connectionTimeoutMs};
  std::weak_ptr<int> alive = m_alive;
  auto store = client::ZooKeeperCoordinationStore::open(
      m_loopThreads("pier-zookeeper"), options, [this, alive](const client::ZooKeeperSessionEvent& event) {
        m_loop.post([this, alive, event] {
          if (alive.lock()) onZooKeeperEvent(event);
        });
      });
  if (!store) {
    return Status(BrokerError::StartupFailed,
                  fmt::format("zookeeper.connect={}: cannot reach ZooKeeper within "
                              "zookeeper.connection.timeout.ms={}: {}",
                              m_config.zookeeperConnect, connectionTimeoutMs, store.status().message()));
  }
  client::ZooKeeperClient& zk = (*store)->client();
  PIER_LOG_INFO("connected to ZooKeeper", {"zookeeper.connect", m_config.zookeeperConnect},
                {"sessionId", hexSession(zk.sessionId())}, {"sessionTimeoutMs", zk.negotiatedTimeoutMs()});
  return std::unique_ptr<client::CoordinationStore>(std::move(*store));
}

void Broker::onZooKeeperEvent(const client::ZooKeeperSessionEvent& event) {
  using Kind = client::ZooKeeperSessionEvent::Kind;
  switch (event.kind) {
    case Kind::Disconnected:
      PIER_LOG_WARN("lost the ZooKeeper connection; reconnecting with the same session",
                    {"server", event.server.toString()}, {"sessionId", hexSession(event.sessionId)},
                    {"why", event.detail});
      return;
    case Kind::Reconnected:
      PIER_LOG_INFO("ZooKeeper session resumed", {"server", event.server.toString()},
                    {"sessionId", hexSession(event.sessionId)});
      return;
    case Kind::Expired:
      PIER_LOG_ERROR("ZOOKEEPER SESSION EXPIRED: this broker's registration and ephemeral znodes are gone; "
                     "registering again once a new session is established",
                     {"brokerId", m_config.brokerId}, {"sessionId", hexSession(event.sessionId)},
                     {"server", event.server.toString()});
      return;
    case Kind::Connected:
      PIER_LOG_WARN("new ZooKeeper session established; registering the broker again",
                    {"server", event.server.toString()}, {"sessionId", hexSession(event.sessionId)});
      registerAgain();
      return;
  }
}

void Broker::registerAgain() {
  if (!m_running) return;
  if (m_registerRetry) m_loop.cancel(*m_registerRetry);
  m_registerRetry.reset();
  Status registered = m_topics.registerBroker(m_loop.clock().wallMs());
  if (registered) {
    PIER_LOG_INFO("broker registered in ZooKeeper", {"brokerId", m_config.brokerId});
    return;
  }
  PIER_LOG_ERROR("cannot register the broker in ZooKeeper; trying again", {"brokerId", m_config.brokerId},
                 {"why", registered}, {"retryMs", kRegisterRetryMs});
  m_registerRetry = m_loop.after(std::chrono::milliseconds(kRegisterRetryMs), [this] {
    m_registerRetry.reset();
    registerAgain();
  });
}

void Broker::every(int64_t periodMs, std::function<Status(int64_t)> work, const char* what) {
  const std::size_t slot = m_timers.size();
  m_timers.push_back(TimerId(0));
  auto tick = std::make_shared<std::function<void()>>();
  *tick = [this, slot, periodMs, work = std::move(work), what, tick]() {
    if (!m_running) return;
    Status done = work(m_loop.clock().wallMs());
    if (!done) PIER_LOG_ERROR("periodic log work failed", {"task", what}, {"why", done});
    m_timers[slot] = m_loop.after(std::chrono::milliseconds(periodMs), *tick);
  };
  m_timers[slot] = m_loop.after(std::chrono::milliseconds(periodMs), *tick);
}

void Broker::accept(std::shared_ptr<Connection> conn, std::size_t listenerIndex) {
  if (!m_running) {
    conn->close();
    return;
  }
  auto kafka = std::make_shared<KafkaConnection>(std::move(conn), listenerIndex, m_apis, m_config.socketRequestMaxBytes,
                                                 m_metrics, m_loop.clock(),
                                                 [this](KafkaConnection* closed) { m_connections.erase(closed); });
  m_connections[kafka.get()] = kafka;
  kafka->start();
}

Status Broker::shutdown() {
  if (!m_running) return Status::ok();
  m_running = false;
  for (TimerId t : m_timers) m_loop.cancel(t);
  if (m_registerRetry) m_loop.cancel(*m_registerRetry);
  m_registerRetry.reset();
  for (auto& l : m_listeners) l->close();
  m_metricsServer.close();
  m_apis.completeAllFetches();
  auto connections = m_connections;  // close() erases from the map
  for (auto& [raw, conn] : connections) conn->close();
  Status closed = m_topics.close();
  PIER_LOG_INFO("pier-broker stopped", {"clean", closed.isOk()});
  return closed;
}

}  // namespace pier::broker
