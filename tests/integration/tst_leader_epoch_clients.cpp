// Leader epochs (KIP-320) with a real client: a pier-broker adopts a partition folder led in
// epochs 2, 4 and 7, as Apache Kafka leaves one after two leader changes, and serves it in epoch
// 7 with OffsetForLeaderEpoch advertised. confluent-kafka consumers of a group read it from the
// beginning, commit, and a new member resumes at the committed offset after more messages were
// produced (where librdkafka 2.1+ checks its position with OffsetForLeaderEpoch); an
// OffsetForLeaderEpoch request written by hand in Python checks the epochs' end offsets and the
// fencing of stale epochs (clients/confluent_leader_epochs.py).
#include <QTemporaryDir>
#include <QtTest>

#include "../broker-core/broker/leader_epoch_history.h"
#include "broker_process.h"
#include "runtime/posix/posix_file_system.h"

class TestLeaderEpochClients : public QObject {
  Q_OBJECT

 private slots:
  void confluentKafkaConsumesAcrossLeaderEpochs() {
    QTemporaryDir dir;
    pier::PosixFileSystem fs;
    pier::brokertest::writeEpochHistory(fs, dir.path().toStdString() + "/logs",
                                        pier::TopicPartition{"moved", pier::PartitionIndex(0)},
                                        {{2, 8}, {4, 7}, {7, 5}}, "AAAAAAAAAAAAAAAAAAAAAg");
    BrokerProcess broker(dir.path(), {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=1"});
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3",
                               {PIER_CLIENTS_DIR "/confluent_leader_epochs.py", broker.bootstrap(), "moved", "readers"},
                               {}, 120000);
    QVERIFY2(code == 0, qPrintable(out + "\n--- broker:\n" + broker.output().right(3000)));
    QVERIFY(out.contains("ok 20 + 10 messages"));
    qInfo("%s", qPrintable(out.trimmed()));
  }
};

QTEST_GUILESS_MAIN(TestLeaderEpochClients)
#include "tst_leader_epoch_clients.moc"
