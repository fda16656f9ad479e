// LogConfig: every topic-level key Kafka 3.8 defines is accepted with a valid value and read
// back; bad values and out-of-range ones (Kafka's validators) are InvalidConfig naming the key
// and the value; min/max compaction lag conflict; remote storage refused.

#include <QtTest>

#include "storage/log_config.h"
#include "storage/storage_error.h"

using namespace pier;
using namespace pier::storage;
namespace records = pier::protocol::records;

class TestLogConfig : public QObject {
  Q_OBJECT

 private slots:
  void everyKafkaTopicKeyIsKnown() {
    // Kafka 3.8's TopicConfig names, all of them (message.timestamp.difference.max.ms included).
    const std::vector<std::string_view> kafka38 = {
        "cleanup.policy", "compression.gzip.level", "compression.lz4.level", "compression.type",
        "compression.zstd.level", "delete.retention.ms", "file.delete.delay.ms", "flush.messages", "flush.ms",
        "follower.replication.throttled.replicas", "index.interval.bytes", "leader.replication.throttled.replicas",
        "local.retention.bytes", "local.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
        "message.downconversion.enable", "message.format.version", "message.timestamp.after.max.ms",
        "message.timestamp.before.max.ms", "message.timestamp.difference.max.ms", "message.timestamp.type",
        "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "min.insync.replicas", "preallocate",
        "remote.storage.enable", "retention.bytes", "retention.ms", "segment.bytes", "segment.index.bytes",
        "segment.jitter.ms", "segment.ms", "unclean.leader.election.enable"};
    QCOMPARE(LogConfig::topicKeys(), kafka38);
  }

  void newKeysReadBack() {
    LogConfig c;
    QCOMPARE(c.compressionTypeName(), std::string("producer"));
    const std::pair<std::string_view, std::string_view> values[] = {
        {"compression.type", "zstd"},
        {"compression.gzip.level", "9"},
        {"compression.lz4.level", "17"},
        {"compression.zstd.level", "-5"},
        {"min.insync.replicas", "2"},
        {"unclean.leader.election.enable", " TRUE "},
        {"preallocate", "True"},
        {"file.delete.delay.ms", "0"},
        {"max.compaction.lag.ms", "1000"},
        {"message.downconversion.enable", "false"},
        {"message.format.version", "2.8-IV1"},
        {"leader.replication.throttled.replicas", "0:1, 1:2"},
        {"follower.replication.throttled.replicas", "*"},
        {"local.retention.ms", "-1"},
        {"local.retention.bytes", "1024"},
        {"remote.storage.enable", "false"}};
    for (const auto& [key, value] : values) {
      Status s = c.set(key, value);
      QVERIFY2(s.isOk(), s.toString().c_str());
    }
    QVERIFY(c.validate().isOk());
    QVERIFY(c.compressionType == records::Compression::Zstd);
    QCOMPARE(c.compressionTypeName(), std::string("zstd"));
    QCOMPARE(c.compressionGzipLevel, 9);
    QCOMPARE(c.compressionLz4Level, 17);
    QCOMPARE(c.compressionZstdLevel, -5);
    QCOMPARE(c.minInsyncReplicas, 2);
    QVERIFY(c.uncleanLeaderElectionEnable);
    QVERIFY(c.preallocate);
    QCOMPARE(c.fileDeleteDelayMs, int64_t{0});
    QCOMPARE(c.maxCompactionLagMs, int64_t{1000});
    QVERIFY(!c.messageDownconversionEnable);
    QCOMPARE(c.messageFormatVersion, std::string("2.8-IV1"));
    QCOMPARE(c.leaderReplicationThrottledReplicas, std::string("0:1, 1:2"));
    QCOMPARE(c.followerReplicationThrottledReplicas, std::string("*"));
    QCOMPARE(c.localRetentionMs, int64_t{-1});
    QCOMPARE(c.localRetentionBytes, int64_t{1024});
    QVERIFY(c.set("compression.type", "uncompressed").isOk());
    QCOMPARE(c.compressionTypeName(), std::string("uncompressed"));
    QVERIFY(c.set("compression.type", "producer").isOk());
    QVERIFY(!c.compressionType);
  }

  void badValuesNameKeyAndValue_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("value");
    QTest::newRow("codec") << "compression.type" << "brotli";
    QTest::newRow("codec case") << "compression.type" << "GZIP";
    QTest::newRow("gzip level") << "compression.gzip.level" << "10";
    QTest::newRow("gzip zero") << "compression.gzip.level" << "0";
    QTest::newRow("lz4 level") << "compression.lz4.level" << "18";
    QTest::newRow("zstd level") << "compression.zstd.level" << "23";
    QTest::newRow("zstd low") << "compression.zstd.level" << "-131073";
    QTest::newRow("min isr") << "min.insync.replicas" << "0";
    QTest::newRow("min isr text") << "min.insync.replicas" << "two";
    QTest::newRow("bool") << "preallocate" << "yes";
    QTest::newRow("unclean") << "unclean.leader.election.enable" << "1";
    QTest::newRow("delete delay") << "file.delete.delay.ms" << "-1";
    QTest::newRow("max lag") << "max.compaction.lag.ms" << "0";
    QTest::newRow("format") << "message.format.version" << "latest";
    QTest::newRow("format iv") << "message.format.version" << "3.0-IVx";
    QTest::newRow("format parts") << "message.format.version" << "3";
    QTest::newRow("throttled") << "leader.replication.throttled.replicas" << "0-1";
    QTest::newRow("throttled sign") << "leader.replication.throttled.replicas" << "-1:0";
    QTest::newRow("throttled star") << "follower.replication.throttled.replicas" << "*,0:1";
    QTest::newRow("local ms") << "local.retention.ms" << "-3";
    QTest::newRow("local bytes") << "local.retention.bytes" << "-3";
    QTest::newRow("remote") << "remote.storage.enable" << "true";
  }
  void badValuesNameKeyAndValue() {
    QFETCH(QString, key);
    QFETCH(QString, value);
    LogConfig c;
    Status s = c.set(key.toStdString(), value.toStdString());
    if (s.isOk()) s = c.validate();  // ranges are checked over the whole config
    QVERIFY(!s.isOk());
    QVERIFY(s.is(StorageError::InvalidConfig));
    QVERIFY2(s.message().find(key.toStdString()) != std::string::npos, s.message().c_str());
    QVERIFY2(s.message().find(value.toStdString()) != std::string::npos, s.message().c_str());
  }

  void compactionLagsMustNotCross() {
    LogConfig c;
    QVERIFY(c.set("min.compaction.lag.ms", "10").isOk());
    QVERIFY(c.set("max.compaction.lag.ms", "10").isOk());
    QVERIFY(c.validate().isOk());
    QVERIFY(c.set("max.compaction.lag.ms", "9").isOk());
    Status s = c.validate();
    QVERIFY(!s.isOk());
    QVERIFY2(s.message().find("min.compaction.lag.ms (10) > max.compaction.lag.ms (9)") != std::string::npos,
             s.message().c_str());
  }
};

QTEST_APPLESS_MAIN(TestLogConfig)
#include "tst_log_config.moc"
