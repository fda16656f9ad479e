// RequestPreparer as ZooKeeper 3.8's PrepRequestProcessor: each request's checks in ZooKeeper's
// order (so when several are wrong, the same error wins), failed requests still taking a zxid
// as ErrorTxns, sequential names from the parent's stored cversion (Java's %010d, negative after
// the int wraps), pipelined requests seeing each other's outstanding changes, applied() dropping
// them, a failed multi rolling its changes back, closeSession's list of ephemerals, and bodies
// that do not decode.
//
// The tree every table starts from (applied through processTxn, zxids 1..10):
//   /a (data "x", open) with /a/child; /locked (digest alice:h1, all permissions);
//   /readonly (world READ only) with /readonly/c; /eph (ephemeral of kSession).

#include <QtTest>

#include <set>

#include "coordination/multi_request.h"
#include "coordination/request_preparer.h"

using namespace pier;
using namespace pier::coordination;
namespace pz = pier::protocol::zookeeper;

namespace {

constexpr int64_t kSession = 0x1000abc00000001;
constexpr int64_t kOther = 0x1000abc00000002;
constexpr int64_t kExpired = 0x1000abc0000000e;
constexpr int64_t kTimeMs = 1700000000000;

const AclList kOpen = openAclUnsafe();
const AclList kAlice{pz::ACL{perms::kAll, pz::Id{"digest", "alice:h1"}}};
const AclList kReadOnly = readAclUnsafe();
const AuthIds kAnonymous{pz::Id{"ip", "127.0.0.1"}};
const AuthIds kAliceIds{pz::Id{"ip", "127.0.0.1"}, pz::Id{"digest", "alice:h1"}};

template <typename Record>
std::vector<uint8_t> bytesOf(const Record& r) {
  Writer w;
  r.encode(w);
  return w.take();
}

std::vector<uint8_t> multiBytes(const std::vector<MultiOp>& ops) {
  Writer w;
  encodeMultiRequest(w, ops);
  return w.take();
}

QString errName(int32_t e) {
  const auto name = zkErrorName(static_cast<ZkError>(e));
  return QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

// "NONODE" for an error txn; otherwise what the txn does.
QString outcome(const TxnBody& body) {
  if (const auto* e = std::get_if<pz::ErrorTxn>(&body)) return errName(e->err);
  if (const auto* c = std::get_if<pz::CreateTxn>(&body)) {
    return QString("create %1%2 cversion %3").arg(QString::fromStdString(c->path), c->ephemeral ? " ephemeral" : "").arg(c->parentCVersion);
  }
  if (const auto* c = std::get_if<pz::CreateContainerTxn>(&body)) return "container " + QString::fromStdString(c->path);
  if (const auto* c = std::get_if<pz::CreateTTLTxn>(&body)) return QString("ttl %1 %2").arg(QString::fromStdString(c->path)).arg(c->ttl);
  if (const auto* d = std::get_if<pz::DeleteTxn>(&body)) return "delete " + QString::fromStdString(d->path);
  if (const auto* s = std::get_if<pz::SetDataTxn>(&body)) return QString("setData version %1").arg(s->version);
  if (const auto* s = std::get_if<pz::SetACLTxn>(&body)) {
    QStringList ids;
    for (const auto& a : s->acl) ids << QString("%1 %2:%3").arg(a.perms).arg(QString::fromStdString(a.id.scheme), QString::fromStdString(a.id.id));
    return QString("setACL aversion %1 [%2]").arg(s->version).arg(ids.join("; "));
  }
  if (const auto* c = std::get_if<pz::CheckVersionTxn>(&body)) return QString("check version %1").arg(c->version);
  return "?";
}

QStringList multiOutcome(const Txn& txn) {
  QStringList out;
  const auto* multi = std::get_if<pz::MultiTxn>(&txn.body);
  if (multi == nullptr) return {"not a multi: " + outcome(txn.body)};
  for (const auto& sub : multi->txns) {
    auto body = decodeSubTxn(sub);
    out << (body.isOk() ? outcome(*body) : QString("undecodable"));
  }
  return out;
}

pz::CreateTxn createTxn(const std::string& path, bool ephemeral = false, AclList acl = kOpen) {
  return pz::CreateTxn{path, std::string("x"), std::move(acl), ephemeral, -1};
}

// The starting tree, its preparer and the requests' plumbing.
struct Fixture {
  DataTree tree;
  PreparerConfig config;
  std::set<int64_t> expired{kExpired};
  RequestPreparer preparer;
  int32_t cxid = 0;

  explicit Fixture(bool extendedTypes = false)
      : config{extendedTypes},
        preparer(tree, config, [this](int64_t id) { return expired.count(id) ? ZkError::SessionExpired : ZkError::Ok; }) {
    int64_t zxid = 0;
    auto apply = [&](OpCode type, TxnBody body, int64_t session = kSession) {
      Txn txn;
      txn.header = pz::TxnHeader{session, 0, ++zxid, kTimeMs, static_cast<int32_t>(type)};
      txn.body = std::move(body);
      tree.processTxn(txn);
    };
    apply(OpCode::Create, createTxn("/a"));
    apply(OpCode::Create, createTxn("/a/child"));
    apply(OpCode::Create, createTxn("/locked", false, kAlice));
    apply(OpCode::Create, createTxn("/readonly"));
    apply(OpCode::Create, createTxn("/readonly/c"));
    apply(OpCode::SetAcl, pz::SetACLTxn{"/readonly", kReadOnly, 1});
    apply(OpCode::Create, createTxn("/eph", true));
    zxid = 10;
    tree.setLastProcessedZxid(zxid);
    preparer.setLastZxid(zxid);
  }

  std::optional<Txn> prepare(OpCode type, const std::vector<uint8_t>& body, const AuthIds& auth = kAnonymous,
                             int64_t session = kSession) {
    return preparer.prepare(WriteRequest{session, ++cxid, type, body, &auth}, kTimeMs + cxid);
  }
  // Prepares and applies at once (the request's turn came).
  Txn commit(OpCode type, const std::vector<uint8_t>& body, const AuthIds& auth = kAnonymous, int64_t session = kSession) {
    Txn txn = *prepare(type, body, auth, session);
    tree.processTxn(txn);
    preparer.applied(txn.header.zxid);
    return txn;
  }
};

std::vector<uint8_t> createBody(const QString& path, int flags = 0, AclList acl = kOpen) {
  return bytesOf(pz::CreateRequest{path.toStdString(), std::string("d"), std::move(acl), flags});
}

}  // namespace

class TestRequestPreparer : public QObject {
  Q_OBJECT

 private slots:
  void sequenceSuffix_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("0") << 0 << "0000000000";
    QTest::newRow("7") << 7 << "0000000007";
    QTest::newRow("123456789") << 123456789 << "0123456789";
    QTest::newRow("INT_MAX") << 2147483647 << "2147483647";
    QTest::newRow("-3") << -3 << "-000000003";
    QTest::newRow("-123456789") << -123456789 << "-123456789";
    QTest::newRow("INT_MIN") << int(-2147483648LL) << "-2147483648";
  }

  void sequenceSuffix() {
    QFETCH(int, n);
    QFETCH(QString, suffix);
    QCOMPARE(QString::fromStdString(coordination::sequenceSuffix(n)), suffix);
  }

  // pRequest2TxnCreate's order: flags, TTL support, TTL range, session, '/' and NUL, ACL,
  // parent, CREATE permission, sequential name, validatePath, existence, ephemeral parent.
  void create_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("flags");
    QTest::addColumn<qlonglong>("ttl");  // CreateTTLRequest's; -2: send a CreateRequest
    QTest::addColumn<bool>("emptyAcl");
    QTest::addColumn<bool>("alice");
    QTest::addColumn<bool>("extended");
    QTest::addColumn<qlonglong>("session");
    QTest::addColumn<QString>("expected");
    const int create = int(OpCode::Create);
    const int ttl = int(OpCode::CreateTtl);
    const qlonglong s = kSession;
    QTest::newRow("ok") << create << "/a/b" << 0 << -2LL << false << false << false << s << "create /a/b cversion 2";
    QTest::newRow("flags 7") << create << "/a/b" << 7 << -2LL << false << false << false << s << "BADARGUMENTS";
    QTest::newRow("flags -1") << create << "/a/b" << -1 << -2LL << false << false << false << s << "BADARGUMENTS";
    QTest::newRow("bad flags before expired session") << create << "/a/b" << 9 << -2LL << false << false << false
                                                       << qlonglong(kExpired) << "BADARGUMENTS";
    QTest::newRow("TTL disabled") << ttl << "bad" << 5 << 100LL << true << false << false << qlonglong(kExpired)
                                  << "UNIMPLEMENTED";
    QTest::newRow("TTL flags by create, disabled") << create << "/a/t" << 6 << -2LL << false << false << false << s
                                                   << "UNIMPLEMENTED";
    QTest::newRow("TTL flags by create, no ttl") << create << "/a/t" << 5 << -2LL << false << false << true << s
                                                 << "BADARGUMENTS";
    QTest::newRow("TTL 0") << ttl << "/a/t" << 5 << 0LL << false << false << true << s << "BADARGUMENTS";
    QTest::newRow("TTL above 2^40-1") << ttl << "/a/t" << 5 << (1LL << 40) << false << false << true << s << "BADARGUMENTS";
    QTest::newRow("TTL for a persistent node") << ttl << "/a/t" << 0 << 100LL << false << false << true << s << "BADARGUMENTS";
    QTest::newRow("TTL max") << ttl << "/a/t" << 5 << (1LL << 40) - 1 << false << false << true << s
                             << "ttl /a/t 1099511627775";
    QTest::newRow("TTL sequential") << ttl << "/a/t-" << 6 << 100LL << false << false << true << s
                                    << "ttl /a/t-0000000001 100";
    QTest::newRow("expired session") << create << "bad" << 0 << -2LL << true << false << false << qlonglong(kExpired)
                                     << "SESSIONEXPIRED";
    QTest::newRow("no slash") << create << "a" << 0 << -2LL << true << false << false << s << "BADARGUMENTS";
    QTest::newRow("NUL") << create << QString("/a/b") + QChar(0) << 0 << -2LL << true << false << false << s
                         << "BADARGUMENTS";
    QTest::newRow("empty ACL before a missing parent") << create << "/missing/x" << 0 << -2LL << true << false << false
                                                       << s << "INVALIDACL";
    QTest::newRow("empty ACL before a bad name") << create << "/a/" << 0 << -2LL << true << false << false << s
                                                 << "INVALIDACL";
    QTest::newRow("missing parent") << create << "/missing/x" << 0 << -2LL << false << false << false << s << "NONODE";
    QTest::newRow("parent of a relative path") << create << "/a/../b" << 0 << -2LL << false << false << false << s
                                               << "NONODE";
    QTest::newRow("no CREATE on the parent") << create << "/locked/x" << 0 << -2LL << false << false << false << s
                                             << "NOAUTH";
    QTest::newRow("alice may") << create << "/locked/x" << 0 << -2LL << false << true << false << s
                               << "create /locked/x cversion 1";
    QTest::newRow("READ only parent") << create << "/readonly/x" << 0 << -2LL << false << true << false << s << "NOAUTH";
    QTest::newRow("config node") << create << "/zookeeper/config/x" << 0 << -2LL << false << false << false << s
                                 << "NOAUTH";
    QTest::newRow("NOAUTH before a bad name") << create << "/locked/." << 0 << -2LL << false << false << false << s
                                              << "NOAUTH";
    QTest::newRow("trailing slash") << create << "/a/" << 0 << -2LL << false << false << false << s << "BADARGUMENTS";
    QTest::newRow("relative name") << create << "/." << 0 << -2LL << false << false << false << s << "BADARGUMENTS";
    QTest::newRow("control character") << create << "/a/\u0001" << 0 << -2LL << false << false << false << s
                                       << "BADARGUMENTS";
    QTest::newRow("exists") << create << "/a" << 0 << -2LL << false << false << false << s << "NODEEXISTS";
    QTest::newRow("the root exists") << create << "/" << 0 << -2LL << false << false << false << s << "NODEEXISTS";
    QTest::newRow("sequential under the root") << create << "/" << 2 << -2LL << false << false << false << s
                                               << "create /0000000004 cversion 5";
    QTest::newRow("under an ephemeral") << create << "/eph/x" << 0 << -2LL << false << false << false << s
                                        << "NOCHILDRENFOREPHEMERALS";
    QTest::newRow("sequential under an ephemeral") << create << "/eph/x-" << 3 << -2LL << false << false << false << s
                                                   << "NOCHILDRENFOREPHEMERALS";
    QTest::newRow("ephemeral") << create << "/a/e" << 1 << -2LL << false << false << false << s
                               << "create /a/e ephemeral cversion 2";
    QTest::newRow("persistent sequential") << create << "/a/s-" << 2 << -2LL << false << false << false << s
                                           << "create /a/s-0000000001 cversion 2";
    QTest::newRow("container") << int(OpCode::CreateContainer) << "/a/c" << 4 << -2LL << false << false << false << s
                               << "container /a/c";
    QTest::newRow("under /zookeeper") << create << "/zookeeper/x" << 0 << -2LL << false << false << false << s
                                      << "create /zookeeper/x cversion 1";
  }

  void create() {
    QFETCH(int, type);
    QFETCH(QString, path);
    QFETCH(int, flags);
    QFETCH(qlonglong, ttl);
    QFETCH(bool, emptyAcl);
    QFETCH(bool, alice);
    QFETCH(bool, extended);
    QFETCH(qlonglong, session);
    QFETCH(QString, expected);
    Fixture f(extended);
    const AclList acl = emptyAcl ? AclList{} : kOpen;
    const std::vector<uint8_t> body =
        ttl == -2 ? createBody(path, flags, acl)
                  : bytesOf(pz::CreateTTLRequest{path.toStdString(), std::string("d"), acl, flags, ttl});
    const auto txn = f.prepare(static_cast<OpCode>(type), body, alice ? kAliceIds : kAnonymous, session);
    QVERIFY(txn.has_value());
    QCOMPARE(outcome(txn->body), expected);
    // Whatever the outcome, the request took the next zxid and kept its session and cxid.
    QCOMPARE(txn->header.zxid, int64_t{11});
    QCOMPARE(txn->header.clientId, int64_t(session));
    QCOMPARE(txn->header.cxid, f.cxid);
    QCOMPARE(txn->header.type, std::holds_alternative<pz::ErrorTxn>(txn->body) ? int32_t(OpCode::Error) : int32_t(type));
    QCOMPARE(f.preparer.lastZxid(), int64_t{11});
  }

  // getParentPathAndValidate, the parent's DELETE permission, the node, its version, children.
  void remove_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("version");
    QTest::addColumn<qlonglong>("session");
    QTest::addColumn<QString>("expected");
    const qlonglong s = kSession;
    QTest::newRow("ok") << "/a/child" << 0 << s << "delete /a/child";
    QTest::newRow("any version") << "/a/child" << -1 << s << "delete /a/child";
    QTest::newRow("expired before anything") << "/" << 0 << qlonglong(kExpired) << "SESSIONEXPIRED";
    QTest::newRow("root") << "/" << -1 << s << "BADARGUMENTS";
    QTest::newRow("/zookeeper") << "/zookeeper" << -1 << s << "BADARGUMENTS";
    QTest::newRow("/zookeeper/quota") << "/zookeeper/quota" << -1 << s << "BADARGUMENTS";
    QTest::newRow("/zookeeper/config") << "/zookeeper/config" << -1 << s << "BADARGUMENTS";
    QTest::newRow("no slash") << "a" << -1 << s << "BADARGUMENTS";
    QTest::newRow("NUL") << QString("/a") + QChar(0) << -1 << s << "BADARGUMENTS";
    QTest::newRow("missing parent") << "/missing/x" << -1 << s << "NONODE";
    QTest::newRow("missing node") << "/missing" << -1 << s << "NONODE";
    QTest::newRow("trailing slash is a missing node") << "/a/" << -1 << s << "NONODE";
    QTest::newRow("no DELETE on the parent") << "/readonly/c" << 0 << s << "NOAUTH";
    QTest::newRow("NOAUTH before NONODE") << "/readonly/nothing" << 0 << s << "NOAUTH";
    QTest::newRow("the node's own ACL does not matter") << "/locked" << 0 << s << "delete /locked";
    QTest::newRow("bad version") << "/a/child" << 3 << s << "BADVERSION";
    QTest::newRow("BADVERSION before NOTEMPTY") << "/a" << 3 << s << "BADVERSION";
    QTest::newRow("not empty") << "/a" << -1 << s << "NOTEMPTY";
    QTest::newRow("an ephemeral of another session") << "/eph" << 0 << qlonglong(kOther) << "delete /eph";
  }

  void remove() {
    QFETCH(QString, path);
    QFETCH(int, version);
    QFETCH(qlonglong, session);
    QFETCH(QString, expected);
    Fixture f;
    const auto txn = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{path.toStdString(), version}), kAnonymous, session);
    QVERIFY(txn.has_value());
    QCOMPARE(outcome(txn->body), expected);
    QCOMPARE(txn->header.zxid, int64_t{11});
  }

  void setData_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("alice");
    QTest::addColumn<qlonglong>("session");
    QTest::addColumn<QString>("expected");
    const qlonglong s = kSession;
    QTest::newRow("ok") << "/a" << 0 << false << s << "setData version 1";
    QTest::newRow("any version") << "/a" << -1 << false << s << "setData version 1";
    QTest::newRow("root") << "/" << -1 << false << s << "setData version 1";
    QTest::newRow("expired") << "bad" << 0 << false << qlonglong(kExpired) << "SESSIONEXPIRED";
    QTest::newRow("invalid path") << "/a/" << 0 << false << s << "BADARGUMENTS";
    QTest::newRow("relative path") << "/a/./child" << 0 << false << s << "BADARGUMENTS";
    QTest::newRow("missing") << "/missing" << 0 << false << s << "NONODE";
    QTest::newRow("no WRITE") << "/locked" << 0 << false << s << "NOAUTH";
    QTest::newRow("NOAUTH before BADVERSION") << "/locked" << 7 << false << s << "NOAUTH";
    QTest::newRow("alice may") << "/locked" << 0 << true << s << "setData version 1";
    QTest::newRow("READ only") << "/readonly" << -1 << true << s << "NOAUTH";
    QTest::newRow("config node") << "/zookeeper/config" << -1 << false << s << "NOAUTH";
    QTest::newRow("bad version") << "/a" << 1 << false << s << "BADVERSION";
  }

  void setData() {
    QFETCH(QString, path);
    QFETCH(int, version);
    QFETCH(bool, alice);
    QFETCH(qlonglong, session);
    QFETCH(QString, expected);
    Fixture f;
    const auto txn = f.prepare(OpCode::SetData, bytesOf(pz::SetDataRequest{path.toStdString(), std::string("v"), version}),
                               alice ? kAliceIds : kAnonymous, session);
    QVERIFY(txn.has_value());
    QCOMPARE(outcome(txn->body), expected);
  }

  void setAcl_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("acl");  // "open", "empty", "auth", "bad ip"
    QTest::addColumn<int>("version");
    QTest::addColumn<bool>("alice");
    QTest::addColumn<qlonglong>("session");
    QTest::addColumn<QString>("expected");
    const qlonglong s = kSession;
    QTest::newRow("ok") << "/a" << "open" << 0 << false << s << "setACL aversion 1 [31 world:anyone]";
    QTest::newRow("expired") << "bad" << "empty" << 0 << false << qlonglong(kExpired) << "SESSIONEXPIRED";
    QTest::newRow("invalid path before the ACL") << "/a/" << "empty" << 0 << false << s << "BADARGUMENTS";
    QTest::newRow("empty ACL before NONODE") << "/missing" << "empty" << 0 << false << s << "INVALIDACL";
    QTest::newRow("bad ip ACL") << "/a" << "bad ip" << 0 << false << s << "INVALIDACL";
    QTest::newRow("auth without digest") << "/a" << "auth" << 0 << false << s << "INVALIDACL";
    QTest::newRow("auth expands") << "/a" << "auth" << -1 << true << s << "setACL aversion 1 [31 digest:alice:h1]";
    QTest::newRow("missing") << "/missing" << "open" << 0 << false << s << "NONODE";
    QTest::newRow("no ADMIN") << "/locked" << "open" << 0 << false << s << "NOAUTH";
    QTest::newRow("alice may") << "/locked" << "open" << 0 << true << s << "setACL aversion 1 [31 world:anyone]";
    QTest::newRow("READ only") << "/readonly" << "open" << 1 << true << s << "NOAUTH";
    QTest::newRow("bad aversion") << "/a" << "open" << 4 << false << s << "BADVERSION";
    QTest::newRow("config node") << "/zookeeper/config" << "open" << -1 << false << s << "NOAUTH";
  }

  void setAcl() {
    QFETCH(QString, path);
    QFETCH(QString, acl);
    QFETCH(int, version);
    QFETCH(bool, alice);
    QFETCH(qlonglong, session);
    QFETCH(QString, expected);
    Fixture f;
    AclList list;
    if (acl == "open") list = kOpen;
    if (acl == "auth") list = {pz::ACL{perms::kAll, pz::Id{"auth", ""}}};
    if (acl == "bad ip") list = {pz::ACL{perms::kAll, pz::Id{"ip", "10.0.0.0/33"}}};
    const auto txn = f.prepare(OpCode::SetAcl, bytesOf(pz::SetACLRequest{path.toStdString(), list, version}),
                               alice ? kAliceIds : kAnonymous, session);
    QVERIFY(txn.has_value());
    QCOMPARE(outcome(txn->body), expected);
  }

  // check only comes inside a multi: validatePath, node, READ permission, version.
  void checkInMulti_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("expected");
    QTest::newRow("ok") << "/a" << 0 << "check version 1";
    QTest::newRow("any version") << "/readonly" << -1 << "check version 1";
    QTest::newRow("invalid path") << "/a//b" << 0 << "BADARGUMENTS";
    QTest::newRow("missing") << "/missing" << 0 << "NONODE";
    QTest::newRow("no READ") << "/locked" << 0 << "NOAUTH";
    QTest::newRow("bad version") << "/a" << 2 << "BADVERSION";
  }

  void checkInMulti() {
    QFETCH(QString, path);
    QFETCH(int, version);
    QFETCH(QString, expected);
    Fixture f;
    const auto txn = f.prepare(OpCode::Multi, multiBytes({MultiOp{OpCode::Check, pz::CheckVersionRequest{path.toStdString(), version}}}));
    QVERIFY(txn.has_value());
    QCOMPARE(txn->header.type, int32_t(OpCode::Multi));
    QCOMPARE(multiOutcome(*txn), QStringList{expected});
  }

  // A failed request is still a transaction: an ErrorTxn that uses the next zxid.
  void failuresUseZxids() {
    Fixture f;
    const auto bad = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/missing", -1}));
    const auto good = f.prepare(OpCode::Create, createBody("/b"));
    QCOMPARE(bad->header.zxid, int64_t{11});
    QCOMPARE(bad->header.type, int32_t(OpCode::Error));
    QCOMPARE(outcome(bad->body), QString("NONODE"));
    QCOMPARE(good->header.zxid, int64_t{12});
    QCOMPARE(outcome(good->body), QString("create /b cversion 5"));
    const Txn session = f.preparer.prepareCreateSession(kOther, 30000, kTimeMs);
    QCOMPARE(session.header.zxid, int64_t{13});
    QCOMPARE(session.header.type, int32_t(OpCode::CreateSession));
    QCOMPARE(std::get<pz::CreateSessionTxn>(session.body).timeOut, 30000);
  }

  // Bodies that do not decode are no transaction (MARSHALLINGERROR, no zxid); a multi that
  // does not decode, or carries a read, is an ErrorTxn with a zxid, as in ZooKeeper.
  void malformedBodies_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("isTxn");
    const auto create = createBody("/b");
    QTest::newRow("empty create") << int(OpCode::Create) << QByteArray() << false;
    QTest::newRow("truncated create")
        << int(OpCode::Create) << QByteArray(reinterpret_cast<const char*>(create.data()), static_cast<qsizetype>(create.size() - 2))
        << false;
    QTest::newRow("string longer than the body") << int(OpCode::Delete) << QByteArray("\x00\x00\x01\x00/a", 6) << false;
    QTest::newRow("empty setData") << int(OpCode::SetData) << QByteArray() << false;
    QTest::newRow("empty setACL") << int(OpCode::SetAcl) << QByteArray() << false;
    QTest::newRow("empty createTTL") << int(OpCode::CreateTtl) << QByteArray() << false;
    QTest::newRow("not a write") << int(OpCode::GetData) << QByteArray() << false;
    QTest::newRow("empty multi") << int(OpCode::Multi) << QByteArray() << true;
    const auto withRead = multiBytes({MultiOp{OpCode::GetData, pz::GetDataRequest{"/a", false}}});
    QTest::newRow("multi with a read")
        << int(OpCode::Multi) << QByteArray(reinterpret_cast<const char*>(withRead.data()), static_cast<qsizetype>(withRead.size()))
        << true;
  }

  void malformedBodies() {
    QFETCH(int, type);
    QFETCH(QByteArray, body);
    QFETCH(bool, isTxn);
    Fixture f;
    const std::vector<uint8_t> bytes(body.begin(), body.end());
    const auto txn = f.prepare(static_cast<OpCode>(type), bytes);
    QCOMPARE(txn.has_value(), isTxn);
    if (txn) {
      QCOMPARE(txn->header.type, int32_t(OpCode::Error));
      QCOMPARE(outcome(txn->body), QString("MARSHALLINGERROR"));
    }
    QCOMPARE(f.preparer.lastZxid(), int64_t{isTxn ? 11 : 10});
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/b"))->body), QString("create /b cversion 5"));
  }

  // Sequential names count from the parent's stored cversion, which the outstanding creates
  // have already moved on.
  void sequentialNamesFromCversion() {
    Fixture f;
    f.commit(OpCode::Create, createBody("/q"));
    f.commit(OpCode::Create, createBody("/q/x"));
    f.commit(OpCode::Delete, bytesOf(pz::DeleteRequest{"/q/x", -1}));  // cversion counts creates only
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/q/s-", 2))->body), QString("create /q/s-0000000001 cversion 2"));
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/q/s-", 3))->body),
             QString("create /q/s-0000000002 ephemeral cversion 3"));
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/q/", 2))->body), QString("create /q/0000000003 cversion 4"));
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/q/plain"))->body), QString("create /q/plain cversion 5"));
  }

  // A parent whose cversion went negative (or is about to wrap) names children as Java's
  // String.format("%010d") does, and the next cversion wraps as a Java int.
  void sequentialNamesAroundIntWrap_data() {
    QTest::addColumn<int>("cversion");
    QTest::addColumn<QString>("expected");
    QTest::newRow("negative") << -3 << "create /q/s--000000003 cversion -2";
    QTest::newRow("INT_MAX") << 2147483647 << "create /q/s-2147483647 cversion -2147483648";
    QTest::newRow("INT_MIN") << int(-2147483648LL) << "create /q/s--2147483648 cversion -2147483647";
  }

  void sequentialNamesAroundIntWrap() {
    QFETCH(int, cversion);
    QFETCH(QString, expected);
    DataTree tree;
    std::map<int64_t, AclList> acls;
    tree.clearForLoad(acls, {});
    QVERIFY(tree.loadNode("", DataNode{std::string(), kOpenAclId, {}, JavaHashSet(8)}).isOk());
    DataNode q{std::string(), kOpenAclId, {}, JavaHashSet(8)};
    q.stat.cversion = cversion;
    QVERIFY(tree.loadNode("/q", q).isOk());
    tree.finishLoad();
    RequestPreparer preparer(tree, {}, [](int64_t) { return ZkError::Ok; });
    const auto body = createBody("/q/s-", 2);
    const auto txn = preparer.prepare(WriteRequest{kSession, 1, OpCode::Create, body, &kAnonymous}, kTimeMs);
    QCOMPARE(outcome(txn->body), expected);
    tree.processTxn(*txn);
    // DataTree takes the txn's cversion only when it is higher, as Java compares ints: the
    // wrapped INT_MIN is not, so the stored cversion stays (and the client view wraps).
    const pz::Stat stat = tree.statOf(*tree.find("/q"));
    const int32_t stored = cversion == 2147483647 ? cversion : cversion + 1;
    QCOMPARE(stat.cversion, static_cast<int32_t>(static_cast<uint32_t>(stored) * 2u - 1u));
  }

  // Requests prepared before the earlier ones are applied see their outstanding changes.
  void pipelinedRequestsSeeOutstandingChanges() {
    Fixture f;
    const auto parent = f.prepare(OpCode::Create, createBody("/p"));
    const auto child = f.prepare(OpCode::Create, createBody("/p/c"));
    const auto again = f.prepare(OpCode::Create, createBody("/p"));
    const auto set = f.prepare(OpCode::SetData, bytesOf(pz::SetDataRequest{"/p", std::string("v"), 0}));
    const auto set2 = f.prepare(OpCode::SetData, bytesOf(pz::SetDataRequest{"/p", std::string("v"), 0}));
    const auto delParent = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/p", -1}));
    const auto delChild = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/p/c", -1}));
    const auto delParent2 = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/p", 1}));
    const auto recreate = f.prepare(OpCode::Create, createBody("/p/c"));
    const auto underEphemeral = f.prepare(OpCode::Create, createBody("/e", 1));
    const auto ephemeralChild = f.prepare(OpCode::Create, createBody("/e/x"));
    QCOMPARE(outcome(parent->body), QString("create /p cversion 5"));
    QCOMPARE(outcome(child->body), QString("create /p/c cversion 1"));
    QCOMPARE(outcome(again->body), QString("NODEEXISTS"));
    QCOMPARE(outcome(set->body), QString("setData version 1"));
    QCOMPARE(outcome(set2->body), QString("BADVERSION"));
    QCOMPARE(outcome(delParent->body), QString("NOTEMPTY"));
    QCOMPARE(outcome(delChild->body), QString("delete /p/c"));
    QCOMPARE(outcome(delParent2->body), QString("delete /p"));
    QCOMPARE(outcome(recreate->body), QString("NONODE"));
    QCOMPARE(outcome(underEphemeral->body), QString("create /e ephemeral cversion 6"));
    QCOMPARE(outcome(ephemeralChild->body), QString("NOCHILDRENFOREPHEMERALS"));
    // Applied in order, the tree ends where the preparer expected.
    for (const auto& txn : {parent, child, again, set, set2, delParent, delChild, delParent2, recreate, underEphemeral,
                            ephemeralChild}) {
      f.tree.processTxn(*txn);
    }
    QCOMPARE(f.tree.find("/p"), nullptr);
    QVERIFY(f.tree.find("/e") != nullptr);
    QCOMPARE(f.tree.statOf(*f.tree.find("/")).cversion, 6 * 2 - 6);
  }

  void deleteThenCreate() {
    Fixture f;
    const auto del = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/a/child", 0}));
    const auto create = f.prepare(OpCode::Create, createBody("/a/child"));
    const auto delA = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/a", -1}));
    QCOMPARE(outcome(del->body), QString("delete /a/child"));
    QCOMPARE(outcome(create->body), QString("create /a/child cversion 2"));
    QCOMPARE(outcome(delA->body), QString("NOTEMPTY"));
  }

  // applied(zxid) drops the change records up to zxid; the tree answers from then on.
  void appliedDropsChangeRecords() {
    Fixture f;
    const auto created = f.prepare(OpCode::Create, createBody("/b"));
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/b"))->body), QString("NODEEXISTS"));
    // The create never reaches the tree (as if its transaction were lost); once the preparer
    // is told everything up to it was applied, it believes the tree again.
    f.preparer.applied(created->header.zxid);
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/b"))->body), QString("create /b cversion 5"));
    // Records after the applied zxid stay.
    const auto later = f.prepare(OpCode::Create, createBody("/c"));
    f.preparer.applied(later->header.zxid - 1);
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/c"))->body), QString("NODEEXISTS"));
  }

  // A failed multi keeps its earlier ops' txns (DataTree turns them into OK errors) and
  // rolls its change records back, restoring the ones it replaced.
  void failedMultiRollsBack() {
    Fixture f;
    const auto pending = f.prepare(OpCode::Create, createBody("/p"));  // outstanding, zxid 11
    const std::vector<MultiOp> ops{
        MultiOp{OpCode::Create, pz::CreateRequest{"/p/s-", std::string(), kOpen, 2}},
        MultiOp{OpCode::SetData, pz::SetDataRequest{"/p", std::string("v"), -1}},
        MultiOp{OpCode::Delete, pz::DeleteRequest{"/missing", -1}},
        MultiOp{OpCode::Create, pz::CreateRequest{"/p/after", std::string(), kOpen, 0}},
    };
    const auto multi = f.prepare(OpCode::Multi, multiBytes(ops));
    QCOMPARE(multi->header.zxid, int64_t{12});
    QCOMPARE(multi->header.type, int32_t(OpCode::Multi));
    QCOMPARE(multiOutcome(*multi), (QStringList{"create /p/s-0000000000 cversion 1", "setData version 1", "NONODE",
                                                "RUNTIMEINCONSISTENCY"}));
    // /p's record is the pending create's again: the next sequential child is still 0, its
    // version still 0, and /p/s-0000000000 does not exist.
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/p/s-", 2))->body), QString("create /p/s-0000000000 cversion 1"));
    QCOMPARE(outcome(f.prepare(OpCode::SetData, bytesOf(pz::SetDataRequest{"/p", std::string("v"), 0}))->body),
             QString("setData version 1"));
    f.tree.processTxn(*pending);
    const ProcessTxnResult rc = f.tree.processTxn(*multi);
    QCOMPARE(errName(int32_t(rc.err)), QString("NONODE"));
    QCOMPARE(f.tree.find("/p/s-0000000000"), nullptr);
  }

  void successfulMulti() {
    Fixture f;
    const std::vector<MultiOp> ops{
        MultiOp{OpCode::Create, pz::CreateRequest{"/m", std::string(), kOpen, 0}},
        MultiOp{OpCode::Create, pz::CreateRequest{"/m/s-", std::string(), kOpen, 2}},
        MultiOp{OpCode::Create, pz::CreateRequest{"/m/s-", std::string(), kOpen, 2}},
        MultiOp{OpCode::Check, pz::CheckVersionRequest{"/m", 0}},
        MultiOp{OpCode::SetData, pz::SetDataRequest{"/m", std::string("v"), 0}},
        MultiOp{OpCode::Delete, pz::DeleteRequest{"/a/child", 0}},
    };
    const auto multi = f.prepare(OpCode::Multi, multiBytes(ops));
    QCOMPARE(multiOutcome(*multi), (QStringList{"create /m cversion 5", "create /m/s-0000000000 cversion 1",
                                                "create /m/s-0000000001 cversion 2", "check version 1",
                                                "setData version 1", "delete /a/child"}));
    QCOMPARE(f.preparer.lastZxid(), int64_t{11});  // one zxid for the whole multi
    const ProcessTxnResult rc = f.tree.processTxn(*multi);
    QCOMPARE(errName(int32_t(rc.err)), QString("OK"));
    QCOMPARE(f.tree.childrenOf(*f.tree.find("/m")).size(), std::size_t{2});
  }

  // closeSession lists the session's ephemerals as the tree has them (getEphemerals' clone),
  // minus outstanding deletes, plus outstanding ephemeral creates; later requests see them gone.
  void closeSessionListsEphemerals() {
    Fixture f;
    f.commit(OpCode::Create, createBody("/e1", 1));
    f.commit(OpCode::Create, createBody("/e2", 1));
    f.commit(OpCode::Create, createBody("/o", 1), kAnonymous, kOther);
    const auto del = f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/e1", -1}));
    const auto eph = f.prepare(OpCode::Create, createBody("/e3", 1));
    const auto persistent = f.prepare(OpCode::Create, createBody("/p"));
    const Txn close = f.preparer.prepareCloseSession(kSession, kTimeMs);
    QCOMPARE(close.header.type, int32_t(OpCode::CloseSession));
    QCOMPARE(close.header.clientId, kSession);
    QCOMPARE(close.header.zxid, eph->header.zxid + 2);
    // Java: clone of {/eph, /e1, /e2} ... as HashSet<String> iterates it.
    const auto paths = std::get<pz::CloseSessionTxn>(close.body).paths2Delete;
    QCOMPARE(std::set<std::string>(paths.begin(), paths.end()), (std::set<std::string>{"/eph", "/e2", "/e3"}));
    QCOMPARE(outcome(f.prepare(OpCode::Create, createBody("/e2"), kAnonymous, kOther)->body),
             QString("create /e2 cversion 10"));
    QCOMPARE(outcome(f.prepare(OpCode::SetData, bytesOf(pz::SetDataRequest{"/e3", std::string(), -1}))->body),
             QString("NONODE"));
    for (const auto& txn : {del, eph, persistent}) f.tree.processTxn(*txn);
    f.tree.processTxn(close);
    for (const char* p : {"/eph", "/e1", "/e2", "/e3"}) QCOMPARE(f.tree.find(p), nullptr);
    QVERIFY(f.tree.find("/o") != nullptr);
    QVERIFY(f.tree.find("/p") != nullptr);
  }

  // The order comes from Java: {"/e1", "/e2"} cloned, "/e1" removed, "/e3" added iterates
  // as [/e2, /e3].
  void closeSessionOrderIsJavas() {
    Fixture f;
    f.commit(OpCode::Create, createBody("/e1", 1), kAnonymous, kOther);
    f.commit(OpCode::Create, createBody("/e2", 1), kAnonymous, kOther);
    f.prepare(OpCode::Delete, bytesOf(pz::DeleteRequest{"/e1", -1}), kAnonymous, kOther);
    f.prepare(OpCode::Create, createBody("/e3", 1), kAnonymous, kOther);
    const Txn close = f.preparer.prepareCloseSession(kOther, kTimeMs);
    QCOMPARE(std::get<pz::CloseSessionTxn>(close.body).paths2Delete, (std::vector<std::string>{"/e2", "/e3"}));
  }

  // The ContainerManager's deleteContainer: special paths, the node, its children, whether it
  // is a session's ephemeral; no session or ACL check.
  void deleteContainer_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty container") << "/c" << "delete /c";
    QTest::newRow("a persistent node too") << "/a/child" << "delete /a/child";
    QTest::newRow("ACLs do not apply") << "/locked" << "delete /locked";
    QTest::newRow("special path") << "/zookeeper" << "BADARGUMENTS";
    QTest::newRow("no slash") << "c" << "BADARGUMENTS";
    QTest::newRow("missing") << "/missing" << "NONODE";
    QTest::newRow("has children") << "/a" << "NOTEMPTY";
    QTest::newRow("ephemeral") << "/eph" << "BADVERSION";
  }

  void deleteContainer() {
    QFETCH(QString, path);
    QFETCH(QString, expected);
    Fixture f;
    f.commit(OpCode::CreateContainer, createBody("/c", int(CreateMode::Container)));
    const Txn txn = f.preparer.prepareDeleteContainer(path.toStdString(), kTimeMs);
    QCOMPARE(outcome(txn.body), expected);
    QCOMPARE(txn.header.zxid, int64_t{12});
    QCOMPARE(txn.header.clientId, int64_t{0});
    QCOMPARE(txn.header.type, expected.startsWith("delete") ? int32_t(OpCode::DeleteContainer) : int32_t(OpCode::Error));
  }

  void isWrite_data() {
    QTest::addColumn<int>("type");
    QTest::addColumn<bool>("write");
    for (OpCode op : {OpCode::Create, OpCode::Create2, OpCode::CreateTtl, OpCode::CreateContainer, OpCode::Delete,
                      OpCode::DeleteContainer, OpCode::SetData, OpCode::SetAcl, OpCode::Multi, OpCode::Reconfig}) {
      QTest::addRow("%d", int(op)) << int(op) << true;
    }
    for (OpCode op : {OpCode::GetData, OpCode::Exists, OpCode::GetChildren2, OpCode::Sync, OpCode::MultiRead,
                      OpCode::CreateSession, OpCode::CloseSession, OpCode::Check, OpCode::Ping}) {
      QTest::addRow("%d", int(op)) << int(op) << false;
    }
  }

  void isWrite() {
    QFETCH(int, type);
    QFETCH(bool, write);
    QCOMPARE(RequestPreparer::isWrite(static_cast<OpCode>(type)), write);
  }
};

QTEST_APPLESS_MAIN(TestRequestPreparer)
#include "tst_request_preparer.moc"
