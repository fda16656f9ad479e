// Kafka's znode JSON: the exact documents a Kafka user sees with zkCli, parsed back, and garbage
// in a znode read as an error, never a crash.

#include <QtTest>

#include "base/prng.h"
#include "broker/metadata_layout.h"

using namespace pier;
using namespace pier::broker;

class TestMetadataLayout : public QObject {
  Q_OBJECT

 private slots:
  void documentsAreKafkas() {
    zk::TopicAssignment a;
    a.replicas = {{0, {0}}, {1, {0}}};
    a.topicId = "q3fz-hW3TZ6yPmg5wB9R_g";
    QCOMPARE(zk::topicJson(a), std::string("{\"adding_replicas\":{},\"partitions\":{\"0\":[0],\"1\":[0]},"
                                           "\"removing_replicas\":{},\"topic_id\":\"q3fz-hW3TZ6yPmg5wB9R_g\",\"version\":3}"));
    auto back = zk::parseTopicJson(zk::topicJson(a));
    QVERIFY(back.isOk());
    QCOMPARE(back->replicas.size(), std::size_t{2});
    QCOMPARE(back->topicId, a.topicId);
    QCOMPARE(zk::partitionStateJson(NodeId(0), 3, {0}, 1),
             std::string("{\"controller_epoch\":1,\"isr\":[0],\"leader\":0,\"leader_epoch\":3,\"version\":1}"));
    QCOMPARE(zk::topicConfigJson({{"retention.ms", "1000"}}), std::string("{\"config\":{\"retention.ms\":\"1000\"},\"version\":1}"));
    QCOMPARE(zk::parseTopicConfigJson("{\"version\":1,\"config\":{\"segment.ms\":\"5\"}}")->at("segment.ms"), std::string("5"));
    QCOMPARE(*zk::parseClusterId(zk::clusterIdJson("abc")), std::string("abc"));
    const std::vector<zk::BrokerEndpoint> one{{"PLAINTEXT", "h", 9092}};
    QVERIFY(zk::brokerJson(one, std::nullopt, 7).find("\"endpoints\":[\"PLAINTEXT://h:9092\"]") != std::string::npos);
    // Kafka writes "rack" only for a broker that has one (broker.rack).
    QVERIFY(zk::brokerJson(one, std::nullopt, 7).find("\"rack\"") == std::string::npos);
    QVERIFY(zk::brokerJson(one, std::string("r1"), 7).find("\"rack\":\"r1\"") != std::string::npos);
    // Named listeners: every endpoint and its protocol; host and port are the first's.
    QCOMPARE(zk::brokerJson({{"INTERNAL", "kafka", 9092}, {"EXTERNAL", "localhost", 29092}}, std::nullopt, 7),
             std::string("{\"endpoints\":[\"INTERNAL://kafka:9092\",\"EXTERNAL://localhost:29092\"],\"features\":{},"
                         "\"host\":\"kafka\",\"jmx_port\":-1,\"listener_security_protocol_map\":{\"EXTERNAL\":\"PLAINTEXT\","
                         "\"INTERNAL\":\"PLAINTEXT\"},\"port\":9092,\"timestamp\":\"7\",\"version\":5}"));
    QCOMPARE(zk::partitionStatePath("t", 4), std::string("/brokers/topics/t/partitions/4/state"));
  }

  void garbageIsAnErrorNeverACrash() {
    QVERIFY(!zk::parseTopicJson("").isOk());
    QVERIFY(!zk::parseTopicJson("{\"partitions\":{\"x\":[0]}}").isOk());
    QVERIFY(!zk::parseTopicJson("{\"partitions\":{\"0\":[\"a\"]}}").isOk());
    QVERIFY(!zk::parseTopicConfigJson("{\"config\":{\"a\":1}}").isOk());
    QVERIFY(!zk::parseClusterId("[]").has_value());
    Prng prng(3);
    for (int i = 0; i < 2000; ++i) {
      auto bytes = prng.bytes(static_cast<std::size_t>(prng.below(64)));
      std::string text(bytes.begin(), bytes.end());
      (void)zk::parseTopicJson(text);
      (void)zk::parseTopicConfigJson(text);
      (void)zk::parseClusterId(text);
    }
  }
};

QTEST_APPLESS_MAIN(TestMetadataLayout)
#include "tst_metadata_layout.moc"
