// The console's cluster session and pages against a real pier-broker on loopback: the snapshot
// (brokers, cluster id, controller, topics, partitions, offsets) matches what kcat produced and
// pierctl created; topic administration through the session and through the Create Topic
// dialog; the broker's own errors reach the user by name; a killed broker turns the session
// Offline (the last snapshot kept, the banner saying why) and a restarted one brings it back.
#include "broker_process.h"
#include "dialogs/create_topic_dialog.h"
#include "dialogs/produce_dialog.h"
#include "models/message_list_model.h"
#include "pages/message_detail_view.h"
#include "pages/messages_page.h"
#include "pages/groups_page.h"
#include "models/group_table_model.h"
#include "models/group_detail_models.h"
#include "models/broker_table_model.h"
#include "models/partition_table_model.h"
#include "models/topic_table_model.h"
#include "pages/charts_page.h"
#include "pages/main_window.h"
#include "pages/message_banner.h"
#include "pages/topics_page.h"
#include "session/cluster_session.h"
#include "session/storage_reader.h"
#include "settings/language.h"
#include "pages/app_icon.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTimer>
#include <QStandardPaths>
#include <QtTest>

using namespace pier;

namespace {

constexpr int kWaitMs = 30000;  // generous: CI machines are slow and shared

ConnectionSettings settingsFor(const BrokerProcess& broker) {
  return {QStringLiteral("test"), broker.bootstrap(), {}, {}, {}};
}

// Waits for a snapshot that satisfies `accept`, refreshing on demand; returns it or null.
template <typename Accept>
ClusterSnapshotPtr waitForSnapshot(ClusterSession& session, Accept accept) {
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < kWaitMs) {
    if (const ClusterSnapshotPtr s = session.snapshot(); s && accept(*s)) {
      return s;
    }
    QSignalSpy changed(&session, &ClusterSession::snapshotChanged);
    session.refreshNow();
    changed.wait(2000);
  }
  return nullptr;
}

KafkaError waitForAnswer(ClusterSession& session, int requestId) {
  QSignalSpy finished(&session, &ClusterSession::operationFinished);
  QElapsedTimer timer;
  timer.start();
  while (timer.elapsed() < kWaitMs) {
    for (const QList<QVariant>& args : finished) {
      if (args[0].toInt() == requestId) {
        return args[1].value<KafkaError>();
      }
    }
    finished.wait(500);
  }
  return {QStringLiteral("<no answer>"), {}};
}

}  // namespace

class TestConsoleSession : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase();
  void snapshotShowsWhatClientsDid();
  void storageAndRacks();
  void topicAdministration();
  void brokerErrorsAreNamed();
  void killedBrokerGoesOfflineAndComesBack();
  void unreachableAndMisconfiguredConnections();
  void createTopicThroughTheDialog();
  void produceThroughTheDialog();
  void browseMessages();
  void groupsAndLag();
  void consumeRatesFromCommits();

 private:
  Language m_language;
};

void TestConsoleSession::initTestCase() {
  QStandardPaths::setTestModeEnabled(true);  // saved connections go to a test location
  // The English texts as the app shows them (plural forms come from the translation).
  initAppResources();
  QVERIFY(m_language.apply(QStringLiteral("en")));
}

void TestConsoleSession::snapshotShowsWhatClientsDid() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "orders", 3), QString());
  int code = 0;
  QString out;
  QByteArray lines;
  for (int i = 0; i < 10; ++i) {
    lines += "message " + QByteArray::number(i) + "\n";
  }
  std::tie(code, out) = runTool("kcat", {"-b", broker.bootstrap(), "-t", "orders", "-p", "1", "-P"}, lines);
  QVERIFY2(code == 0, qPrintable(out));

  ClusterSession session;
  QSignalSpy states(&session, &ClusterSession::stateChanged);
  session.connectTo(settingsFor(broker));
  QCOMPARE(session.state(), SessionState::Connecting);
  const ClusterSnapshotPtr s = waitForSnapshot(session, [](const ClusterSnapshot& snap) {
    const TopicInfo* t = snap.findTopic("orders");
    return t && t->partitions.size() == 3 && t->partitions[1].highWatermark == 10;
  });
  QVERIFY2(s, qPrintable(session.lastError().name + ": " + session.lastError().message));
  QCOMPARE(session.state(), SessionState::Online);
  QCOMPARE(s->brokers.size(), 1);
  QCOMPARE(s->brokers[0].id, 0);
  QCOMPARE(s->brokers[0].port, broker.port());
  QCOMPARE(s->controllerId, 0);
  QVERIFY2(s->clusterId.size() == 22, qPrintable(s->clusterId));  // base64 of a 16-byte UUID
  const TopicInfo* orders = s->findTopic("orders");
  QCOMPARE(orders->replicationFactor(), 1);
  QCOMPARE(orders->messageCount(), 10);
  for (const PartitionInfo& p : orders->partitions) {
    QCOMPARE(p.leader, 0);
    QCOMPARE(p.isr, QList<int>{0});
    QCOMPARE(p.logStartOffset, 0);
    QCOMPARE(p.highWatermark, p.id == 1 ? 10 : 0);
  }
  QCOMPARE(states.first().first().value<SessionState>(), SessionState::Connecting);

}

// Log-dir usage, replica sizes and racks come through pier::client (DescribeLogDirs, Metadata
// v1), beside librdkafka's snapshot: checked against the files on disk and server.properties.
void TestConsoleSession::storageAndRacks() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), {"broker.rack=rack-a"});
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "sized", 2), QString());
  QByteArray lines;
  for (int i = 0; i < 200; ++i) {
    lines += QByteArray(1000, char('a' + i % 26)) + "\n";
  }
  const auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-t", "sized", "-p", "0", "-P"}, lines);
  QVERIFY2(code == 0, qPrintable(out));

  // What the partition's segments hold on disk (the .log files; indexes are not log data).
  const auto onDisk = [&dir](const QString& partitionDir) {
    qint64 bytes = 0;
    for (const QFileInfo& f : QDir(dir.path() + "/logs/" + partitionDir).entryInfoList({"*.log"}, QDir::Files)) {
      bytes += f.size();
    }
    return bytes;
  };
  ClusterSession session;
  session.connectTo(settingsFor(broker));
  const ClusterSnapshotPtr s = waitForSnapshot(session, [&](const ClusterSnapshot& snap) {
    const TopicInfo* t = snap.findTopic("sized");
    return t && t->partitions.size() == 2 && t->partitions[0].highWatermark == 200 &&
           t->partitions[0].sizeBytes == onDisk("sized-0");
  });
  QVERIFY2(s, qPrintable(session.lastError().name + ": " + session.lastError().message));
  const BrokerInfo& b = s->brokers.at(0);
  QCOMPARE(b.rack, QStringLiteral("rack-a"));
  QVERIFY2(b.storageError.isEmpty(), qPrintable(b.storageError));
  QCOMPARE(b.logDirs.size(), 1);
  const LogDirUsage& d = b.logDirs.first();
  QCOMPARE(QFileInfo(d.path).canonicalFilePath(), QFileInfo(dir.path() + "/logs").canonicalFilePath());
  QVERIFY(d.error.isEmpty());
  QCOMPARE(d.replicas, 2);
  const TopicInfo* sized = s->findTopic("sized");
  QVERIFY(sized->partitions[0].sizeBytes > 200 * 1000);
  QCOMPARE(sized->partitions[1].sizeBytes, onDisk("sized-1"));
  QCOMPARE(sized->sizeBytes(), sized->partitions[0].sizeBytes + sized->partitions[1].sizeBytes);
  QCOMPARE(d.replicaBytes, sized->sizeBytes());
  QVERIFY2(d.totalBytes > 0 && d.usableBytes > 0 && d.usableBytes <= d.totalBytes,
           qPrintable(QStringLiteral("%1 of %2").arg(d.usableBytes).arg(d.totalBytes)));

  // The tables show them.
  BrokerTableModel brokers;
  brokers.setSnapshot(s);
  QCOMPARE(brokers.index(0, BrokerTableModel::RackColumn).data().toString(), QStringLiteral("rack-a"));
  QCOMPARE(brokers.index(0, BrokerTableModel::LogDirBytesColumn).data().toString(),
           QLocale().formattedDataSize(sized->sizeBytes()));
  QVERIFY(brokers.index(0, BrokerTableModel::LogDirBytesColumn).data(Qt::ToolTipRole).toString().contains(d.path));
  TopicTableModel topics;
  topics.setSnapshot(s);
  bool shown = false;
  for (int row = 0; row < topics.rowCount(); ++row) {
    if (topics.index(row, TopicTableModel::NameColumn).data(TopicTableModel::SortRole).toString() == u"sized") {
      QCOMPARE(topics.index(row, TopicTableModel::SizeColumn).data(TopicTableModel::SortRole).toLongLong(),
               sized->sizeBytes());
      shown = true;
    }
  }
  QVERIFY(shown);

  // A broker that stops answering: the next snapshot cannot have its storage.
  const QList<BrokerInfo> gone{{7, QStringLiteral("127.0.0.1"), 1, {}, {}, {}}};
  const ClusterStorage none = readClusterStorage(settingsFor(broker), gone, 2000);
  QVERIFY(none.brokers.contains(7));
  QVERIFY2(!none.brokers[7].error.isEmpty() && none.brokers[7].logDirs.isEmpty(), qPrintable(none.brokers[7].error));
  // An IPv6 broker address is dialled as [host]:port, not refused as a malformed address.
  const ClusterStorage v6 = readClusterStorage(settingsFor(broker), {{8, QStringLiteral("::1"), 1, {}, {}, {}}}, 2000);
  QVERIFY2(!v6.brokers[8].error.isEmpty() && !v6.brokers[8].error.startsWith(QStringLiteral("_INVALID_ARG")),
           qPrintable(v6.brokers[8].error));
  // A connection pier::client cannot make (TLS) says so instead of guessing.
  ConnectionSettings tls = settingsFor(broker);
  tls.properties.append({QStringLiteral("security.protocol"), QStringLiteral("SSL")});
  QVERIFY(readClusterStorage(tls, s->brokers, 2000).error.startsWith(QStringLiteral("_NOT_IMPLEMENTED")));
}

void TestConsoleSession::topicAdministration() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  ClusterSession session;
  session.connectTo(settingsFor(broker));
  QVERIFY(waitForSnapshot(session, [](const ClusterSnapshot&) { return true; }));

  NewTopic topic{"made.by.console", 2, 1, {{"retention.ms", "3600000"}, {"cleanup.policy", "compact"}}, false};
  KafkaError error = waitForAnswer(session, session.createTopic(topic));
  QVERIFY2(error.name.isEmpty(), qPrintable(error.name + ": " + error.message));
  QVERIFY(waitForSnapshot(session, [](const ClusterSnapshot& s) {
    const TopicInfo* t = s.findTopic("made.by.console");
    return t && t->partitions.size() == 2;
  }));
  auto [code, out] = runTool(PIERCTL_BINARY, {"topics", "--bootstrap-server", broker.bootstrap(), "--describe",
                                              "--topic", "made.by.console"});
  QVERIFY2(out.contains("cleanup.policy=compact") && out.contains("retention.ms=3600000"), qPrintable(out));
  QVERIFY2(!out.contains("segment.bytes"), qPrintable(out));  // only the keys the user set

  error = waitForAnswer(session, session.createPartitions("made.by.console", 5));
  QVERIFY2(error.name.isEmpty(), qPrintable(error.name + ": " + error.message));
  QVERIFY(waitForSnapshot(session, [](const ClusterSnapshot& s) {
    const TopicInfo* t = s.findTopic("made.by.console");
    return t && t->partitions.size() == 5;
  }));

  topic.name = "validated.only";
  topic.validateOnly = true;
  error = waitForAnswer(session, session.createTopic(topic));
  QVERIFY2(error.name.isEmpty(), qPrintable(error.name + ": " + error.message));

  error = waitForAnswer(session, session.deleteTopic("made.by.console"));
  QVERIFY2(error.name.isEmpty(), qPrintable(error.name + ": " + error.message));
  const ClusterSnapshotPtr after = waitForSnapshot(session, [](const ClusterSnapshot& s) {
    return s.findTopic("made.by.console") == nullptr;
  });
  QVERIFY(after);
  QVERIFY(after->findTopic("validated.only") == nullptr);
}

void TestConsoleSession::brokerErrorsAreNamed() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  ClusterSession session;
  session.connectTo(settingsFor(broker));
  QVERIFY(waitForSnapshot(session, [](const ClusterSnapshot&) { return true; }));

  QCOMPARE(waitForAnswer(session, session.createTopic({"twice", 1, 1, {}, false})).name, QString());
  QCOMPARE(waitForAnswer(session, session.createTopic({"twice", 1, 1, {}, false})).name,
           QStringLiteral("TOPIC_ALREADY_EXISTS"));
  QCOMPARE(waitForAnswer(session, session.createTopic({"three.copies", 1, 3, {}, false})).name,
           QStringLiteral("INVALID_REPLICATION_FACTOR"));
  QCOMPARE(waitForAnswer(session, session.createTopic({"bad.value", 1, 1, {{"retention.ms", "soon"}}, false})).name,
           QStringLiteral("INVALID_CONFIG"));
  QCOMPARE(waitForAnswer(session, session.createPartitions("twice", 1)).name, QStringLiteral("INVALID_PARTITIONS"));
  QCOMPARE(waitForAnswer(session, session.deleteTopic("never.was")).name, QStringLiteral("UNKNOWN_TOPIC_OR_PART"));

  session.disconnectFromCluster();
  QCOMPARE(waitForAnswer(session, session.deleteTopic("twice")).name, QStringLiteral("_STATE"));
}

void TestConsoleSession::killedBrokerGoesOfflineAndComesBack() {
  QTemporaryDir dir;
  auto broker = std::make_unique<BrokerProcess>(dir.path());
  QVERIFY2(broker->start(), qPrintable(broker->output()));
  const int port = broker->port();
  QCOMPARE(createTopicWithPierctl(broker->bootstrap(), "kept", 2), QString());
  ClusterSession session;
  session.setRefreshIntervalMs(500);
  session.connectTo(settingsFor(*broker));
  QVERIFY(waitForSnapshot(session, [](const ClusterSnapshot& s) { return s.findTopic("kept") != nullptr; }));

  broker->kill();
  QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Offline, kWaitMs);
  QVERIFY(!session.lastError().name.isEmpty());
  QVERIFY(session.offlineSince().isValid());
  QVERIFY(session.snapshot() && session.snapshot()->findTopic("kept"));  // last good data kept

  broker = std::make_unique<BrokerProcess>(dir.path(), QStringList{QStringLiteral("listeners=PLAINTEXT://127.0.0.1:%1").arg(port)});
  QVERIFY2(broker->start(), qPrintable(broker->output()));
  QCOMPARE(broker->port(), port);
  QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Online, kWaitMs);
  QVERIFY(session.snapshot()->findTopic("kept"));
  QVERIFY(session.lastError().name.isEmpty());
}

void TestConsoleSession::unreachableAndMisconfiguredConnections() {
  ClusterSession session;
  // Port 1 on loopback: nothing listens there, the connection is refused at once.
  session.connectTo({QStringLiteral("nowhere"), QStringLiteral("127.0.0.1:1"), {}, {}, {}});
  QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Offline, kWaitMs);
  QVERIFY(!session.snapshot());
  QVERIFY2(session.lastError().name.startsWith(u'_'), qPrintable(session.lastError().name));

  session.connectTo({QStringLiteral("bad"), QStringLiteral("127.0.0.1:1"), {{"socket.timeout.ms", "often"}}, {}, {}});
  QTRY_COMPARE_WITH_TIMEOUT(session.state(), SessionState::Offline, kWaitMs);
  QCOMPARE(session.lastError().name, QStringLiteral("_INVALID_ARG"));
  QVERIFY2(session.lastError().message.contains("socket.timeout.ms") && session.lastError().message.contains("often"),
           qPrintable(session.lastError().message));
}

void TestConsoleSession::createTopicThroughTheDialog() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  MainWindow window;
  window.connectTo(settingsFor(broker));
  window.showPage(MainWindow::Page::Topics);
  window.show();
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot&) { return true; }));

  // The dialog is modal: fill it in once it is up, as a user would, and press Create.
  bool filled = false;
  QTimer::singleShot(0, this, [&filled] {
    auto* dialog = qobject_cast<CreateTopicDialog*>(QApplication::activeModalWidget());
    if (dialog == nullptr) {
      return;
    }
    dialog->findChild<QLineEdit*>("topicName")->setText("from-dialog");
    dialog->findChild<QSpinBox*>("partitions")->setValue(4);
    filled = true;
    dialog->accept();
  });
  window.topicsPage()->createTopic();
  QVERIFY(filled);
  MessageBanner* banner = window.topicsPage()->banner();
  QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), kWaitMs);
  QCOMPARE(banner->kind(), MessageBanner::Kind::Info);
  QCOMPARE(banner->text(), QStringLiteral("Created topic from-dialog."));
  TopicTableModel* topics = window.topicsPage()->topicModel();
  QTRY_VERIFY_WITH_TIMEOUT(topics->rowCount() == 1, kWaitMs);
  QCOMPARE(topics->rowAt(0).name, QStringLiteral("from-dialog"));
  QCOMPARE(topics->rowAt(0).partitions, 4);

  // The same name again: the broker's error by name, with the hint.
  QTimer::singleShot(0, this, [] {
    if (auto* dialog = qobject_cast<CreateTopicDialog*>(QApplication::activeModalWidget())) {
      dialog->findChild<QLineEdit*>("topicName")->setText("from-dialog");
      dialog->accept();
    }
  });
  window.topicsPage()->createTopic();
  QTRY_VERIFY_WITH_TIMEOUT(banner->kind() == MessageBanner::Kind::Error, kWaitMs);
  QVERIFY2(banner->text().contains("TOPIC_ALREADY_EXISTS") && banner->text().contains("Choose another name"),
           qPrintable(banner->text()));
}

void TestConsoleSession::produceThroughTheDialog() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "inbox", 2), QString());
  int code = 0;
  QString out;
  MainWindow window;
  window.connectTo(settingsFor(broker));
  window.showPage(MainWindow::Page::Topics);
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot& s) { return s.findTopic("inbox"); }));
  window.topicsPage()->selectTopic("inbox");

  ProduceDialog* dialog = window.topicsPage()->showProduceDialog();
  QCOMPARE(dialog->findChild<QComboBox*>("topic")->currentText(), QStringLiteral("inbox"));
  dialog->findChild<QSpinBox*>("partition")->setValue(1);
  dialog->findChild<QPlainTextEdit*>("keyText")->setPlainText("user-7");
  auto* valueFormat = dialog->findChild<QComboBox*>("valueFormat");
  valueFormat->setCurrentIndex(valueFormat->findData(static_cast<int>(ProduceDialog::Format::Json)));
  dialog->findChild<QPlainTextEdit*>("valueText")->setPlainText(R"({"amount": 12})");
  auto* headers = dialog->findChild<QTableWidget*>("headers");
  headers->setItem(0, 0, new QTableWidgetItem("trace-id"));
  headers->setItem(0, 1, new QTableWidgetItem("abc"));
  dialog->findChild<QSpinBox*>("repeat")->setValue(5);
  dialog->findChild<QPushButton*>("send")->click();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->resultText().startsWith("Delivered"), kWaitMs);
  QCOMPARE(dialog->resultText(), QStringLiteral("Delivered 5 messages: partition 1 offsets 0–4."));

  std::tie(code, out) = runTool("kcat", {"-b", broker.bootstrap(), "-t", "inbox", "-C", "-e", "-p", "1", "-f",
                                         "%p %o %k %s %h\\n"});
  QVERIFY2(code == 0, qPrintable(out));
  const QStringList lines = out.split('\n', Qt::SkipEmptyParts).filter(QRegularExpression("^1 "));
  QCOMPARE(lines.size(), 5);
  QCOMPARE(lines[0], QStringLiteral(R"(1 0 user-7 {"amount": 12} trace-id=abc)"));

  // Bad input never reaches the broker: the dialog says what is wrong.
  dialog->findChild<QPlainTextEdit*>("valueText")->setPlainText(R"({"amount": )");
  dialog->findChild<QPushButton*>("send")->click();
  QVERIFY2(dialog->resultText().startsWith("Value: Not valid JSON"), qPrintable(dialog->resultText()));

  // A partition the topic does not have: librdkafka's error by name.
  valueFormat->setCurrentIndex(valueFormat->findData(static_cast<int>(ProduceDialog::Format::Null)));
  dialog->findChild<QSpinBox*>("partition")->setValue(9);
  dialog->findChild<QSpinBox*>("repeat")->setValue(1);
  dialog->findChild<QPushButton*>("send")->click();
  QTRY_VERIFY_WITH_TIMEOUT(dialog->resultText().startsWith("Delivered"), kWaitMs);
  QVERIFY2(dialog->resultText().contains("UNKNOWN_PARTITION"), qPrintable(dialog->resultText()));
}

void TestConsoleSession::browseMessages() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path());
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "browse", 2), QString());
  int code = 0;
  QString out;
  QByteArray lines;
  for (int i = 0; i < 250; ++i) {
    lines += "key-" + QByteArray::number(i % 7) + "\t{\"n\":" + QByteArray::number(i) + "}\n";
  }
  std::tie(code, out) = runTool("kcat", {"-b", broker.bootstrap(), "-t", "browse", "-p", "0", "-P", "-K", "\t",
                                         "-H", "origin=test"}, lines);
  QVERIFY2(code == 0, qPrintable(out));
  std::tie(code, out) = runTool("kcat", {"-b", broker.bootstrap(), "-t", "browse", "-p", "1", "-P"}, "a\nb\nc\n");
  QVERIFY2(code == 0, qPrintable(out));

  MainWindow window;
  window.resize(1000, 700);
  window.connectTo(settingsFor(broker));
  window.showPage(MainWindow::Page::Messages);
  window.show();
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot& s) { return s.findTopic("browse"); }));
  MessagesPage* page = window.messagesPage();
  MessageListModel* model = page->model();
  const auto browse = [&](int partition, BrowseStart start, qint64 value) {
    QSignalSpy ready(page, &MessagesPage::browseReady);
    page->setQuery("browse", partition, start, value);
    page->browse();
    return ready.wait(kWaitMs);
  };

  QVERIFY(browse(-1, BrowseStart::Earliest, 0));
  QCOMPARE(model->rowCount(), 253);
  QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(0), kWaitMs);  // the visible rows were fetched
  const MessageRecord* first = model->recordAt(0);
  QVERIFY(first);
  QCOMPARE(first->key, std::optional<QByteArray>("key-0"));
  QCOMPARE(first->value, std::optional<QByteArray>(R"({"n":0})"));
  QCOMPARE(first->headers.size(), 1);
  QCOMPARE(first->headers[0].first, QStringLiteral("origin"));
  QCOMPARE(model->index(0, MessageListModel::ValueColumn).data().toString(), QStringLiteral(R"({"n":0})"));
  QTRY_VERIFY_WITH_TIMEOUT(page->detail()->summaryText().startsWith("Partition 0 · offset 0 ·"), kWaitMs);
  QVERIFY2(page->detail()->jsonText().contains("\"n\": 0"), qPrintable(page->detail()->jsonText()));
  QVERIFY(!model->isLoaded(240));  // nobody looked there yet

  page->view()->scrollTo(model->index(240, 0));
  QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(240), kWaitMs);
  QCOMPARE(model->recordAt(240)->offset, 240);
  QCOMPARE(model->index(251, MessageListModel::PartitionColumn).data().toInt(), 1);
  page->view()->scrollTo(model->index(251, 0));
  QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(251), kWaitMs);
  QCOMPARE(model->recordAt(251)->value, std::optional<QByteArray>("b"));
  QCOMPARE(model->recordAt(251)->key, std::nullopt);

  QVERIFY(browse(0, BrowseStart::Offset, 200));
  QCOMPARE(model->rowCount(), 50);
  QCOMPARE(model->locate(0).offset, 200);
  QVERIFY(browse(-1, BrowseStart::NewestN, 10));
  QCOMPARE(model->rowCount(), 13);  // 10 of partition 0, all 3 of partition 1
  QCOMPARE(model->locate(0).offset, 240);
  QVERIFY(browse(-1, BrowseStart::Latest, 0));
  QCOMPARE(model->rowCount(), 0);

  // Live tail: new messages become rows.
  page->setFollowing(true);
  std::tie(code, out) = runTool("kcat", {"-b", broker.bootstrap(), "-t", "browse", "-p", "1", "-P"}, "d\ne\n");
  QVERIFY2(code == 0, qPrintable(out));
  QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 2, kWaitMs);
  QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(1), kWaitMs);
  QCOMPARE(model->recordAt(1)->value, std::optional<QByteArray>("e"));
  page->setFollowing(false);

  // By time: confluent-kafka writes records with chosen CreateTime timestamps to a new topic.
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "timed", 1), QString());
  std::tie(code, out) = runTool("/usr/bin/python3", {"-c", QStringLiteral(R"(
from confluent_kafka import Producer
p = Producer({'bootstrap.servers': '%1'})
for i, ts in enumerate([1000000, 2000000, 3000000]):
    p.produce('timed', value=b'timed-%d' % i, timestamp=ts)
assert p.flush(10) == 0
)").arg(broker.bootstrap())});
  QVERIFY2(code == 0, qPrintable(out));
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot& s) { return s.findTopic("timed"); }));
  QSignalSpy ready(page, &MessagesPage::browseReady);
  page->setQuery("timed", 0, BrowseStart::Timestamp, 1500000);
  page->browse();
  QVERIFY(ready.wait(kWaitMs));
  QCOMPARE(model->rowCount(), 2);
  QTRY_VERIFY_WITH_TIMEOUT(model->isLoaded(0), kWaitMs);
  QCOMPARE(model->recordAt(0)->value, std::optional<QByteArray>("timed-1"));
  QCOMPARE(model->recordAt(0)->timestampMs, 2000000);
}

void TestConsoleSession::groupsAndLag() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), {"group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=3"});
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "jobs", 1), QString());
  QByteArray lines;
  for (int i = 0; i < 10; ++i) lines += "job " + QByteArray::number(i) + "\n";
  auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-t", "jobs", "-P"}, lines);
  QVERIFY2(code == 0, qPrintable(out));

  // A live member that read 4 of the 10 and committed: lag 6.
  QProcess reader;
  reader.setProcessChannelMode(QProcess::MergedChannels);
  reader.start("/usr/bin/python3", {PIER_CLIENTS_DIR "/confluent_lag_reader.py", broker.bootstrap(), "jobs", "workers", "4"});
  QVERIFY(reader.waitForStarted());
  QByteArray readerOutput;
  QTRY_VERIFY_WITH_TIMEOUT((readerOutput += reader.readAllStandardOutput()).contains("consumed") ||
                               reader.state() != QProcess::Running,
                           kWaitMs);
  QVERIFY2(reader.state() == QProcess::Running, readerOutput.constData());

  MainWindow window;
  window.connectTo(settingsFor(broker));
  window.session()->setRefreshIntervalMs(500);
  window.showPage(MainWindow::Page::Groups);
  const ClusterSnapshotPtr s = waitForSnapshot(*window.session(), [](const ClusterSnapshot& snap) {
    const GroupInfo* g = snap.findGroup("workers");
    return g && g->state == "Stable" && !g->partitions.isEmpty() && g->partitions[0].committedOffset == 4;
  });
  QVERIFY2(s, qPrintable(window.session()->snapshot() ? window.session()->snapshot()->groupsError : "no snapshot"));
  const GroupInfo& g = *s->findGroup("workers");
  QCOMPARE(g.members.size(), 1);
  QCOMPARE(g.members[0].clientId, QStringLiteral("lag-reader"));
  QVERIFY2(g.members[0].host.startsWith("/127.0.0.1"), qPrintable(g.members[0].host));
  QCOMPARE(g.members[0].assignment, (QList<QPair<QString, int>>{{"jobs", 0}}));
  QCOMPARE(g.partitions[0].logEndOffset, 10);
  QCOMPARE(g.partitions[0].lag(), 6);
  QCOMPARE(g.partitions[0].memberId, g.members[0].memberId);
  QVERIFY(!g.simple);

  GroupsPage* page = window.groupsPage();
  page->selectGroup("workers");
  QTRY_VERIFY_WITH_TIMEOUT(page->partitionModel()->rowCount() == 1, kWaitMs);
  QCOMPARE(page->partitionModel()->index(0, GroupPartitionModel::LagColumn).data().toString(), QStringLiteral("6"));
  QCOMPARE(page->memberModel()->index(0, GroupMemberModel::AssignmentColumn).data().toString(), QStringLiteral("jobs-0"));
  // The member stays, the offset does not move, the lag stays: after a few refreshes, STALL.
  QTRY_COMPARE_WITH_TIMEOUT(page->groupModel()->index(0, GroupTableModel::StatusColumn).data().toString(),
                            QStringLiteral("STALL"), kWaitMs);
  QVERIFY(page->history().totalLag("workers").size() >= 2);

  // A member cannot be deleted with its group: the broker says why, by name.
  QCOMPARE(waitForAnswer(*window.session(), window.session()->deleteGroup("workers")).name, QStringLiteral("NON_EMPTY_GROUP"));
  reader.closeWriteChannel();  // the member leaves
  QVERIFY(reader.waitForFinished(kWaitMs));
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot& snap) {
    const GroupInfo* grp = snap.findGroup("workers");
    return grp && grp->state == "Empty" && grp->members.isEmpty();
  }));
  QTRY_COMPARE_WITH_TIMEOUT(page->groupModel()->index(0, GroupTableModel::StatusColumn).data().toString(),
                            QStringLiteral("STOP"), kWaitMs);  // lag, and nobody left to consume it
  QCOMPARE(waitForAnswer(*window.session(), window.session()->deleteGroup("workers")).name, QString());
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot& snap) { return snap.findGroup("workers") == nullptr; }));
}

// The Charts page's consume rates come from a group's committed offsets between refreshes: a
// console consumer commits 20, then 30 more, and the chart shows the topic (and its leader)
// consumed at a positive rate.
void TestConsoleSession::consumeRatesFromCommits() {
  QTemporaryDir dir;
  BrokerProcess broker(dir.path(), {"offsets.topic.num.partitions=3", "group.initial.rebalance.delay.ms=0"});
  QVERIFY2(broker.start(), qPrintable(broker.output()));
  QCOMPARE(createTopicWithPierctl(broker.bootstrap(), "feed", 1), QString());
  QByteArray lines;
  for (int i = 0; i < 50; ++i) lines += "item " + QByteArray::number(i) + "\n";
  auto [code, out] = runTool("kcat", {"-b", broker.bootstrap(), "-t", "feed", "-P"}, lines);
  QVERIFY2(code == 0, qPrintable(out));
  const auto consume = [&broker](int count) {
    return runTool(PIERCTL_BINARY, {"console-consumer", "--bootstrap-server", broker.bootstrap(), "--topic", "feed",
                                    "--group", "readers", "--from-beginning", "--max-messages", QString::number(count)});
  };
  std::tie(code, out) = consume(20);
  QVERIFY2(code == 0, qPrintable(out));

  MainWindow window;
  window.connectTo(settingsFor(broker));
  window.session()->setRefreshIntervalMs(500);
  QVERIFY(waitForSnapshot(*window.session(), [](const ClusterSnapshot& snap) {
    const GroupInfo* g = snap.findGroup("readers");
    return g && !g->partitions.isEmpty() && g->partitions[0].committedOffset == 20;
  }));
  std::tie(code, out) = consume(30);
  QVERIFY2(code == 0, qPrintable(out));
  const auto consumedAtSomePoint = [&window](const QString& key) {
    const QList<RatePoint>& points = window.chartsPage()->history().points(key);
    return std::any_of(points.begin(), points.end(), [](const RatePoint& p) { return p.value > 0; });
  };
  QTRY_VERIFY_WITH_TIMEOUT(consumedAtSomePoint(RateHistory::consumedTopicKey("feed")), kWaitMs);
  QVERIFY(consumedAtSomePoint(RateHistory::consumedBrokerKey(0)));
  QVERIFY(window.chartsPage()->chosen().contains(RateHistory::consumedTopicKey("feed")));
}

QTEST_MAIN(TestConsoleSession)
#include "tst_console_session.moc"
