// pierctl console-producer and console-consumer against a real pier-broker, with kcat as the
// independent client on the other side:
// - lines produced by pierctl with keys, headers and null.marker read back by kcat (keys, null
//   keys, values, headers), keyed records in the partitions kcat's murmur2_random partitioner
//   picks, every --compression-codec written as that codec (dump-log) and readable by kcat,
//   --sync and acks 0/1, broker refusals and refused lines reported as Kafka's tool reports them;
// - records produced by kcat with every codec printed by console-consumer with
//   print.key/print.headers/print.partition/print.offset/print.timestamp, --partition/--offset,
//   --group resuming where the previous run stopped, --timeout-ms ending with Kafka's lines;
// - an unreachable broker failing both tools with exit code 1.
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

#include "broker_process.h"

namespace {

constexpr int kToolTimeoutMs = 60000;
const QString kKcat = "/usr/bin/kcat";
const QStringList kCodecs{"none", "gzip", "snappy", "lz4", "zstd"};

// Runs a program with `input` on stdin, stdout and stderr kept apart.
ToolOutput runWithInput(const QString& program, const QStringList& args, const QByteArray& input) {
  QProcess p;
  p.start(program, args);
  if (!p.waitForStarted(10000)) return {-1, {}, program + " did not start"};
  p.write(input);
  p.closeWriteChannel();
  if (!p.waitForFinished(kToolTimeoutMs)) {
    p.kill();
    p.waitForFinished();
    return {-1, {}, program + " timed out"};
  }
  return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

QString sortedLines(const QString& text) {
  QStringList lines = text.split('\n', Qt::SkipEmptyParts);
  lines.sort();
  return lines.join('\n');
}

QString processed(int n) {
  return QString("Processed a total of %1 messages\n").arg(n);
}

const QString kTimeoutLines =
    "ERROR Error processing message, terminating consumer process:  "
    "(org.apache.kafka.tools.consumer.ConsoleConsumer)\n"
    "org.apache.kafka.common.errors.TimeoutException\n";

}  // namespace

class TestPierctlConsole : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void cleanupTestCase();
  void producerKeysHeadersReadByKcat();
  void producerPartitionsAsKafka();
  void producerCodecs();
  void producerSyncAndAcks();
  void producerErrors();
  void consumerPrintsKcatCodecs();
  void consumerFormatterProperties();
  void consumerPartitionAndOffset();
  void consumerGroupResumes();
  void consumerTimeout();
  void unreachableBroker();

 private:
  ToolOutput produce(const QString& topic, const QByteArray& lines, const QStringList& extra = {}) {
    return runWithInput(
        PIERCTL_BINARY,
        QStringList{"console-producer", "--bootstrap-server", m_bootstrap, "--topic", topic} +
            extra,
        lines);
  }
  ToolOutput consume(const QString& topic, const QStringList& extra) {
    return runWithInput(
        PIERCTL_BINARY,
        QStringList{"console-consumer", "--bootstrap-server", m_bootstrap, "--topic", topic} +
            extra,
        {});
  }
  // kcat -C over the whole topic, one formatted line per record, sorted (partitions interleave).
  QString kcatRead(const QString& topic, const QString& format) {
    auto [code, out] =
        runTool(kKcat, {"-C", "-b", m_bootstrap, "-t", topic, "-e", "-q", "-f", format});
    return code == 0 ? sortedLines(out) : "kcat failed: " + out;
  }
  bool kcatWrite(const QString& topic, const QByteArray& lines, const QStringList& extra) {
    auto [code, out] =
        runTool(kKcat, QStringList{"-P", "-b", m_bootstrap, "-t", topic} + extra, lines);
    if (code != 0) qWarning() << out;
    return code == 0;
  }
  QString dumpCodecs(const QString& topic) {
    auto [code, out] = runTool(
        PIERCTL_BINARY,
        {"dump-log", "--files", m_dir.path() + "/logs/" + topic + "-0/00000000000000000000.log"});
    QStringList codecs;
    for (const auto& m : QRegularExpression("compresscodec: (\\w+)").globalMatch(out))
      codecs << m.captured(1);
    return codecs.join(',');
  }

  QTemporaryDir m_dir;
  std::unique_ptr<BrokerProcess> m_broker;
  QString m_bootstrap;
};

void TestPierctlConsole::initTestCase() {
  QVERIFY(m_dir.isValid());
  QVERIFY2(QFile::exists(kKcat), "kcat is needed (apt install kcat)");
  m_broker = std::make_unique<BrokerProcess>(m_dir.path());
  QVERIFY2(m_broker->start(), qPrintable(m_broker->output()));
  m_bootstrap = m_broker->bootstrap();
}

void TestPierctlConsole::cleanupTestCase() {
  if (m_broker) QCOMPARE(m_broker->stop(), 0);
}

void TestPierctlConsole::producerKeysHeadersReadByKcat() {
  QCOMPARE(createTopicWithPierctl(m_bootstrap, "lines", 3), QString());
  const QByteArray input =
      "h1:v1,h2:v2\talpha\tfirst value\n"
      "h3:\tbeta\tsecond\twith tab\n"
      "x:<nil>\t<nil>\tnull key\n"
      "<nil>\teta\t<nil>\n"
      "k:v\t\tempty key\n";
  ToolOutput p = produce("lines", input,
                         {"--property", "parse.key=true", "--property", "parse.headers=true",
                          "--property", "null.marker=<nil>"});
  QCOMPARE(p.err, QString());
  QCOMPARE(p.out, QString());
  QCOMPARE(p.code, 0);
  // %K / %S are -1 for null; kcat prints a null header value as NULL.
  QCOMPARE(kcatRead("lines", "%K:%k|%S:%s|%h\\n"), QString("-1:|8:null key|x=NULL\n"
                                                           "0:|9:empty key|k=v\n"
                                                           "3:eta|-1:|\n"
                                                           "4:beta|15:second\twith tab|h3=\n"
                                                           "5:alpha|11:first value|h1=v1,h2=v2"));
}

// Keyed records go where Kafka's (and librdkafka's murmur2_random) partitioner puts them.
void TestPierctlConsole::producerPartitionsAsKafka() {
  QCOMPARE(createTopicWithPierctl(m_bootstrap, "by-key-pierctl", 3), QString());
  QCOMPARE(createTopicWithPierctl(m_bootstrap, "by-key-kcat", 3), QString());
  const QStringList keys{"alpha", "beta", "gamma", "delta", "eta", "iota", "kappa", "21", "foobar"};
  QByteArray tabbed, coloned;
  for (const QString& k : keys) {
    tabbed += (k + "\tv\n").toUtf8();
    coloned += (k + ":v\n").toUtf8();
  }
  QCOMPARE(produce("by-key-pierctl", tabbed, {"--property", "parse.key=true"}).code, 0);
  QVERIFY(kcatWrite("by-key-kcat", coloned, {"-K:", "-X", "partitioner=murmur2_random"}));
  const QString pierctl = kcatRead("by-key-pierctl", "%p %k\\n");
  QCOMPARE(pierctl, kcatRead("by-key-kcat", "%p %k\\n"));
  // eta, alpha and beta are in partitions 0, 1 and 2: all three are used.
  QVERIFY2(pierctl.contains("0 eta") && pierctl.contains("1 alpha") && pierctl.contains("2 beta"),
           qPrintable(pierctl));
}

void TestPierctlConsole::producerCodecs() {
  for (const QString& codec : kCodecs) {
    const QString topic = "produced-" + codec;
    const QByteArray input =
        ("one-" + codec + "-" + QString("abc").repeated(50) + "\ntwo-" + codec + "\n").toUtf8();
    ToolOutput p = produce(topic, input, {"--compression-codec", codec});
    QCOMPARE(p.err, QString());
    QCOMPARE(p.code, 0);
    QCOMPARE(kcatRead(topic, "%s\\n"),
             "one-" + codec + "-" + QString("abc").repeated(50) + "\ntwo-" + codec);
    // One batch per flush; every batch is written with the codec asked for.
    const QStringList written = dumpCodecs(topic).split(',');
    QVERIFY(!written.isEmpty());
    for (const QString& c : written) QCOMPARE(c, codec);
  }
  // A bare --compression-codec is gzip, as in Kafka.
  QCOMPARE(produce("produced-default", "x\n", {"--compression-codec"}).code, 0);
  QCOMPARE(dumpCodecs("produced-default"), QString("gzip"));
}

void TestPierctlConsole::producerSyncAndAcks() {
  QCOMPARE(produce("acks", "s1\ns2\ns3\n", {"--sync"}).code, 0);
  ToolOutput one = produce("acks", "a1\n",
                           {"--producer-property", "acks=1", "--producer-property", "retries=3"});
  QCOMPARE(one.err, QString("WARN pierctl console-producer does not use the producer property "
                            "'retries'; ignored.\n"));
  QCOMPARE(one.code, 0);
  // acks=0: the tool ends once the request is written, the broker appends it a moment later.
  QCOMPARE(produce("acks", "a0\n", {"--request-required-acks", "0"}).code, 0);
  QString read;
  for (int i = 0; i < 50 && !read.contains("a0"); ++i) {
    if (i > 0) QTest::qWait(100);
    read = kcatRead("acks", "%o %s\\n");
  }
  QCOMPARE(read, QString("0 s1\n1 s2\n2 s3\n3 a1\n4 a0"));
  // --sync sends each record in its own batch.
  QCOMPARE(dumpCodecs("acks"), QString("none,none,none,none,none"));
}

void TestPierctlConsole::producerErrors() {
  QCOMPARE(
      runTool(PIERCTL_BINARY, {"topics", "--bootstrap-server", m_bootstrap, "--create", "--topic",
                               "small", "--partitions", "1", "--config", "max.message.bytes=200"})
          .first,
      0);
  ToolOutput tooLarge = produce("small", QByteArray(300, 'y') + "\nok\n", {"--sync"});
  QCOMPARE(tooLarge.code, 1);
  QVERIFY2(tooLarge.err.startsWith("java.util.concurrent.ExecutionException: "
                                   "org.apache.kafka.common.errors.RecordTooLargeException: "),
           qPrintable(tooLarge.err));
  QCOMPARE(tooLarge.err.count('\n'), 1);  // --sync stops at the first failure: "ok" is not sent
  ToolOutput async = produce("small", QByteArray(300, 'z') + "\n", {});
  QCOMPARE(async.code, 1);
  QVERIFY2(async.err.startsWith(
               "ERROR Error when sending message to topic small with key: null, value: 300 bytes "
               "with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\n"
               "org.apache.kafka.common.errors.RecordTooLargeException: "),
           qPrintable(async.err));
  QCOMPARE(kcatRead("small", "%s\\n"), QString());

  // The client-side max.request.size check, with Kafka's text: 61 bytes of batch header and a
  // 110-byte record (length 2, attributes, timestamp and offset deltas 1 each, key 1+1, value
  // 2+100, header count 1).
  ToolOutput clientSide =
      produce("small", "k\t" + QByteArray(100, 'v') + "\n",
              {"--property", "parse.key=true", "--producer-property", "max.request.size=100"});
  QCOMPARE(
      clientSide.err,
      QString("ERROR Error when sending message to topic small with key: 1 bytes, value: 100 bytes "
              "with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)\n"
              "org.apache.kafka.common.errors.RecordTooLargeException: The message is 171 bytes "
              "when serialized which is larger than 100, which is the value of the "
              "max.request.size configuration.\n"));
  QCOMPARE(clientSide.code, 1);

  // A line the reader refuses stops the run; the lines before it are sent.
  ToolOutput refused =
      produce("refused", "a\tb\nno separator\nc\td\n", {"--property", "parse.key=true"});
  QCOMPARE(refused.err, QString("org.apache.kafka.common.KafkaException: No key separator found on "
                                "line number 2: 'no separator'\n"));
  QCOMPARE(refused.code, 1);
  QCOMPARE(kcatRead("refused", "%k=%s\\n"), QString("a=b"));

  ToolOutput badAcks = produce("refused", "x\n", {"--request-required-acks", "2"});
  QCOMPARE(badAcks.err, QString("org.apache.kafka.common.config.ConfigException: Invalid value 2 "
                                "for configuration acks: String must be one of: all, -1, 0, 1\n"));
  QCOMPARE(badAcks.code, 1);
}

void TestPierctlConsole::consumerPrintsKcatCodecs() {
  QString expected;
  for (const QString& codec : kCodecs) {
    // Long repetitive values: librdkafka sends a batch uncompressed when compressing would not
    // shrink it.
    const QString v1 = "v1-" + codec + "-" + QString("abc").repeated(100);
    const QString v2 = "v2-" + codec + "-" + QString("abc").repeated(100);
    QVERIFY(kcatWrite("kcat-codecs",
                      ("k1-" + codec + ":" + v1 + "\nk2-" + codec + ":" + v2 + "\n").toUtf8(),
                      {"-K:", "-z", codec, "-X", "linger.ms=100"}));
    expected += "k1-" + codec + "\t" + v1 + "\nk2-" + codec + "\t" + v2 + "\n";
  }
  QCOMPARE(dumpCodecs("kcat-codecs"), kCodecs.join(','));
  ToolOutput c = consume(
      "kcat-codecs", {"--from-beginning", "--max-messages", "10", "--property", "print.key=true"});
  QCOMPARE(c.out, expected);
  QCOMPARE(c.err, processed(10));
  QCOMPARE(c.code, 0);
  // --max-messages stops early.
  ToolOutput three = consume("kcat-codecs", {"--from-beginning", "--max-messages", "3"});
  QCOMPARE(three.out.count('\n'), 3);
  QVERIFY(three.out.startsWith("v1-none-abc"));
  QCOMPARE(three.err, processed(3));
}

void TestPierctlConsole::consumerFormatterProperties() {
  QVERIFY(kcatWrite("formatted", "k:v\n", {"-K:", "-H", "h1=x", "-H", "h2=y"}));
  QVERIFY(kcatWrite("formatted", "plain\n", {}));
  ToolOutput c = consume(
      "formatted", {"--from-beginning", "--max-messages", "2", "--property", "print.timestamp=true",
                    "--property", "print.partition=true", "--property", "print.offset=true",
                    "--property", "print.headers=true", "--property", "print.key=true",
                    "--property", "key.separator=|", "--property", "null.literal=(null)"});
  QVERIFY2(QRegularExpression(
               "^CreateTime:\\d{13}\\|Partition:0\\|Offset:0\\|h1:x,h2:y\\|k\\|v\n"
               "CreateTime:\\d{13}\\|Partition:0\\|Offset:1\\|NO_HEADERS\\|\\(null\\)\\|plain\n$")
               .match(c.out)
               .hasMatch(),
           qPrintable(c.out));
  QCOMPARE(c.err, processed(2));
}

void TestPierctlConsole::consumerPartitionAndOffset() {
  QCOMPARE(createTopicWithPierctl(m_bootstrap, "parts", 2), QString());
  // murmur2: "eta" is in partition 0 of 2, "kappa" in partition 1.
  QCOMPARE(
      produce("parts", "eta\t0\neta\t1\neta\t2\nkappa\tother\n", {"--property", "parse.key=true"})
          .code,
      0);
  ToolOutput fromTwo =
      consume("parts", {"--partition", "0", "--offset", "1", "--max-messages", "2"});
  QCOMPARE(fromTwo.out, QString("1\n2\n"));
  QCOMPARE(fromTwo.err, processed(2));
  ToolOutput earliest =
      consume("parts", {"--partition", "1", "--offset", "earliest", "--timeout-ms", "1000"});
  QCOMPARE(earliest.out, QString("other\n"));
  QCOMPARE(earliest.err, kTimeoutLines + processed(1));
  QCOMPARE(earliest.code, 0);
  ToolOutput usage = consume("parts", {"--offset", "1"});
  QCOMPARE(usage.err, QString("The partition is required when offset is specified.\n"));
  QCOMPARE(usage.code, 1);
}

// A second run of the same --group starts after the last record the first one printed.
void TestPierctlConsole::consumerGroupResumes() {
  QByteArray lines;
  for (int i = 1; i <= 10; ++i) lines += QByteArray::number(i) + "\n";
  QCOMPARE(produce("grouped", lines).code, 0);
  ToolOutput first =
      consume("grouped", {"--group", "resume", "--from-beginning", "--max-messages", "4"});
  QCOMPARE(first.out, QString("1\n2\n3\n4\n"));
  QCOMPARE(first.err, processed(4));
  QCOMPARE(first.code, 0);
  ToolOutput second = consume("grouped", {"--group", "resume", "--max-messages", "3"});
  QCOMPARE(second.out, QString("5\n6\n7\n"));
  ToolOutput third = consume("grouped", {"--group", "resume", "--timeout-ms", "1500"});
  QCOMPARE(third.out, QString("8\n9\n10\n"));
  QCOMPARE(third.err, kTimeoutLines + processed(3));
  // The commits are what kafka-consumer-groups.sh reads.
  ToolOutput described = runToolStreams(
      PIERCTL_BINARY,
      {"consumer-groups", "--bootstrap-server", m_bootstrap, "--describe", "--group", "resume"});
  QVERIFY2(QRegularExpression("resume +grouped +0 +10 +10 +0 ").match(described.out).hasMatch(),
           qPrintable(described.out + described.err));
  // Without a group nothing is committed: a new run starts at the end.
  ToolOutput latest = consume("grouped", {"--timeout-ms", "800"});
  QCOMPARE(latest.out, QString());
  QCOMPARE(latest.err, kTimeoutLines + processed(0));
}

void TestPierctlConsole::consumerTimeout() {
  QCOMPARE(createTopicWithPierctl(m_bootstrap, "quiet", 1), QString());
  QElapsedTimer timer;
  timer.start();
  ToolOutput c = consume("quiet", {"--from-beginning", "--timeout-ms", "1200"});
  const qint64 elapsed = timer.elapsed();
  QCOMPARE(c.out, QString());
  QCOMPARE(c.err, kTimeoutLines + processed(0));
  QCOMPARE(c.code, 0);
  QVERIFY2(elapsed >= 1200 && elapsed < 10000, qPrintable(QString::number(elapsed)));
}

void TestPierctlConsole::unreachableBroker() {
  // A port nobody listens on: the broker's own, after it stopped, would race other tests.
  const QString nowhere = "127.0.0.1:1";
  ToolOutput p = runWithInput(
      PIERCTL_BINARY, {"console-producer", "--bootstrap-server", nowhere, "--topic", "t"}, "x\n");
  QCOMPARE(p.code, 1);
  QVERIFY2(
      p.err.startsWith(
          "WARN [Producer clientId=console-producer] Connection to node -1 (127.0.0.1:1) could not "
          "be established. Node may not be available. (org.apache.kafka.clients.NetworkClient)\n"),
      qPrintable(p.err));
  ToolOutput c = runWithInput(
      PIERCTL_BINARY, {"console-consumer", "--bootstrap-server", nowhere, "--topic", "t"}, {});
  QCOMPARE(c.code, 1);
  QVERIFY2(c.err.startsWith("WARN [Consumer clientId=console-consumer] Connection to node -1 "
                            "(127.0.0.1:1) could not be established."),
           qPrintable(c.err));
  QVERIFY(c.err.endsWith(processed(0)));
}

QTEST_GUILESS_MAIN(TestPierctlConsole)
#include "tst_pierctl_console.moc"
