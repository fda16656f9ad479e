// Tests for the Burrow-style lag status of a partition and a group, for LagHistory (windows and
// bounded totals) and for LagStore (lag history in SQLite: kept across reopening, retention).
#include "models/lag_history.h"
#include "models/lag_status.h"
#include "settings/lag_store.h"

#include <QTemporaryDir>
#include <QTest>

using namespace pier;

namespace {

// Samples 10 s apart: (committed, log end) pairs.
QList<LagSample> samples(std::initializer_list<std::pair<qint64, qint64>> pairs, qint64 startMs = 0) {
  QList<LagSample> out;
  qint64 t = startMs;
  for (const auto& [committed, logEnd] : pairs) {
    out.append({t, committed, logEnd});
    t += 10000;
  }
  return out;
}

ClusterSnapshotPtr snapshotAt(qint64 timeMs, qint64 committed, qint64 logEnd, bool owned = true) {
  auto s = std::make_shared<ClusterSnapshot>();
  s->takenAt = QDateTime::fromMSecsSinceEpoch(timeMs);
  GroupInfo g;
  g.groupId = "g";
  g.state = owned ? "Stable" : "Empty";
  if (owned) g.members.append({"m1", {}, "c", "/127.0.0.1", {{"t", 0}}});
  g.partitions.append({"t", 0, committed, logEnd, owned ? "m1" : ""});
  s->groups.append(g);
  return s;
}

}  // namespace

class TestLagStatus : public QObject {
  Q_OBJECT

 private slots:
  void partitionStatus_data();
  void partitionStatus();
  void worstDecidesTheGroup();
  void historyKeepsAWindow();
  void storeKeepsHistoryWithinRetention();
};

void TestLagStatus::partitionStatus_data() {
  QTest::addColumn<QList<LagSample>>("window");
  QTest::addColumn<qint64>("nowMs");
  QTest::addColumn<bool>("owned");
  QTest::addColumn<LagStatus>("expected");
  QTest::newRow("one sample is too few") << samples({{0, 10}}) << 0LL << true << LagStatus::Ok;
  QTest::newRow("caught up once") << samples({{0, 10}, {10, 10}, {10, 20}}) << 20000LL << true << LagStatus::Ok;
  QTest::newRow("lag shrinking") << samples({{0, 50}, {20, 60}, {45, 70}}) << 20000LL << true << LagStatus::Ok;
  QTest::newRow("committing but falling behind") << samples({{0, 10}, {5, 20}, {10, 30}}) << 20000LL << true
                                                 << LagStatus::Warn;
  QTest::newRow("stuck with an owner") << samples({{5, 10}, {5, 12}, {5, 15}}) << 20000LL << true << LagStatus::Stall;
  QTest::newRow("stuck with nobody") << samples({{5, 10}, {5, 12}, {5, 15}}) << 20000LL << false << LagStatus::Stop;
  QTest::newRow("went backwards") << samples({{50, 60}, {10, 60}, {20, 60}}) << 20000LL << true << LagStatus::Rewind;
  // Moved at 10 s, then nothing until 70 s: silent longer than it was moving.
  QTest::newRow("stopped moving") << samples({{0, 10}, {5, 20}, {5, 30}, {5, 40}, {5, 50}, {5, 60}, {5, 70}})
                                  << 60000LL << false << LagStatus::Stop;
  QTest::newRow("only the last window counts")
      << samples({{90, 100}, {1, 100}, {2, 200}, {3, 300}, {4, 400}, {5, 500}, {6, 600}, {7, 700}, {8, 800}, {9, 900},
                  {10, 1000}, {11, 1100}})
      << 110000LL << true << LagStatus::Warn;  // the rewind at sample 2 has left the window
  QTest::newRow("unknown offsets are skipped") << samples({{-1, 10}, {5, -1}, {5, 10}}) << 20000LL << true << LagStatus::Ok;
}

void TestLagStatus::partitionStatus() {
  QFETCH(QList<LagSample>, window);
  QFETCH(qint64, nowMs);
  QFETCH(bool, owned);
  QFETCH(LagStatus, expected);
  QCOMPARE(lagStatusName(evaluatePartition(window, nowMs, owned)), lagStatusName(expected));
}

void TestLagStatus::worstDecidesTheGroup() {
  QCOMPARE(worse(LagStatus::Warn, LagStatus::Stop), LagStatus::Stop);
  QCOMPARE(worse(LagStatus::Rewind, LagStatus::Warn), LagStatus::Rewind);
  QCOMPARE(worse(LagStatus::Stall, LagStatus::Rewind), LagStatus::Stall);
  QCOMPARE(worse(LagStatus::Ok, LagStatus::Ok), LagStatus::Ok);
}

void TestLagStatus::historyKeepsAWindow() {
  LagHistory h;
  for (int i = 0; i < 30; ++i) h.add(*snapshotAt(i * 1000, 5, 10 + i));
  const ClusterSnapshotPtr now = snapshotAt(30000, 5, 40);
  const GroupInfo& g = now->groups.first();
  const GroupLagStatus status = h.groupStatus(g, 30000);
  QCOMPARE(status.status, LagStatus::Stall);
  QCOMPARE(status.worstTopic, QStringLiteral("t"));
  QCOMPARE(h.totalLag("g").size(), 30);
  QCOMPARE(h.totalLag("g").last().value, 34.0);  // 10 + 29 - 5
  h.clear();
  QVERIFY(h.totalLag("g").isEmpty());
}

void TestLagStatus::storeKeepsHistoryWithinRetention() {
  QTemporaryDir dir;
  const QString path = dir.filePath("pier.sqlite");
  const qint64 hour = 3600 * 1000;
  {
    LagStore store(path);
    QVERIFY(store.isOpen());
    QVERIFY(store.record("prod", *snapshotAt(0, 5, 15)));
    QVERIFY(store.record("prod", *snapshotAt(hour, 5, 25)));
    QVERIFY(store.record("test", *snapshotAt(hour, 0, 1)));
  }
  LagStore reopened(path);
  const QList<TimePoint> history = reopened.history("prod", "g", hour);
  QCOMPARE(history.size(), 2);
  QCOMPARE(history[0].value, 10.0);
  QCOMPARE(history[1].value, 20.0);
  QCOMPARE(history[1].timeSec, 3600.0);
  QCOMPARE(reopened.groups("prod"), QStringList{"g"});
  reopened.setRetentionHours(1);
  QVERIFY(reopened.record("prod", *snapshotAt(2 * hour + 1, 5, 35)));  // drops what is older than 1 h
  QCOMPARE(reopened.history("prod", "g", 2 * hour + 1).size(), 1);
  QCOMPARE(reopened.history("test", "g", 2 * hour + 1).size(), 0);
}

QTEST_GUILESS_MAIN(TestLagStatus)
#include "tst_lag_status.moc"
