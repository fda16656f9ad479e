// server.properties: Kafka's defaults, every key read (the group coordinator's too), the most
// precise time unit winning, overrides over the file, listeners, a bad value naming the key and
// the value, unknown keys as warnings.

#include <QtTest>

#include "broker/broker_config.h"
#include "broker/broker_error.h"

using namespace pier;
using namespace pier::broker;

class TestBrokerConfig : public QObject {
  Q_OBJECT

 private slots:
  void defaultsAreKafkas() {
    auto parsed = parseServerProperties("");
    QVERIFY(parsed.isOk());
    const BrokerConfig& c = parsed->config;
    QCOMPARE(c.listeners.size(), std::size_t{1});
    QCOMPARE(c.listeners[0].port, uint16_t{9092});
    QCOMPARE(c.logDirs, std::vector<std::string>{"/tmp/kafka-logs"});
    QCOMPARE(c.numPartitions, 1);
    QCOMPARE(c.messageMaxBytes, 1048588);
    QCOMPARE(c.socketSendBufferBytes, -1);  // Pier's choice: the OS's sizes (Kafka: 102400)
    QCOMPARE(c.socketReceiveBufferBytes, -1);
    QCOMPARE(c.socketRequestMaxBytes, 104857600);
    QCOMPARE(c.logDefaults.segmentBytes, 1 << 30);
    QCOMPARE(c.logDefaults.retentionMs, int64_t{168} * 3600 * 1000);
    QVERIFY(c.autoCreateTopicsEnable);
    QCOMPARE(c.offsetsTopicNumPartitions, 50);
    QCOMPARE(c.offsetsTopicReplicationFactor, int16_t{3});
    QCOMPARE(c.offsetsTopicSegmentBytes, 104857600);
    QCOMPARE(c.offsetsRetentionMinutes, 10080);
    QCOMPARE(c.offsetMetadataMaxBytes, 4096);
    QCOMPARE(c.groupInitialRebalanceDelayMs, 3000);
    QCOMPARE(c.groupMinSessionTimeoutMs, 6000);
    QCOMPARE(c.groupMaxSessionTimeoutMs, 1800000);
    QCOMPARE(c.groupMaxSize, INT32_MAX);
  }

  void readsGroupCoordinatorKeys() {
    auto parsed = parseServerProperties(
        "offsets.topic.num.partitions=3\n"
        "offsets.topic.replication.factor=1\n"
        "offsets.topic.segment.bytes=1048576\n"
        "offsets.retention.minutes=60\n"
        "offset.metadata.max.bytes=0\n"
        "group.initial.rebalance.delay.ms=0\n"
        "group.min.session.timeout.ms=1000\n"
        "group.max.session.timeout.ms=60000\n"
        "group.max.size=10\n");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const BrokerConfig& c = parsed->config;
    QCOMPARE(c.offsetsTopicNumPartitions, 3);
    QCOMPARE(c.offsetsTopicReplicationFactor, int16_t{1});
    QCOMPARE(c.offsetsTopicSegmentBytes, 1048576);
    QCOMPARE(c.offsetsRetentionMinutes, 60);
    QCOMPARE(c.offsetMetadataMaxBytes, 0);
    QCOMPARE(c.groupInitialRebalanceDelayMs, 0);
    QCOMPARE(c.groupMinSessionTimeoutMs, 1000);
    QCOMPARE(c.groupMaxSessionTimeoutMs, 60000);
    QCOMPARE(c.groupMaxSize, 10);
    QVERIFY(parsed->warnings.empty());
  }

  void readsKafkaKeys() {
    auto parsed = parseServerProperties(
        "# a comment\n"
        "broker.id=7\n"
        "listeners=PLAINTEXT://127.0.0.1:19092,IPV6://[::1]:19093\n"
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,IPV6:PLAINTEXT\n"
        "advertised.listeners=PLAINTEXT://broker7.example:9092\n"
        "log.dirs=/data/a, /data/b\n"
        "num.partitions=6\n"
        "auto.create.topics.enable=FALSE\n"
        "log.segment.bytes=1048576\n"
        "log.retention.hours=1\n"
        "log.retention.minutes=30\n"
        "log.roll.hours=2\n"
        "log.cleanup.policy=compact,delete\n"
        "log.message.timestamp.type=LogAppendTime\n"
        "message.max.bytes=2000000\n"
        "zookeeper.connect=localhost:2181\n"
        "zookeeper.session.timeout.ms=6000\n"
        "compression.type=lz4\n"
        "compression.lz4.level=4\n"
        "min.insync.replicas=2\n"
        "unclean.leader.election.enable=true\n"
        "log.preallocate=true\n"
        "log.segment.delete.delay.ms=0\n"
        "log.cleaner.max.compaction.lag.ms=86400000\n"
        "log.message.downconversion.enable=false\n"
        "log.message.format.version=2.8\n"
        "log.local.retention.ms=-1\n"
        "socket.send.buffer.bytes=65536\n"
        "socket.receive.buffer.bytes=32768\n");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const BrokerConfig& c = parsed->config;
    QCOMPARE(c.brokerId, NodeId(7));
    QCOMPARE(c.listeners.size(), std::size_t{2});
    QCOMPARE(c.listeners[1].host, std::string("::1"));
    QCOMPARE(c.listeners[1].port, uint16_t{19093});
    QCOMPARE(c.advertised(0).host, std::string("broker7.example"));
    QCOMPARE(c.logDirs, (std::vector<std::string>{"/data/a", "/data/b"}));
    QCOMPARE(c.numPartitions, 6);
    QVERIFY(!c.autoCreateTopicsEnable);
    QCOMPARE(c.logDefaults.segmentBytes, 1048576);
    QCOMPARE(c.logDefaults.retentionMs, int64_t{30} * 60 * 1000);  // minutes beat hours
    QCOMPARE(c.logDefaults.segmentMs, int64_t{2} * 3600 * 1000);
    QVERIFY(c.logDefaults.cleanupCompact && c.logDefaults.cleanupDelete);
    QVERIFY(c.logDefaults.messageTimestampType == protocol::records::TimestampType::LogAppendTime);
    QCOMPARE(c.logDefaults.maxMessageBytes, 2000000);
    QCOMPARE(c.zookeeperConnect, std::string("localhost:2181"));
    QCOMPARE(c.zookeeperSessionTimeoutMs, 6000);
    QVERIFY(!c.zookeeperConnectionTimeoutMs);  // unset: the session timeout, as in Kafka
    QVERIFY(c.logDefaults.compressionType == protocol::records::Compression::Lz4);
    QCOMPARE(c.logDefaults.compressionLz4Level, 4);
    QCOMPARE(c.logDefaults.minInsyncReplicas, 2);
    QVERIFY(c.logDefaults.uncleanLeaderElectionEnable);
    QVERIFY(c.logDefaults.preallocate);
    QCOMPARE(c.logDefaults.fileDeleteDelayMs, int64_t{0});
    QCOMPARE(c.logDefaults.maxCompactionLagMs, int64_t{86400000});
    QVERIFY(!c.logDefaults.messageDownconversionEnable);
    QCOMPARE(c.logDefaults.messageFormatVersion, std::string("2.8"));
    QCOMPARE(c.logDefaults.localRetentionMs, int64_t{-1});
    QCOMPARE(c.socketSendBufferBytes, 65536);
    QCOMPARE(c.socketReceiveBufferBytes, 32768);
    QVERIFY(parsed->warnings.empty());
  }

  void zookeeperKeysAsKafkaReadsThem() {
    auto defaults = parseServerProperties("");
    QVERIFY(defaults.isOk());
    QCOMPARE(defaults->config.zookeeperConnect, std::string());
    QCOMPARE(defaults->config.zookeeperSessionTimeoutMs, 18000);
    auto parsed = parseServerProperties(
        "zookeeper.connect=zk1:2181,zk2:2181/kafka\nzookeeper.connection.timeout.ms=2500\n");
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed->config.zookeeperConnect, std::string("zk1:2181,zk2:2181/kafka"));
    QCOMPARE(parsed->config.zookeeperConnectionTimeoutMs.value_or(0), 2500);
    QVERIFY(parsed->warnings.empty());
  }

  void overridesWinAndRetentionMsBeatsAll() {
    auto parsed = parseServerProperties("log.retention.hours=5\nnum.partitions=2\n",
                                        {{"num.partitions", "9"}, {"log.retention.ms", "-1"}});
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed->config.numPartitions, 9);
    QCOMPARE(parsed->config.logDefaults.retentionMs, int64_t{-1});
  }

  void namedListenersAsKafka() {
    auto parsed = parseServerProperties(
        "listeners=internal://:9092,EXTERNAL://127.0.0.1:29092\n"
        "listener.security.protocol.map=INTERNAL:PLAINTEXT,external:plaintext\n"
        "advertised.listeners=EXTERNAL://localhost:29092,INTERNAL://kafka:9092\n"
        "inter.broker.listener.name=INTERNAL\n");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const BrokerConfig& c = parsed->config;
    QVERIFY(parsed->warnings.empty());
    QCOMPARE(c.listeners.size(), std::size_t{2});
    QCOMPARE(c.listeners[0].name, std::string("INTERNAL"));  // names are upper-cased, as Kafka's
    // Advertised by name, whatever their order.
    QCOMPARE(c.advertised(0).host, std::string("kafka"));
    QCOMPARE(c.advertised(0).port, uint16_t{9092});
    QCOMPARE(c.advertised(1).host, std::string("localhost"));
    QCOMPARE(c.advertised(1).port, uint16_t{29092});
    // A listener advertised by no entry advertises itself.
    auto partly = parseServerProperties(
        "listeners=PLAINTEXT://:9092,HOST://127.0.0.1:29092\nlistener.security.protocol.map=PLAINTEXT:PLAINTEXT,"
        "HOST:PLAINTEXT\nadvertised.listeners=PLAINTEXT://kafka:9092\n");
    QVERIFY2(partly.isOk(), partly.status().toString().c_str());
    QCOMPARE(partly->config.advertised(1).host, std::string("127.0.0.1"));
    QCOMPARE(partly->config.advertisedEndpoints().size(), std::size_t{2});
  }

  void badValuesNameKeyAndValue_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("not a number") << "num.partitions=many" << "num.partitions" << "many";
    QTest::newRow("below minimum") << "num.partitions=0" << "num.partitions" << "0";
    QTest::newRow("bad bool") << "delete.topic.enable=yes" << "delete.topic.enable" << "yes";
    QTest::newRow("bad listener") << "listeners=localhost:9092" << "listeners" << "localhost:9092";
    QTest::newRow("tls listener") << "listeners=SSL://:9093" << "listeners" << "SSL://:9093";
    QTest::newRow("unmapped listener") << "listeners=EXTERNAL://:9093" << "listeners" << "EXTERNAL://:9093";
    QTest::newRow("listener mapped to tls")
        << "listeners=EXTERNAL://:9093\nlistener.security.protocol.map=EXTERNAL:SSL" << "listeners" << "EXTERNAL://:9093";
    QTest::newRow("listener names twice")
        << "listeners=PLAINTEXT://:9092,PLAINTEXT://:9093" << "listeners" << "PLAINTEXT://:9092,PLAINTEXT://:9093";
    QTest::newRow("bad protocol map")
        << "listener.security.protocol.map=EXTERNAL" << "listener.security.protocol.map" << "EXTERNAL";
    QTest::newRow("advertised unknown name")
        << "advertised.listeners=OTHER://h:1" << "advertised.listeners" << "OTHER://h:1";
    QTest::newRow("advertised meta-address")
        << "advertised.listeners=PLAINTEXT://0.0.0.0:9092" << "advertised.listeners" << "PLAINTEXT://0.0.0.0:9092";
    QTest::newRow("inter-broker listener") << "inter.broker.listener.name=NOPE" << "inter.broker.listener.name" << "NOPE";
    QTest::newRow("bad policy") << "log.cleanup.policy=archive" << "log.cleanup.policy" << "archive";
    QTest::newRow("bad ratio") << "log.cleaner.min.cleanable.ratio=1.5" << "log.cleaner.min.cleanable.ratio" << "1.5";
    QTest::newRow("segment too small") << "log.segment.bytes=10" << "log.segment.bytes" << "10";
    QTest::newRow("bad timestamp type") << "log.message.timestamp.type=Now" << "log.message.timestamp.type" << "Now";
    QTest::newRow("no offsets partitions") << "offsets.topic.num.partitions=0" << "offsets.topic.num.partitions" << "0";
    QTest::newRow("no offsets replicas")
        << "offsets.topic.replication.factor=0" << "offsets.topic.replication.factor" << "0";
    QTest::newRow("offsets replicas too many")
        << "offsets.topic.replication.factor=40000" << "offsets.topic.replication.factor" << "40000";
    QTest::newRow("offsets segment") << "offsets.topic.segment.bytes=0" << "offsets.topic.segment.bytes" << "0";
    QTest::newRow("offsets retention") << "offsets.retention.minutes=0" << "offsets.retention.minutes" << "0";
    QTest::newRow("metadata max") << "offset.metadata.max.bytes=-1" << "offset.metadata.max.bytes" << "-1";
    QTest::newRow("rebalance delay") << "group.initial.rebalance.delay.ms=soon" << "group.initial.rebalance.delay.ms"
                                     << "soon";
    QTest::newRow("min session") << "group.min.session.timeout.ms=-5" << "group.min.session.timeout.ms" << "-5";
    QTest::newRow("max session") << "group.max.session.timeout.ms=1e6" << "group.max.session.timeout.ms" << "1e6";
    QTest::newRow("group size") << "group.max.size=0" << "group.max.size" << "0";
    QTest::newRow("group size overflow") << "group.max.size=2147483648" << "group.max.size" << "2147483648";
    QTest::newRow("codec") << "compression.type=brotli" << "compression.type" << "brotli";
    QTest::newRow("gzip level") << "compression.gzip.level=12" << "compression.gzip.level" << "12";
    QTest::newRow("min isr") << "min.insync.replicas=0" << "min.insync.replicas" << "0";
    QTest::newRow("unclean") << "unclean.leader.election.enable=no" << "unclean.leader.election.enable" << "no";
    QTest::newRow("preallocate") << "log.preallocate=1" << "log.preallocate" << "1";
    QTest::newRow("delete delay") << "log.segment.delete.delay.ms=-1" << "log.segment.delete.delay.ms" << "-1";
    QTest::newRow("max lag") << "log.cleaner.max.compaction.lag.ms=0" << "log.cleaner.max.compaction.lag.ms" << "0";
    QTest::newRow("format") << "log.message.format.version=new" << "log.message.format.version" << "new";
    QTest::newRow("local retention") << "log.local.retention.bytes=-3" << "log.local.retention.bytes" << "-3";
    QTest::newRow("send buffer") << "socket.send.buffer.bytes=0" << "socket.send.buffer.bytes" << "0";
    QTest::newRow("receive buffer") << "socket.receive.buffer.bytes=-2" << "socket.receive.buffer.bytes" << "-2";
    QTest::newRow("zookeeper port") << "zookeeper.connect=zk1:21x1" << "zookeeper.connect" << "zk1:21x1";
    QTest::newRow("zookeeper chroot") << "zookeeper.connect=zk1:2181/a//b" << "zookeeper.connect" << "zk1:2181/a//b";
    QTest::newRow("zookeeper session") << "zookeeper.session.timeout.ms=0" << "zookeeper.session.timeout.ms" << "0";
    QTest::newRow("zookeeper connection")
        << "zookeeper.connection.timeout.ms=soon" << "zookeeper.connection.timeout.ms" << "soon";
  }
  void badValuesNameKeyAndValue() {
    QFETCH(QString, text);
    QFETCH(QString, key);
    QFETCH(QString, value);
    auto parsed = parseServerProperties(text.toStdString());
    QVERIFY(!parsed.isOk());
    QVERIFY(parsed.status().is(BrokerError::InvalidConfig));
    QVERIFY2(parsed.status().message().find(key.toStdString()) != std::string::npos, parsed.status().message().c_str());
    QVERIFY2(parsed.status().message().find(value.toStdString()) != std::string::npos, parsed.status().message().c_str());
  }

  void unknownKeysWarn() {
    auto parsed = parseServerProperties("no.such.key=1\noffsets.topic.replication.factor=1\n");
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed->warnings.size(), std::size_t{1});
    QVERIFY(parsed->warnings[0].find("no.such.key") != std::string::npos);
  }
};

QTEST_APPLESS_MAIN(TestBrokerConfig)
#include "tst_broker_config.moc"
