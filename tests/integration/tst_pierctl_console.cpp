// pierctl console-producer and console-consumer against a real pier-broker, with kcat as the
// independent client on the other side:
// - lines produced by pierctl with keys, headers and null.marker read back by kcat (keys, null
//   keys, values, headers), keyed records in the partitions kcat's murmur2_random partitioner
//   picks, every --compression-codec written as that codec (dump-log) and readable by kcat,
//   --sync and acks 0/1, broker refusals and refused lines reported as Kafka's tool reports them;
// - records produced by kcat with every codec printed by console-consumer with
//   print.key/print.headers/print.partition/print.offset/print.timestamp, --partition/--offset,
//   --group resuming where the previous run stopped, --timeout-ms ending with Kafka's lines;
// - console consumers as members of a group: two pierctl consumers of one group split a
//   4-partition topic (each record read by exactly one of them), one stopping hands its
//   partitions to the other after committing, the next run resumes at the commits; a
//   confluent-kafka consumer and a pierctl consumer share a group with either one as the leader
//   computing the assignment, and `pierctl consumer-groups --describe` shows the pierctl
//   member with its partitions; the consumer property checks with Kafka's messages;
// - an unreachable broker failing both tools with exit code 1; console consumers (with and
//   without a group) carrying on across a broker restart, with Kafka's warning while it is down.
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <map>
#include <set>

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

// Group members that notice a rebalance within a third of a second.
const QStringList kFastGroup{"--consumer-property", "heartbeat.interval.ms=300", "--consumer-property",
                             "session.timeout.ms=6000"};

// A consumer running in the background (pierctl or a Python client): its stdout lines as they
// come, stopped with SIGTERM (only the process this started).
class BackgroundConsumer {
 public:
  BackgroundConsumer(const QString& program, const QStringList& args) {
    m_process.start(program, args);
    m_process.waitForStarted(10000);
  }
  ~BackgroundConsumer() {
    if (m_process.state() != QProcess::NotRunning) {
      m_process.kill();
      m_process.waitForFinished(5000);
    }
  }
  QStringList lines() {
    m_process.waitForReadyRead(50);
    m_out += QString::fromUtf8(m_process.readAllStandardOutput());
    return m_out.split('\n', Qt::SkipEmptyParts);
  }
  // SIGTERM, then what it printed; code -1 when it did not end within 20 s.
  ToolOutput stop() {
    ::kill(static_cast<pid_t>(m_process.processId()), SIGTERM);
    const bool ended = m_process.waitForFinished(20000);
    m_out += QString::fromUtf8(m_process.readAllStandardOutput());
    return {ended ? m_process.exitCode() : -1, m_out, QString::fromUtf8(m_process.readAllStandardError())};
  }
  bool running() const { return m_process.state() == QProcess::Running; }

 private:
  QProcess m_process;
  QString m_out;
};

// "key-<n>\tm<n>" lines for n in [from, to): keyed, so murmur2 spreads them over the partitions.
QByteArray keyedLines(int from, int to) {
  QByteArray lines;
  for (int i = from; i < to; ++i) lines += QString("key-%1\tm%1\n").arg(i).toUtf8();
  return lines;
}

QStringList values(int from, int to) {
  QStringList out;
  for (int i = from; i < to; ++i) out << QString("m%1").arg(i);
  return out;
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
  void consumersCarryOnAcrossABrokerRestart();
  void groupMembersSplitPartitions();
  void groupSharedWithConfluentKafka_data();
  void groupSharedWithConfluentKafka();
  void groupOptionChecks();

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

  BackgroundConsumer* startMember(const QString& topic, const QString& group, const QStringList& extra = {}) {
    m_members.push_back(std::make_unique<BackgroundConsumer>(
        PIERCTL_BINARY, QStringList{"console-consumer", "--bootstrap-server", m_bootstrap, "--topic", topic,
                                    "--group", group} + kFastGroup + extra));
    return m_members.back().get();
  }
  BackgroundConsumer* startConfluent(const QString& topic, const QString& group, const QString& clientId,
                                     const QString& strategy = {}) {
    QStringList args{QStringLiteral(PIER_CLIENTS_DIR "/confluent_member.py"), m_bootstrap, topic, group, clientId};
    if (!strategy.isEmpty()) args << strategy;
    m_members.push_back(std::make_unique<BackgroundConsumer>("/usr/bin/python3", args));
    return m_members.back().get();
  }
  // `pierctl consumer-groups --describe`'s rows: partition -> "CONSUMER-ID CLIENT-ID" ("-" when
  // nobody owns it), and the committed offset column.
  struct Described {
    std::map<int, QString> owners;
    std::map<int, QString> committed;
    QString text;
  };
  Described describeGroup(const QString& group) {
    ToolOutput d = runToolStreams(PIERCTL_BINARY,
                                  {"consumer-groups", "--bootstrap-server", m_bootstrap, "--describe", "--group", group});
    Described out{{}, {}, d.out + d.err};
    for (const QString& line : d.out.split('\n', Qt::SkipEmptyParts)) {
      const QStringList cols = line.split(' ', Qt::SkipEmptyParts);
      if (cols.size() < 7 || cols[0] != group) continue;
      out.owners[cols[2].toInt()] = cols[6] + (cols.size() >= 9 ? " " + cols[8] : QString());
      out.committed[cols[2].toInt()] = cols[3];
    }
    return out;
  }
  // Waits (20 s at most) until the group's 4 partitions are owned as `counts` says: the sorted
  // number of partitions per member ({2, 2}, {4}).
  bool waitForOwners(const QString& group, std::vector<int> counts, Described* last = nullptr) {
    Described d;
    for (int i = 0; i < 100; ++i) {
      if (i > 0) QTest::qWait(200);
      d = describeGroup(group);
      std::map<QString, int> perMember;
      for (const auto& [p, owner] : d.owners) {
        if (!owner.startsWith('-')) ++perMember[owner];
      }
      std::vector<int> got;
      for (const auto& [m, n] : perMember) got.push_back(n);
      std::sort(got.begin(), got.end());
      if (got == counts) {
        if (last) *last = d;
        return true;
      }
    }
    qWarning() << "group" << group << "never reached" << counts << ":" << d.text;
    return false;
  }
  // kafka-python's describe_consumer_groups: its own decoding of the members' subscriptions and
  // assignments, one sorted line per member after the state line.
  QString kafkaPythonDescribe(const QString& group) {
    auto [code, out] = runTool("/usr/bin/python3",
                               {QStringLiteral(PIER_CLIENTS_DIR "/kafka_python_describe_group.py"), m_bootstrap, group});
    return code == 0 ? out : "kafka-python failed: " + out;
  }
  // Waits (20 s at most) until `members` printed `count` lines between them.
  static bool waitForLines(const std::vector<BackgroundConsumer*>& members, int count) {
    for (int i = 0; i < 200; ++i) {
      int total = 0;
      for (BackgroundConsumer* m : members) total += static_cast<int>(m->lines().size());
      if (total >= count) return true;
      QTest::qWait(100);
    }
    return false;
  }

  QTemporaryDir m_dir;
  std::vector<std::unique_ptr<BackgroundConsumer>> m_members;
  std::unique_ptr<BrokerProcess> m_broker;
  QString m_bootstrap;
};

void TestPierctlConsole::initTestCase() {
  QVERIFY(m_dir.isValid());
  QVERIFY2(QFile::exists(kKcat), "kcat is needed (apt install kcat)");
  // As Kafka's own config/server.properties: a group's first rebalance does not wait 3 s.
  m_broker = std::make_unique<BrokerProcess>(m_dir.path(), QStringList{"group.initial.rebalance.delay.ms=0"});
  QVERIFY2(m_broker->start(), qPrintable(m_broker->output()));
  m_bootstrap = m_broker->bootstrap();
}

void TestPierctlConsole::cleanupTestCase() {
  m_members.clear();
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


// Two pierctl console consumers in one group split a 4-partition topic (range: two partitions
// each), each record is printed by exactly one of them; one stopping commits and leaves, the
// other takes its partitions at the committed offsets; the next run of the group resumes there.
// The broker stops (SIGTERM) and starts again on the same port, as a sandbox restart does: two
// console consumers, one with partitions of its own and one in a group, warn while it is down as
// Kafka's consumer does, connect again and print what is produced after the restart, each record
// once (the group member's offsets were committed before the stop).
void TestPierctlConsole::consumersCarryOnAcrossABrokerRestart() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  auto first = std::make_unique<BrokerProcess>(dir.path(), QStringList{"group.initial.rebalance.delay.ms=0"});
  QVERIFY2(first->start(), qPrintable(first->output()));
  const QString bootstrap = first->bootstrap();
  auto produceTo = [&](int from, int to) {
    return runWithInput(PIERCTL_BINARY, {"console-producer", "--bootstrap-server", bootstrap, "--topic", "restarts"},
                        (values(from, to).join('\n') + '\n').toUtf8())
        .code;
  };
  QCOMPARE(produceTo(0, 3), 0);
  const QStringList common{"console-consumer", "--bootstrap-server", bootstrap, "--topic", "restarts",
                           "--from-beginning"};
  BackgroundConsumer own(PIERCTL_BINARY, common);
  BackgroundConsumer member(PIERCTL_BINARY, common + QStringList{"--group", "restarts", "--consumer-property",
                                                                  "auto.commit.interval.ms=100"} + kFastGroup);
  QVERIFY(waitForLines({&own}, 3));
  QVERIFY(waitForLines({&member}, 3));
  QTest::qWait(500);  // the member commits its positions

  QCOMPARE(first->stop(), 0);
  QTest::qWait(1500);  // down for a while: the consumers try again and warn
  QVERIFY(own.running() && member.running());
  BrokerProcess second(dir.path(), {"group.initial.rebalance.delay.ms=0",
                                    QString("listeners=PLAINTEXT://127.0.0.1:%1").arg(first->port())});
  QVERIFY2(second.start(), qPrintable(second.output()));
  QCOMPARE(produceTo(3, 6), 0);
  QVERIFY(waitForLines({&own}, 6));
  QVERIFY(waitForLines({&member}, 6));
  QTest::qWait(300);  // nothing read twice arrives late

  const QString expected = QStringList(values(0, 6)).join('\n') + '\n';
  const QString warning = QString("Connection to node -1 (%1) could not be established. Node may not be available. "
                                  "(org.apache.kafka.clients.NetworkClient)")
                              .arg(bootstrap);
  for (BackgroundConsumer* c : {&own, &member}) {
    ToolOutput stopped = c->stop();
    QCOMPARE(stopped.code, 0);
    QCOMPARE(stopped.out, expected);
    QVERIFY2(stopped.err.contains(warning), qPrintable(stopped.err));
    QVERIFY2(stopped.err.endsWith(processed(6)), qPrintable(stopped.err));
  }
  QCOMPARE(second.stop(), 0);
}

void TestPierctlConsole::groupMembersSplitPartitions() {
  QCOMPARE(createTopicWithPierctl(m_bootstrap, "shared", 4), QString());
  BackgroundConsumer* a = startMember("shared", "split", {"--from-beginning"});
  BackgroundConsumer* b = startMember("shared", "split", {"--from-beginning"});
  Described settled;
  QVERIFY(waitForOwners("split", {2, 2}, &settled));
  for (const auto& [p, owner] : settled.owners) QVERIFY2(owner.endsWith(" console-consumer"), qPrintable(settled.text));
  // The subscriptions and the leader's assignment as an independent client decodes them.
  QCOMPARE(kafkaPythonDescribe("split"), QString("state=Stable protocol=consumer/range\n"
                                                 "console-consumer subscribed=shared assigned=shared:0,1\n"
                                                 "console-consumer subscribed=shared assigned=shared:2,3\n"));

  QCOMPARE(produce("shared", keyedLines(0, 40), {"--property", "parse.key=true"}).code, 0);
  QVERIFY(waitForLines({a, b}, 40));
  QStringList both = a->lines() + b->lines();
  QVERIFY2(!a->lines().isEmpty() && !b->lines().isEmpty(), qPrintable(both.join(',')));
  both.sort();
  QStringList expected = values(0, 40);
  expected.sort();
  QCOMPARE(both, expected);  // every record once: no partition was read by both

  // b stops: it commits, leaves, and a gets all four partitions without waiting for b's session.
  const int bCount = static_cast<int>(b->lines().size());
  ToolOutput stopped = b->stop();
  QCOMPARE(stopped.code, 0);
  QCOMPARE(stopped.err, processed(bCount));
  QVERIFY(waitForOwners("split", {4}));
  QCOMPARE(produce("shared", keyedLines(40, 60), {"--property", "parse.key=true"}).code, 0);
  QVERIFY(waitForLines({a}, 40 - bCount + 20));
  QTest::qWait(500);  // nothing more comes: b's records are not read again
  QStringList all = a->lines() + stopped.out.split('\n', Qt::SkipEmptyParts);
  all.sort();
  expected = values(0, 60);
  expected.sort();
  QCOMPARE(all, expected);

  ToolOutput aStopped = a->stop();
  QCOMPARE(aStopped.code, 0);
  const Described done = describeGroup("split");
  QCOMPARE(done.committed.size(), std::size_t(4));
  // The next run of the group resumes at the commits: only the records produced since.
  QCOMPARE(produce("shared", keyedLines(60, 63), {"--property", "parse.key=true"}).code, 0);
  ToolOutput next = consume("shared", QStringList{"--group", "split", "--timeout-ms", "3000"} + kFastGroup);
  QCOMPARE(sortedLines(next.out), QString("m60\nm61\nm62"));
  QCOMPARE(next.err, kTimeoutLines + processed(3));
}

// A confluent-kafka (librdkafka) member and a pierctl member in one group: first with
// librdkafka's member as the leader (it computes the assignment pierctl decodes), then with
// pierctl's (its assignment decoded by librdkafka). Each record is read exactly once across the
// rebalances, and `pierctl consumer-groups --describe` shows the pierctl member's partitions.
// Twice: librdkafka's default strategies (the group picks range), and
// partition.assignment.strategy=cooperative-sticky, what many applications run (pierctl offers
// Kafka's default [range, cooperative-sticky], so the group picks cooperative-sticky; librdkafka's
// incremental rebalance hands pierctl its partitions in a second round, and pierctl's leader runs
// cooperative-sticky for the next librdkafka member).
void TestPierctlConsole::groupSharedWithConfluentKafka_data() {
  QTest::addColumn<QString>("topic");
  QTest::addColumn<QString>("strategy");  // the librdkafka members' partition.assignment.strategy
  QTest::addColumn<QString>("protocol");  // what the group chooses
  QTest::addColumn<QStringList>("pierctlStrategy");  // pierctl's, when not its default (eager: range first)
  QTest::newRow("librdkafka's default") << "mixed" << "" << "range" << QStringList();
  QTest::newRow("cooperative-sticky") << "coop" << "cooperative-sticky" << "cooperative-sticky" << QStringList();
  // pierctl offering only CooperativeStickyAssignor: a cooperative member (KIP-429) itself.
  QTest::newRow("cooperative-sticky, pierctl cooperative")
      << "coop2" << "cooperative-sticky" << "cooperative-sticky"
      << QStringList{"--consumer-property",
                     "partition.assignment.strategy=org.apache.kafka.clients.consumer.CooperativeStickyAssignor"};
}

void TestPierctlConsole::groupSharedWithConfluentKafka() {
  QFETCH(QString, topic);
  QFETCH(QString, strategy);
  QFETCH(QString, protocol);
  QFETCH(QStringList, pierctlStrategy);
  const QString group = topic + "-group";
  QCOMPARE(createTopicWithPierctl(m_bootstrap, topic, 4), QString());
  BackgroundConsumer* first = startConfluent(topic, group, "confluent-first", strategy);
  QVERIFY(waitForOwners(group, {4}));
  BackgroundConsumer* pier = startMember(topic, group, QStringList{"--from-beginning"} + pierctlStrategy);
  Described described;
  QVERIFY(waitForOwners(group, {2, 2}, &described));
  int pierOwned = 0;
  for (const auto& [p, owner] : described.owners) pierOwned += owner.endsWith(" console-consumer");
  QVERIFY2(pierOwned == 2, qPrintable(described.text));

  QCOMPARE(produce(topic, keyedLines(0, 40), {"--property", "parse.key=true"}).code, 0);
  QVERIFY(waitForLines({first, pier}, 40));
  QVERIFY2(!first->lines().isEmpty() && !pier->lines().isEmpty(),
           qPrintable(first->lines().join(',') + " | " + pier->lines().join(',')));

  // The librdkafka member leaves: pierctl, alone, is the leader and takes everything.
  ToolOutput firstStopped = first->stop();
  QCOMPARE(firstStopped.code, 0);
  QVERIFY(waitForOwners(group, {4}));
  QCOMPARE(produce(topic, keyedLines(40, 60), {"--property", "parse.key=true"}).code, 0);
  const int firstCount = static_cast<int>(firstStopped.out.split('\n', Qt::SkipEmptyParts).size());
  QVERIFY(waitForLines({pier}, 60 - firstCount));

  // A new librdkafka member joins: pierctl's leader assigns it two partitions.
  BackgroundConsumer* second = startConfluent(topic, group, "confluent-second", strategy);
  QVERIFY(waitForOwners(group, {2, 2}, &described));
  QVERIFY2(described.text.contains("confluent-second"), qPrintable(described.text));
  const QString pythonView = kafkaPythonDescribe(group);
  QVERIFY2(QRegularExpression(QString("^state=Stable protocol=consumer/%1\n"
                                      "confluent-second subscribed=%2 assigned=%2:\\d,\\d\n"
                                      "console-consumer subscribed=%2 assigned=%2:\\d,\\d\n$")
                                  .arg(protocol, topic))
               .match(pythonView)
               .hasMatch(),
           qPrintable(pythonView));
  QCOMPARE(produce(topic, keyedLines(60, 100), {"--property", "parse.key=true"}).code, 0);
  QVERIFY(waitForLines({pier, second}, 100 - firstCount));
  QTest::qWait(1000);  // nothing read twice arrives late

  ToolOutput pierStopped = pier->stop();
  QCOMPARE(pierStopped.code, 0);
  ToolOutput secondStopped = second->stop();
  QCOMPARE(secondStopped.code, 0);
  QStringList all = firstStopped.out.split('\n', Qt::SkipEmptyParts) + pierStopped.out.split('\n', Qt::SkipEmptyParts) +
                    secondStopped.out.split('\n', Qt::SkipEmptyParts);
  all.sort();
  QStringList expected = values(0, 100);
  expected.sort();
  QCOMPARE(all, expected);
  QVERIFY2(pierStopped.err.endsWith(processed(static_cast<int>(pierStopped.out.split('\n', Qt::SkipEmptyParts).size()))),
           qPrintable(pierStopped.err));
}

// ConsoleConsumerOptions' checks on group ids and auto.offset.reset, with Kafka's messages.
void TestPierctlConsole::groupOptionChecks() {
  ToolOutput mismatch = consume("t", {"--group", "a", "--consumer-property", "group.id=b"});
  QCOMPARE(mismatch.err, QString("The group ids provided in different places (directly using '--group', via "
                                 "'--consumer-property', or via '--consumer.config') do not match. Detected group "
                                 "ids: 'a', 'b'\n"));
  QCOMPARE(mismatch.code, 1);
  ToolOutput withPartition = consume("t", {"--consumer-property", "group.id=a", "--partition", "0"});
  QCOMPARE(withPartition.err, QString("Options group and partition cannot be specified together.\n"));
  ToolOutput reset = consume("t", {"--from-beginning", "--consumer-property", "auto.offset.reset=latest"});
  QCOMPARE(reset.err, QString("Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please "
                              "remove one option\n"));
  QCOMPARE(reset.code, 1);
  QFile config(m_dir.path() + "/consumer.properties");
  QVERIFY(config.open(QIODevice::WriteOnly));
  config.write("# a consumer config\ngroup.id = from-file\nauto.offset.reset=earliest\n");
  config.close();
  // group.id from --consumer.config joins that group: it reads from the start and commits.
  QCOMPARE(produce("configured", "c1\nc2\n").code, 0);
  ToolOutput fromFile = consume("configured", {"--consumer.config", config.fileName(), "--max-messages", "2"});
  QCOMPARE(fromFile.out, QString("c1\nc2\n"));
  QCOMPARE(fromFile.err, processed(2));
  const Described d = describeGroup("from-file");
  QCOMPARE(d.committed.at(0), QString("2"));
  ToolOutput missing = consume("t", {"--consumer.config", m_dir.path() + "/nowhere.properties"});
  QCOMPARE(missing.err, "java.nio.file.NoSuchFileException: " + m_dir.path() + "/nowhere.properties\n");
}

QTEST_GUILESS_MAIN(TestPierctlConsole)
#include "tst_pierctl_console.moc"
