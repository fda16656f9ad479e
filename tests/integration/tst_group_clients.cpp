// Consumer groups in a real pier-broker with real clients on loopback: kafka-python consumers
// splitting a topic, rebalancing when one leaves and resuming at committed offsets;
// confluent-kafka's cooperative-sticky (only moved partitions revoked) and static membership (a
// restarted member gets its partitions back, nobody else rebalances); kcat -G; committed
// offsets and group metadata surviving kill -9; and an independent Python decoder of
// __consumer_offsets finding the same offsets the clients committed.
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "broker_process.h"

namespace {

constexpr int kClientTimeoutMs = 120000;
// Fast rebalances, as Kafka's quickstart configures a single-node broker.
const QStringList kGroupConfig = {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=5"};

QString python(const QString& script) { return QStringLiteral(PIER_CLIENTS_DIR "/") + script; }

}  // namespace

class TestGroupClients : public QObject {
  Q_OBJECT

 private slots:
  void kafkaPythonGroupSplitsRebalancesResumes();
  void confluentGroups_data();
  void confluentGroups();
  void kcatBalancedConsumer();
  void committedOffsetsSurviveKill9();
};

void TestGroupClients::kafkaPythonGroupSplitsRebalancesResumes() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), kGroupConfig);
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  auto [code, out] = runTool("/usr/bin/python3", {python("kafka_python_group.py"), broker.bootstrap(), "orders", "billing"},
                             {}, kClientTimeoutMs);
  QVERIFY2(code == 0, qPrintable(out + "\n--- broker:\n" + broker.output().right(3000)));
  qInfo("%s", qPrintable(out.trimmed()));
}

void TestGroupClients::confluentGroups_data() {
  QTest::addColumn<QString>("mode");
  QTest::newRow("cooperative-sticky: only moved partitions revoked") << "cooperative";
  QTest::newRow("static membership: a restart gets its partitions back") << "static";
}

void TestGroupClients::confluentGroups() {
  QFETCH(QString, mode);
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), kGroupConfig);
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "events", 6), QString());
  auto [code, out] = runTool("/usr/bin/python3", {python("confluent_group.py"), broker.bootstrap(), "events", mode, mode},
                             {}, kClientTimeoutMs);
  QVERIFY2(code == 0, qPrintable(out + "\n--- broker:\n" + broker.output().right(3000)));
  qInfo("%s", qPrintable(out.trimmed()));
}

void TestGroupClients::kcatBalancedConsumer() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), kGroupConfig);
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "lines", 3), QString());
  auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-t", "lines", "-P"}, "one\ntwo\nthree\nfour\n");
  QVERIFY2(code == 0, qPrintable(out));
  // -G: a balanced consumer in group "readers"; -e exits at the end of every partition.
  std::tie(code, out) = runTool("kcat", {"-b", broker.bootstrap(), "-G", "readers", "lines", "-o", "beginning", "-e",
                                         "-f", "%s\\n", "-X", "auto.commit.interval.ms=100"},
                                {}, kClientTimeoutMs);
  QVERIFY2(code == 0, qPrintable(out));
  QStringList got = out.split('\n', Qt::SkipEmptyParts).filter(QRegularExpression("^(one|two|three|four)$"));
  got.sort();
  QCOMPARE(got, (QStringList{"four", "one", "three", "two"}));
}

void TestGroupClients::committedOffsetsSurviveKill9() {
  QTemporaryDir dir;
  auto broker = std::make_unique<BrokerProcess>(dir.path(), kGroupConfig);
  QVERIFY2(broker->start(), qPrintable(broker->output()));
  const int port = broker->port();
  const QString commit = QStringLiteral(R"(
import sys
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.structs import OffsetAndMetadata
bootstrap = sys.argv[1]
admin = KafkaAdminClient(bootstrap_servers=bootstrap)
admin.create_topics([NewTopic("ledger", 2, 1)])
producer = KafkaProducer(bootstrap_servers=bootstrap)
for i in range(10):
    producer.send("ledger", b"x", partition=i % 2)
producer.flush()
c = KafkaConsumer(bootstrap_servers=bootstrap, group_id="auditors", enable_auto_commit=False)
c.assign([TopicPartition("ledger", 0), TopicPartition("ledger", 1)])
c.commit({TopicPartition("ledger", 0): OffsetAndMetadata(4, "half"), TopicPartition("ledger", 1): OffsetAndMetadata(5, None)})
c.close()
# A subscribed member too: its group's metadata record must survive as well.
r = KafkaConsumer("ledger", bootstrap_servers=bootstrap, group_id="readers", auto_offset_reset="earliest",
                  session_timeout_ms=6000)
while not r.assignment():
    r.poll(timeout_ms=200)
r.commit()
r.close()
print("committed")
)");
  auto [code, out] = runTool("/usr/bin/python3", {"-c", commit, broker->bootstrap()}, {}, kClientTimeoutMs);
  QVERIFY2(code == 0, qPrintable(out));
  broker->kill();  // SIGKILL: no clean shutdown, no flush

  broker = std::make_unique<BrokerProcess>(dir.path(), kGroupConfig + QStringList{QStringLiteral("listeners=PLAINTEXT://127.0.0.1:%1").arg(port)});
  QVERIFY2(broker->start(), qPrintable(broker->output()));
  const QString read = QStringLiteral(R"(
import sys
from kafka.admin import KafkaAdminClient
admin = KafkaAdminClient(bootstrap_servers=sys.argv[1])
offsets = admin.list_consumer_group_offsets("auditors")
print(sorted((tp.partition, m.offset, m.metadata) for tp, m in offsets.items()))
groups = admin.list_consumer_groups()
print(sorted(groups))
described = admin.describe_consumer_groups(["readers"])[0]
print("readers", described.state, described.protocol_type)
)");
  std::tie(code, out) = runTool("/usr/bin/python3", {"-c", read, broker->bootstrap()}, {}, kClientTimeoutMs);
  QVERIFY2(code == 0, qPrintable(out));
  QVERIFY2(out.contains("[(0, 4, 'half'), (1, 5, '')]"), qPrintable(out));
  QVERIFY2(out.contains("('auditors', '')"), qPrintable(out));  // a group that only commits offsets
  QVERIFY2(out.contains("('readers', 'consumer')"), qPrintable(out));
  QVERIFY2(out.contains("readers Empty consumer"), qPrintable(out));  // its members left before the kill

  // An independent decoder of __consumer_offsets (from Kafka's record formats) agrees.
  std::tie(code, out) = runTool("/usr/bin/python3", {python("consumer_offsets_reader.py"), dir.path() + "/logs"});
  QVERIFY2(code == 0, qPrintable(out));
  const QJsonObject decoded = QJsonDocument::fromJson(out.toUtf8()).object();
  const QJsonObject auditors = decoded["offsets"].toObject()["auditors"].toObject();
  QCOMPARE(auditors["ledger/0"].toInt(), 4);
  QCOMPARE(auditors["ledger/1"].toInt(), 5);
  const QJsonObject readers = decoded["groups"].toObject()["readers"].toObject();
  QCOMPARE(readers["protocolType"].toString(), QStringLiteral("consumer"));
  QVERIFY(readers["generation"].toInt() >= 2);  // joined (1), then emptied by the leave (2)
  QCOMPARE(decoded["offsets"].toObject()["readers"].toObject()["ledger/0"].toInt(), 5);
}

QTEST_GUILESS_MAIN(TestGroupClients)
#include "tst_group_clients.moc"
