// DataTree.processTxn as ZooKeeper 3.8 applies transactions, checked against what its own
// DataTree (zookeeper-3.8.0.jar, run by hand with the same transactions) shows: the nodes a
// fresh tree has, every transaction type's effect on stats as clients see them (cversion =
// stored creates * 2 - children, containers and TTL nodes with ephemeralOwner 0), null vs
// empty data, children and ephemerals in HashSet order, closeSession, multi (all or nothing),
// watch notices, ACL cache ids and the replay of a create over an existing node.
//
// Stats are written as ZooKeeper's Stat.toString prints them: czxid,mzxid,ctime,mtime,version,
// cversion,aversion,ephemeralOwner,dataLength,numChildren,pzxid. Transactions here carry
// time = zxid * 1000.

#include <QtTest>

#include "coordination/data_tree.h"
#include "coordination/znode_digest.h"

using namespace pier;
using namespace pier::coordination;
namespace pz = pier::protocol::zookeeper;

namespace {

constexpr int64_t kSession = 0x1000abc00000001;
constexpr int64_t kOther = 0x1000abc00000002;
constexpr WatcherId kW1 = 1;
constexpr WatcherId kW2 = 2;

Txn makeTxn(OpCode type, int64_t zxid, TxnBody body, int64_t session = kSession) {
  Txn txn;
  txn.header = pz::TxnHeader{session, static_cast<int32_t>(zxid), zxid, zxid * 1000, static_cast<int32_t>(type)};
  txn.body = std::move(body);
  return txn;
}

pz::CreateTxn createTxn(const std::string& path, std::optional<std::string> data = std::string(), bool ephemeral = false,
                        int32_t parentCVersion = -1, AclList acl = openAclUnsafe()) {
  return pz::CreateTxn{path, std::move(data), std::move(acl), ephemeral, parentCVersion};
}

QString show(const pz::Stat& s) {
  return QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10,%11")
      .arg(s.czxid)
      .arg(s.mzxid)
      .arg(s.ctime)
      .arg(s.mtime)
      .arg(s.version)
      .arg(s.cversion)
      .arg(s.aversion)
      .arg(s.ephemeralOwner)
      .arg(s.dataLength)
      .arg(s.numChildren)
      .arg(s.pzxid);
}

QString statAt(const DataTree& tree, const char* path) {
  const DataNode* node = tree.find(path);
  return node == nullptr ? QString("missing") : show(tree.statOf(*node));
}

QStringList childNames(const DataTree& tree, const char* path) {
  QStringList out;
  if (const DataNode* node = tree.find(path)) {
    for (const auto& name : tree.childrenOf(*node)) out << QString::fromStdString(name);
  }
  return out;
}

QString eventName(EventType t) {
  switch (t) {
    case EventType::NodeCreated: return "NodeCreated";
    case EventType::NodeDeleted: return "NodeDeleted";
    case EventType::NodeDataChanged: return "NodeDataChanged";
    case EventType::NodeChildrenChanged: return "NodeChildrenChanged";
    default: return QString::number(static_cast<int>(t));
  }
}

QStringList notices(DataTree& tree) {
  QStringList out;
  for (const auto& n : tree.takeNotices()) {
    out << QString("w%1 %2 %3").arg(n.watcher).arg(eventName(n.type), QString::fromStdString(n.path));
  }
  return out;
}

QString errName(ZkError e) { return QString::fromLatin1(zkErrorName(e).data(), static_cast<qsizetype>(zkErrorName(e).size())); }

QString showAcl(const AclList& acl) {
  QStringList out;
  for (const auto& a : acl) out << QString("%1 %2:%3").arg(a.perms).arg(QString::fromStdString(a.id.scheme), QString::fromStdString(a.id.id));
  return out.join("; ");
}

// A tree with its own zxid counter: each apply() is the next committed transaction.
struct Tree {
  DataTree tree;
  int64_t zxid = 1;

  ProcessTxnResult apply(OpCode type, TxnBody body, int64_t session = kSession) {
    return tree.processTxn(makeTxn(type, ++zxid, std::move(body), session));
  }
  ProcessTxnResult create(const std::string& path, std::optional<std::string> data = std::string()) {
    return apply(OpCode::Create, createTxn(path, std::move(data)));
  }
  ProcessTxnResult ephemeral(const std::string& path, int64_t session) {
    return apply(OpCode::Create, createTxn(path, std::string(), true), session);
  }
  ProcessTxnResult remove(const std::string& path) { return apply(OpCode::Delete, pz::DeleteTxn{path}); }
  ProcessTxnResult setData(const std::string& path, std::optional<std::string> data, int32_t version) {
    return apply(OpCode::SetData, pz::SetDataTxn{path, std::move(data), version});
  }
};

// The tree digest computed from scratch: every node's digest summed (what ZooKeeper stores in a
// snapshot), to hold the incrementally kept DataTree::treeDigest() against.
int64_t digestFromScratch(const DataTree& tree) {
  int64_t sum = 0;
  for (const auto& [key, node] : tree.nodes()) sum = digestAdd(sum, znodeDigest(key, node.data, node.stat));
  return sum;
}

const AclList kDigestAcl{pz::ACL{perms::kAll, pz::Id{"digest", "alice:h1"}}};
const AclList kIpAcl{pz::ACL{perms::kRead, pz::Id{"ip", "10.0.0.0/8"}}};

}  // namespace

class TestDataTree : public QObject {
  Q_OBJECT

 private slots:
  // DataTree's constructor: "", /zookeeper, /zookeeper/quota and addConfigNode's
  // /zookeeper/config (READ_ACL_UNSAFE set with setACL(..., -1), hence aversion -1).
  void freshTree_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("stat");
    QTest::addColumn<QStringList>("kids");
    QTest::addColumn<QString>("acl");
    QTest::addColumn<qlonglong>("aclId");
    QTest::newRow("/") << "/" << "0,0,0,0,0,-1,0,0,0,1,0" << QStringList{"zookeeper"} << "31 world:anyone" << -1LL;
    QTest::newRow("/zookeeper") << "/zookeeper" << "0,0,0,0,0,-2,0,0,0,2,0" << QStringList{"config", "quota"}
                                << "31 world:anyone" << -1LL;
    QTest::newRow("/zookeeper/quota") << "/zookeeper/quota" << "0,0,0,0,0,0,0,0,0,0,0" << QStringList{}
                                      << "31 world:anyone" << -1LL;
    QTest::newRow("/zookeeper/config") << "/zookeeper/config" << "0,0,0,0,0,0,-1,0,0,0,0" << QStringList{}
                                       << "1 world:anyone" << 1LL;
  }

  void freshTree() {
    QFETCH(QString, path);
    QFETCH(QString, stat);
    QFETCH(QStringList, kids);
    QFETCH(QString, acl);
    QFETCH(qlonglong, aclId);
    DataTree tree;
    const std::string p = path.toStdString();
    const DataNode* node = tree.find(p);
    QVERIFY(node != nullptr);
    QCOMPARE(show(tree.statOf(*node)), stat);
    QCOMPARE(childNames(tree, p.c_str()), kids);
    QCOMPARE(showAcl(tree.aclOf(*node)), acl);
    QCOMPARE(node->aclId, aclId);
    QVERIFY(node->data.has_value());  // new byte[0], not null
    QCOMPARE(node->data->size(), std::size_t{0});
  }

  void freshTreeTotals() {
    DataTree tree;
    QCOMPARE(tree.nodeCount(), std::size_t{4});
    QCOMPARE(tree.approximateDataSize(), int64_t{44});  // ZooKeeper counts the root as "" and "/"
    QCOMPARE(tree.allChildrenNumber("/"), 3);
    QCOMPARE(tree.allChildrenNumber("/zookeeper"), 2);
    QCOMPARE(tree.acls().size(), std::size_t{1});
    QCOMPARE(tree.lastProcessedZxid(), int64_t{0});
    QCOMPARE(tree.ephemeralCount(), std::size_t{0});
    QVERIFY(tree.takeNotices().empty());
  }

  // Each create flavour at zxid 2 under the root (stored cversion 0 -> 1, so the root shows
  // 1*2-2 = 0): what the new node shows, what it stores as its owner, and which set holds it.
  void createEachKind_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("ephemeral");
    QTest::addColumn<qlonglong>("ttlMs");
    QTest::addColumn<QString>("data");  // "<null>" for null
    QTest::addColumn<QString>("stat");
    QTest::addColumn<qlonglong>("storedOwner");
    QTest::addColumn<bool>("statInResult");
    QTest::addColumn<QString>("kind");
    const QString session = QString::number(kSession);
    QTest::newRow("create") << int(OpCode::Create) << false << 0LL << "abc" << "2,2,2000,2000,0,0,0,0,3,0,2" << 0LL
                            << false << "persistent";
    QTest::newRow("create2") << int(OpCode::Create2) << false << 0LL << "abc" << "2,2,2000,2000,0,0,0,0,3,0,2" << 0LL
                             << true << "persistent";
    QTest::newRow("create ephemeral") << int(OpCode::Create) << true << 0LL << "" << "2,2,2000,2000,0,0,0," + session + ",0,0,2"
                                      << qlonglong(kSession) << false << "ephemeral";
    QTest::newRow("create2 ephemeral") << int(OpCode::Create2) << true << 0LL << "" << "2,2,2000,2000,0,0,0," + session + ",0,0,2"
                                       << qlonglong(kSession) << true << "ephemeral";
    QTest::newRow("container") << int(OpCode::CreateContainer) << false << 0LL << "x" << "2,2,2000,2000,0,0,0,0,1,0,2"
                               << qlonglong(kContainerEphemeralOwner) << true << "container";
    QTest::newRow("ttl 5000") << int(OpCode::CreateTtl) << false << 5000LL << "<null>" << "2,2,2000,2000,0,0,0,0,0,0,2"
                              << qlonglong(0xff00000000001388) << true << "ttl";
    QTest::newRow("ttl 1") << int(OpCode::CreateTtl) << false << 1LL << "" << "2,2,2000,2000,0,0,0,0,0,0,2"
                           << qlonglong(0xff00000000000001) << true << "ttl";
    QTest::newRow("ttl max") << int(OpCode::CreateTtl) << false << qlonglong(kTtlMax) << "" << "2,2,2000,2000,0,0,0,0,0,0,2"
                             << qlonglong(0xff0000ffffffffff) << true << "ttl";
    QTest::newRow("null data") << int(OpCode::Create2) << false << 0LL << "<null>" << "2,2,2000,2000,0,0,0,0,0,0,2" << 0LL
                               << true << "persistent";
  }

  void createEachKind() {
    QFETCH(int, type);
    QFETCH(bool, ephemeral);
    QFETCH(qlonglong, ttlMs);
    QFETCH(QString, data);
    QFETCH(QString, stat);
    QFETCH(qlonglong, storedOwner);
    QFETCH(bool, statInResult);
    QFETCH(QString, kind);
    const std::optional<std::string> bytes = data == "<null>" ? std::nullopt : std::optional(data.toStdString());
    TxnBody body;
    switch (static_cast<OpCode>(type)) {
      case OpCode::CreateContainer: body = pz::CreateContainerTxn{"/n", bytes, openAclUnsafe(), 1}; break;
      case OpCode::CreateTtl: body = pz::CreateTTLTxn{"/n", bytes, openAclUnsafe(), 1, ttlMs}; break;
      default: body = pz::CreateTxn{"/n", bytes, openAclUnsafe(), ephemeral, 1}; break;
    }
    DataTree tree;
    const ProcessTxnResult rc = tree.processTxn(makeTxn(static_cast<OpCode>(type), 2, body));
    QCOMPARE(errName(rc.err), QString("OK"));
    QCOMPARE(rc.path, std::string("/n"));
    QCOMPARE(rc.type, type);
    QCOMPARE(rc.zxid, int64_t{2});
    QCOMPARE(rc.stat.has_value(), statInResult);
    if (rc.stat) QCOMPARE(show(*rc.stat), stat);
    QCOMPARE(statAt(tree, "/n"), stat);
    const DataNode* node = tree.find("/n");
    QCOMPARE(node->stat.ephemeralOwner, storedOwner);
    QCOMPARE(node->data, bytes);
    QCOMPARE(tree.containers().count("/n") == 1, kind == "container");
    QCOMPARE(tree.ttls().count("/n") == 1, kind == "ttl");
    QCOMPARE(tree.ephemeralsOf(kSession).contains("/n"), kind == "ephemeral");
    QCOMPARE(tree.ephemeralCount(), std::size_t{kind == "ephemeral" ? 1u : 0u});
    QCOMPARE(statAt(tree, "/"), QString("0,0,0,0,0,0,0,0,0,2,2"));
    QCOMPARE(tree.lastProcessedZxid(), int64_t{2});
  }

  // Client cversion counts child changes: stored creates * 2 - children still there.
  void cversionAndPzxidFollowChildren() {
    Tree t;
    t.create("/p");                     // zxid 2
    for (const char* n : {"a", "b", "c"}) t.create(std::string("/p/") + n);  // 3..5
    QCOMPARE(statAt(t.tree, "/p"), QString("2,2,2000,2000,0,3,0,0,0,3,5"));
    t.remove("/p/b");  // 6: pzxid moves, stored cversion does not
    QCOMPARE(statAt(t.tree, "/p"), QString("2,2,2000,2000,0,4,0,0,0,2,6"));
    t.create("/p/b");  // 7
    QCOMPARE(statAt(t.tree, "/p"), QString("2,2,2000,2000,0,5,0,0,0,3,7"));
    t.setData("/p/a", "x", 1);  // 8: a child's data does not touch the parent
    QCOMPARE(statAt(t.tree, "/p"), QString("2,2,2000,2000,0,5,0,0,0,3,7"));
    QCOMPARE(t.tree.allChildrenNumber("/p"), 3);
    // A delete of a child that is not there still moves the parent's pzxid (DataTree.deleteNode).
    const ProcessTxnResult rc = t.remove("/p/zz");  // 9
    QCOMPARE(errName(rc.err), QString("NONODE"));
    QCOMPARE(statAt(t.tree, "/p"), QString("2,2,2000,2000,0,5,0,0,0,3,9"));
  }

  // The txn carries the parent's new cversion (PrepRequestProcessor counted it); -1 means +1.
  void parentCVersionFromTxn() {
    Tree t;
    t.apply(OpCode::Create, createTxn("/a", std::string(), false, 7));  // 2
    QCOMPARE(statAt(t.tree, "/"), QString("0,0,0,0,0,12,0,0,0,2,2"));
    t.apply(OpCode::Create, createTxn("/b", std::string(), false, 3));  // 3: lower, not taken
    QCOMPARE(statAt(t.tree, "/"), QString("0,0,0,0,0,11,0,0,0,3,2"));
    t.apply(OpCode::Create, createTxn("/c", std::string(), false, -1));  // 4: 7 + 1
    QCOMPARE(statAt(t.tree, "/"), QString("0,0,0,0,0,12,0,0,0,4,4"));
  }

  void setDataStats_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("data");  // "<null>" for null
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("stat");
    QTest::newRow("data") << "/a" << "hello" << 1 << "2,3,2000,3000,1,0,0,0,5,0,2";
    QTest::newRow("empty") << "/a" << "" << 1 << "2,3,2000,3000,1,0,0,0,0,0,2";
    QTest::newRow("null") << "/a" << "<null>" << 1 << "2,3,2000,3000,1,0,0,0,0,0,2";
    QTest::newRow("version as the txn says") << "/a" << "v" << 41 << "2,3,2000,3000,41,0,0,0,1,0,2";
    QTest::newRow("root") << "/" << "r" << 1 << "0,3,0,3000,1,0,0,0,1,2,2";
    QTest::newRow("reconfig's node") << "/zookeeper/config" << "server.1=a:1:2" << -1 << "0,3,0,3000,-1,0,-1,0,14,0,0";
  }

  void setDataStats() {
    QFETCH(QString, path);
    QFETCH(QString, data);
    QFETCH(int, version);
    QFETCH(QString, stat);
    Tree t;
    t.create("/a", "initial");  // 2
    const std::optional<std::string> bytes = data == "<null>" ? std::nullopt : std::optional(data.toStdString());
    const ProcessTxnResult rc = t.setData(path.toStdString(), bytes, version);  // 3
    QCOMPARE(errName(rc.err), QString("OK"));
    QVERIFY(rc.stat.has_value());
    QCOMPARE(show(*rc.stat), stat);
    QCOMPARE(statAt(t.tree, path.toStdString().c_str()), stat);
    QCOMPARE(t.tree.find(path.toStdString())->data, bytes);
  }

  // Reconfig is applied as setData of /zookeeper/config.
  void reconfigIsSetData() {
    DataTree tree;
    const ProcessTxnResult rc =
        tree.processTxn(makeTxn(OpCode::Reconfig, 5, pz::SetDataTxn{"/zookeeper/config", std::string("v=1"), -1}));
    QCOMPARE(errName(rc.err), QString("OK"));
    QCOMPARE(statAt(tree, "/zookeeper/config"), QString("0,5,0,5000,-1,0,-1,0,3,0,0"));
  }

  void failedTxns_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("what");
    QTest::addColumn<QString>("err");
    QTest::addColumn<QString>("path");
    QTest::newRow("create under a missing parent") << int(OpCode::Create) << "/missing/x" << "NONODE" << "/missing/x";
    QTest::newRow("create over a node") << int(OpCode::Create2) << "/a" << "NODEEXISTS" << "/a";
    QTest::newRow("delete a missing node") << int(OpCode::Delete) << "/zz" << "NONODE" << "/zz";
    QTest::newRow("delete under a missing parent") << int(OpCode::Delete) << "/q/zz" << "NONODE" << "/q/zz";
    QTest::newRow("deleteContainer of a missing node") << int(OpCode::DeleteContainer) << "/zz" << "NONODE" << "/zz";
    QTest::newRow("setData of a missing node") << int(OpCode::SetData) << "/zz" << "NONODE" << "/zz";
    QTest::newRow("setACL of a missing node") << int(OpCode::SetAcl) << "/zz" << "NONODE" << "/zz";
    QTest::newRow("error txn") << int(OpCode::Error) << "" << "BADVERSION" << "";
    QTest::newRow("check changes nothing") << int(OpCode::Check) << "/a" << "OK" << "/a";
  }

  void failedTxns() {
    QFETCH(int, type);
    QFETCH(QString, what);
    QFETCH(QString, err);
    QFETCH(QString, path);
    Tree t;
    t.create("/a", "data");  // 2
    const std::string p = what.toStdString();
    TxnBody body;
    switch (static_cast<OpCode>(type)) {
      case OpCode::Create:
      case OpCode::Create2: body = createTxn(p); break;
      case OpCode::Delete:
      case OpCode::DeleteContainer: body = pz::DeleteTxn{p}; break;
      case OpCode::SetData: body = pz::SetDataTxn{p, std::string("x"), 1}; break;
      case OpCode::SetAcl: body = pz::SetACLTxn{p, kDigestAcl, 1}; break;
      case OpCode::Check: body = pz::CheckVersionTxn{p, 1}; break;
      default: body = pz::ErrorTxn{static_cast<int32_t>(ZkError::BadVersion)}; break;
    }
    const QString before = statAt(t.tree, "/a");
    const ProcessTxnResult rc = t.apply(static_cast<OpCode>(type), body);  // 3
    QCOMPARE(errName(rc.err), err);
    QCOMPARE(QString::fromStdString(rc.path), path);
    QVERIFY(!rc.stat.has_value());
    QCOMPARE(statAt(t.tree, "/a"), before);
    QCOMPARE(t.tree.nodeCount(), std::size_t{5});
    QCOMPARE(t.tree.lastProcessedZxid(), int64_t{3});  // even a failed txn was processed
  }

  void setAclStats() {
    Tree t;
    t.create("/a");  // 2
    t.tree.addDataWatch("/a", kW1);
    const ProcessTxnResult rc = t.apply(OpCode::SetAcl, pz::SetACLTxn{"/a", kDigestAcl, 3});  // 3
    QCOMPARE(errName(rc.err), QString("OK"));
    QVERIFY(rc.stat.has_value());
    QCOMPARE(show(*rc.stat), QString("2,2,2000,2000,0,0,3,0,0,0,2"));  // only aversion moves
    QCOMPARE(showAcl(t.tree.aclOf(*t.tree.find("/a"))), QString("31 digest:alice:h1"));
    QVERIFY(t.tree.takeNotices().empty());  // an ACL change fires no watch
  }

  // ReferenceCountedACLCache: ids from 1 (the config node's READ_ACL_UNSAFE), a new id per new
  // list (OPEN_ACL_UNSAFE too: only a null list is -1), equal lists share one, ids are never
  // reused, and setACL releases the old list before it counts the new one in.
  void aclCacheIds() {
    Tree t;
    auto aclIdOf = [&](const char* path) { return t.tree.find(path)->aclId; };
    t.create("/a");  // OPEN_ACL_UNSAFE
    t.create("/b");
    t.apply(OpCode::Create, createTxn("/c", std::string(), false, -1, kDigestAcl));
    t.apply(OpCode::Create, createTxn("/d", std::string(), false, -1, kIpAcl));
    QCOMPARE(aclIdOf("/zookeeper/config"), int64_t{1});
    QCOMPARE(aclIdOf("/a"), int64_t{2});
    QCOMPARE(aclIdOf("/b"), int64_t{2});
    QCOMPARE(aclIdOf("/c"), int64_t{3});
    QCOMPARE(aclIdOf("/d"), int64_t{4});
    QCOMPARE(t.tree.acls().size(), std::size_t{4});
    t.remove("/a");
    QVERIFY(t.tree.acls().lookup(2).has_value());  // /b still uses it
    t.remove("/b");
    QVERIFY(!t.tree.acls().lookup(2).has_value());
    t.create("/e");
    QCOMPARE(aclIdOf("/e"), int64_t{5});  // not 2 again
    t.apply(OpCode::SetAcl, pz::SetACLTxn{"/c", kDigestAcl, 1});
    QCOMPARE(aclIdOf("/c"), int64_t{6});  // its only use went first, so the list came back new
    t.apply(OpCode::SetAcl, pz::SetACLTxn{"/e", kDigestAcl, 1});
    QCOMPARE(aclIdOf("/e"), int64_t{6});
    QVERIFY(!t.tree.acls().lookup(5).has_value());
    QCOMPARE(showAcl(*t.tree.acls().lookup(6)), QString("31 digest:alice:h1"));
    QCOMPARE(showAcl(*t.tree.acls().lookup(-1)), QString("31 world:anyone"));
  }

  // Children come back in a new HashSet<>(8)'s order (as ZooKeeper 3.8 listed them); a child
  // created again goes to the end of its bucket.
  void childrenInHashSetOrder() {
    Tree t;
    t.create("/p");
    for (const char* n : {"alpha", "beta", "gamma", "delta", "epsilon", "zeta"}) t.create(std::string("/p/") + n);
    QCOMPARE(childNames(t.tree, "/p"), (QStringList{"delta", "epsilon", "zeta", "beta", "gamma", "alpha"}));
    t.remove("/p/delta");
    t.create("/p/delta");
    QCOMPARE(childNames(t.tree, "/p"), (QStringList{"epsilon", "zeta", "delta", "beta", "gamma", "alpha"}));
    t.create("/alpha");
    t.create("/beta");
    QCOMPARE(childNames(t.tree, "/"), (QStringList{"p", "zookeeper", "beta", "alpha"}));
  }

  void ephemeralsPerSession() {
    Tree t;
    t.create("/p");
    for (const char* p : {"/e1", "/e2", "/p/e3", "/e4", "/zeta-eph"}) t.ephemeral(p, kSession);
    t.ephemeral("/f", kOther);
    QCOMPARE(t.tree.ephemeralsOf(kSession).items(),
             (std::vector<std::string>{"/zeta-eph", "/e1", "/e2", "/p/e3", "/e4"}));
    QCOMPARE(t.tree.ephemeralsOf(kOther).items(), std::vector<std::string>{"/f"});
    QCOMPARE(t.tree.ephemeralCount(), std::size_t{6});
    QVERIFY(t.tree.ephemeralsOf(0x77).empty());
    t.remove("/e1");
    QCOMPARE(t.tree.ephemeralsOf(kSession).items(), (std::vector<std::string>{"/zeta-eph", "/e2", "/p/e3", "/e4"}));
  }

  // closeSession deletes the paths its txn lists first, then whatever else the session still
  // owns (a log written without CloseSessionTxn lists none), each with its NodeDeleted.
  void closeSessionDeletesEphemerals_data() {
    QTest::addColumn<bool>("withBody");
    QTest::addColumn<QStringList>("listed");
    QTest::addColumn<QStringList>("deleted");
    // The session's own set has 16 buckets; getEphemerals' clone has 8, hence another order.
    QTest::newRow("all listed") << true << QStringList{"/zeta-eph", "/e1", "/e2", "/p/e3", "/e4"}
                                << QStringList{"/zeta-eph", "/e1", "/e2", "/p/e3", "/e4"};
    QTest::newRow("listed first, the rest after") << true << QStringList{"/e2"}
                                                  << QStringList{"/e2", "/zeta-eph", "/p/e3", "/e1", "/e4"};
    QTest::newRow("empty CloseSessionTxn") << true << QStringList{}
                                           << QStringList{"/zeta-eph", "/p/e3", "/e1", "/e2", "/e4"};
    QTest::newRow("no body (old log)") << false << QStringList{}
                                       << QStringList{"/zeta-eph", "/p/e3", "/e1", "/e2", "/e4"};
    QTest::newRow("a listed path already gone") << true << QStringList{"/gone", "/e4"}
                                                << QStringList{"/e4", "/zeta-eph", "/p/e3", "/e1", "/e2"};
  }

  void closeSessionDeletesEphemerals() {
    QFETCH(bool, withBody);
    QFETCH(QStringList, listed);
    QFETCH(QStringList, deleted);
    Tree t;
    t.apply(OpCode::CreateSession, pz::CreateSessionTxn{30000});
    t.apply(OpCode::CreateSession, pz::CreateSessionTxn{4000}, kOther);
    QCOMPARE(t.tree.sessions().size(), std::size_t{2});
    t.create("/p");
    for (const char* p : {"/e1", "/e2", "/p/e3", "/e4", "/zeta-eph"}) t.ephemeral(p, kSession);
    t.ephemeral("/f", kOther);
    t.tree.addPersistentWatch("/", kW1, true);
    pz::CloseSessionTxn close;
    for (const QString& p : listed) close.paths2Delete.push_back(p.toStdString());
    const ProcessTxnResult rc = withBody ? t.apply(OpCode::CloseSession, close) : t.apply(OpCode::CloseSession, std::monostate());
    QCOMPARE(errName(rc.err), QString("OK"));
    QStringList expected;
    for (const QString& p : deleted) expected << "w1 NodeDeleted " + p;
    QCOMPARE(notices(t.tree), expected);
    for (const char* p : {"/e1", "/e2", "/p/e3", "/e4", "/zeta-eph"}) QCOMPARE(t.tree.find(p), nullptr);
    QVERIFY(t.tree.ephemeralsOf(kSession).empty());
    QCOMPARE(t.tree.ephemeralsOf(kOther).items(), std::vector<std::string>{"/f"});
    QCOMPARE(t.tree.sessions().size(), std::size_t{1});
    QCOMPARE(t.tree.sessions().at(kOther), 4000);
    const QString closeZxid = QString::number(t.zxid);
    QVERIFY(statAt(t.tree, "/p").endsWith("," + closeZxid));  // parents' pzxid is the close's zxid
    QVERIFY(statAt(t.tree, "/").endsWith("," + closeZxid));
  }

  // A multi applies all its ops under one zxid, each with its own result (creates in a multi
  // are always plain creates: the server rebuilds them so, and ZooKeeper's DataTree would not
  // take a create2 there).
  void multiAppliesAll() {
    Tree t;
    t.create("/a", "old");  // 2
    pz::MultiTxn multi;
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Create), createTxn("/m", std::string("x"), false, 2)));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Create), createTxn("/m/c", std::string(), false, 1)));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::SetData), pz::SetDataTxn{"/a", std::string("new"), 1}));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Check), pz::CheckVersionTxn{"/a", 2}));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Delete), pz::DeleteTxn{"/a"}));
    const ProcessTxnResult rc = t.apply(OpCode::Multi, multi);  // 3
    QCOMPARE(errName(rc.err), QString("OK"));
    QCOMPARE(rc.multiResult.size(), std::size_t{5});
    const std::vector<OpCode> types{OpCode::Create, OpCode::Create, OpCode::SetData, OpCode::Check, OpCode::Delete};
    for (std::size_t i = 0; i < types.size(); ++i) {
      QCOMPARE(rc.multiResult[i].type, int32_t(types[i]));
      QCOMPARE(errName(rc.multiResult[i].err), QString("OK"));
      QCOMPARE(rc.multiResult[i].zxid, int64_t{3});
    }
    for (std::size_t i : {0, 1, 3, 4}) QVERIFY(!rc.multiResult[i].stat.has_value());
    QCOMPARE(show(*rc.multiResult[2].stat), QString("2,3,2000,3000,1,0,0,0,3,0,2"));
    QCOMPARE(statAt(t.tree, "/m"), QString("3,3,3000,3000,0,1,0,0,1,1,3"));
    QCOMPARE(t.tree.find("/a"), nullptr);
    QCOMPARE(t.tree.lastProcessedZxid(), int64_t{3});
  }

  // A failed multi (as PrepRequestProcessor writes it: the ops before the failure keep their
  // txns, the failing one and those after are errors) changes nothing: earlier ops answer OK,
  // the failing one its error, later ones RUNTIMEINCONSISTENCY.
  void failedMultiChangesNothing() {
    Tree t;
    t.create("/a", "old");  // 2
    t.tree.addDataWatch("/a", kW1);
    t.tree.addChildWatch("/", kW2);
    const QString rootBefore = statAt(t.tree, "/");
    pz::MultiTxn multi;
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Create), createTxn("/m", std::string("x"), false, 2)));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::SetData), pz::SetDataTxn{"/a", std::string("new"), 1}));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Error), pz::ErrorTxn{int32_t(ZkError::NoNode)}));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Error), pz::ErrorTxn{int32_t(ZkError::RuntimeInconsistency)}));
    const ProcessTxnResult rc = t.apply(OpCode::Multi, multi);  // 3
    QCOMPARE(errName(rc.err), QString("NONODE"));
    const QStringList expected{"OK", "OK", "NONODE", "RUNTIMEINCONSISTENCY"};
    QCOMPARE(rc.multiResult.size(), std::size_t{4});
    for (std::size_t i = 0; i < 4; ++i) {
      QCOMPARE(rc.multiResult[i].type, int32_t(OpCode::Error));
      QCOMPARE(errName(rc.multiResult[i].err), expected[static_cast<qsizetype>(i)]);
    }
    QCOMPARE(t.tree.find("/m"), nullptr);
    QCOMPARE(*t.tree.find("/a")->data, std::string("old"));
    QCOMPARE(statAt(t.tree, "/"), rootBefore);
    QVERIFY(t.tree.takeNotices().empty());
    QCOMPARE(t.tree.lastProcessedZxid(), int64_t{3});
  }

  void oneShotWatches() {
    Tree t;
    t.tree.addDataWatch("/a", kW1);   // exists() on a missing node
    t.tree.addChildWatch("/", kW2);
    t.create("/a");
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeCreated /a", "w2 NodeChildrenChanged /"}));
    t.setData("/a", "x", 1);
    t.create("/b");
    QCOMPARE(notices(t.tree), QStringList{});  // both fired once already
    t.tree.addDataWatch("/a", kW1);
    t.tree.addDataWatch("/a", kW2);
    t.setData("/a", "y", 2);
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeDataChanged /a", "w2 NodeDataChanged /a"}));
    t.tree.addChildWatch("/a", kW1);
    t.create("/a/c");
    QCOMPARE(notices(t.tree), QStringList{"w1 NodeChildrenChanged /a"});
  }

  // A watcher with a data and a child watch on a deleted node hears NodeDeleted once; the
  // parent's child watchers hear NodeChildrenChanged.
  void deleteNotifiesOnce() {
    Tree t;
    t.create("/p");
    t.create("/p/a");
    t.tree.addDataWatch("/p/a", kW1);
    t.tree.addChildWatch("/p/a", kW1);
    t.tree.addChildWatch("/p/a", kW2);
    t.tree.addChildWatch("/p", kW2);
    t.remove("/p/a");
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeDeleted /p/a", "w2 NodeDeleted /p/a", "w2 NodeChildrenChanged /p"}));
    QVERIFY(!t.tree.containsWatch("/p/a", WatcherType::Any, kW1));
    QVERIFY(!t.tree.containsWatch("/p/a", WatcherType::Any, kW2));
  }

  void persistentWatch() {
    Tree t;
    t.tree.addPersistentWatch("/a", kW1, false);
    t.create("/a");
    t.setData("/a", "1", 1);
    t.setData("/a", "2", 2);
    t.create("/a/c");
    t.setData("/a/c", "x", 1);  // not the watched node
    t.remove("/a/c");
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeCreated /a", "w1 NodeDataChanged /a", "w1 NodeDataChanged /a",
                                           "w1 NodeChildrenChanged /a", "w1 NodeChildrenChanged /a"}));
    t.remove("/a");
    t.create("/a");  // it outlives the node
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeDeleted /a", "w1 NodeCreated /a"}));
    QVERIFY(t.tree.removeWatch("/a", WatcherType::Any, kW1));
    t.setData("/a", "3", 1);
    QCOMPARE(notices(t.tree), QStringList{});
  }

  // Persistent-recursive watches fire for the path and everything below, never with
  // NodeChildrenChanged (they live in the data watch table only).
  void persistentRecursiveWatch() {
    Tree t;
    t.create("/r");
    t.tree.addPersistentWatch("/r", kW1, true);
    t.tree.addPersistentWatch("/", kW2, true);
    t.create("/r/x");
    t.create("/r/x/y");
    t.setData("/r", "d", 1);
    t.create("/other");
    t.remove("/r/x/y");
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeCreated /r/x", "w2 NodeCreated /r/x", "w1 NodeCreated /r/x/y",
                                           "w2 NodeCreated /r/x/y", "w1 NodeDataChanged /r", "w2 NodeDataChanged /r",
                                           "w2 NodeCreated /other", "w1 NodeDeleted /r/x/y", "w2 NodeDeleted /r/x/y"}));
    QVERIFY(t.tree.containsWatch("/r", WatcherType::Data, kW1));
    QVERIFY(!t.tree.containsWatch("/r", WatcherType::Children, kW1));
    t.tree.removeWatcher(kW1);
    t.setData("/r/x", "z", 1);
    QCOMPARE(notices(t.tree), QStringList{"w2 NodeDataChanged /r/x"});
  }

  // SetWatches after a reconnect: anything that changed after relativeZxid fires at once, the
  // rest is registered and fires later.
  void setWatchesFiresChangedNodes() {
    Tree t;
    t.create("/old", "x");        // 2
    t.create("/changed", "x");    // 3
    t.create("/parent");          // 4
    t.create("/quiet");           // 5
    const int64_t seen = t.zxid;  // the client saw up to here
    t.setData("/changed", "y", 1);
    t.create("/parent/kid");
    t.create("/born");
    pz::SetWatches2 w;
    w.relativeZxid = seen;
    w.dataWatches = {"/old", "/changed", "/gone"};
    w.existWatches = {"/born", "/still-missing"};
    w.childWatches = {"/parent", "/quiet", "/gone-parent"};
    t.tree.setWatches(seen, w, kW1);
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeDataChanged /changed", "w1 NodeDeleted /gone", "w1 NodeCreated /born",
                                           "w1 NodeChildrenChanged /parent", "w1 NodeDeleted /gone-parent"}));
    QVERIFY(t.tree.containsWatch("/old", WatcherType::Data, kW1));
    QVERIFY(t.tree.containsWatch("/still-missing", WatcherType::Data, kW1));
    QVERIFY(t.tree.containsWatch("/quiet", WatcherType::Children, kW1));
    QVERIFY(!t.tree.containsWatch("/changed", WatcherType::Any, kW1));
    t.setData("/old", "z", 1);
    t.create("/still-missing");
    t.create("/quiet/kid");
    QCOMPARE(notices(t.tree), (QStringList{"w1 NodeDataChanged /old", "w1 NodeCreated /still-missing",
                                           "w1 NodeChildrenChanged /quiet"}));
  }

  // Replaying a create over a node the snapshot already has (DataTree.processTxn's
  // setCversionPzxid): the parent's cversion and pzxid move forward, the node stays as it is.
  void replayedCreateAdjustsParent_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("parentCVersion");
    QTest::addColumn<QString>("rootStat");
    QTest::newRow("create, higher cversion") << int(OpCode::Create) << 5 << "0,0,0,0,0,8,0,0,0,2,11";
    QTest::newRow("create, -1 means one more") << int(OpCode::Create) << -1 << "0,0,0,0,0,2,0,0,0,2,11";
    QTest::newRow("create, lower cversion") << int(OpCode::Create) << 1 << "0,0,0,0,0,0,0,0,0,2,10";
    QTest::newRow("create2 is not adjusted") << int(OpCode::Create2) << 5 << "0,0,0,0,0,0,0,0,0,2,10";
  }

  void replayedCreateAdjustsParent() {
    QFETCH(int, type);
    QFETCH(int, parentCVersion);
    QFETCH(QString, rootStat);
    DataTree tree;
    tree.processTxn(makeTxn(OpCode::Create, 10, createTxn("/a", std::string("x"), false, 1, kDigestAcl)));
    const QString before = statAt(tree, "/a");
    const ProcessTxnResult rc =
        tree.processTxn(makeTxn(static_cast<OpCode>(type), 11, createTxn("/a", std::string("y"), false, parentCVersion, kIpAcl)));
    QCOMPARE(errName(rc.err), QString("NODEEXISTS"));
    QCOMPARE(statAt(tree, "/"), rootStat);
    QCOMPARE(statAt(tree, "/a"), before);
    QCOMPARE(showAcl(tree.aclOf(*tree.find("/a"))), QString("31 digest:alice:h1"));
    QCOMPARE(*tree.find("/a")->data, std::string("x"));
    QCOMPARE(tree.acls().size(), std::size_t{3});  // the replayed list was counted in anyway
    QCOMPARE(tree.lastProcessedZxid(), int64_t{11});
  }

  // deleteContainer is a delete; containers and TTL nodes leave their sets when deleted.
  void deleteContainerAndTtl() {
    Tree t;
    t.apply(OpCode::CreateContainer, pz::CreateContainerTxn{"/c", std::string(), openAclUnsafe(), -1});
    t.apply(OpCode::CreateTtl, pz::CreateTTLTxn{"/t", std::string(), openAclUnsafe(), -1, 1000});
    t.create("/c/kid");
    t.remove("/c/kid");
    QCOMPARE(t.tree.containers().size(), std::size_t{1});
    QCOMPARE(t.tree.ttls().size(), std::size_t{1});
    const ProcessTxnResult rc = t.apply(OpCode::DeleteContainer, pz::DeleteTxn{"/c"}, 0);
    QCOMPARE(errName(rc.err), QString("OK"));
    QCOMPARE(t.tree.find("/c"), nullptr);
    QVERIFY(t.tree.containers().empty());
    t.apply(OpCode::DeleteContainer, pz::DeleteTxn{"/t"}, 0);
    QVERIFY(t.tree.ttls().empty());
    QCOMPARE(t.tree.nodeCount(), std::size_t{4});
  }

  void lastProcessedZxidOnlyGrows() {
    DataTree tree;
    tree.processTxn(makeTxn(OpCode::Create, 9, createTxn("/a")));
    tree.processTxn(makeTxn(OpCode::Error, 4, pz::ErrorTxn{int32_t(ZkError::NoNode)}));
    QCOMPARE(tree.lastProcessedZxid(), int64_t{9});
  }

  void approximateDataSizeCountsPathsAndData() {
    Tree t;
    t.create("/a", "xyz");
    QCOMPARE(t.tree.approximateDataSize(), int64_t{49});
    t.apply(OpCode::Create, createTxn("/t1", std::nullopt));
    QCOMPARE(t.tree.approximateDataSize(), int64_t{52});
    t.setData("/a", "", 1);
    QCOMPARE(t.tree.approximateDataSize(), int64_t{49});
    t.remove("/a");
    QCOMPARE(t.tree.approximateDataSize(), int64_t{47});
  }

  // treeDigest() is kept up to date change by change (it goes into every TxnDigest and every
  // snapshot): after each kind of transaction it equals the sum recomputed over all nodes.
  void treeDigestFollowsEveryChange() {
    Tree t;
    QCOMPARE(t.tree.treeDigest(), digestFromScratch(t.tree));
    const auto check = [&t](const char* after) {
      QVERIFY2(t.tree.treeDigest() == digestFromScratch(t.tree), after);
    };
    t.create("/a", "one");
    check("create");
    t.create("/a/b", std::nullopt);
    check("create under a parent (parent cversion and pzxid change)");
    t.setData("/a", "two", 1);
    check("setData");
    t.setData("/", "root data", 1);
    check("setData on the root");
    t.apply(OpCode::SetAcl, pz::SetACLTxn{"/a", kDigestAcl, 1});
    check("setACL");
    t.ephemeral("/a/e1", kOther);
    t.ephemeral("/e2", kOther);
    check("ephemerals");
    t.apply(OpCode::CloseSession, pz::CloseSessionTxn{{"/a/e1", "/e2"}}, kOther);
    check("closeSession deleting ephemerals");
    pz::MultiTxn multi;
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Create), createTxn("/m", std::string("x"), false, -1)));
    multi.txns.push_back(encodeSubTxn(int32_t(OpCode::Delete), pz::DeleteTxn{"/a/b"}));
    t.apply(OpCode::Multi, multi);
    check("multi");
    t.remove("/m");
    check("delete");
    t.apply(OpCode::Create, createTxn("/a", std::string("dup"), false, 9));
    check("create replayed over an existing node");
    t.apply(OpCode::CreateContainer, pz::CreateContainerTxn{"/box", std::string(), openAclUnsafe(), -1});
    check("container");
  }
};

QTEST_APPLESS_MAIN(TestDataTree)
#include "tst_data_tree.moc"
