// Tests for RateHistory (produce rates from high watermarks, consume rates from committed offsets)
// and the Charts page over it: rates per topic and per leading broker, no negative rates when a
// log shrinks or a group rewinds, bounded points with the
// newest kept at full resolution, a day's retention, and the busiest topics charted by default.
#include "charts/time_series_chart.h"
#include "models/rate_history.h"
#include "pages/charts_page.h"

#include <qcustomplot.h>

#include <QTest>

using namespace pier;

namespace {

ClusterSnapshot snapshotAt(double timeSec, QList<QPair<QString, QList<qint64>>> topics, int leader = 1) {
  ClusterSnapshot s;
  s.brokers = {{1, "a", 9092, {}, {}, {}}, {2, "b", 9092, {}, {}, {}}};
  s.takenAt = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(timeSec * 1000));
  for (const auto& [name, hws] : topics) {
    TopicInfo t;
    t.name = name;
    for (int p = 0; p < hws.size(); ++p) {
      PartitionInfo info;
      info.id = p;
      info.leader = p == 0 ? leader : 2;
      info.replicas = {1, 2};
      info.isr = {1, 2};
      info.logStartOffset = 0;
      info.highWatermark = hws[p];
      t.partitions.append(info);
    }
    s.topics.append(t);
  }
  return s;
}

}  // namespace

class TestRateHistory : public QObject {
  Q_OBJECT

 private slots:
  void ratesPerTopicAndBroker();
  void shrinkingLogIsNotNegativeTraffic();
  void consumeRatesFromCommittedOffsets();
  void seriesStayBounded();
  void oldSeriesAreDropped();
  void chartsPageShowsTheBusiestTopics();
  void chartFollowsAndPauses();
};

void TestRateHistory::ratesPerTopicAndBroker() {
  RateHistory h;
  h.add(snapshotAt(1000, {{"a", {0, 0}}, {"b", {5}}}));
  QVERIFY(h.keys().isEmpty());  // one snapshot says nothing about rates
  h.add(snapshotAt(1010, {{"a", {100, 50}}, {"b", {5}}, {"new", {7}}}));
  QCOMPARE(h.latest(RateHistory::topicKey("a")), 15.0);  // 150 messages in 10 s
  QCOMPARE(h.latest(RateHistory::topicKey("b")), 0.0);
  QVERIFY(h.points(RateHistory::topicKey("new")).isEmpty());  // no earlier point to compare with
  QCOMPARE(h.latest(RateHistory::brokerKey(1)), 10.0);  // leads partition 0 of each topic
  QCOMPARE(h.latest(RateHistory::brokerKey(2)), 5.0);
  QCOMPARE(h.points(RateHistory::topicKey("a")).first().timeSec, 1010.0);
}

void TestRateHistory::shrinkingLogIsNotNegativeTraffic() {
  RateHistory h;
  h.add(snapshotAt(0, {{"t", {1000}}}));
  h.add(snapshotAt(5, {{"t", {10}}}));  // deleted and recreated meanwhile
  QCOMPARE(h.latest(RateHistory::topicKey("t")), 0.0);
  h.add(snapshotAt(10, {{"t", {60}}}));
  QCOMPARE(h.latest(RateHistory::topicKey("t")), 10.0);
}

namespace {

GroupInfo groupAt(const QString& id, QList<QPair<QString, QList<qint64>>> committed) {
  GroupInfo g;
  g.groupId = id;
  for (const auto& [topic, offsets] : committed) {
    for (int p = 0; p < offsets.size(); ++p) {
      GroupPartition gp;
      gp.topic = topic;
      gp.partition = p;
      gp.committedOffset = offsets[p];
      g.partitions.append(gp);
    }
  }
  return g;
}

}  // namespace

void TestRateHistory::consumeRatesFromCommittedOffsets() {
  RateHistory h;
  h.add(snapshotAt(0, {{"a", {100, 100}}, {"b", {10}}}));
  QVERIFY(h.keys().isEmpty());
  ClusterSnapshot quiet = snapshotAt(10, {{"a", {100, 100}}, {"b", {10}}});
  h.add(quiet);
  QVERIFY(!h.keys().contains(RateHistory::consumedBrokerKey(1)));  // no group has committed anywhere
  ClusterSnapshot s0 = snapshotAt(20, {{"a", {100, 100}}, {"b", {10}}});
  s0.groups = {groupAt("g1", {{"a", {0, 0}}}), groupAt("g2", {{"a", {50, -1}}})};
  h.add(s0);
  ClusterSnapshot s1 = snapshotAt(30, {{"a", {100, 100}}, {"b", {10}}});
  // g1 read 60 + 40, g2 read 50 on partition 0 and committed partition 1 for the first time;
  // g3 is new (nothing to compare with).
  s1.groups = {groupAt("g1", {{"a", {60, 40}}}), groupAt("g2", {{"a", {100, 30}}}), groupAt("g3", {{"b", {10}}})};
  h.add(s1);
  QCOMPARE(h.latest(RateHistory::consumedTopicKey("a")), 15.0);  // 150 messages in 10 s, every group
  QVERIFY(h.points(RateHistory::consumedTopicKey("b")).isEmpty());
  QCOMPARE(h.latest(RateHistory::consumedBrokerKey(1)), 11.0);  // partition 0: 60 + 50
  QCOMPARE(h.latest(RateHistory::consumedBrokerKey(2)), 4.0);   // partition 1: 40
  QCOMPARE(h.latest(RateHistory::topicKey("a")), 0.0);          // nothing produced meanwhile
  ClusterSnapshot s2 = snapshotAt(40, {{"a", {100, 100}}, {"b", {10}}});
  s2.groups = {groupAt("g1", {{"a", {0, 40}}}), groupAt("g2", {{"a", {100, 30}}}), groupAt("g3", {{"b", {10}}})};
  h.add(s2);  // g1 reset partition 0 to the start: a rewind, not negative consumption
  QCOMPARE(h.latest(RateHistory::consumedTopicKey("a")), 0.0);
  QCOMPARE(h.latest(RateHistory::consumedTopicKey("b")), 0.0);

  ChartsPage page;
  page.addSnapshot(s0);
  page.addSnapshot(s1);
  QVERIFY(page.chosen().contains(QStringLiteral("consumed-topic:a")));
}

void TestRateHistory::seriesStayBounded() {
  RateHistory h;
  const int refreshes = RateHistory::kPointsMax * 3;
  for (int i = 0; i <= refreshes; ++i) {
    h.add(snapshotAt(i * 5.0, {{"t", {i * 50LL}}}));  // 10 messages/s throughout
  }
  const QList<RatePoint>& points = h.points(RateHistory::topicKey("t"));
  QVERIFY(points.size() <= RateHistory::kPointsMax);
  QVERIFY(points.size() > RateHistory::kPointsMax / 2);
  for (qsizetype i = 1; i < points.size(); ++i) {
    QVERIFY(points[i].timeSec > points[i - 1].timeSec);
    QCOMPARE(points[i].value, 10.0);  // averaging equal rates keeps them
  }
  QCOMPARE(points.last().timeSec, refreshes * 5.0);              // the newest at full resolution
  QCOMPARE(points[points.size() - 2].timeSec, refreshes * 5.0 - 5);
  QVERIFY(points.first().timeSec < 3600);                         // and the oldest still there, thinned
}

void TestRateHistory::oldSeriesAreDropped() {
  RateHistory h;
  h.add(snapshotAt(0, {{"gone", {0}}, {"stays", {0}}}));
  h.add(snapshotAt(10, {{"gone", {10}}, {"stays", {10}}}));
  QVERIFY(h.keys().contains(RateHistory::topicKey("gone")));
  const double later = 10 + RateHistory::kRetentionSec + 60;
  h.add(snapshotAt(later - 10, {{"stays", {20}}}));
  h.add(snapshotAt(later, {{"stays", {30}}}));
  QVERIFY(!h.keys().contains(RateHistory::topicKey("gone")));
  QCOMPARE(h.points(RateHistory::topicKey("stays")).size(), 2);
}

void TestRateHistory::chartsPageShowsTheBusiestTopics() {
  ChartsPage page;
  QList<QPair<QString, QList<qint64>>> topics;
  QList<QPair<QString, QList<qint64>>> later;
  for (int i = 0; i < 8; ++i) {
    topics.append({QStringLiteral("t%1").arg(i), {0}});
    later.append({QStringLiteral("t%1").arg(i), {i * 100LL}});
  }
  page.addSnapshot(snapshotAt(0, topics));
  page.addSnapshot(snapshotAt(10, later));
  QCOMPARE(page.chosen(), (QStringList{"topic:t3", "topic:t4", "topic:t5", "topic:t6", "topic:t7"}));
  QCOMPARE(page.chart()->graphCount(), ChartsPage::kDefaultSeries);
  page.setChosen({"broker:1"});
  QCOMPARE(page.chart()->graphCount(), 1);
  page.clear();
  QCOMPARE(page.chart()->graphCount(), 0);
  QVERIFY(page.history().keys().isEmpty());
}

void TestRateHistory::chartFollowsAndPauses() {
  TimeSeriesChart chart;
  chart.setTimeWindowSec(60);
  chart.setSeries({{"a", {1000, 1100, 1200}, {1, 2, 3}, Qt::red}});
  QCOMPARE(chart.graphCount(), 1);
  QVERIFY(chart.isFollowing());
  QCOMPARE(chart.plot()->xAxis->range().upper, 1200.0);  // the newest point, a minute back
  QCOMPARE(chart.plot()->xAxis->range().lower, 1140.0);
  chart.setPaused(true);
  chart.setSeries({{"a", {1000, 1100}, {1, 2}, Qt::red}, {"b", {1000}, {5}, Qt::blue}});
  QCOMPARE(chart.graphCount(), 1);  // frozen while paused
  chart.setPaused(false);
  QCOMPARE(chart.graphCount(), 2);
}

QTEST_MAIN(TestRateHistory)
#include "tst_rate_history.moc"
