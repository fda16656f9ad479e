// pier-broker with real Kafka clients on loopback: kcat (metadata, every compression codec,
// keys and headers, consume to the end), kafka-python and confluent-kafka (produce, consume,
// offsets_for_times), durability across SIGTERM and SIGKILL with flush per append, and bad input
// that closes only the offending connection.

#include <QTemporaryDir>
#include <QtTest>

#include "broker_process.h"

namespace {

QStringList lines(const QString& text) {
  QStringList out;
  for (const QString& l : text.split('\n', Qt::SkipEmptyParts)) {
    if (!l.startsWith('%')) out << l;  // kcat's own status lines start with %
  }
  return out;
}

QStringList consumeAll(const BrokerProcess& broker, const QString& topic, const QString& format) {
  auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f",
                                      format});
  if (code != 0) qWarning("kcat -C: %s", qPrintable(out));
  return lines(out);
}

}  // namespace

class TestBrokerClients : public QObject {
  Q_OBJECT

 private slots:
  void kcatEveryCodecKeysAndHeaders() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [mdCode, metadata] = runTool("kcat", {"-b", broker.bootstrap(), "-L"});
    QCOMPARE(mdCode, 0);
    QVERIFY2(metadata.contains(QString("broker 0 at 127.0.0.1:%1").arg(broker.port())), qPrintable(metadata));
    QStringList expected;
    for (const QString codec : {"none", "gzip", "snappy", "lz4", "zstd"}) {
      QByteArray input;
      for (int i = 0; i < 10; ++i) {
        input += QString("%1-key%2:%1-value%2\n").arg(codec).arg(i).toUtf8();
        expected << QString("%1-key%2=%1-value%2 codec=%1").arg(codec).arg(i);
      }
      auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-P", "-t", "codecs", "-z", codec, "-K:", "-H",
                                          "codec=" + codec}, input);
      QVERIFY2(code == 0, qPrintable(out));
    }
    QCOMPARE(consumeAll(broker, "codecs", "%k=%s %h\n"), expected);
    auto [listCode, listed] = runTool("kcat", {"-b", broker.bootstrap(), "-L", "-t", "codecs"});
    QVERIFY(listed.contains("topic \"codecs\" with 1 partitions"));
    QCOMPARE(broker.stop(), 0);
  }

  void kafkaPythonRoundTrip() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/kafka_python_roundtrip.py", broker.bootstrap(),
                                                    "py-topic", "25"});
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QCOMPARE(lines(out).size(), 25);
  }

  void kafkaPythonAdminCreatesAndDeletesTopics() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path(), {"auto.create.topics.enable=false"});
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/kafka_python_admin.py", broker.bootstrap()});
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QVERIFY(!QDir(tmp.path() + "/logs/payments-0").exists());
    QVERIFY(QDir(tmp.path() + "/logs/orders-2").exists());
  }

  void topicConfigsArePersistedAndApplied() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/kafka_python_configs.py", broker.bootstrap()});
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QVERIFY(out.contains("refused as expected") && out.contains("retention.ms"));
    QCOMPARE(broker.stop(), 0);
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [again, after] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/kafka_python_configs.py", broker.bootstrap(),
                                                       "--check-only"});
    QVERIFY2(again == 0, qPrintable(after + broker.output()));
    // Kafka's znode layout in the metadata store.
    QFile metadata(tmp.path() + "/logs/pier-metadata.json");
    QVERIFY(metadata.open(QIODevice::ReadOnly));
    const QByteArray text = metadata.readAll();
    QVERIFY(text.contains("\"/config/topics/configured\""));
    QVERIFY(text.contains("\"/brokers/topics/configured/partitions/0/state\""));
  }

  void confluentKafkaRoundTripAndOffsetsForTimes() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/confluent_roundtrip.py", broker.bootstrap(),
                                                    "ck-topic", "40"});
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QVERIFY(out.contains("ok 40 messages"));
  }

  void confluentKafkaIdempotentProducer() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/confluent_idempotent.py", broker.bootstrap(),
                                                    "idempotent", "2000"});
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QVERIFY(out.contains("ok 2000 idempotent messages"));
  }

  void acknowledgedMessagesSurviveSigtermAndSigkill() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path(), {"log.flush.interval.messages=1"});
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    QStringList expected;
    auto produce = [&](int from, int to) {
      QByteArray input;
      for (int i = from; i < to; ++i) {
        input += QString("message-%1\n").arg(i).toUtf8();
        expected << QString("message-%1").arg(i);
      }
      auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-P", "-t", "durable", "-X", "acks=all"}, input);
      QVERIFY2(code == 0, qPrintable(out));
    };
    produce(0, 200);
    QCOMPARE(broker.stop(), 0);
    QVERIFY(broker.output().contains("pier-broker stopped clean=true"));
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    QCOMPARE(consumeAll(broker, "durable", "%s\n"), expected);
    produce(200, 400);
    broker.kill();
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    QCOMPARE(consumeAll(broker, "durable", "%s\n"), expected);  // every one, in order, once
  }

  void badInputClosesOnlyThatConnection() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path(), {"socket.request.max.bytes=1048576"});
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/bad_frames.py", "127.0.0.1",
                                                    QString::number(broker.port()), "1048576", "7"});
    QVERIFY2(code == 0, qPrintable(out));
    for (const QString c : {"oversized-frame", "negative-size", "unknown-api-key", "unsupported-version"}) {
      QVERIFY2(out.contains(c + " closed"), qPrintable(out));
    }
    QVERIFY(!out.contains("timeout"));
    QVERIFY(broker.isRunning());
    QVERIFY2(broker.output().contains("Invalid receive"), qPrintable(broker.output()));  // logged as Kafka logs it
    auto [mdCode, metadata] = runTool("kcat", {"-b", broker.bootstrap(), "-L"});
    QCOMPARE(mdCode, 0);
    QCOMPARE(broker.stop(), 0);
  }

  void prometheusMetrics() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path(), {"pier.metrics.listener=127.0.0.1:0"});
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    const QRegularExpression metricsAt("metrics=127\\.0\\.0\\.1:(\\d+)");
    auto match = metricsAt.match(broker.output());
    QVERIFY2(match.hasMatch(), qPrintable(broker.output()));
    QByteArray input;
    for (int i = 0; i < 25; ++i) input += "m\n";
    auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-P", "-t", "metered"}, input);
    QVERIFY2(code == 0, qPrintable(out));
    const QString url = QString("http://127.0.0.1:%1/metrics").arg(match.captured(1));
    auto [getCode, body] = runTool("/usr/bin/python3", {"-c", "import sys,urllib.request;"
                                                              "print(urllib.request.urlopen(sys.argv[1]).read().decode())",
                                                        url});
    QVERIFY2(getCode == 0, qPrintable(body));
    QVERIFY2(body.contains("pier_messages_in_total 25"), qPrintable(body));
    QVERIFY(body.contains("pier_log_end_offset{topic=\"metered\",partition=\"0\"} 25"));
    QVERIFY(body.contains("pier_requests_total{api=\"Produce\"}"));
    QVERIFY(body.contains("pier_request_latency_seconds_bucket{api=\"Metadata\",le=\"+Inf\"}"));
    auto [missingCode, missing] = runTool("/usr/bin/python3", {"-c", "import sys,urllib.request,urllib.error\n"
                                                                      "try: urllib.request.urlopen(sys.argv[1])\n"
                                                                      "except urllib.error.HTTPError as e: print(e.code)",
                                                                QString(url).replace("/metrics", "/nope")});
    QVERIFY(missing.contains("404"));
    QCOMPARE(broker.stop(), 0);
  }

  void pierctlTopics() {
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto pierctl = [&](QStringList args) {
      return runTool(PIERCTL_BINARY, QStringList{"topics", "--bootstrap-server", broker.bootstrap()} + args);
    };
    auto [createCode, created] = pierctl({"--create", "--topic", "orders", "--partitions", "2", "--config", "retention.ms=5000"});
    QCOMPARE(created, QString("Created topic orders.\n"));
    QCOMPARE(createCode, 0);
    auto [againCode, again] = pierctl({"--create", "--topic", "orders"});
    QCOMPARE(againCode, 1);
    QVERIFY(again.contains("Error while executing topic command : Topic 'orders' already exists."));
    QCOMPARE(pierctl({"--alter", "--topic", "orders", "--partitions", "3"}).first, 0);
    auto [describeCode, described] = pierctl({"--describe", "--topic", "orders"});
    QCOMPARE(describeCode, 0);
    const QStringList rows = described.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), 4);
    QVERIFY(QRegularExpression("^Topic: orders\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 3\tReplicationFactor: 1\t"
                               "Configs: retention.ms=5000$").match(rows[0]).hasMatch());
    QCOMPARE(rows[3], QString("\tTopic: orders\tPartition: 2\tLeader: 0\tReplicas: 0\tIsr: 0"));
    QCOMPARE(pierctl({"--list"}).second, QString("orders\n"));
    QCOMPARE(pierctl({"--delete", "--topic", "orders"}).first, 0);
    QCOMPARE(pierctl({"--list"}).second, QString(""));
    QCOMPARE(broker.stop(), 0);
  }

  void badConfigNamesTheKeyAndValue() {
    QTemporaryDir tmp;
    QFile config(tmp.path() + "/server.properties");
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("log.dirs=" + tmp.path().toUtf8() + "/logs\nnum.partitions=zero\n");
    config.close();
    auto [code, out] = runTool(PIER_BROKER_BINARY, {tmp.path() + "/server.properties"});
    QCOMPARE(code, 1);
    QVERIFY2(out.contains("num.partitions") && out.contains("zero"), qPrintable(out));
    auto [versionCode, version] = runTool(PIER_BROKER_BINARY, {"--version"});
    QCOMPARE(versionCode, 0);
    QVERIFY(version.contains("pier-broker"));
  }
};

QTEST_GUILESS_MAIN(TestBrokerClients)
#include "tst_broker_clients.moc"
