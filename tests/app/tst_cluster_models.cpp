// Tests for the cluster table models (topics, partitions, brokers) over fake snapshots: every
// model runs under QAbstractItemModelTester, refreshes are merged as row inserts/removals/changes
// (never a reset) so persistent indexes — selection, current row — survive, and the warning
// colours and derived numbers are what an operator should see.
#include "models/broker_table_model.h"
#include "models/health_colors.h"
#include "models/partition_table_model.h"
#include "models/topic_table_model.h"
#include "session/storage_reader.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace pier;

namespace {

PartitionInfo partition(int id, QList<int> replicas, QList<int> isr, qint64 start = 0, qint64 hw = 0) {
  PartitionInfo p;
  p.id = id;
  p.leader = isr.isEmpty() ? -1 : isr.first();
  p.replicas = std::move(replicas);
  p.isr = std::move(isr);
  p.logStartOffset = start;
  p.highWatermark = hw;
  return p;
}

TopicInfo topic(const QString& name, int partitions, qint64 messagesEach = 0) {
  TopicInfo t;
  t.name = name;
  t.internal = name.startsWith(u"__");
  for (int i = 0; i < partitions; ++i) {
    t.partitions.append(partition(i, {1, 2}, {1, 2}, 10, 10 + messagesEach));
  }
  return t;
}

ClusterSnapshotPtr snapshotOf(QList<TopicInfo> topics, QList<int> brokers = {1, 2}) {
  auto s = std::make_shared<ClusterSnapshot>();
  for (int id : brokers) {
    s->brokers.append({id, QStringLiteral("127.0.0.%1").arg(id), 9092, {}, {}, {}});
  }
  std::sort(topics.begin(), topics.end(), [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });
  s->topics = std::move(topics);
  s->controllerId = brokers.isEmpty() ? -1 : brokers.first();
  return s;
}

QStringList names(const TopicTableModel& model) {
  QStringList out;
  for (int row = 0; row < model.rowCount(); ++row) {
    out.append(model.index(row, TopicTableModel::NameColumn).data(TopicTableModel::SortRole).toString());
  }
  return out;
}

}  // namespace

class TestClusterModels : public QObject {
  Q_OBJECT

 private slots:
  void topicRefreshIsADiffNotAReset();
  void changedTopicEmitsDataChangedForItsRowOnly();
  void randomRefreshesEndInTheNewList();
  void topicNumbersAndWarningColours();
  void offsetsNotKnownSayUnknown();
  void partitionsFollowTheirTopic();
  void partitionLeaderPreferenceAndHealth();
  void brokerCountsAndController();
  void storageFoldsIntoBrokersAndPartitions();
};

void TestClusterModels::topicRefreshIsADiffNotAReset() {
  TopicTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSnapshot(snapshotOf({topic("a", 1), topic("c", 2), topic("e", 3)}));
  QCOMPARE(names(model), (QStringList{"a", "c", "e"}));

  const QPersistentModelIndex c = model.index(1, TopicTableModel::NameColumn);
  QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
  model.setSnapshot(snapshotOf({topic("b", 1), topic("c", 2), topic("d", 1), topic("f", 1)}));

  QCOMPARE(names(model), (QStringList{"b", "c", "d", "f"}));
  QCOMPARE(resets.count(), 0);
  QVERIFY(c.isValid());
  QCOMPARE(c.data(TopicTableModel::SortRole).toString(), QStringLiteral("c"));
  QCOMPARE(removed.count(), 2);   // a, e
  QCOMPARE(inserted.count(), 3);  // b, d, f: one range each (not adjacent)

  model.setSnapshot(nullptr);
  QCOMPARE(model.rowCount(), 0);
  QVERIFY(!c.isValid());
  QCOMPARE(resets.count(), 0);
}

void TestClusterModels::changedTopicEmitsDataChangedForItsRowOnly() {
  TopicTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSnapshot(snapshotOf({topic("a", 1), topic("b", 2), topic("c", 3)}));
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  model.setSnapshot(snapshotOf({topic("a", 1), topic("b", 5), topic("c", 3)}));
  QCOMPARE(changed.count(), 1);
  QCOMPARE(changed[0][0].toModelIndex().row(), 1);
  QCOMPARE(changed[0][1].toModelIndex().row(), 1);
  QCOMPARE(model.index(1, TopicTableModel::PartitionsColumn).data().toString(), QStringLiteral("5"));

  model.setSnapshot(snapshotOf({topic("a", 1), topic("b", 5), topic("c", 3)}));
  QCOMPARE(changed.count(), 1);  // nothing changed, nothing announced
}

void TestClusterModels::randomRefreshesEndInTheNewList() {
  TopicTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  QRandomGenerator random(20261201);
  for (int round = 0; round < 300; ++round) {
    QList<TopicInfo> topics;
    QStringList expected;
    for (int i = 0; i < 40; ++i) {
      if (random.bounded(3) == 0) {
        const QString name = QStringLiteral("t%1").arg(i, 2, 10, QLatin1Char('0'));
        topics.append(topic(name, 1 + static_cast<int>(random.bounded(3))));
        expected.append(name);
      }
    }
    model.setSnapshot(snapshotOf(topics));
    QCOMPARE(names(model), expected);
    for (int row = 0; row < model.rowCount(); ++row) {
      QCOMPARE(model.rowAt(row).partitions, static_cast<int>(topics[row].partitions.size()));
    }
  }
}

void TestClusterModels::topicNumbersAndWarningColours() {
  TopicInfo healthy = topic("healthy", 3, 5);  // 3 partitions x 5 messages
  TopicInfo lagging = topic("lagging", 2);
  lagging.partitions[1].isr = {1};
  TopicInfo broken = topic("broken", 2);
  broken.partitions[0].leader = -1;
  broken.partitions[0].isr = {};
  TopicTableModel model;
  model.setSnapshot(snapshotOf({healthy, lagging, broken}));
  QCOMPARE(names(model), (QStringList{"broken", "healthy", "lagging"}));

  QCOMPARE(model.index(1, TopicTableModel::MessagesColumn).data().toString(), QStringLiteral("15"));
  QCOMPARE(model.index(1, TopicTableModel::ReplicationFactorColumn).data().toString(), QStringLiteral("2"));
  QVERIFY(!model.index(1, 0).data(Qt::BackgroundRole).isValid());

  QCOMPARE(model.index(2, TopicTableModel::UnderReplicatedColumn).data().toString(), QStringLiteral("1"));
  QCOMPARE(model.index(2, 0).data(Qt::BackgroundRole).value<QBrush>(), underReplicatedBrush());
  QVERIFY(model.index(2, 0).data(Qt::ToolTipRole).toString().contains(u"in-sync"));

  QCOMPARE(model.index(0, TopicTableModel::OfflineColumn).data().toString(), QStringLiteral("1"));
  QCOMPARE(model.index(0, 0).data(Qt::BackgroundRole).value<QBrush>(), offlineBrush());
}

void TestClusterModels::offsetsNotKnownSayUnknown() {
  TopicInfo t = topic("t", 2, 7);
  t.partitions[0].highWatermark = -1;
  TopicTableModel topics;
  topics.setSnapshot(snapshotOf({t}));
  QCOMPARE(topics.index(0, TopicTableModel::MessagesColumn).data().toString(), QStringLiteral("7"));  // the known one
  t.partitions[1].logStartOffset = -1;
  topics.setSnapshot(snapshotOf({t}));
  QCOMPARE(topics.index(0, TopicTableModel::MessagesColumn).data().toString(), QStringLiteral("unknown"));
  QCOMPARE(topics.index(0, TopicTableModel::MessagesColumn).data(TopicTableModel::SortRole).toLongLong(), -1);
}

void TestClusterModels::partitionsFollowTheirTopic() {
  PartitionTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSnapshot(snapshotOf({topic("a", 2), topic("b", 4)}));
  QCOMPARE(model.rowCount(), 0);  // no topic chosen yet
  model.setTopic("b");
  QCOMPARE(model.rowCount(), 4);
  const QPersistentModelIndex third = model.index(2, 0);
  model.setSnapshot(snapshotOf({topic("a", 2), topic("b", 6)}));  // partitions added
  QCOMPARE(model.rowCount(), 6);
  QVERIFY(third.isValid());
  QCOMPARE(third.data().toInt(), 2);
  model.setTopic("a");
  QCOMPARE(model.rowCount(), 2);
  QVERIFY(!third.isValid());  // b's partition 2 is not a's partition 2
  model.setSnapshot(snapshotOf({topic("b", 6)}));  // a deleted
  QCOMPARE(model.rowCount(), 0);
}

void TestClusterModels::partitionLeaderPreferenceAndHealth() {
  TopicInfo t = topic("t", 0);
  t.partitions = {partition(0, {1, 2, 3}, {1, 2, 3}, 5, 25), partition(1, {2, 3, 1}, {3, 1}),
                  partition(2, {3, 1, 2}, {})};
  PartitionTableModel model;
  model.setSnapshot(snapshotOf({t}, {1, 2, 3}));
  model.setTopic("t");
  QCOMPARE(model.index(0, PartitionTableModel::ReplicasColumn).data().toString(), QStringLiteral("1,2,3"));
  QCOMPARE(model.index(0, PartitionTableModel::PreferredLeaderColumn).data().toString(), QStringLiteral("Yes"));
  QCOMPARE(model.index(0, PartitionTableModel::MessagesColumn).data().toString(), QStringLiteral("20"));
  QVERIFY(!model.index(0, 0).data(Qt::BackgroundRole).isValid());

  QCOMPARE(model.index(1, PartitionTableModel::LeaderColumn).data().toString(), QStringLiteral("3"));
  QCOMPARE(model.index(1, PartitionTableModel::PreferredLeaderColumn).data().toString(), QStringLiteral("No"));
  QCOMPARE(model.index(1, 0).data(Qt::BackgroundRole).value<QBrush>(), underReplicatedBrush());
  QCOMPARE(model.index(1, 0).data(Qt::ToolTipRole).toString(), QStringLiteral("Under-replicated: 2 of 3 replicas are in sync."));

  QCOMPARE(model.index(2, PartitionTableModel::LeaderColumn).data().toString(), QStringLiteral("none"));
  QCOMPARE(model.index(2, 0).data(Qt::BackgroundRole).value<QBrush>(), offlineBrush());
}

void TestClusterModels::brokerCountsAndController() {
  TopicInfo t = topic("t", 0);
  t.partitions = {partition(0, {1, 2}, {1, 2}), partition(1, {2, 1}, {2, 1}), partition(2, {2, 3}, {2, 3})};
  BrokerTableModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setSnapshot(snapshotOf({t}, {1, 2, 3}));
  QCOMPARE(model.rowCount(), 3);
  QCOMPARE(model.index(0, BrokerTableModel::RoleColumn).data().toString(), QStringLiteral("Controller"));
  QCOMPARE(model.index(1, BrokerTableModel::RoleColumn).data().toString(), QString());
  QCOMPARE(model.index(1, BrokerTableModel::LeadersColumn).data(BrokerTableModel::SortRole).toInt(), 2);
  QCOMPARE(model.index(1, BrokerTableModel::ReplicasColumn).data(BrokerTableModel::SortRole).toInt(), 3);
  QCOMPARE(model.index(2, BrokerTableModel::LeadersColumn).data(BrokerTableModel::SortRole).toInt(), 0);
  QCOMPARE(model.index(2, BrokerTableModel::AddressColumn).data().toString(), QStringLiteral("127.0.0.3:9092"));
  model.setSnapshot(snapshotOf({t}, {1, 2}));  // broker 3 gone from the metadata
  QCOMPARE(model.rowCount(), 2);
}

// foldStorage (what DescribeLogDirs and Metadata v1 answered, folded into a snapshot) and the
// columns that show it.
void TestClusterModels::storageFoldsIntoBrokersAndPartitions() {
  TopicInfo t = topic("t", 0);
  PartitionInfo leaderless = partition(2, {3, 1}, {});
  leaderless.leader = -1;
  t.partitions = {partition(0, {1, 2}, {1, 2}), partition(1, {2, 1}, {2, 1}), leaderless, partition(3, {1}, {1})};
  ClusterSnapshot snap = *snapshotOf({t}, {1, 2, 3});

  ClusterStorage storage;
  storage.racks = {{1, QStringLiteral("east")}, {2, QStringLiteral("west")}};
  storage.brokers[1].logDirs = {{QStringLiteral("/d1"), {}, 300, 3, 1000, 400}, {QStringLiteral("/d2"), {}, 5, 1, 2000, 1500}};
  storage.brokers[2].logDirs = {{QStringLiteral("/d"), QStringLiteral("KAFKA_STORAGE_ERROR"), 0, 0, -1, -1}};
  storage.brokers[3].error = QStringLiteral("_TIMED_OUT: no answer");
  storage.replicaBytes = {{{"t", 0, 1}, 100}, {{"t", 0, 2}, 99}, {{"t", 1, 2}, 50}, {{"t", 1, 1}, 51},
                          {{"t", 2, 3}, 7}, {{"t", 2, 1}, 8}};
  foldStorage(snap, storage);

  QCOMPARE(snap.brokers[0].rack, QStringLiteral("east"));
  QCOMPARE(snap.brokers[2].rack, QString());
  QCOMPARE(snap.brokers[0].logDirBytes(), 305);
  QCOMPARE(snap.brokers[0].totalBytes(), 3000);
  QCOMPARE(snap.brokers[0].usableBytes(), 1900);
  QCOMPARE(snap.brokers[1].totalBytes(), -1);  // an offline directory has no volume figures
  QCOMPARE(snap.brokers[2].logDirBytes(), -1);
  QCOMPARE(snap.brokers[2].storageError, QStringLiteral("_TIMED_OUT: no answer"));
  const QList<PartitionInfo>& parts = snap.topics[0].partitions;
  QCOMPARE(parts[0].sizeBytes, 100);  // the leader's replica, not the follower's
  QCOMPARE(parts[1].sizeBytes, 50);
  QCOMPARE(parts[2].sizeBytes, 7);    // no leader: the first replica's
  QCOMPARE(parts[3].sizeBytes, -1);   // not reported
  QCOMPARE(snap.topics[0].sizeBytes(), 157);

  BrokerTableModel brokers;
  QAbstractItemModelTester tester(&brokers, QAbstractItemModelTester::FailureReportingMode::QtTest);
  brokers.setSnapshot(std::make_shared<ClusterSnapshot>(snap));
  const QLocale locale;
  QCOMPARE(brokers.index(0, BrokerTableModel::RackColumn).data().toString(), QStringLiteral("east"));
  QCOMPARE(brokers.index(0, BrokerTableModel::LogDirBytesColumn).data().toString(), locale.formattedDataSize(305));
  QCOMPARE(brokers.index(0, BrokerTableModel::DiskFreeColumn).data().toString(),
           QStringLiteral("%1 of %2").arg(locale.formattedDataSize(1900), locale.formattedDataSize(3000)));
  const QString tip = brokers.index(0, BrokerTableModel::DiskFreeColumn).data(Qt::ToolTipRole).toString();
  QVERIFY2(tip.contains(u"/d1") && tip.contains(u"/d2") && tip.contains(u"3 replica"), qPrintable(tip));
  QVERIFY(!brokers.index(0, BrokerTableModel::IdColumn).data(Qt::BackgroundRole).isValid());
  QVERIFY(brokers.index(1, BrokerTableModel::IdColumn).data(Qt::BackgroundRole).isValid());  // offline dir
  QVERIFY(brokers.index(1, BrokerTableModel::LogDirBytesColumn).data(Qt::ToolTipRole).toString().contains(u"KAFKA_STORAGE_ERROR"));
  QCOMPARE(brokers.index(2, BrokerTableModel::DiskFreeColumn).data().toString(), QStringLiteral("unknown"));
  QVERIFY(brokers.index(2, BrokerTableModel::LogDirBytesColumn).data(Qt::ToolTipRole).toString().contains(u"_TIMED_OUT"));

  PartitionTableModel partitions;
  partitions.setSnapshot(std::make_shared<ClusterSnapshot>(snap));
  partitions.setTopic(QStringLiteral("t"));
  QCOMPARE(partitions.index(0, PartitionTableModel::SizeColumn).data().toString(), locale.formattedDataSize(100));
  QCOMPARE(partitions.index(3, PartitionTableModel::SizeColumn).data().toString(), QStringLiteral("unknown"));
}

QTEST_GUILESS_MAIN(TestClusterModels)
#include "tst_cluster_models.moc"
