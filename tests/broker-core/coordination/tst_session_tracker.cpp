// SessionTracker as ZooKeeper 3.8's SessionTrackerImpl: expiry times rounded up to the next
// tick (ExpiryQueue.roundToNextInterval), touches moving them on, closing sessions refused,
// checkSession's errors, session ids with the server id in the top byte
// (initializeNextSessionId), and passwords equal to ZooKeeperServer.generatePasswd's, which
// testdata/zk_reference.json holds as ZooKeeper printed them.

#include <QtTest>

#include "coordination/session_tracker.h"
#include "reference_data.h"

using namespace pier::coordination;
using pier::coordination::testing::readReference;

namespace {

constexpr int64_t kSession = 0x1000abc00000001;

QString errName(ZkError e) { return QString::fromLatin1(zkErrorName(e).data(), static_cast<qsizetype>(zkErrorName(e).size())); }

QList<qlonglong> toList(const std::vector<int64_t>& ids) {
  QList<qlonglong> out;
  for (int64_t id : ids) out << id;
  return out;
}

}  // namespace

class TestSessionTracker : public QObject {
  Q_OBJECT

 private slots:
  // initializeNextSessionId: (time << 24) >>> 8 keeps the time's low 40 bits at bits 16..55,
  // the server id goes to the top byte; Long.MIN_VALUE (the container marker) is skipped.
  void sessionIdLayout_data() {
    QTest::addColumn<qlonglong>("serverId");
    QTest::addColumn<qlonglong>("startMs");
    QTest::addColumn<qulonglong>("firstId");
    constexpr uint64_t kNowMs = 1700000000000;  // 41 bits: the top one is cut
    constexpr uint64_t kLow40 = (1ULL << 40) - 1;
    QTest::newRow("standalone (server 0)") << 0LL << qlonglong(kNowMs) << qulonglong((kNowMs & kLow40) << 16);
    QTest::newRow("server 1") << 1LL << qlonglong(kNowMs) << qulonglong((1ULL << 56) | ((kNowMs & kLow40) << 16));
    QTest::newRow("time above 40 bits is cut") << 2LL << ((1LL << 40) + 5) << qulonglong((2ULL << 56) | (5ULL << 16));
    QTest::newRow("server 255: negative ids") << 255LL << 1000LL << qulonglong((255ULL << 56) | (1000ULL << 16));
    QTest::newRow("Long.MIN_VALUE is skipped") << 128LL << (1LL << 40) << qulonglong(0x8000000000000001ULL);
  }

  void sessionIdLayout() {
    QFETCH(qlonglong, serverId);
    QFETCH(qlonglong, startMs);
    QFETCH(qulonglong, firstId);
    SessionTracker tracker(serverId, 2000, startMs);
    const int64_t first = tracker.nextSessionId();
    QCOMPARE(static_cast<qulonglong>(first), firstId);
    QCOMPARE(static_cast<uint64_t>(first) >> 56, static_cast<uint64_t>(serverId));
    QCOMPARE(tracker.nextSessionId(), first + 1);
    QCOMPARE(tracker.nextSessionId(), first + 2);
  }

  // new java.util.Random(sessionId ^ 0xB3415C00L).nextBytes(new byte[16]), as ZooKeeper gave them.
  void passwordMatchesZooKeeper_data() {
    QTest::addColumn<qulonglong>("sessionId");
    QTest::addColumn<QByteArray>("password");
    const QJsonArray rows = readReference("zk_reference.json")["sessionPassword"].toArray();
    QVERIFY(rows.size() >= 8);
    for (const auto& v : rows) {
      const QJsonArray row = v.toArray();
      QTest::newRow(qPrintable("0x" + row[0].toString()))
          << row[0].toString().toULongLong(nullptr, 16) << QByteArray::fromHex(row[1].toString().toLatin1());
    }
  }

  void passwordMatchesZooKeeper() {
    QFETCH(qulonglong, sessionId);
    QFETCH(QByteArray, password);
    const std::string got = SessionTracker::passwordFor(static_cast<int64_t>(sessionId));
    QCOMPARE(QByteArray(got.data(), static_cast<qsizetype>(got.size())).toHex(), password.toHex());
  }

  // A session expires at the first tick boundary after now + timeout (a boundary itself
  // rounds up to the next one), and is due once the clock reaches it.
  void expiryRoundsUpToTicks_data() {
    QTest::addColumn<int>("tickMs");
    QTest::addColumn<qlonglong>("nowMs");
    QTest::addColumn<int>("timeoutMs");
    QTest::addColumn<qlonglong>("expiresAtMs");
    QTest::newRow("inside a tick") << 2000 << 500LL << 5000 << 6000LL;
    QTest::newRow("a boundary goes to the next") << 2000 << 1000LL << 5000 << 8000LL;
    QTest::newRow("one before a boundary") << 2000 << 1999LL << 4000 << 6000LL;
    QTest::newRow("tick 1 ms") << 1 << 10LL << 30 << 41LL;
    QTest::newRow("large clock") << 500 << 1700000000123LL << 30000 << 1700000030500LL;
  }

  void expiryRoundsUpToTicks() {
    QFETCH(int, tickMs);
    QFETCH(qlonglong, nowMs);
    QFETCH(int, timeoutMs);
    QFETCH(qlonglong, expiresAtMs);
    SessionTracker tracker(1, tickMs, 0);
    tracker.track(kSession, timeoutMs, nowMs);
    QCOMPARE(tracker.timeoutOf(kSession), std::optional<int32_t>(timeoutMs));
    QVERIFY(tracker.expire(expiresAtMs - 1).empty());
    QCOMPARE(toList(tracker.expire(expiresAtMs)), QList<qlonglong>{kSession});
    QVERIFY(tracker.expire(expiresAtMs + 100000).empty());  // reported once
  }

  void touchExtends() {
    SessionTracker tracker(1, 2000, 0);
    tracker.track(kSession, 4000, 0);  // due at 6000
    QVERIFY(tracker.touch(kSession, 3000));  // now due at 8000
    QVERIFY(tracker.expire(6000).empty());
    QVERIFY(tracker.touch(kSession, 3500));  // 7500 rounds to 8000 as well
    QVERIFY(tracker.expire(7999).empty());
    QCOMPARE(toList(tracker.expire(8000)), QList<qlonglong>{kSession});
  }

  // checkSession: unknown sessions are UNKNOWNSESSION, closing ones SESSIONEXPIRED; a closing
  // session cannot be touched back to life.
  void closingSessionsAreRefused() {
    SessionTracker tracker(1, 2000, 0);
    QCOMPARE(errName(tracker.check(kSession)), QString("UNKNOWNSESSION"));
    QVERIFY(!tracker.touch(kSession, 0));
    tracker.track(kSession, 4000, 0);
    QCOMPARE(errName(tracker.check(kSession)), QString("OK"));
    QVERIFY(tracker.isLive(kSession));
    tracker.setClosing(kSession);
    QCOMPARE(errName(tracker.check(kSession)), QString("SESSIONEXPIRED"));
    QVERIFY(!tracker.isLive(kSession));
    QVERIFY(!tracker.touch(kSession, 1000));
    QVERIFY(tracker.expire(1000000).empty());  // closing already: not expired again
    QCOMPARE(tracker.size(), std::size_t{1});
    tracker.remove(kSession);
    QCOMPARE(errName(tracker.check(kSession)), QString("UNKNOWNSESSION"));
    QCOMPARE(tracker.timeoutOf(kSession), std::nullopt);
    QCOMPARE(tracker.size(), std::size_t{0});
  }

  // Expired sessions are marked closing as they are reported, in ascending id order.
  void expireMarksClosing() {
    SessionTracker tracker(1, 1000, 0);
    tracker.track(30, 5000, 0);
    tracker.track(10, 5000, 0);
    tracker.track(20, 9000, 0);
    QCOMPARE(toList(tracker.expire(6000)), (QList<qlonglong>{10, 30}));
    QCOMPARE(errName(tracker.check(10)), QString("SESSIONEXPIRED"));
    QCOMPARE(errName(tracker.check(20)), QString("OK"));
    QVERIFY(!tracker.touch(10, 6000));
    // Tracking again (a restart reloading its sessions) makes it live.
    tracker.track(10, 5000, 6000);
    QCOMPARE(errName(tracker.check(10)), QString("OK"));
  }
};

QTEST_APPLESS_MAIN(TestSessionTracker)
#include "tst_session_tracker.moc"
