// The other direction: a data directory written by our writers (a snapshot and two log files of
// creates, ephemeral and binary nodes, setData, delete, setACL, a multi, an error txn, with our
// digests) starts a real ZooKeeper 3.8 server. kazoo must see the tree our model expects;
// ZooKeeper must load our snapshot, replay our log, report no digest mismatch and confirm every
// replayed digest; and the snapshot it then writes must read back as the same tree.
//
// Integration: runs java and /usr/bin/python3 (kazoo); stops only the server it started, by
// its QProcess (pid). Skips when ZooKeeper or kazoo is not installed.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>

#include "coordination/znode_digest.h"
#include "keeper/zk_snapshot_files.h"
#include "keeper/zk_txn_log.h"
#include "keeper/zk_txn_log_reader.h"
#include "runtime/posix/posix_file_system.h"
#include "zk_persistence_test_util.h"

using namespace pier;
using namespace pier::keeper;
using namespace pier::keeper::testing;

namespace {

constexpr int64_t kSession = 0x100012ea7410007;
const std::string kDigestUser = "user:5w9W4eL3797Y4Wq8AcKUPPk8ha4=";  // digest of user:secret
using AclList = std::vector<zk::ACL>;

int freePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    qFatal("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

// The tree as ZooKeeper's DataTree keeps it, changed by the txns we log, for their digests.
struct Model {
  std::map<std::string, SnapshotNode> nodes;  // "" is the root
  std::map<std::string, AclList> acls;        // by path
  std::map<int64_t, int32_t> sessions;

  Model() {
    nodes[""] = {"", std::string(), -1, {}};
    nodes["/zookeeper"] = {"/zookeeper", std::string(), -1, {}};
    nodes["/zookeeper/quota"] = {"/zookeeper/quota", std::string(), -1, {}};
    nodes["/zookeeper/config"] = {"/zookeeper/config", std::string(), -1, {}};
    nodes["/zookeeper/config"].stat.aversion = -1;  // as ZooKeeper's fresh tree (cversions 0 too)
    for (auto& [path, n] : nodes) acls[path] = openAcl();
    acls["/zookeeper/config"] = {zk::ACL{1, zk::Id{"world", "anyone"}}};
  }

  int64_t digest() const {
    int64_t sum = 0;
    for (const auto& [path, n] : nodes) sum = coordination::digestAdd(sum, coordination::znodeDigest(path, n.data, n.stat));
    return sum;
  }

  // Parents sort before their children, which is all a snapshot needs.
  SnapshotImage image(int64_t zxid) const {
    SnapshotImage image;
    image.sessions = sessions;
    for (const auto& [path, n] : nodes) {
      SnapshotNode node = n;
      const AclList& acl = acls.at(path);
      node.aclRef = -1;
      if (path != "" && path != "/zookeeper" && path != "/zookeeper/quota") {
        auto same = std::find_if(image.acls.begin(), image.acls.end(), [&](const auto& e) { return e.second == acl; });
        node.aclRef = same != image.acls.end() ? same->first : static_cast<int64_t>(image.acls.size() + 1);
        image.acls[node.aclRef] = acl;
      }
      image.nodes.push_back(node);
    }
    image.digest = SnapshotDigest{zxid, coordination::kDigestVersion, digest()};
    return image;
  }
};

// Builds txns as ZooKeeper's PrepRequestProcessor would and applies them as its DataTree does.
class Script {
 public:
  Model model;
  std::vector<LoggedTxn> txns;

  void createSession(int32_t timeoutMs) {
    model.sessions[kSession] = timeoutMs;
    log(txn_type::kCreateSession, bodyOf(zk::CreateSessionTxn{timeoutMs}));
  }
  void create(const std::string& path, std::optional<std::string> data, AclList acl = openAcl(), bool ephemeral = false) {
    const int32_t cversion = applyCreate(path, data, acl, ephemeral);
    log(txn_type::kCreate, bodyOf(zk::CreateTxn{path, data, acl, ephemeral, cversion}));
  }
  void setData(const std::string& path, std::string data) {
    const int32_t version = applySetData(path, data);
    log(txn_type::kSetData, bodyOf(zk::SetDataTxn{path, data, version}));
  }
  void remove(const std::string& path) {
    model.nodes.erase(path);
    model.acls.erase(path);
    auto& parent = model.nodes.at(path.substr(0, path.rfind('/'))).stat;
    parent.pzxid = std::max(parent.pzxid, nextZxid());
    log(txn_type::kDelete, bodyOf(zk::DeleteTxn{path}));
  }
  void setAcl(const std::string& path, AclList acl) {
    auto& stat = model.nodes.at(path).stat;
    stat.aversion += 1;
    model.acls[path] = acl;
    log(txn_type::kSetAcl, bodyOf(zk::SetACLTxn{path, acl, stat.aversion}));
  }
  void multiCreateAndSet(const std::string& created, const std::string& changed, std::string data) {
    zk::MultiTxn multi;
    const int32_t cversion = applyCreate(created, data, openAcl(), false);
    multi.txns.push_back({txn_type::kCreate, bodyOf(zk::CreateTxn{created, data, openAcl(), false, cversion})});
    const int32_t version = applySetData(changed, data);
    multi.txns.push_back({txn_type::kSetData, bodyOf(zk::SetDataTxn{changed, data, version})});
    log(txn_type::kMulti, bodyOf(multi));
  }
  void error(int32_t code) {
    log(txn_type::kError, bodyOf(zk::ErrorTxn{code}));
    txns.back().digest.reset();  // ZooKeeper logs no digest with an error txn
  }
  int64_t lastZxid() const { return static_cast<int64_t>(txns.size()); }

 private:
  int64_t nextZxid() const { return lastZxid() + 1; }
  int64_t now() const { return 1700000000000 + nextZxid() * 1000; }

  int32_t applyCreate(const std::string& path, const std::optional<std::string>& data, const AclList& acl, bool ephemeral) {
    auto& parent = model.nodes.at(path.substr(0, path.rfind('/'))).stat;
    parent.cversion += 1;
    parent.pzxid = nextZxid();
    const int64_t z = nextZxid();
    model.nodes[path] = {path, data, 0, zk::StatPersisted{z, z, now(), now(), 0, 0, 0, ephemeral ? kSession : 0, z}};
    model.acls[path] = acl;
    return parent.cversion;
  }
  int32_t applySetData(const std::string& path, const std::string& data) {
    auto& node = model.nodes.at(path);
    node.data = data;
    node.stat.version += 1;
    node.stat.mzxid = nextZxid();
    node.stat.mtime = now();
    return node.stat.version;
  }
  void log(int32_t type, std::string body) {
    LoggedTxn t;
    t.header = zk::TxnHeader{kSession, static_cast<int32_t>(nextZxid()), nextZxid(), now(), type};
    t.body = std::move(body);
    t.digest = zk::TxnDigest{coordination::kDigestVersion, model.digest()};
    txns.push_back(std::move(t));
  }
};

int64_t longOf(const QJsonValue& v) { return v.toString().toLongLong(); }

int32_t childrenOf(const Model& m, const std::string& path) {
  int32_t n = 0;
  for (const auto& [p, node] : m.nodes) n += !p.empty() && p.substr(0, p.rfind('/')) == path;
  return n;
}

void compareWithKazoo(const Model& m, const QJsonArray& tree) {
  QCOMPARE(static_cast<std::size_t>(tree.size()), m.nodes.size());
  for (const auto& v : tree) {
    const QJsonObject seen = v.toObject();
    const std::string shown = seen["path"].toString().toStdString();
    const std::string path = shown == "/" ? "" : shown;
    QVERIFY2(m.nodes.count(path), shown.c_str());
    const SnapshotNode& n = m.nodes.at(path);
    const QJsonObject stat = seen["stat"].toObject();
    QCOMPARE(seen["data"].isNull(), !n.data.has_value());
    if (n.data) QCOMPARE(QByteArray::fromBase64(seen["data"].toString().toLatin1()).toStdString(), *n.data);
    const int32_t children = childrenOf(m, path);
    const std::vector<std::pair<int64_t, int64_t>> pairs{
        {n.stat.czxid, longOf(stat["czxid"])}, {n.stat.mzxid, longOf(stat["mzxid"])},
        {n.stat.pzxid, longOf(stat["pzxid"])}, {n.stat.ctime, longOf(stat["ctime"])},
        {n.stat.mtime, longOf(stat["mtime"])}, {n.stat.version, longOf(stat["version"])},
        {n.stat.aversion, longOf(stat["aversion"])}, {n.stat.ephemeralOwner, longOf(stat["ephemeralOwner"])},
        {n.stat.cversion * 2 - children, longOf(stat["cversion"])}, {children, longOf(stat["numChildren"])},
        {static_cast<int64_t>(n.data.value_or("").size()), longOf(stat["dataLength"])}};
    for (const auto& [ours, theirs] : pairs) QVERIFY2(ours == theirs, shown.c_str());
    const QJsonArray acl = seen["acl"].toArray();
    const AclList& expected = m.acls.at(path);
    QCOMPARE(static_cast<std::size_t>(acl.size()), expected.size());
    for (int i = 0; i < acl.size(); ++i) {
      QCOMPARE(acl[i].toObject()["perms"].toInt(), expected[static_cast<std::size_t>(i)].perms);
      QCOMPARE(acl[i].toObject()["id"].toString().toStdString(), expected[static_cast<std::size_t>(i)].id.id);
    }
  }
}

}  // namespace

class TstZkDatadirZookeeper : public QObject {
  Q_OBJECT

 private slots:
  void zooKeeperStartsOnOurDataDirectory() {
    if (!QFile::exists("/usr/share/java/zookeeper.jar") || !QFile::exists("/usr/share/java/slf4j-simple.jar")) {
      QSKIP("ZooKeeper 3.8 (Debian package zookeeper) is not installed");
    }
    QTemporaryDir tmp;
    const std::string dataDir = tmp.filePath("data").toStdString();
    Script s;
    s.createSession(30000);
    s.create("/pier", std::string("hello"));
    s.create("/pier/a", std::nullopt);
    std::string binary(256, '\0');
    for (int i = 0; i < 256; ++i) binary[static_cast<std::size_t>(i)] = static_cast<char>(i);
    s.create("/pier/b", binary);
    s.create("/pier/eph", std::string("ephemeral"), openAcl(), true);
    const SnapshotImage snapshot = s.model.image(s.lastZxid());  // taken at zxid 5
    s.setData("/pier", "hello again");
    const int64_t rollAfter = s.lastZxid();
    s.remove("/pier/b");
    s.setAcl("/pier/a", {zk::ACL{31, zk::Id{"digest", kDigestUser}}, zk::ACL{1, zk::Id{"world", "anyone"}}});
    s.multiCreateAndSet("/pier/m", "/pier/a", "now");
    s.create("/pier/s-0000000005", std::string(""));
    s.error(-110);
    s.setData("/pier/m", "last");

    PosixFileSystem fs;
    QVERIFY(writeSnapshot(fs, dataDir, 5, snapshot).isOk());
    TxnLogWriter writer(fs, dataDir, {.preallocBytes = 16384});
    for (const auto& t : s.txns) {
      QVERIFY(writer.append(t).isOk());
      if (t.header.zxid == rollAfter) QVERIFY(writer.roll().isOk());
    }
    QVERIFY(writer.commit().isOk());

    const int port = freePort();
    QFile cfg(tmp.filePath("zoo.cfg"));
    QVERIFY(cfg.open(QIODevice::WriteOnly));
    cfg.write(QString("tickTime=2000\ndataDir=%1\nclientPort=%2\nclientPortAddress=127.0.0.1\n"
                      "admin.enableServer=false\n").arg(QString::fromStdString(dataDir)).arg(port).toUtf8());
    cfg.close();
    QProcess server;
    server.setProcessChannelMode(QProcess::MergedChannels);
    server.setStandardOutputFile(tmp.filePath("server.log"));
    server.start("java", {"-cp", "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar",
                          "-Dorg.slf4j.simpleLogger.log.org.apache.zookeeper.server.DataTree=debug",
                          "org.apache.zookeeper.server.ZooKeeperServerMain", tmp.filePath("zoo.cfg")});
    QVERIFY(server.waitForStarted());
    QProcess dump;
    dump.setProcessChannelMode(QProcess::MergedChannels);
    dump.start("/usr/bin/python3", {PIER_TREE_DUMP, QString::number(port), tmp.filePath("tree.json")});
    const bool dumped = dump.waitForFinished(90000) && dump.exitCode() == 0;
    server.terminate();  // SIGTERM to the server we started
    if (!server.waitForFinished(30000)) {
      server.kill();
      server.waitForFinished();
    }
    QVERIFY2(dumped, dump.readAll().constData());

    QFile tree(tmp.filePath("tree.json"));
    QVERIFY(tree.open(QIODevice::ReadOnly));
    compareWithKazoo(s.model, QJsonDocument::fromJson(tree.readAll()).array());

    QFile logFile(tmp.filePath("server.log"));
    QVERIFY(logFile.open(QIODevice::ReadOnly));
    const QString log = QString::fromUtf8(logFile.readAll());
    QVERIFY2(!log.contains("mismatch") && !log.contains("not matching"), qPrintable(log));
    QVERIFY(log.contains(QString("with zxid as 0x5, and digest value as %1").arg(snapshot.digest->digest)));
    // Every replayed txn with a digest (6..12 but the error txn) compared equal.
    QSet<QString> matched;
    QRegularExpression matching("Digests are matching for Zxid: ([0-9a-f]+),");
    for (auto it = matching.globalMatch(log); it.hasNext();) matched.insert(it.next().captured(1));
    for (const char* zxid : {"6", "7", "8", "9", "a", "c"}) QVERIFY2(matched.contains(zxid), zxid);

    // The snapshot ZooKeeper wrote after loading ours is the same tree.
    auto written = readNewestValidSnapshot(fs, dataDir);
    QVERIFY(written.isOk() && *written);
    QCOMPARE((*written)->file.zxid, s.lastZxid());
    const SnapshotImage expected = s.model.image(s.lastZxid());
    QCOMPARE((*written)->image.digest, expected.digest);
    std::map<std::string, SnapshotNode> theirs;
    for (const auto& n : (*written)->image.nodes) theirs[n.path] = n;
    QCOMPARE(theirs.size(), expected.nodes.size());
    for (const auto& n : expected.nodes) {
      QVERIFY2(theirs.count(n.path), n.path.c_str());
      QCOMPARE(theirs[n.path].data, n.data);
      QCOMPARE(theirs[n.path].stat, n.stat);
    }
    auto contents = readTxnLog(fs, dataDir, 0);
    QVERIFY(contents.isOk() && !contents->tornTail && contents->txns.size() >= 12);
    QCOMPARE(std::vector<LoggedTxn>(contents->txns.begin(), contents->txns.begin() + 12), s.txns);
  }
};

QTEST_APPLESS_MAIN(TstZkDatadirZookeeper)
#include "tst_zk_datadir_zookeeper.moc"
