// The broker with zookeeper.connect, against the scripted FakeZooKeeper
// (tests/broker-core/client/fake_zookeeper.h) on loopback: start fails naming zookeeper.connect
// and its timeout when no server answers; the topic manager keeps Kafka's znodes in ZooKeeper
// (persistent paths, ephemeral registration, topics, partition state, topic configs) and reads
// them back into an empty log directory; an expired session is logged and the broker registers
// again with the new one; shutdown closes the session, so the registration goes at once.
#include <QtTest>

#include <mutex>

#include <fmt/format.h>

#include "../client/fake_zookeeper.h"
#include "base/log.h"
#include "broker/broker.h"
#include "broker/broker_error.h"
#include "broker/metadata_layout.h"
#include "broker/topic_manager.h"
#include "client/zookeeper_coordination_store.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_loop_thread.h"
#include "runtime/asio/asio_network.h"
#include "runtime/memory_file_system.h"

using namespace pier;
using namespace std::chrono_literals;

namespace {

bool runUntil(AsioLoop& loop, const std::function<bool()>& done, int timeoutMs) {
  for (int waited = 0; waited < timeoutMs; waited += 10) {
    if (done()) return true;
    loop.runFor(10ms);
  }
  return done();
}

broker::BrokerConfig zkConfig(const std::string& connect, int32_t connectionTimeoutMs = 3000) {
  broker::BrokerConfig config;
  config.listeners = {broker::ListenerConfig{"PLAINTEXT", "127.0.0.1", 0}};
  config.logDirs = {"/logs"};
  config.zookeeperConnect = connect;
  config.zookeeperSessionTimeoutMs = 4000;
  config.zookeeperConnectionTimeoutMs = connectionTimeoutMs;
  return config;
}

Result<std::unique_ptr<client::CoordinationStore>> openStore(const std::string& connect) {
  auto store = client::ZooKeeperCoordinationStore::open(startAsioLoopThread("zk-client"), {connect, 4000, 3000});
  if (!store) return store.status();
  return std::unique_ptr<client::CoordinationStore>(std::move(*store));
}

struct CapturedLog {
  std::mutex mutex;
  std::string text;
  CapturedLog() {
    log::setCapture([this](log::Level, std::string_view line) {
      std::lock_guard lock(mutex);
      text.append(line).append("\n");
    });
  }
  ~CapturedLog() { log::setCapture(nullptr); }
  bool contains(const std::string& what) {
    std::lock_guard lock(mutex);
    return text.find(what) != std::string::npos;
  }
};

}  // namespace

class TestBrokerZooKeeper : public QObject {
  Q_OBJECT

 private slots:
  void startFailsNamingZookeeperConnect() {
    AsioLoop loop;
    AsioNetwork net(loop);
    MemoryFileSystem fs;
    uint16_t port = 0;
    {
      auto probe = net.listen(Endpoint{"127.0.0.1", 0}, [](auto) {});
      QVERIFY(probe.isOk());
      port = (*probe)->localEndpoint().port;
    }
    const std::string connect = fmt::format("127.0.0.1:{}", port);
    broker::Broker broker(loop, net, fs, zkConfig(connect, 600), 1, asioLoopThreadFactory());
    const auto before = std::chrono::steady_clock::now();
    Status started = broker.start();
    const auto waited = std::chrono::steady_clock::now() - before;
    QVERIFY(!started.isOk());
    QVERIFY(started.is(broker::BrokerError::StartupFailed));
    const QString message = QString::fromStdString(started.message());
    QVERIFY2(message.contains(QString::fromStdString("zookeeper.connect=" + connect)) &&
                 message.contains("zookeeper.connection.timeout.ms=600"),
             qPrintable(message));
    QVERIFY(waited >= 550ms && waited < 3s);
    // Nothing was written for the local store.
    QVERIFY(!*fs.exists("/logs/pier-metadata.json"));

    // A broker made without a way to start the client's I/O thread says so, naming the key.
    broker::Broker bare(loop, net, fs, zkConfig(connect, 600), 1);
    Status refused = bare.start();
    QVERIFY(!refused.isOk());
    QVERIFY2(QString::fromStdString(refused.message()).contains("zookeeper.connect="), refused.message().c_str());
  }

  void topicsLiveInZooKeeperAndComeBackIntoAnEmptyLogDir() {
    fake::ThreadedFakeZooKeeper zk;
    const std::string connect = zk.connect("/kafka");
    {
      MemoryFileSystem fs;
      broker::TopicManager topics(fs, {"/logs"}, storage::LogConfig{}, NodeId(0), 7);
      auto store = openStore(connect);
      QVERIFY(store.isOk());
      QVERIFY(topics.open(broker::BrokerIdentity{NodeId(0), {{"PLAINTEXT", "127.0.0.1", 9092}}, std::nullopt}, 1000, std::move(*store)).isOk());
      for (const char* path : broker::zk::kPersistentPaths) {
        QVERIFY2(zk.ensemble->hasNode(std::string("/kafka") + path), path);
      }
      auto registration = zk.ensemble->node("/kafka/brokers/ids/0");
      QVERIFY(registration.has_value());
      QVERIFY(registration->stat.ephemeralOwner != 0);
      QCOMPARE(registration->data, broker::zk::brokerJson({{"PLAINTEXT", "127.0.0.1", 9092}}, std::nullopt, 1000));
      QVERIFY(zk.ensemble->hasNode("/kafka/cluster/id"));
      QVERIFY(topics.create("orders", 2, {{"retention.ms", "1000"}}, 2000).isOk());
      auto topic = zk.ensemble->node("/kafka/brokers/topics/orders");
      QVERIFY(topic.has_value());
      auto assignment = broker::zk::parseTopicJson(topic->data);
      QVERIFY(assignment.isOk());
      QCOMPARE(assignment->replicas.size(), std::size_t{2});
      QVERIFY(zk.ensemble->hasNode("/kafka/brokers/topics/orders/partitions/1/state"));
      QVERIFY(zk.ensemble->hasNode("/kafka/config/topics/orders"));
      QVERIFY(!*fs.exists("/logs/pier-metadata.json"));  // ZooKeeper holds the metadata
      QVERIFY(topics.close().isOk());
      QVERIFY(!zk.ensemble->hasNode("/kafka/brokers/ids/0"));  // the session was closed
    }
    MemoryFileSystem empty;
    broker::TopicManager again(empty, {"/logs"}, storage::LogConfig{}, NodeId(0), 8);
    auto store = openStore(connect);
    QVERIFY(store.isOk());
    QVERIFY(again.open(broker::BrokerIdentity{NodeId(0), {{"PLAINTEXT", "127.0.0.1", 9093}}, std::nullopt}, 3000, std::move(*store)).isOk());
    const broker::TopicState* orders = again.find("orders");
    QVERIFY(orders != nullptr);
    QCOMPARE(orders->partitionCount, 2);
    QCOMPARE(orders->overrides.at("retention.ms"), std::string("1000"));
    QVERIFY(again.log(TopicPartition{"orders", PartitionIndex(1)}) != nullptr);
    QVERIFY(again.close().isOk());
  }

  void registersAgainAfterSessionExpiry() {
    CapturedLog captured;
    fake::ThreadedFakeZooKeeper zk;
    AsioLoop loop;
    AsioNetwork net(loop);
    MemoryFileSystem fs;
    broker::Broker broker(loop, net, fs, zkConfig(zk.connect()), 1, asioLoopThreadFactory());
    QVERIFY(broker.start().isOk());
    auto first = zk.ensemble->node("/brokers/ids/0");
    QVERIFY(first.has_value());
    const std::string endpoint = fmt::format("PLAINTEXT://127.0.0.1:{}", broker.boundEndpoints().front().port);
    QVERIFY(first->data.find(endpoint) != std::string::npos);

    zk.ensemble->expireAll();
    zk.onLoop([&] { zk.server->dropConnections(); });
    QVERIFY(!zk.ensemble->hasNode("/brokers/ids/0"));
    QVERIFY(runUntil(loop, [&] {
      auto now = zk.ensemble->node("/brokers/ids/0");
      return now && now->stat.ephemeralOwner != first->stat.ephemeralOwner;
    }, 5000));
    QVERIFY(zk.ensemble->node("/brokers/ids/0")->data.find(endpoint) != std::string::npos);
    QVERIFY(zk.ensemble->hasNode("/controller"));
    QVERIFY(runUntil(loop, [&] { return captured.contains("broker registered in ZooKeeper"); }, 2000));
    QVERIFY(captured.contains("ZOOKEEPER SESSION EXPIRED"));

    QVERIFY(broker.shutdown().isOk());
    QVERIFY(!zk.ensemble->hasNode("/brokers/ids/0"));
    QVERIFY(!zk.ensemble->hasNode("/controller"));
  }
};

QTEST_APPLESS_MAIN(TestBrokerZooKeeper)
#include "tst_broker_zookeeper.moc"
