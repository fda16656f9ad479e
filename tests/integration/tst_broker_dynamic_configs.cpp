// Dynamic broker configs against the real pier-broker with kafka-python's KafkaAdminClient
// (clients/kafka_python_broker_configs.py): alter_configs on BROKER "0" and on the cluster
// default, describe_configs with sources and synonyms, a topic without overrides following the
// new default at once; after a restart everything reads back the same from Kafka's znodes
// (/config/brokers/0, /config/brokers/<default>) in the metadata store.

#include <QTemporaryDir>
#include <QtTest>

#include "broker_process.h"

class TestBrokerDynamicConfigs : public QObject {
  Q_OBJECT

 private slots:
  void alteredBrokerConfigsApplyLiveAndSurviveARestart() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    const QString script = PIER_CLIENTS_DIR "/kafka_python_broker_configs.py";
    auto [code, out] = runTool("/usr/bin/python3", {script, broker.bootstrap()}, {}, 60000);
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QVERIFY2(
        out.contains("refused as expected: Invalid value 10 for configuration log.segment.bytes"),
        qPrintable(out));
    QCOMPARE(broker.stop(), 0);

    QFile metadata(tmp.path() + "/logs/pier-metadata.json");
    QVERIFY(metadata.open(QIODevice::ReadOnly));
    const QByteArray text = metadata.readAll();
    QVERIFY2(text.contains("\"/config/brokers/0\""), text.constData());
    QVERIFY2(text.contains("\"/config/brokers/<default>\""), text.constData());
    // Znode data is stored hex-encoded: Kafka's JSON for the per-broker layer.
    const QByteArray perBroker =
        QByteArray(R"({"config":{"log.retention.ms":"7200000"},"version":1})").toHex();
    QVERIFY2(text.contains(perBroker), text.constData());

    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [again, after] =
        runTool("/usr/bin/python3", {script, broker.bootstrap(), "--check-only"}, {}, 60000);
    QVERIFY2(again == 0, qPrintable(after + broker.output()));
    QVERIFY(broker.output().contains("dynamic broker configs loaded"));
    QCOMPARE(broker.stop(), 0);
  }
};

QTEST_GUILESS_MAIN(TestBrokerDynamicConfigs)
#include "tst_broker_dynamic_configs.moc"
