// zoo.cfg and myid: Java properties syntax as Properties.load() reads it, ZooKeeper 3.8's keys,
// defaults and checks (QuorumPeerConfig), standalone versus ensemble, a bad value naming the key
// and the value, unknown keys as warnings, and what `conf` reports for a parsed config.

#include <QtTest>

#include "keeper/java_properties.h"
#include "keeper/keeper_config.h"
#include "runtime/memory_file_system.h"

using namespace pier;
using namespace pier::keeper;

namespace {

const char* kEnsemble =
    "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/var/lib/zookeeper\nclientPort=2181\n"
    "server.1=zk1:2888:3888\nserver.2=zk2:2888:3888\nserver.3=zk3:2888:3888\n";

bool anyWarningContains(const ParsedKeeperConfig& parsed, const std::string& text) {
  for (const std::string& w : parsed.warnings) {
    if (w.find(text) != std::string::npos) return true;
  }
  return false;
}

std::optional<std::string_view> myidArg(const QString& myid, std::string& storage) {
  if (myid.isNull()) return std::nullopt;
  storage = myid.toStdString();
  return std::string_view(storage);
}

void writeFile(MemoryFileSystem& fs, const std::string& path, const std::string& text) {
  auto file = fs.open(path, OpenOptions{.create = true, .truncate = true});
  QVERIFY(file.isOk());
  QVERIFY((*file)->append(std::span(reinterpret_cast<const uint8_t*>(text.data()), text.size())).isOk());
}

}  // namespace

class TestKeeperConfig : public QObject {
  Q_OBJECT

 private slots:
  void javaPropertiesSyntax_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");  // key, value, key, value, ...
    QTest::newRow("equals") << "a=b" << QStringList{"a", "b"};
    QTest::newRow("colon and blanks") << "  a : b" << QStringList{"a", "b"};
    QTest::newRow("blank separator") << "a b" << QStringList{"a", "b"};
    QTest::newRow("blank then equals") << "a \t= b" << QStringList{"a", "b"};
    QTest::newRow("second separator is value") << "a==b" << QStringList{"a", "=b"};
    QTest::newRow("trailing blanks kept") << "a=b  " << QStringList{"a", "b  "};
    QTest::newRow("comments") << "# x=1\n! y=2\n   #z=3\na=1" << QStringList{"a", "1"};
    QTest::newRow("no value") << "a\nb=" << QStringList{"a", "", "b", ""};
    QTest::newRow("continuation") << "a=b\\\n   c\\\n d" << QStringList{"a", "bcd"};
    QTest::newRow("continued line is no comment") << "a=1\\\n#2" << QStringList{"a", "1#2"};
    QTest::newRow("even backslashes end the line") << "a=x\\\\\nb=y" << QStringList{"a", "x\\", "b", "y"};
    QTest::newRow("escapes") << "a\\ b\\=c=\\t\\u0041\\q" << QStringList{"a b=c", "\tAq"};
    QTest::newRow("unicode to utf-8") << "p=/d\\u00e9" << QStringList{"p", "/d\xc3\xa9"};
    QTest::newRow("crlf and cr") << "a=1\r\nb=2\rc=3" << QStringList{"a", "1", "b", "2", "c", "3"};
    QTest::newRow("last duplicate wins") << "a=1\nb=2\na=3" << QStringList{"b", "2", "a", "3"};
    QTest::newRow("continuation at end of file") << "a=b\\" << QStringList{"a", "b"};
  }
  void javaPropertiesSyntax() {
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    auto parsed = parseJavaPropertiesText(text.toStdString());
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    QStringList actual;
    for (const JavaProperty& p : *parsed) actual << QString::fromStdString(p.key) << QString::fromStdString(p.value);
    QCOMPARE(actual, expected);
  }

  void malformedUnicodeEscapeIsAnError() {
    auto parsed = parseJavaPropertiesText("a=1\nb=\\u00g1\n");
    QVERIFY(!parsed.isOk());
    QVERIFY2(parsed.status().message().find("line 2") != std::string::npos, parsed.status().message().c_str());
    auto config = parseZooCfg("dataDir=/d\nclientPort=\\uZZZZ\n", std::nullopt);
    QVERIFY(!config.isOk());
    QVERIFY(config.status().is(KeeperConfigError::InvalidConfig));
  }

  void defaultsAreZooKeepers() {
    auto parsed = parseZooCfg("dataDir=/var/lib/zookeeper\nclientPort=2181\n", std::nullopt);
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const KeeperConfig& c = parsed->config;
    QCOMPARE(c.tickTimeMs, 3000);
    QCOMPARE(c.minSessionTimeoutMs, 6000);   // 2 x tickTime
    QCOMPARE(c.maxSessionTimeoutMs, 60000);  // 20 x tickTime
    QCOMPARE(c.dataLogDir, std::string("/var/lib/zookeeper"));
    QCOMPARE(c.maxClientCnxns, 60);
    QCOMPARE(c.autopurgeSnapRetainCount, 3);
    QCOMPARE(c.autopurgePurgeIntervalHours, 0);
    QCOMPARE(c.snapCount, int64_t{100000});
    QCOMPARE(c.preAllocSizeKb, int64_t{65536});
    QCOMPARE(c.globalOutstandingLimit, 1000);
    QCOMPARE(c.juteMaxBufferBytes, 0xfffff);
    QCOMPARE(c.electionAlg, 3);
    QVERIFY(c.standaloneEnabled);
    QVERIFY(!c.reconfigEnabled);
    QVERIFY(c.mode == KeeperMode::Standalone);
    QVERIFY(c.fourLetterWords == FourLetterWordWhitelist::defaults());
    QVERIFY(c.fourLetterWords.allows(FourLetterWord::Srvr));
    QVERIFY(!c.fourLetterWords.allows(FourLetterWord::Ruok));  // 3.5.3+: only srvr by default
    QVERIFY(parsed->warnings.empty());
  }

  void readsZooKeepersSampleConfig() {  // conf/zoo_sample.cfg as ZooKeeper 3.8 ships it
    auto parsed = parseZooCfg(
        "# The number of milliseconds of each tick\ntickTime=2000\n# The number of ticks that the initial \n"
        "# synchronization phase can take\ninitLimit=10\n# The number of ticks that can pass between \n"
        "# sending a request and getting an acknowledgement\nsyncLimit=5\n"
        "# the directory where the snapshot is stored.\ndataDir=/tmp/zookeeper\n"
        "# the port at which the clients will connect\nclientPort=2181\n#maxClientCnxns=60\n#\n"
        "#autopurge.snapRetainCount=3\n#autopurge.purgeInterval=1\n\n## Metrics Providers\n#\n"
        "#metricsProvider.className=org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider\n"
        "#metricsProvider.httpPort=7000\n",
        std::nullopt);
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    QCOMPARE(parsed->config.tickTimeMs, 2000);
    QCOMPARE(parsed->config.initLimitTicks, 10);
    QCOMPARE(parsed->config.syncLimitTicks, 5);
    QCOMPARE(parsed->config.dataDir, std::string("/tmp/zookeeper"));
    QCOMPARE(parsed->config.clientPort, uint16_t{2181});
    QCOMPARE(parsed->config.maxSessionTimeoutMs, 40000);
    QVERIFY(parsed->warnings.empty());
  }

  void readsEveryHandledKey() {
    auto parsed = parseZooCfg(
        "tickTime=2000\ninitLimit=10\nsyncLimit=5\ndataDir=/data/zk\ndataLogDir=/log/zk\nclientPort=2182\n"
        "clientPortAddress=127.0.0.1\nmaxClientCnxns=0\nminSessionTimeout=3000\nmaxSessionTimeout=90000\n"
        "autopurge.snapRetainCount=5\nautopurge.purgeInterval=24\nsnapCount=5000\npreAllocSize=1024\n"
        "globalOutstandingLimit=200\njute.maxbuffer=4194304\nelectionAlg=3\nstandaloneEnabled=TRUE\n"
        "4lw.commands.whitelist=stat, ruok ,conf,\nclientPortListenBacklog=50\nmaxCnxns=100\n",
        std::nullopt);
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const KeeperConfig& c = parsed->config;
    QCOMPARE(c.tickTimeMs, 2000);
    QCOMPARE(c.initLimitTicks, 10);
    QCOMPARE(c.syncLimitTicks, 5);
    QCOMPARE(c.dataLogDir, std::string("/log/zk"));
    QCOMPARE(c.clientPort, uint16_t{2182});
    QCOMPARE(c.clientPortAddress, std::string("127.0.0.1"));
    QCOMPARE(c.maxClientCnxns, 0);
    QCOMPARE(c.minSessionTimeoutMs, 3000);
    QCOMPARE(c.maxSessionTimeoutMs, 90000);
    QCOMPARE(c.autopurgeSnapRetainCount, 5);
    QCOMPARE(c.autopurgePurgeIntervalHours, 24);
    QCOMPARE(c.snapCount, int64_t{5000});
    QCOMPARE(c.preAllocSizeKb, int64_t{1024});
    QCOMPARE(c.globalOutstandingLimit, 200);
    QCOMPARE(c.juteMaxBufferBytes, 4194304);
    QCOMPARE(c.clientPortListenBacklog, 50);
    QCOMPARE(c.maxCnxns, 100);
    const std::vector<FourLetterWord> words{FourLetterWord::Conf, FourLetterWord::Ruok, FourLetterWord::Srvr,
                                            FourLetterWord::Stat};
    QVERIFY(c.fourLetterWords.enabled() == words);  // srvr always added
    QVERIFY2(parsed->warnings.empty(), parsed->warnings.empty() ? "" : parsed->warnings[0].c_str());
  }

  void sessionTimeoutDefaultsFollowTickTime() {
    auto parsed = parseZooCfg("tickTime=500\ndataDir=/d\nclientPort=1\nmaxSessionTimeout=-1\n", std::nullopt);
    QVERIFY(parsed.isOk());
    QCOMPARE(parsed->config.minSessionTimeoutMs, 1000);
    QCOMPARE(parsed->config.maxSessionTimeoutMs, 10000);
  }

  void ensembleNeedsMyidAndReadsServers() {
    auto parsed = parseZooCfg(kEnsemble, "2\n");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const KeeperConfig& c = parsed->config;
    QVERIFY(c.mode == KeeperMode::Ensemble);
    QCOMPARE(c.myid, int64_t{2});
    QCOMPARE(c.servers.size(), std::size_t{3});
    QCOMPARE(c.servers[1].host, std::string("zk2"));
    QCOMPARE(c.servers[1].peerPort, uint16_t{2888});
    QCOMPARE(c.servers[1].electionPort, uint16_t{3888});
    QVERIFY(c.self() == &c.servers[1]);
    QVERIFY(parsed->warnings.empty());
  }

  void serverLineForms() {
    auto parsed = parseZooCfg(
        "initLimit=5\nsyncLimit=2\ndataDir=/d\n"
        "server.1=127.0.0.1:2888:3888:participant;2181\n"
        "server.2=[::1]:2889:3889;[::1]:2182\n"
        "server.3=127.0.0.1:2890:3890:PARTICIPANT;127.0.0.1:2183\n"
        "server.4=127.0.0.1:2891:3891:observer\n",
        "1");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const KeeperConfig& c = parsed->config;
    QCOMPARE(c.servers[0].clientHost, std::string("0.0.0.0"));
    QCOMPARE(c.servers[1].host, std::string("::1"));
    QCOMPARE(c.servers[1].clientPort, uint16_t{2182});
    QVERIFY(c.servers[3].type == PeerType::Observer);
    // The client address on this server's own line is the client listener (setupClientPort).
    QCOMPARE(c.clientPort, uint16_t{2181});
    QCOMPARE(c.clientPortAddress, std::string("0.0.0.0"));
    QCOMPARE(c.servers[0].toZooKeeperString(), std::string("127.0.0.1:2888:3888:participant;0.0.0.0:2181"));
    QCOMPARE(c.servers[1].toZooKeeperString(), std::string("[::1]:2889:3889:participant;[::1]:2182"));
    QCOMPARE(c.servers[3].toZooKeeperString(), std::string("127.0.0.1:2891:3891:observer"));
  }

  void modes_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("myid");
    QTest::addColumn<bool>("ensemble");
    QTest::addColumn<QString>("warning");  // a warning that must be there, or empty
    QTest::newRow("no servers") << "dataDir=/d\nclientPort=2181" << QString() << false << "";
    QTest::newRow("myid ignored standalone") << "dataDir=/d\nclientPort=2181" << "7" << false << "";
    QTest::newRow("one server ignored") << "dataDir=/d\nclientPort=2181\nserver.1=h:1:2" << QString() << false
                                        << "only one server";
    QTest::newRow("one server, standalone disabled")
        << "dataDir=/d\nclientPort=2181\ninitLimit=5\nsyncLimit=2\nstandaloneEnabled=false\nserver.1=h:1:2" << "1"
        << true << "No server failure will be tolerated";
    QTest::newRow("two servers") << "dataDir=/d\nclientPort=2181\ninitLimit=5\nsyncLimit=2\nserver.1=h:1:2\n"
                                    "server.2=h:3:4" << "2" << true << "No server failure will be tolerated";
    QTest::newRow("four servers") << "dataDir=/d\nclientPort=2181\ninitLimit=5\nsyncLimit=2\nserver.1=h:1:2\n"
                                     "server.2=h:3:4\nserver.3=h:5:6\nserver.4=h:7:8" << "4" << true
                                  << "consider an odd number";
    QTest::newRow("observer corrects peerType")
        << "dataDir=/d\nclientPort=2181\ninitLimit=5\nsyncLimit=2\nserver.1=h:1:2\nserver.2=h:3:4\n"
           "server.3=h:5:6\nserver.4=h:7:8:observer" << "4" << true << "Defaulting to servers list";
    QTest::newRow("no client port") << "dataDir=/d" << QString() << false << "clientPort is not set";
  }
  void modes() {
    QFETCH(QString, text);
    QFETCH(QString, myid);
    QFETCH(bool, ensemble);
    QFETCH(QString, warning);
    std::string storage;
    auto parsed = parseZooCfg(text.toStdString(), myidArg(myid, storage));
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    QCOMPARE(parsed->config.mode == KeeperMode::Ensemble, ensemble);
    if (!warning.isEmpty()) QVERIFY(anyWarningContains(*parsed, warning.toStdString()));
    if (!ensemble) QVERIFY(parsed->config.self() == nullptr);
  }

  void badConfigsNameKeyAndValue_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("myid");
    QTest::addColumn<QString>("expected");  // a piece of the error message
    const QString base = "dataDir=/d\nclientPort=2181\n";
    const QString ens = base + "initLimit=5\nsyncLimit=2\nserver.1=h:1:2\nserver.2=h:3:4\nserver.3=h:5:6\n";
    QTest::newRow("tickTime text") << base + "tickTime=abc" << QString() << "tickTime=abc: not a number";
    QTest::newRow("tickTime zero") << base + "tickTime=0" << QString() << "tickTime=0: must be at least 1";
    QTest::newRow("tickTime overflow") << base + "tickTime=2147483648" << QString() << "tickTime=2147483648";
    QTest::newRow("no dataDir") << "clientPort=2181" << QString() << "dataDir is not set";
    QTest::newRow("empty dataDir") << "dataDir=\nclientPort=2181" << QString() << "dataDir=: empty";
    QTest::newRow("clientPort range") << "dataDir=/d\nclientPort=70000" << QString() << "clientPort=70000";
    QTest::newRow("clientPort text") << "dataDir=/d\nclientPort=twenty" << QString() << "clientPort=twenty";
    QTest::newRow("address without port") << "dataDir=/d\nclientPortAddress=::1" << QString()
                                          << "clientPortAddress=::1: set but clientPort is not set";
    QTest::newRow("min over max") << base + "minSessionTimeout=9000\nmaxSessionTimeout=8000" << QString()
                                  << "minSessionTimeout=9000: must not be larger than maxSessionTimeout (8000)";
    QTest::newRow("electionAlg") << base + "electionAlg=1" << QString() << "electionAlg=1: Invalid electionAlg";
    QTest::newRow("peerType") << base + "peerType=voter" << QString() << "peerType=voter: Unrecognised peertype";
    QTest::newRow("boolean") << base + "standaloneEnabled=yes" << QString() << "standaloneEnabled=yes: Choose";
    QTest::newRow("snapCount") << base + "snapCount=lots" << QString() << "snapCount=lots: not a number";
    QTest::newRow("jute.maxbuffer") << base + "jute.maxbuffer=0" << QString() << "jute.maxbuffer=0";
    QTest::newRow("server id") << base + "server.x=h:1:2" << QString() << "server.x=h:1:2";
    QTest::newRow("server short") << base + "server.1=h:1" << QString() << "server.1=h:1: not server_config";
    QTest::newRow("server long") << base + "server.1=h:1:2:observer:x" << QString() << "server.1=h:1:2:observer:x";
    QTest::newRow("server port") << base + "server.1=h:abc:2" << QString() << "peer port 'abc' is not a number";
    QTest::newRow("server port range") << base + "server.1=h:1:99999" << QString() << "election port 99999";
    QTest::newRow("server same ports") << base + "server.1=h:5:5" << QString() << "must be different";
    QTest::newRow("server type") << base + "server.1=h:1:2:voter" << QString() << "Unrecognised peertype: voter";
    QTest::newRow("server client part") << base + "server.1=h:1:2;a:b:3" << QString() << "server.1=h:1:2;a:b:3";
    QTest::newRow("server three parts") << base + "server.1=h:1:2;3;4" << QString() << "server.1=h:1:2;3;4";
    QTest::newRow("multi address") << base + "server.1=h:1:2|g:1:2" << QString() << "Multiple address";
    QTest::newRow("duplicate id") << base + "server.1=h:1:2\nserver.01=h:3:4" << QString() << "listed twice";
    QTest::newRow("ipv6 unclosed") << base + "server.1=[::1:1:2" << QString() << "without a matching ']'";
    QTest::newRow("hierarchical") << base + "group.1=1:2:3" << QString() << "group.1=1:2:3";
    QTest::newRow("observers only") << base + "server.1=h:1:2:observer" << QString() << "observers without";
    QTest::newRow("standalone disabled, none")
        << base + "standaloneEnabled=false" << QString() << "standaloneEnabled=false";
    QTest::newRow("no initLimit") << base + "syncLimit=2\nserver.1=h:1:2\nserver.2=h:3:4" << "1"
                                  << "initLimit is not set";
    QTest::newRow("no syncLimit") << base + "initLimit=2\nserver.1=h:1:2\nserver.2=h:3:4" << "1"
                                  << "syncLimit is not set";
    QTest::newRow("no myid") << ens << QString() << "myid file is missing";
    QTest::newRow("myid text") << ens << "one" << "myid=one: not a number";
    QTest::newRow("myid blank first line") << ens << "\n1" << "myid=: not a number";
    QTest::newRow("myid trailing blank") << ens << "1 " << "myid=1 : not a number";
    QTest::newRow("myid not listed") << ens << "4" << "myid=4: My id is not in the peer list";
    QTest::newRow("client address disagrees")
        << base + "initLimit=5\nsyncLimit=2\nserver.1=h:1:2;2182\nserver.2=h:3:4" << "1"
        << "client address differs";
    QTest::newRow("port used twice") << base + "initLimit=5\nsyncLimit=2\nserver.1=h:1:2\nserver.2=h:2:4" << "1"
                                     << "h:2 is used twice";
  }
  void badConfigsNameKeyAndValue() {
    QFETCH(QString, text);
    QFETCH(QString, myid);
    QFETCH(QString, expected);
    std::string storage;
    auto parsed = parseZooCfg(text.toStdString(), myidArg(myid, storage));
    QVERIFY2(!parsed.isOk(), "parsed a bad config");
    QVERIFY(parsed.status().is(KeeperConfigError::InvalidConfig));
    QVERIFY2(parsed.status().message().find(expected.toStdString()) != std::string::npos,
             parsed.status().message().c_str());
  }

  void warnings_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("warning");  // empty: no warning at all
    QTest::newRow("unknown key") << "no.such.key=1" << "no.such.key=1: unknown key";
    QTest::newRow("secureClientPort") << "secureClientPort=2281" << "secureClientPort=2281: TLS";
    QTest::newRow("admin server on") << "admin.enableServer=true" << "AdminServer";
    QTest::newRow("admin server off") << "admin.enableServer=false" << "";
    QTest::newRow("metrics") << "metricsProvider.className=x\nmetricsProvider.httpPort=7000" << "metricsProvider";
    QTest::newRow("dynamic file") << "dynamicConfigFile=/etc/zoo.cfg.dynamic" << "dynamic configuration files";
    QTest::newRow("snapRetainCount") << "autopurge.snapRetainCount=1" << "Defaulting to 3";
    QTest::newRow("snapCount") << "snapCount=1" << "reset to 2";
    QTest::newRow("unknown word") << "4lw.commands.whitelist=stat,nope" << "'nope' is not a four letter word";
    QTest::newRow("relative dataLogDir") << "dataLogDir=logs" << "is relative";
    QTest::newRow("reconfig") << "reconfigEnabled=true" << "reconfiguration is not supported";
    QTest::newRow("tuning key") << "forceSync=yes\nsyncEnabled=true\nfsync.warningthresholdms=50" << "";
    QTest::newRow("ssl") << "ssl.keyStore.location=/k" << "TLS";
  }
  void warnings() {
    QFETCH(QString, line);
    QFETCH(QString, warning);
    auto parsed = parseZooCfg(("dataDir=/d\nclientPort=2181\n" + line).toStdString(), std::nullopt);
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    if (warning.isEmpty()) {
      QVERIFY2(parsed->warnings.empty(), parsed->warnings.empty() ? "" : parsed->warnings[0].c_str());
    } else {
      QCOMPARE(parsed->warnings.size(), std::size_t{1});  // metricsProvider.* warns once
      QVERIFY2(anyWarningContains(*parsed, warning.toStdString()), parsed->warnings[0].c_str());
    }
  }

  void whitelistStarAllowsEveryWord() {
    auto parsed = parseZooCfg("dataDir=/d\nclientPort=1\n4lw.commands.whitelist=ruok, *\n", std::nullopt);
    QVERIFY(parsed.isOk());
    QVERIFY(parsed->config.fourLetterWords == FourLetterWordWhitelist::all());
  }

  void confStatusMatchesZooKeepersConf() {
    auto parsed = parseZooCfg(std::string(kEnsemble) + "server.4=zk4:2888:3888:observer;zk4:2181\n", "3");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    const ConfStatus s = parsed->config.confStatus();
    QCOMPARE(s.dataDir, std::string("/var/lib/zookeeper/version-2"));
    QCOMPARE(s.serverId, int64_t{3});
    QVERIFY(s.quorum);
    QCOMPARE(s.electionPort, 3888);
    QCOMPARE(s.quorumPort, 2888);
    QCOMPARE(s.minSessionTimeoutMs, 4000);
    const std::vector<std::string> members{"server.1=zk1:2888:3888:participant", "server.2=zk2:2888:3888:participant",
                                           "server.3=zk3:2888:3888:participant",
                                           "server.4=zk4:2888:3888:observer;zk4:2181"};
    QCOMPARE(s.membership, members);
    auto standalone = parseZooCfg("dataDir=/d/\nclientPort=2181\n", "5");
    QVERIFY(standalone.isOk());
    QCOMPARE(standalone->config.confStatus().serverId, int64_t{0});  // ZooKeeperServerMain's
    QVERIFY(!standalone->config.confStatus().quorum);
  }

  void loadsZooCfgAndMyidFromFiles() {
    MemoryFileSystem fs;
    QVERIFY(fs.createDirectories("/etc/zk").isOk());
    QVERIFY(fs.createDirectories("/var/lib/zookeeper").isOk());
    writeFile(fs, "/etc/zk/zoo.cfg", kEnsemble);
    writeFile(fs, "/var/lib/zookeeper/myid", "3\n");
    auto parsed = loadZooCfg(fs, "/etc/zk/zoo.cfg");
    QVERIFY2(parsed.isOk(), parsed.status().toString().c_str());
    QCOMPARE(parsed->config.myid, int64_t{3});
    QVERIFY(fs.remove("/var/lib/zookeeper/myid").isOk());
    auto noMyid = loadZooCfg(fs, "/etc/zk/zoo.cfg");
    QVERIFY(!noMyid.isOk());
    QVERIFY2(noMyid.status().message().find("/etc/zk/zoo.cfg: myid file is missing") != std::string::npos,
             noMyid.status().message().c_str());
    auto missing = loadZooCfg(fs, "/etc/zk/nope.cfg");
    QVERIFY(missing.status().is(KeeperConfigError::Unreadable));
  }
};

QTEST_APPLESS_MAIN(TestKeeperConfig)
#include "tst_keeper_config.moc"
