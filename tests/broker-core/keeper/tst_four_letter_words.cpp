// Four-letter words: recognised from the first four bytes as ZooKeeper does, refused with its
// exact line when not whitelisted, and formatted as a real ZooKeeper 3.8.0 prints them. The
// replies are compared with captures from the Debian zookeeper package (testdata/fourlw, made by
// capture.py) after masking what must differ (numbers, hex ids, dates, addresses, paths, the
// version and environment values): structure, key names and order, spacing and line breaks
// must match. mntr is compared key by key, Pier emitting a subset of ZooKeeper's keys in
// ZooKeeper's order.

#include <QtTest>

#include <fstream>
#include <sstream>

#include "keeper/four_letter_words.h"
#include "keeper/java_text.h"
#include "keeper/keeper_config.h"

using namespace pier;
using namespace pier::keeper;

namespace {

enum class Scenario { Standalone, Leader, Follower };
const SessionId kSession{0x1000122bff00000};
const int64_t kNowMs = 1796176632240;

std::string readTestdata(const QString& name) {
  std::ifstream in(std::string(PIER_FOURLW_DIR) + "/" + name.toStdString(), std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The version line ZooKeeper printed, to mask it like ours.
std::string capturedVersion() {
  const std::string srvr = readTestdata("srvr.txt");
  const std::string prefix = "Zookeeper version: ";
  return srvr.substr(prefix.size(), srvr.find('\n') - prefix.size());
}

QString normalize(std::string text, const std::string& version, bool environment) {
  for (std::size_t at; (at = text.find(version)) != std::string::npos;) text.replace(at, version.size(), "VERSION");
  QString out = QString::fromStdString(text);
  out.replace(QRegularExpression("(?m)^(dataDir|dataLogDir)=.*$"), "\\1=PATH");
  if (environment) out.replace(QRegularExpression("(?m)^([a-z.]+)=.*$"), "\\1=VALUE");
  out.replace(QRegularExpression("[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d [A-Z]+ \\d{4}"), "DATE");
  out.replace(QRegularExpression("0x[0-9a-f]+"), "0xH");
  out.replace(QRegularExpression("\\d+\\.\\d+\\.\\d+\\.\\d+"), "IP");
  out.replace(QRegularExpression("-?\\d+"), "N");  // a sign is a value, not a format
  return out;
}

ConnectionStatus clientConnection() {
  ConnectionStatus c;
  c.remoteHost = "127.0.0.1";
  c.remotePort = 55170;
  c.packetsReceived = 10;
  c.packetsSent = 10;
  c.sessionId = kSession;
  c.lastOperation = std::string(lastOperationName(8));
  c.establishedMs = kNowMs;
  c.sessionTimeoutMs = 10000;
  c.lastCxid = 9;
  c.lastZxid = Zxid(5);
  c.lastResponseTimeMs = 19054892;
  c.lastLatencyMs = 1;
  c.avgLatencyMs = 2;
  c.maxLatencyMs = 7;
  c.expireAtMs = kNowMs + 12000;
  return c;
}

// The connection asking for the word: no session, nothing to read any more.
ConnectionStatus askingConnection() {
  ConnectionStatus c;
  c.remoteHost = "127.0.0.1";
  c.remotePort = 55228;
  c.interestOps = 0;
  c.packetsReceived = 1;
  c.expireAtMs = kNowMs + 12000;
  return c;
}

KeeperConfig configFor(Scenario scenario) {
  const std::string text = scenario == Scenario::Standalone
                               ? "tickTime=2000\ndataDir=/var/lib/pier\nclientPort=2181\n"
                               : "tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=/var/lib/pier\nclientPort=2181\n"
                                 "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n"
                                 "server.3=127.0.0.1:2890:3890\n";
  auto parsed = parseZooCfg(text, "3");
  PIER_ASSERT(parsed.isOk(), "test config parses");
  return parsed->config;
}

void fillServerSide(KeeperStatus& s, Scenario scenario) {
  s.version = "3.8.0-pier-0.1.0, built on 2026-01-01 00:00 UTC";
  s.mode = scenario == Scenario::Leader     ? ServerMode::Leader
           : scenario == Scenario::Follower ? ServerMode::Follower
                                            : ServerMode::Standalone;
  s.lastProcessedZxid = Zxid(scenario == Scenario::Standalone ? 5 : 0x100000005);
  s.nodeCount = 8;
  s.latency = LatencyStats{0, averageLatencyMs(22, 10), 7};
  s.packetsReceived = 16;
  s.packetsSent = 15;
  s.conf = configFor(scenario).confStatus();
  s.conf.dataDirSizeBytes = 67109337;
  s.conf.dataLogSizeBytes = 67109337;
  for (const char* key : kEnvironmentKeys) s.environment.emplace_back(key, "pier");
  s.quorum.peerState = scenario == Scenario::Leader ? "leading - broadcast" : "following - broadcast";
  s.quorum.quorumSize = 3;
  s.quorum.learners = 2;
  s.quorum.syncedFollowers = 2;
}

KeeperStatus statusFor(Scenario scenario) {
  KeeperStatus s;
  fillServerSide(s, scenario);
  if (scenario == Scenario::Leader) {
    s.connections = {askingConnection()};  // the client is connected to the follower
  } else {
    s.connections = {clientConnection(), askingConnection()};
  }
  s.aliveConnections = int64_t(s.connections.size());
  s.sessions = {SessionStatus{kSession, kNowMs + 10000, 10000, {"/pier/eph"}}};
  s.watchSummary = WatchSummary{1, 2, 2};
  s.watchesByConnection = {ConnectionWatches{kSession, {"/pier/missing", "/pier/a"}}};
  s.watchesByPath = {PathWatches{"/pier/missing", {kSession}}, PathWatches{"/pier/a", {kSession}}};
  s.monitor.ephemeralsCount = 1;
  s.monitor.globalSessions = 1;
  s.monitor.watchCount = 3;
  return s;
}

std::vector<std::pair<QString, QString>> monitorLines(const std::string& text) {
  std::vector<std::pair<QString, QString>> out;
  for (const QString& line : QString::fromStdString(text).split('\n', Qt::SkipEmptyParts)) {
    const auto tab = line.indexOf('\t');
    out.emplace_back(line.left(tab), line.mid(tab + 1));
  }
  return out;
}

}  // namespace

class TestFourLetterWords : public QObject {
  Q_OBJECT

 private slots:
  void recognisesTheFirstFourBytes_data() {
    QTest::addColumn<QString>("bytes");
    QTest::addColumn<QString>("name");  // empty: not a word
    for (const char* word : {"conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "ruok", "stmk", "srst",
                             "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash"}) {
      QTest::newRow(word) << word << word;
    }
    QTest::newRow("upper case") << "RUOK" << "";
    QTest::newRow("unknown") << "abcd" << "";
    QTest::newRow("a frame length") << QString::fromLatin1("\0\0\0\x2c", 4) << "";
  }
  void recognisesTheFirstFourBytes() {
    QFETCH(QString, bytes);
    QFETCH(QString, name);
    const QByteArray raw = bytes.toLatin1();
    std::array<uint8_t, 4> first{};
    std::copy(raw.begin(), raw.begin() + 4, first.begin());
    auto word = parseFourLetterWord(std::span<const uint8_t, 4>(first));
    QCOMPARE(word.has_value(), !name.isEmpty());
    if (word) QCOMPARE(QString::fromLatin1(fourLetterWordName(*word)), name);
  }

  void telnetCloseIsKnown() {
    auto word = parseFourLetterWord(int32_t(0xfff4fffdu));
    QVERIFY(word == FourLetterWord::TelnetClose);
    QCOMPARE(fourLetterWordReply(*word, KeeperStatus{}, FourLetterWordWhitelist::all()), std::string());
  }

  void refusalIsZooKeepersLine() {
    const auto whitelist = FourLetterWordWhitelist::defaults();
    QCOMPARE(fourLetterWordReply(FourLetterWord::Stat, statusFor(Scenario::Standalone), whitelist),
             readTestdata("stat.refused.txt"));
    QCOMPARE(refusalText(FourLetterWord::Ruok), std::string("ruok is not executed because it is not in the whitelist.\n"));
    QVERIFY(fourLetterWordReply(FourLetterWord::Srvr, statusFor(Scenario::Standalone), whitelist).starts_with("Zoo"));
  }

  void whitelistParsing() {
    auto parsed = FourLetterWordWhitelist::parse(" stat ,, mntr,bogus", true);
    const std::vector<FourLetterWord> words{FourLetterWord::Srvr, FourLetterWord::Stat, FourLetterWord::Mntr,
                                            FourLetterWord::Isro};
    QVERIFY(parsed.whitelist.enabled() == words);
    QCOMPARE(parsed.unknownNames, std::vector<std::string>{"bogus"});
    QVERIFY(FourLetterWordWhitelist::parse("*").whitelist == FourLetterWordWhitelist::all());
  }

  void goldenReplies_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QString>("word");
    for (const char* word : {"ruok", "isro", "srvr", "stat", "conf", "cons", "envi", "wchs", "wchc", "wchp", "dump",
                             "dirs", "gtmk", "crst", "srst"}) {
      QTest::newRow(word) << QString("%1.txt").arg(word) << int(Scenario::Standalone) << word;
    }
    for (const char* word : {"srvr", "stat", "conf", "cons", "dump"}) {
      QTest::newRow(qPrintable(QString("leader %1").arg(word)))
          << QString("leader.%1.txt").arg(word) << int(Scenario::Leader) << word;
      QTest::newRow(qPrintable(QString("follower %1").arg(word)))
          << QString("follower.%1.txt").arg(word) << int(Scenario::Follower) << word;
    }
  }
  void goldenReplies() {
    QFETCH(QString, file);
    QFETCH(int, scenario);
    QFETCH(QString, word);
    const std::string expected = readTestdata(file);
    QVERIFY2(!expected.empty(), qPrintable(file + " is missing; run capture.py"));
    const auto parsedWord = fourLetterWordByName(word.toStdString());
    QVERIFY(parsedWord.has_value());
    const KeeperStatus status = statusFor(Scenario(scenario));
    const std::string actual = fourLetterWordReply(*parsedWord, status, FourLetterWordWhitelist::all());
    const bool envi = word == "envi";
    QCOMPARE(normalize(actual, status.version, envi), normalize(expected, capturedVersion(), envi));
  }

  void mntrKeysFollowZooKeepersOrder_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("scenario");
    QTest::newRow("standalone") << "mntr.txt" << int(Scenario::Standalone);
    QTest::newRow("leader") << "leader.mntr.txt" << int(Scenario::Leader);
    QTest::newRow("follower") << "follower.mntr.txt" << int(Scenario::Follower);
  }
  void mntrKeysFollowZooKeepersOrder() {
    QFETCH(QString, file);
    QFETCH(int, scenario);
    const KeeperStatus status = statusFor(Scenario(scenario));
    const auto ours = monitorLines(mntrReply(status));
    const auto theirs = monitorLines(readTestdata(file));
    std::size_t next = 0;  // our keys must appear in their list, in the same order
    for (const auto& [key, value] : ours) {
      while (next < theirs.size() && theirs[next].first != key) ++next;
      QVERIFY2(next < theirs.size(), qPrintable(key + " is missing or out of ZooKeeper's order in " + file));
      QCOMPARE(normalize(value.toStdString(), status.version, false),
               normalize(theirs[next].second.toStdString(), capturedVersion(), false));
    }
    QVERIFY(ours.size() >= 35);  // the classic keys monitoring scripts read, at least
    QCOMPARE(ours.front().first, QString("zk_version"));
  }

  void mntrAppendsExtraKeys() {
    KeeperStatus status = statusFor(Scenario::Standalone);
    status.monitor.extra = {{"fsync_threshold_exceed_count", "0"}};
    QVERIFY(mntrReply(status).ends_with("zk_commit_count\t0\nzk_fsync_threshold_exceed_count\t0\n"));
  }

  void notServing() {
    KeeperStatus status = statusFor(Scenario::Follower);
    status.serving = false;
    for (FourLetterWord word : {FourLetterWord::Stat, FourLetterWord::Srvr, FourLetterWord::Mntr,
                                FourLetterWord::Cons, FourLetterWord::Conf, FourLetterWord::Dump,
                                FourLetterWord::Wchs, FourLetterWord::Crst}) {
      QCOMPARE(fourLetterWordReply(word, status, FourLetterWordWhitelist::all()),
               std::string("This ZooKeeper instance is not currently serving requests\n"));
    }
    QCOMPARE(isroReply(status), std::string("null"));
    QCOMPARE(ruokReply(), std::string("imok"));
  }

  void connectionInfoForms() {
    ConnectionStatus c = clientConnection();
    c.remoteHost = "0:0:0:0:0:0:0:1";
    c.lastCxid = -1;
    c.lastZxid = Zxid(-1);
    c.interestOps = 5;
    QCOMPARE(connectionInfo(c, true), std::string(" /[0:0:0:0:0:0:0:1]:55170[5](queued=0,recved=10,sent=10)"));
    QCOMPARE(connectionInfo(c, false),
             std::string(" /[0:0:0:0:0:0:0:1]:55170[5](queued=0,recved=10,sent=10,sid=0x1000122bff00000,lop=GETC,"
                         "est=1796176632240,to=10000,lzxid=0xffffffffffffffff,lresp=19054892,llat=1,minlat=0,"
                         "avglat=2,maxlat=7)"));
  }

  void javaText_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << "0.0";
    QTest::newRow("integral") << 5.0 << "5.0";
    QTest::newRow("tenths") << 1.9 << "1.9";
    QTest::newRow("four decimals") << averageLatencyMs(1, 3) << "0.3333";
    QTest::newRow("half up") << averageLatencyMs(5, 80000) << "1.0E-4";
    QTest::newRow("small") << 0.001 << "0.001";
    QTest::newRow("large") << 12345678.0 << "1.2345678E7";
    QTest::newRow("below 1e7") << 9999999.5 << "9999999.5";
    QTest::newRow("negative") << -2.5 << "-2.5";
  }
  void javaText() {
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(javaDouble(value)), text);
  }

  void javaDatesAndHex() {
    QCOMPARE(javaDateUtc(0), std::string("Thu Jan 01 00:00:00 UTC 1970"));
    QCOMPARE(javaDateUtc(1796176645000), std::string("Wed Dec 02 01:57:25 UTC 2026"));  // as in leader.dump.txt
    QCOMPARE(javaHex(-1), std::string("ffffffffffffffff"));
    QCOMPARE(javaHex(0x100000005), std::string("100000005"));
  }

  void lastOperationNames() {
    QCOMPARE(lastOperationName(4), std::string_view("GETD"));
    QCOMPARE(lastOperationName(12), std::string_view("GETC"));
    QCOMPARE(lastOperationName(-10), std::string_view("SESS"));
    QCOMPARE(lastOperationName(999), std::string_view("NA"));
  }
};

QTEST_APPLESS_MAIN(TestFourLetterWords)
#include "tst_four_letter_words.moc"
