// pier-broker with real Kafka clients on loopback: kcat (metadata, every compression codec,
// keys and headers, consume to the end), kcat and kafka-python speaking the Kafka 0.9 and 0.10.0
// protocols (magic 0/1 message sets up- and down-converted), kafka-python and confluent-kafka
// (produce, consume, offsets_for_times, the idempotent producer also across a kill -9 of its
// broker), durability across SIGTERM and SIGKILL with flush per append, and bad input
// that closes only the offending connection.

#include <QDateTime>
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

  // librdkafka told the broker is Kafka 0.9 (api.version.request=false,
  // broker.version.fallback=0.9.0: Produce and Fetch v0, magic 0): every codec of that format is
  // up-converted on produce and down-converted on fetch; an old consumer and a current one read
  // the same offsets, keys and values, and an old consumer reads what a current producer wrote
  // but gets UNSUPPORTED_COMPRESSION_TYPE for zstd. With fallback 0.10.0.0 librdkafka 2.0 turns
  // api.version.request back on (any fallback >= 0.10 is "queryable") and so speaks v2 batches:
  // that row checks the same exchanges through the current formats (zstd readable); magic 1
  // from a real client is kafkaPythonOldApiVersions' (0,10,0) row.
  void kcatOldMessageFormats_data() {
    QTest::addColumn<QString>("fallback");
    QTest::newRow("0.9.0 magic 0") << QString("0.9.0");
    QTest::newRow("0.10.0.0 negotiated") << QString("0.10.0.0");
  }
  void kcatOldMessageFormats() {
    QFETCH(QString, fallback);
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    const QStringList old = {"-X", "api.version.request=false", "-X", "broker.version.fallback=" + fallback};
    const QString topic = "old-" + fallback;
    QStringList expected;
    int offset = 0;
    const QString padding(200, 'x');  // librdkafka sends a set uncompressed when that is smaller
    for (const QString codec : {"none", "gzip", "snappy", "lz4"}) {
      QByteArray input;
      for (int i = 0; i < 5; ++i, ++offset) {
        input += QString("%1-k%2:%1-v%2%3\n").arg(codec).arg(i).arg(padding).toUtf8();
        expected << QString("%1 %2-k%3=%2-v%3%4").arg(offset).arg(codec).arg(i).arg(padding);
      }
      auto [code, out] = runTool("kcat", QStringList{"-b", broker.bootstrap(), "-P", "-t", topic, "-z", codec, "-K:"} + old,
                                 input);
      QVERIFY2(code == 0, qPrintable(out + broker.output()));
    }
    auto [oldCode, oldOut] = runTool("kcat", QStringList{"-b", broker.bootstrap(), "-C", "-t", topic, "-o", "beginning",
                                                         "-e", "-q", "-f", "%o %k=%s %T\n"} + old);
    QVERIFY2(oldCode == 0, qPrintable(oldOut + broker.output()));
    QStringList oldLines = lines(oldOut);
    QCOMPARE(oldLines.size(), expected.size());
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < oldLines.size(); ++i) {
      const qsizetype lastSpace = oldLines[i].lastIndexOf(' ');
      QCOMPARE(oldLines[i].left(lastSpace), expected[i]);
      const qint64 timestamp = oldLines[i].mid(lastSpace + 1).toLongLong();
      if (fallback.startsWith("0.9")) {
        QVERIFY2(timestamp <= 0, qPrintable(oldLines[i]));  // magic 0 has no timestamps
      } else {
        QVERIFY2(timestamp > nowMs - 120000 && timestamp <= nowMs, qPrintable(oldLines[i]));  // the producer's
      }
    }
    QCOMPARE(consumeAll(broker, topic, "%o %k=%s\n"), expected);  // a current consumer: v2 batches

    // A current producer (v2 batches, headers) read by the old consumer.
    for (const QString codec : {"none", "gzip", "snappy", "lz4", "zstd"}) {
      auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-P", "-t", topic, "-z", codec, "-K:", "-H", "h=1"},
                                 QString("new-%1:v-%1%2\n").arg(codec, padding).toUtf8());
      QVERIFY2(code == 0, qPrintable(out));
    }
    auto [newCode, newOut] = runTool("kcat", QStringList{"-b", broker.bootstrap(), "-C", "-t", topic, "-o",
                                                         QString::number(offset), "-c", "4", "-q", "-f", "%o %k=%s\n"} + old);
    QVERIFY2(newCode == 0, qPrintable(newOut + broker.output()));
    QStringList expectedNew;
    for (const QString codec : {"none", "gzip", "snappy", "lz4"}) {
      expectedNew << QString("%1 new-%2=v-%2%3").arg(offset + expectedNew.size()).arg(codec, padding);
    }
    QCOMPARE(lines(newOut), expectedNew);
    // A zstd batch cannot be down-converted: a magic 0 consumer gets UNSUPPORTED_COMPRESSION_TYPE.
    auto [zstdCode, zstdOut] = runTool("kcat", QStringList{"-b", broker.bootstrap(), "-C", "-t", topic, "-o",
                                                           QString::number(offset + 4), "-c", "1", "-f", "%o %k\n"} + old,
                                       {}, 10000);
    if (fallback.startsWith("0.9")) {
      QVERIFY2(zstdOut.contains("Unsupported compression type") && !zstdOut.contains("new-zstd"), qPrintable(zstdOut));
    } else {
      QVERIFY2(zstdOut.contains(QString("%1 new-zstd").arg(offset + 4)), qPrintable(zstdOut));
    }
    QCOMPARE(broker.stop(), 0);
  }

  // kafka-python with api_version=(0,9) and (0,10,0): the same, each codec, both directions.
  void kafkaPythonOldApiVersions_data() {
    QTest::addColumn<QString>("api");
    QTest::newRow("(0,9) magic 0") << QString("0.9");
    QTest::newRow("(0,10,0) magic 1") << QString("0.10.0");
  }
  void kafkaPythonOldApiVersions() {
    QFETCH(QString, api);
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path());
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto [code, out] = runTool("/usr/bin/python3", {PIER_CLIENTS_DIR "/kafka_python_old_formats.py", broker.bootstrap(),
                                                    "py-old", api, "7"}, {}, 120000);
    QVERIFY2(code == 0, qPrintable(out + broker.output()));
    QCOMPARE(lines(out).size(), 12);  // three checks per codec
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
    // kafka-transactions.sh describe-producers' view of it: one producer, epoch 0, sequences
    // 0-1999, no transaction; columns padded, each followed by a tab, as Kafka's tool prints.
    ToolOutput described = runToolStreams(PIERCTL_BINARY, {"transactions", "--bootstrap-server", broker.bootstrap(),
                                                           "describe-producers", "--topic", "idempotent", "--partition", "0"});
    QVERIFY2(described.code == 0, qPrintable(described.err));
    const QStringList lines = described.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], QString("ProducerId\tProducerEpoch\tLatestCoordinatorEpoch\tLastSequence\tLastTimestamp\t"
                               "CurrentTransactionStartOffset\t"));
    QVERIFY2(QRegularExpression("^\\d+ *\t0 {12}\t-1 {20}\t1999 {8}\t\\d{13}\t[N]one {25}\t$").match(lines[1]).hasMatch(),
             qPrintable(lines[1]));
    ToolOutput missing = runToolStreams(PIERCTL_BINARY, {"transactions", "--bootstrap-server", broker.bootstrap(),
                                                         "describe-producers", "--topic", "idempotent", "--partition", "9"});
    QCOMPARE(missing.code, 1);
    QCOMPARE(missing.err.trimmed(), QString("Failed to describe producers for partition idempotent-9 on leader: This server "
                                            "does not host this topic-partition.. Enable debug logging for additional detail."));
  }

  void confluentKafkaIdempotentProducerAcrossAKill() {
    // kill -9 mid-stream, restart on the same port: the producer carries on with its id and
    // sequences (the broker's producer state comes back from its snapshots and log), and every
    // message is in the log once, in order.
    QTemporaryDir tmp;
    BrokerProcess first(tmp.path(), {"log.flush.interval.messages=1"});
    QVERIFY2(first.start(), qPrintable(first.output()));
    QProcess client;
    client.setProcessChannelMode(QProcess::MergedChannels);
    client.start("/usr/bin/python3", {PIER_CLIENTS_DIR "/confluent_idempotent.py", first.bootstrap(),
                                      "idempotent-restart", "4000", "paced"});
    QVERIFY(client.waitForStarted(10000));
    QByteArray said;
    QElapsedTimer timer;
    timer.start();
    while (!said.contains("half") && client.state() == QProcess::Running && timer.elapsed() < 30000) {
      client.waitForReadyRead(100);
      said += client.readAll();
    }
    QVERIFY2(said.contains("half"), said.constData());
    first.kill();
    BrokerProcess second(tmp.path(), {"log.flush.interval.messages=1",
                                      QString("listeners=PLAINTEXT://127.0.0.1:%1").arg(first.port())});
    QVERIFY2(second.start(), qPrintable(second.output()));
    QVERIFY(client.waitForFinished(90000));
    said += client.readAll();
    QVERIFY2(client.exitCode() == 0, qPrintable(QString::fromUtf8(said) + second.output()));
    QVERIFY(said.contains("ok 4000 idempotent messages across a restart"));
    QCOMPARE(second.stop(), 0);
    // The clean stop left a producer snapshot at the log end.
    QVERIFY(QFile::exists(tmp.path() + "/logs/idempotent-restart-0/00000000000000004000.snapshot"));
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

  void namedListenersAnswerWithTheirOwnAddress() {
    // Two listeners, as a container setup has (INTERNAL for the host network, EXTERNAL for
    // the outside): a client is told the advertised address of the listener it came in on.
    QTemporaryDir tmp;
    BrokerProcess broker(tmp.path(), {"listeners=PLAINTEXT://127.0.0.1:0,EXTERNAL://127.0.0.1:0",
                                      "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,EXTERNAL:PLAINTEXT",
                                      "advertised.listeners=EXTERNAL://localhost:19999"});
    QVERIFY2(broker.start(), qPrintable(broker.output()));
    auto external = QRegularExpression("Awaiting socket connections listener=EXTERNAL on=127\\.0\\.0\\.1:(\\d+)")
                        .match(broker.output());
    QVERIFY2(external.hasMatch(), qPrintable(broker.output()));
    auto [internalCode, internal] = runTool("kcat", {"-b", broker.bootstrap(), "-L"});
    QCOMPARE(internalCode, 0);
    QVERIFY2(internal.contains(QString("broker 0 at 127.0.0.1:%1").arg(broker.port())), qPrintable(internal));
    auto [externalCode, outside] = runTool("kcat", {"-b", "127.0.0.1:" + external.captured(1), "-L", "-m", "2"});
    QCOMPARE(externalCode, 0);
    QVERIFY2(outside.contains("broker 0 at localhost:19999"), qPrintable(outside));
    QCOMPARE(broker.stop(), 0);
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
