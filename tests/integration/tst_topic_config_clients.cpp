// Kafka 3.8's topic configs and min.insync.replicas with real clients against pier-broker:
// confluent-kafka's AdminClient sets and reads back every topic-level key, its producer meets
// NOT_ENOUGH_REPLICAS with acks=all where min.insync.replicas exceeds the ISR (topic override and
// broker dynamic default; clients/confluent_topic_configs.py); kcat's acks=all producer is
// refused the same way on a topic pierctl created with --config min.insync.replicas=2, and its
// acks=1 producer is not. A topic with compression.type=zstd stores what kcat produced
// uncompressed (and what it produced with gzip) as zstd batches (pierctl dump-log), which kcat
// reads back.

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "broker_process.h"

class TestTopicConfigClients : public QObject {
  Q_OBJECT

 private slots:
  void confluentKafkaTopicConfigsAndMinInsyncReplicas() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] =
        runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/confluent_topic_configs.py", broker.bootstrap()}, {}, 120000);
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QVERIFY2(out.contains("strict: acks=all refused: Broker: Not enough in-sync replicas"), qPrintable(out));
    QCOMPARE(broker.stop(), 0);
  }

  void kcatAcksAllIsRefusedBelowMinInsyncReplicas() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [created, createOut] =
        runTool(PIERCTL_BINARY, {"topics", "--bootstrap-server", broker.bootstrap(), "--create", "--topic", "guarded",
                                 "--partitions", "1", "--config", "min.insync.replicas=2"});
    QVERIFY2(created == 0, qPrintable(createOut));
    const QStringList common = {"-b", broker.bootstrap(), "-P", "-t", "guarded", "-X", "retries=0",
                                "-X", "message.timeout.ms=10000"};
    auto [refused, refusedOut] = runTool("kcat", common + QStringList{"-X", "acks=all"}, "refused\n", 30000);
    QVERIFY2(refused != 0, qPrintable(refusedOut));
    QVERIFY2(refusedOut.contains("Not enough in-sync replicas"), qPrintable(refusedOut));
    auto [taken, takenOut] = runTool("kcat", common + QStringList{"-X", "acks=1"}, "taken\n", 30000);
    QVERIFY2(taken == 0, qPrintable(takenOut));
    auto [read, readOut] =
        runTool("kcat", {"-b", broker.bootstrap(), "-C", "-t", "guarded", "-o", "beginning", "-e", "-q", "-f", "%o:%s\n"});
    QVERIFY2(read == 0, qPrintable(readOut));
    QCOMPARE(readOut.trimmed(), QString("0:taken"));  // the refused message was not appended
    QCOMPARE(broker.stop(), 0);
  }

  void kcatMessagesAreStoredInTheTopicsCodec() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [created, createOut] =
        runTool(PIERCTL_BINARY, {"topics", "--bootstrap-server", broker.bootstrap(), "--create", "--topic", "zt",
                                 "--partitions", "1", "--config", "compression.type=zstd"});
    QVERIFY2(created == 0, qPrintable(createOut));
    for (const char* codec : {"none", "gzip"}) {
      auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-P", "-t", "zt", "-K", ":", "-z", codec},
                                 QByteArray("a:") + codec + "-1\nb:" + codec + "-2\n");
      QVERIFY2(code == 0, qPrintable(out));
    }
    auto [dumped, dump] = runTool(PIERCTL_BINARY, {"dump-log", "--files", tmp.path() + "/logs/zt-0/00000000000000000000.log"});
    QVERIFY2(dumped == 0, qPrintable(dump));
    QStringList codecs;
    for (const auto& m : QRegularExpression("compresscodec: (\\w+)").globalMatch(dump)) codecs << m.captured(1);
    QCOMPARE(codecs.join(','), QString("zstd,zstd"));
    auto [read, readOut] = runTool("kcat", {"-b", broker.bootstrap(), "-C", "-t", "zt", "-o", "beginning", "-e", "-q",
                                            "-f", "%o %k=%s\n"});
    QVERIFY2(read == 0, qPrintable(readOut));
    QCOMPARE(readOut.trimmed(), QString("0 a=none-1\n1 b=none-2\n2 a=gzip-1\n3 b=gzip-2"));
    QCOMPARE(broker.stop(), 0);
  }
};

QTEST_GUILESS_MAIN(TestTopicConfigClients)
#include "tst_topic_config_clients.moc"
