// The console's topic config editor against a real pier-broker on loopback: the session reads a
// topic's configs (DescribeConfigs through pier::client) with their sources, the Edit Configs
// dialog of the Topics page changes one value and resets one override (IncrementalAlterConfigs),
// and pierctl's `topics --describe` (DescribeConfigs, its own client) and kafka-python's
// describe_configs see the result; a value the broker refuses comes back as INVALID_CONFIG with
// the broker's message in the page's banner and changes nothing.
#include "broker_process.h"
#include "dialogs/topic_config_dialog.h"
#include "models/topic_config_model.h"
#include "pages/app_icon.h"
#include "pages/message_banner.h"
#include "pages/topics_page.h"
#include "session/cluster_session.h"
#include "settings/language.h"

#include <QApplication>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace pier;

namespace {

constexpr int kWaitMs = 30000;

// Waits for the answer with `requestId` among the signals `spy` recorded.
template <typename Spy>
QList<QVariant> waitForRequest(Spy& spy, int requestId) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < kWaitMs) {
    for (const QList<QVariant>& args : spy) {
      if (args[0].toInt() == requestId) return args;
    }
    spy.wait(500);
  }
  return {};
}

const TopicConfigEntry* find(const TopicConfigs& configs, const QString& name) {
  for (const TopicConfigEntry& e : configs.entries) {
    if (e.name == name) return &e;
  }
  return nullptr;
}

// "Configs: a=1,b=2" of pierctl topics --describe.
QString pierctlConfigs(const QString& bootstrap, const QString& topic) {
  auto [code, out] = runTool(
      PIERCTL_BINARY, {"topics", "--bootstrap-server", bootstrap, "--describe", "--topic", topic});
  if (code != 0) return "<pierctl failed: " + out + ">";
  const QRegularExpression configs("Configs: ?([^\\n]*)");
  return configs.match(out).captured(1).trimmed();
}

// kafka-python's DescribeConfigs: "name=value" lines for `names`.
QString kafkaPythonConfigs(const QString& bootstrap, const QString& topic,
                           const QStringList& names) {
  const QString script = QStringLiteral(
      "import sys\n"
      "from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient\n"
      "admin = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=10000,"
      " api_version_auto_timeout_ms=10000)\n"
      "r = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, sys.argv[2])])\n"
      "entries = {e[0]: e for e in r[0].resources[0][4]}\n"
      "for n in sys.argv[3:]:\n"
      "    print('%s=%s' % (n, entries[n][1]))\n"
      "admin.close()\n");
  auto [code, out] =
      runTool("/usr/bin/python3", QStringList{"-c", script, bootstrap, topic} + names);
  return code == 0 ? out.trimmed() : "<kafka-python failed: " + out + ">";
}

}  // namespace

class TestConsoleConfigs : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void editTopicConfigs();

 private:
  Language m_language;
};

void TestConsoleConfigs::initTestCase() {
  initAppResources();
  QVERIFY(m_language.apply(QStringLiteral("en")));
}

void TestConsoleConfigs::editTopicConfigs() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  auto [code, out] = runTool(
      PIERCTL_BINARY, {"topics", "--bootstrap-server", broker.bootstrap(), "--create", "--topic",
                       "tuned", "--partitions", "1", "--config", "retention.ms=60000", "--config",
                       "cleanup.policy=compact", "--config", "max.message.bytes=500000"});
  QVERIFY2(code == 0, qPrintable(out));

  ClusterSession session;
  QSignalSpy snapshots(&session, &ClusterSession::snapshotChanged);
  session.connectTo({QStringLiteral("test"), broker.bootstrap(), {}, {}, {}});
  QTRY_VERIFY_WITH_TIMEOUT(session.snapshot() && session.snapshot()->findTopic("tuned"), kWaitMs);

  // The session reads the configs with their sources.
  QSignalSpy read(&session, &TopicConfigClient::topicConfigsRead);
  QList<QVariant> answer = waitForRequest(read, session.describeTopicConfigs("tuned"));
  QVERIFY(!answer.isEmpty());
  const TopicConfigs configs = answer[1].value<TopicConfigs>();
  QVERIFY2(configs.error.name.isEmpty(), qPrintable(configs.error.message));
  QVERIFY(find(configs, "retention.ms") && find(configs, "segment.bytes"));
  QCOMPARE(find(configs, "retention.ms")->value, QStringLiteral("60000"));
  QCOMPARE(find(configs, "retention.ms")->source, ConfigSource::TopicOverride);
  QCOMPARE(find(configs, "segment.bytes")->source, ConfigSource::Default);

  // An unknown topic is the broker's error by name.
  answer = waitForRequest(read, session.describeTopicConfigs("no-such-topic"));
  QVERIFY(!answer.isEmpty());
  QCOMPARE(answer[1].value<TopicConfigs>().error.name, QStringLiteral("UNKNOWN_TOPIC_OR_PART"));

  // The Topics page's Edit Configs dialog: change retention.ms, reset cleanup.policy.
  TopicsPage page(&session);
  page.setSnapshot(session.snapshot());
  page.selectTopic("tuned");
  TopicConfigDialog* dialog = page.showConfigDialog();
  QVERIFY(dialog != nullptr);
  TopicConfigModel* model = dialog->model();
  QTRY_VERIFY_WITH_TIMEOUT(model->rowOf("retention.ms") >= 0 && !dialog->busy(), kWaitMs);
  QSignalSpy altered(dialog, &TopicConfigDialog::altered);
  QVERIFY(model->setData(model->index(model->rowOf("retention.ms"), TopicConfigModel::ValueColumn),
                         "120000"));
  QVERIFY(model->resetToDefault(model->rowOf("cleanup.policy")));
  dialog->findChild<QPushButton*>("applyConfigs")->click();
  QVERIFY(altered.wait(kWaitMs));
  QVERIFY2(altered[0][1].value<KafkaError>().name.isEmpty(),
           qPrintable(altered[0][1].value<KafkaError>().message));
  QCOMPARE(page.banner()->kind(), MessageBanner::Kind::Info);
  // Re-read: the new value as an override, cleanup.policy back to the default, the untouched
  // override kept.
  QTRY_VERIFY_WITH_TIMEOUT(!dialog->busy(), kWaitMs);
  QCOMPARE(
      model->index(model->rowOf("retention.ms"), TopicConfigModel::ValueColumn).data().toString(),
      QStringLiteral("120000"));
  QCOMPARE(model->rowAt(model->rowOf("cleanup.policy")).source, ConfigSource::Default);
  QCOMPARE(model->rowAt(model->rowOf("cleanup.policy")).value, QStringLiteral("delete"));
  QCOMPARE(model->rowAt(model->rowOf("max.message.bytes")).source, ConfigSource::TopicOverride);

  // Independent clients see the same.
  const QString described = pierctlConfigs(broker.bootstrap(), "tuned");
  QVERIFY2(described.split(',').contains("retention.ms=120000"), qPrintable(described));
  QVERIFY2(described.split(',').contains("max.message.bytes=500000"), qPrintable(described));
  QVERIFY2(!described.contains("cleanup.policy"), qPrintable(described));
  QCOMPARE(kafkaPythonConfigs(broker.bootstrap(), "tuned", {"retention.ms", "cleanup.policy"}),
           QStringLiteral("retention.ms=120000\ncleanup.policy=delete"));

  // A value the broker refuses: INVALID_CONFIG with its message, in the page's banner; nothing
  // changes and the edit stays for the user to fix.
  QVERIFY(model->setData(model->index(model->rowOf("retention.ms"), TopicConfigModel::ValueColumn),
                         "soon"));
  dialog->apply();
  QVERIFY(altered.wait(kWaitMs));
  const KafkaError refused = altered[1][1].value<KafkaError>();
  QCOMPARE(refused.name, QStringLiteral("INVALID_CONFIG"));
  QCOMPARE(page.banner()->kind(), MessageBanner::Kind::Error);
  QVERIFY2(page.banner()->text().contains("INVALID_CONFIG") &&
               page.banner()->text().contains("retention.ms"),
           qPrintable(page.banner()->text()));
  QVERIFY(page.banner()->text().contains("does not accept"));
  QVERIFY(model->hasChanges());
  QVERIFY2(pierctlConfigs(broker.bootstrap(), "tuned").split(',').contains("retention.ms=120000"),
           qPrintable(pierctlConfigs(broker.bootstrap(), "tuned")));
  dialog->close();
}

QTEST_MAIN(TestConsoleConfigs)
#include "tst_console_configs.moc"
