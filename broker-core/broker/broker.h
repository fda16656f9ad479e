#pragma once
// Broker: a single-node pier-broker: its topics and logs (TopicManager), its consumer groups
// (GroupCoordinator over `__consumer_offsets`), its Kafka APIs and the connections of every
// listener, and the periodic work Kafka's LogManager schedules (retention every
// log.retention.check.interval.ms, flush.ms checks every log.flush.scheduler.interval.ms,
// checkpoints every 60 s), the group coordinator's clock (every 100 ms), and the Prometheus
// endpoint when pier.metrics.listener is set.
//
// Metadata: with zookeeper.connect set, start() first opens a ZooKeeper session
// (client/zookeeper_coordination_store.h; its I/O and pings run on a LoopThread from
// `loopThreads`, the ZooKeeper calls block this loop for one round trip each) and fails, naming
// zookeeper.connect, when none is established within zookeeper.connection.timeout.ms. Session
// events come back to this loop: an expiry is logged as an error, and when the new session is up
// the broker registers again (/brokers/ids/<id>, /controller), retrying every second until it
// can, as Kafka does. Without zookeeper.connect the metadata stays in `pier-metadata.json`.
//
// Lifecycle: start() opens the log directories (recovering them if needed), loads the groups
// and committed offsets from `__consumer_offsets` and listens;
// shutdown() stops accepting, answers waiting fetches, closes connections and closes the log
// directories cleanly (flush, checkpoints, clean-shutdown marker). Owned by the daemon (or a
// test); everything runs on `loop`, which must outlive it.

#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "broker/broker_config.h"
#include "broker/consumer_offsets_topic.h"
#include "broker/dynamic_broker_config.h"
#include "broker/kafka_apis.h"
#include "broker/kafka_connection.h"
#include "broker/metrics_http.h"
#include "broker/topic_manager.h"
#include "group/group_coordinator.h"
#include "runtime/file_system.h"
#include "client/zookeeper_session.h"
#include "runtime/loop.h"
#include "runtime/loop_thread.h"
#include "runtime/network.h"

namespace pier::broker {

class Broker {
 public:
  // `loopThreads`: where a ZooKeeper client's I/O thread comes from (needed only with
  // zookeeper.connect; start() fails naming the key without it).
  Broker(Loop& loop, Network& network, FileSystem& fs, BrokerConfig config, uint64_t seed,
         LoopThreadFactory loopThreads = {});
  ~Broker();

  Status start();
  Status shutdown();
  // Where each listener really listens (port 0 in the config: the port the OS chose).
  const std::vector<Endpoint>& boundEndpoints() const { return m_bound; }
  // Where Prometheus metrics are served (pier.metrics.listener), or an empty endpoint.
  Endpoint metricsEndpoint() const { return m_metricsServer.endpoint(); }
  std::size_t connectionCount() const { return m_connections.size(); }
  std::size_t fetchSessionCount() const { return m_apis.fetchSessions().size(); }

 private:
  void accept(std::shared_ptr<Connection> conn, std::size_t listenerIndex);
  void every(int64_t periodMs, std::function<Status(int64_t)> work, const char* what);
  Result<std::unique_ptr<client::CoordinationStore>> openZooKeeper();
  void onZooKeeperEvent(const client::ZooKeeperSessionEvent& event);
  void registerAgain();

  Loop& m_loop;
  Network& m_network;
  LoopThreadFactory m_loopThreads;
  BrokerConfig m_config;
  DynamicBrokerConfig m_dynamic;
  TopicManager m_topics;
  ConsumerOffsetsTopic m_offsetsTopic;
  group::GroupCoordinator m_groups;
  BrokerMetrics m_metrics;
  KafkaApis m_apis;
  MetricsHttpServer m_metricsServer;
  std::vector<std::unique_ptr<pier::Listener>> m_listeners;
  std::vector<Endpoint> m_bound;
  std::map<KafkaConnection*, std::shared_ptr<KafkaConnection>> m_connections;
  std::vector<TimerId> m_timers;
  std::optional<TimerId> m_registerRetry;
  bool m_running = false;
  // Tasks posted from the ZooKeeper I/O thread hold a weak reference: they do nothing once the
  // broker is gone.
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);
};

}  // namespace pier::broker
