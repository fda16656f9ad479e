// pierctl consumer-groups against a real pier-broker, with a real kafka-python consumer group:
// --list and --describe (offsets, members, state) pinned to the byte while the member is alive
// (committed offsets, log end offsets, lag, its member id, host and client id) and after it
// left ("has no active members", "-" for the consumer columns); --reset-offsets refused while
// the group is Stable, then --dry-run, --to-earliest, --shift-by (kept inside the log) and
// --to-latest with --execute, each checked with kafka-python's committed(); --delete refused
// while the group has a member, then done, then reported as not found.
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "broker_process.h"

namespace {

constexpr int kClientTimeoutMs = 90000;
const QString kTopic = "lag-topic";
const QString kGroup = "lag-group";

QString python(const QString& script) { return QStringLiteral(PIER_CLIENTS_DIR "/") + script; }

// One line of Kafka's tables: each value left-justified to its width, one space apart, the last
// as is.
QString row(const QStringList& values, const QList<int>& widths) {
  QString out;
  for (int i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    out += i < widths.size() ? values[i].leftJustified(widths[i]) : values[i];
  }
  return out;
}

// A kafka-python group member (clients/kafka_python_lag.py member) kept alive until close().
class Member {
 public:
  ~Member() {
    if (m_process.state() == QProcess::NotRunning) return;
    m_process.kill();  // a failed check left it in the group
    m_process.waitForFinished(5000);
  }
  bool start(const QString& bootstrap, const QString& offsets) {
    m_process.start("/usr/bin/python3", {python("kafka_python_lag.py"), "member", bootstrap, kTopic, kGroup, offsets});
    if (!m_process.waitForStarted(10000)) return false;
    const QString line = readLine();
    if (!line.startsWith("member ")) return false;
    m_memberId = line.mid(7);
    return true;
  }
  bool close() {
    m_process.write("close\n");
    const bool closed = readLine() == "closed";
    return m_process.waitForFinished(30000) && closed;
  }
  QString memberId() const { return m_memberId; }
  QString output() { return m_seen + QString::fromUtf8(m_process.readAllStandardError()); }

 private:
  QString readLine() {
    QElapsedTimer timer;
    timer.start();
    while (!m_process.canReadLine() && timer.elapsed() < kClientTimeoutMs && m_process.state() == QProcess::Running)
      m_process.waitForReadyRead(200);
    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    m_seen += line + "\n";
    return line;
  }

  QProcess m_process;
  QString m_memberId;
  QString m_seen;
};

}  // namespace

class TestPierctlGroups : public QObject {
  Q_OBJECT

 private slots:
  void describeResetDelete();

 private:
  ToolOutput groups(const QStringList& args) {
    return runToolStreams(PIERCTL_BINARY, QStringList{"consumer-groups", "--bootstrap-server", m_bootstrap} + args);
  }
  QString committed() {
    auto [code, out] = runTool("/usr/bin/python3", {python("kafka_python_lag.py"), "committed", m_bootstrap, kTopic, kGroup},
                               {}, kClientTimeoutMs);
    return code == 0 ? out.trimmed() : "failed: " + out;
  }
  // Polls --list --state until the group shows `state` (a LeaveGroup is answered before the
  // group settles).
  bool waitForState(const QString& state) {
    for (int i = 0; i < 100; ++i) {
      if (groups({"--list", "--state"}).out.contains(QRegularExpression(kGroup + " +" + state + " "))) return true;
      QTest::qWait(100);
    }
    return false;
  }
  void checkAliveMember(const QString& memberId);
  void checkResets();

  QString m_bootstrap;
  int m_port = 0;
};

void TestPierctlGroups::checkAliveMember(const QString& memberId) {
  ToolOutput list = groups({"--list"});
  QCOMPARE(list.out, kGroup + "\n");
  QCOMPARE(list.err, QString());
  QCOMPARE(list.code, 0);
  QCOMPARE(groups({"--list", "--state"}).out, row({"GROUP", "STATE"}, {25, 20}) + "\n" +
                                                  row({kGroup, "Stable"}, {25, 20}) + "\n");
  QCOMPARE(groups({"--list", "--state", "empty"}).out, row({"GROUP", "STATE"}, {25, 20}) + "\n");

  // Committed 7 of 10 on partition 0, 2 of 4 on partition 1, nothing of 1 on partition 2.
  ToolOutput d = groups({"--describe", "--group", kGroup});
  const int idWidth = int(memberId.size());
  const QList<int> w{15, 15, 10, 15, 15, 15, idWidth, 15};
  QCOMPARE(d.out, "\n" +
                      row({"GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST",
                           "CLIENT-ID"}, w) + "\n" +
                      "lag-group       lag-topic       0          7               10              3               " +
                      memberId + " /127.0.0.1      lag-reader\n" +
                      "lag-group       lag-topic       1          2               4               2               " +
                      memberId + " /127.0.0.1      lag-reader\n" +
                      "lag-group       lag-topic       2          -               1               -               " +
                      memberId + " /127.0.0.1      lag-reader\n");
  QCOMPARE(d.err, QString());
  QCOMPARE(d.code, 0);

  ToolOutput members = groups({"--describe", "--group", kGroup, "--members"});
  QCOMPARE(members.out, "\n" + row({"GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"}, {15, idWidth, 15, 15, 15}) +
                            " \n" + row({kGroup, memberId, "/127.0.0.1", "lag-reader", "3"}, {15, idWidth, 15, 15, 15}) +
                            " \n");
  ToolOutput state = groups({"--describe", "--group", kGroup, "--state"});
  const QString coordinator = QString("127.0.0.1:%1  (0)").arg(m_port);
  QCOMPARE(state.out, "\n" + row({"GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"}, {15, 25, 20, 20}) +
                          "\n" + row({kGroup, coordinator, "range", "Stable", "1"}, {15, 25, 20, 20}) + "\n");

  // A live group keeps its offsets and itself.
  ToolOutput reset = groups({"--reset-offsets", "--group", kGroup, "--topic", kTopic, "--to-earliest", "--execute"});
  QCOMPARE(reset.err, QString("\nError: Assignments can only be reset if the group 'lag-group' is inactive, but the "
                              "current state is Stable.\n"));
  QCOMPARE(reset.out, QString());
  QCOMPARE(reset.code, 1);
  ToolOutput remove = groups({"--delete", "--group", kGroup});
  QCOMPARE(remove.err, QString("\nError: Deletion of some consumer groups failed:\n* Group 'lag-group' could not be "
                               "deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is "
                               "not empty.\n"));
  QCOMPARE(remove.code, 1);
  QCOMPARE(committed(), QString("0=7 1=2 2=None"));
}

void TestPierctlGroups::checkResets() {
  const QString header = "\nGROUP           TOPIC           PARTITION  NEW-OFFSET\n";
  ToolOutput dry = groups({"--reset-offsets", "--group", kGroup, "--topic", kTopic, "--to-earliest", "--dry-run"});
  QCOMPARE(dry.out, header + "lag-group       lag-topic       0          0\n"
                             "lag-group       lag-topic       1          0\n"
                             "lag-group       lag-topic       2          0\n");
  QCOMPARE(dry.err, QString());
  QCOMPARE(committed(), QString("0=7 1=2 2=None"));

  ToolOutput earliest = groups({"--reset-offsets", "--group", kGroup, "--topic", kTopic, "--to-earliest", "--execute"});
  QCOMPARE(earliest.out, dry.out);
  QCOMPARE(earliest.code, 0);
  QCOMPARE(committed(), QString("0=0 1=0 2=0"));

  // +2 everywhere, but partition 2 ends at 1: kept there, with Kafka's warning.
  ToolOutput shift = groups({"--reset-offsets", "--group", kGroup, "--all-topics", "--shift-by", "2", "--execute"});
  QCOMPARE(shift.out, header + "lag-group       lag-topic       0          2\n"
                               "lag-group       lag-topic       1          2\n"
                               "lag-group       lag-topic       2          1\n");
  QCOMPARE(shift.err, QString("WARN New offset (2) is higher than latest offset for topic partition lag-topic-2. Value "
                              "will be set to 1.\n"));
  QCOMPARE(committed(), QString("0=2 1=2 2=1"));

  ToolOutput back = groups({"--reset-offsets", "--group", kGroup, "--topic", "lag-topic:0", "--shift-by", "-5", "--execute"});
  QCOMPARE(back.out, header + "lag-group       lag-topic       0          0\n");
  QCOMPARE(back.err, QString("WARN New offset (-3) is lower than earliest offset for topic partition lag-topic-0. Value "
                             "will be set to 0.\n"));
  ToolOutput latest = groups({"--reset-offsets", "--group", kGroup, "--topic", "lag-topic:1", "--to-latest", "--execute"});
  QCOMPARE(latest.code, 0);
  QCOMPARE(committed(), QString("0=0 1=4 2=1"));

  ToolOutput d = groups({"--describe", "--group", kGroup});
  QCOMPARE(d.out, QString("\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             "
                          "CONSUMER-ID     HOST            CLIENT-ID\n"
                          "lag-group       lag-topic       0          0               10              10              "
                          "-               -               -\n"
                          "lag-group       lag-topic       1          4               4               0               "
                          "-               -               -\n"
                          "lag-group       lag-topic       2          1               1               0               "
                          "-               -               -\n"));
}

void TestPierctlGroups::describeResetDelete() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=5"});
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  m_bootstrap = broker.bootstrap();
  m_port = broker.port();
  QCOMPARE(createTopicWithPierctl(m_bootstrap, kTopic, 3), QString());
  auto [produced, producedOut] = runTool("/usr/bin/python3", {python("kafka_python_lag.py"), "produce", m_bootstrap, kTopic,
                                                              "10", "4", "1"}, {}, kClientTimeoutMs);
  QVERIFY2(produced == 0, qPrintable(producedOut));
  QCOMPARE(groups({"--list"}).out, QString());

  Member member;
  QVERIFY2(member.start(m_bootstrap, "0=7,1=2"), qPrintable(member.output() + broker.output().right(3000)));
  QVERIFY2(member.memberId().startsWith("lag-reader-"), qPrintable(member.memberId()));
  checkAliveMember(member.memberId());
  if (QTest::currentTestFailed()) return;
  QVERIFY2(member.close(), qPrintable(member.output()));
  QVERIFY(waitForState("Empty"));

  // No members: the committed partitions only, without consumer, host or client.
  ToolOutput d = groups({"--describe", "--group", kGroup});
  QCOMPARE(d.err, QString("\nConsumer group 'lag-group' has no active members.\n"));
  QCOMPARE(d.out, QString("\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             "
                          "CONSUMER-ID     HOST            CLIENT-ID\n"
                          "lag-group       lag-topic       0          7               10              3               "
                          "-               -               -\n"
                          "lag-group       lag-topic       1          2               4               2               "
                          "-               -               -\n"));
  QCOMPARE(d.code, 0);
  checkResets();
  if (QTest::currentTestFailed()) return;

  ToolOutput removed = groups({"--delete", "--group", kGroup});
  QCOMPARE(removed.out, QString("Deletion of requested consumer groups ('lag-group') was successful.\n"));
  QCOMPARE(removed.code, 0);
  QCOMPARE(groups({"--list"}).out, QString());
  ToolOutput gone = groups({"--describe", "--group", kGroup});
  QCOMPARE(gone.err, QString("\nError: Consumer group 'lag-group' does not exist.\n"));
  QCOMPARE(gone.out, QString());
  QCOMPARE(gone.code, 1);
  ToolOutput again = groups({"--delete", "--group", kGroup});
  QCOMPARE(again.err, QString("\nError: Deletion of some consumer groups failed:\n* Group 'lag-group' could not be "
                              "deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id "
                              "does not exist.\n"));
  QCOMPARE(again.code, 1);
  QCOMPARE(committed(), QString("0=None 1=None 2=None"));
  QCOMPARE(broker.stop(), 0);
}

QTEST_GUILESS_MAIN(TestPierctlGroups)
#include "tst_pierctl_groups.moc"
