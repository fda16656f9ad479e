// Authentication and ACL checks as ZooKeeper 3.8 makes them. Digests, the digest/ip id checks
// (isValid, matches) and the authInfo order come from running ZooKeeper's own classes
// (testdata/zk_reference.json, made by testdata/ZkReference.java); checkACL and fixupACL
// tables were checked against ZooKeeperServer.checkACL and PrepRequestProcessor.fixupACL.
//
// Tables write ACL lists as "perms scheme:id; ..." and id lists as "scheme:id, ...".

#include <QtTest>

#include "coordination/auth.h"
#include "reference_data.h"

using namespace pier;
using namespace pier::coordination;
using pier::coordination::testing::readReference;
namespace pz = pier::protocol::zookeeper;

namespace {

pz::Id idOf(const QString& text) {
  const qsizetype colon = text.indexOf(':');
  return pz::Id{text.left(colon).toStdString(), text.mid(colon + 1).toStdString()};
}

AclList aclOf(const QString& text) {
  AclList out;
  for (const QString& entry : text.split("; ", Qt::SkipEmptyParts)) {
    const qsizetype space = entry.indexOf(' ');
    out.push_back(pz::ACL{entry.left(space).toInt(), idOf(entry.mid(space + 1))});
  }
  return out;
}

AuthIds idsOf(const QString& text) {
  AuthIds out;
  for (const QString& id : text.split(", ", Qt::SkipEmptyParts)) out.push_back(idOf(id));
  return out;
}

QString show(const AclList& acl) {
  QStringList out;
  for (const auto& a : acl) {
    out << QString("%1 %2:%3").arg(a.perms).arg(QString::fromStdString(a.id.scheme), QString::fromStdString(a.id.id));
  }
  return out.join("; ");
}

QString show(const AuthIds& ids) {
  QStringList out;
  for (const auto& id : ids) out << QString::fromStdString(id.scheme + ":" + id.id);
  return out.join(", ");
}

QString nameOf(ZkError e) { return QString::fromLatin1(zkErrorName(e).data(), static_cast<qsizetype>(zkErrorName(e).size())); }

constexpr int kRead = perms::kRead;
constexpr int kWrite = perms::kWrite;
constexpr int kCreate = perms::kCreate;
constexpr int kDelete = perms::kDelete;
constexpr int kAdmin = perms::kAdmin;

}  // namespace

class TestAuth : public QObject {
  Q_OBJECT

 private slots:
  void digestMatchesZooKeeper_data() {
    QTest::addColumn<QString>("credentials");
    QTest::addColumn<QString>("digest");
    const QJsonArray rows = readReference("zk_reference.json")["generateDigest"].toArray();
    QVERIFY(rows.size() >= 10);
    for (const auto& v : rows) {
      const QJsonArray row = v.toArray();
      QTest::newRow(qPrintable(row[0].toString().left(24).toHtmlEscaped())) << row[0].toString() << row[1].toString();
    }
  }

  void digestMatchesZooKeeper() {
    QFETCH(QString, credentials);
    QFETCH(QString, digest);
    QCOMPARE(QString::fromStdString(digestOf(credentials.toStdString())), digest);
  }

  void authenticate_data() {
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("credentials");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QString>("id");
    QTest::newRow("digest") << "digest" << "user:password" << true << "digest:user:tpUq/4Pn5A64fVZyQ0gOJ8ZWqkY=";
    QTest::newRow("digest without password") << "digest" << "alice:" << true << "digest:alice:VvKt9/iw7kxS1milYay2cPWBnRo=";
    QTest::newRow("empty digest refused") << "digest" << "" << false << "";
    QTest::newRow("ip is the connection's address") << "ip" << "10.9.9.9" << true << "ip:192.0.2.7";
    QTest::newRow("unknown scheme") << "sasl" << "bob" << false << "";
    QTest::newRow("world is no provider") << "world" << "anyone" << false << "";
    QTest::newRow("super is no provider") << "super" << "secret" << false << "";
  }

  void authenticate() {
    QFETCH(QString, scheme);
    QFETCH(QString, credentials);
    QFETCH(bool, accepted);
    QFETCH(QString, id);
    const auto got = coordination::authenticate(scheme.toStdString(), credentials.toStdString(), "192.0.2.7");
    QCOMPARE(got.has_value(), accepted);
    if (got) QCOMPARE(show(AuthIds{*got}), id);
  }

  // DigestAuthenticationProvider.isValid decides whether fixupACL takes a digest id.
  void digestIdValidity_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    for (const auto& v : readReference("zk_reference.json")["digestIsValid"].toArray()) {
      const QJsonArray row = v.toArray();
      QTest::newRow(qPrintable("\"" + row[0].toString() + "\"")) << row[0].toString() << row[1].toBool();
    }
  }

  void digestIdValidity() {
    QFETCH(QString, id);
    QFETCH(bool, valid);
    const FixedAcl fixed = coordination::fixupAcl({pz::ACL{perms::kAll, pz::Id{"digest", id.toStdString()}}}, {});
    QCOMPARE(nameOf(fixed.error), nameOf(valid ? ZkError::Ok : ZkError::InvalidAcl));
  }

  // IPAuthenticationProvider.isValid: IPv4 only, an optional /bits of 0..32, Integer.parseInt
  // for every number (so "+10" and "010" pass, " 10" does not).
  void ipIdValidity_data() {
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("valid");
    for (const auto& v : readReference("zk_reference.json")["ipIsValid"].toArray()) {
      const QJsonArray row = v.toArray();
      QTest::newRow(qPrintable("\"" + row[0].toString() + "\"")) << row[0].toString() << row[1].toBool();
    }
  }

  void ipIdValidity() {
    QFETCH(QString, id);
    QFETCH(bool, valid);
    const FixedAcl fixed = coordination::fixupAcl({pz::ACL{perms::kRead, pz::Id{"ip", id.toStdString()}}}, {});
    QCOMPARE(nameOf(fixed.error), nameOf(valid ? ZkError::Ok : ZkError::InvalidAcl));
    if (valid) QCOMPARE(show(fixed.acl), "1 ip:" + id);
  }

  // IPAuthenticationProvider.matches through checkACL: masks, bad masks, bad addresses.
  void ipMatches_data() {
    QTest::addColumn<QString>("remote");
    QTest::addColumn<QString>("aclExpr");
    QTest::addColumn<bool>("matches");
    for (const auto& v : readReference("zk_reference.json")["ipMatches"].toArray()) {
      const QJsonArray row = v.toArray();
      QTest::newRow(qPrintable(row[0].toString() + " in " + row[1].toString()))
          << row[0].toString() << row[1].toString() << row[2].toBool();
    }
  }

  void ipMatches() {
    QFETCH(QString, remote);
    QFETCH(QString, aclExpr);
    QFETCH(bool, matches);
    const AclList acl{pz::ACL{kRead, pz::Id{"ip", aclExpr.toStdString()}}};
    const AuthIds ids{pz::Id{"ip", remote.toStdString()}};
    QCOMPARE(nameOf(coordination::checkAcl(acl, kRead, ids)), nameOf(matches ? ZkError::Ok : ZkError::NoAuth));
  }

  void checkAcl_data() {
    QTest::addColumn<QString>("acl");
    QTest::addColumn<int>("perm");
    QTest::addColumn<QString>("ids");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("empty list allows anything") << "" << kAdmin << "" << true;
    QTest::newRow("world:anyone with the permission") << "1 world:anyone" << kRead << "" << true;
    QTest::newRow("world:anyone without the permission") << "1 world:anyone" << kWrite << "ip:10.0.0.1" << false;
    QTest::newRow("world:someone is nobody") << "31 world:someone" << kRead << "world:someone" << false;
    QTest::newRow("digest matches exactly") << "31 digest:alice:h1" << kWrite << "ip:10.0.0.1, digest:alice:h1" << true;
    QTest::newRow("digest of another user") << "31 digest:alice:h1" << kWrite << "digest:bob:h2" << false;
    QTest::newRow("digest with another hash") << "31 digest:alice:h1" << kWrite << "digest:alice:h9" << false;
    QTest::newRow("digest, unauthenticated") << "31 digest:alice:h1" << kRead << "ip:10.0.0.1" << false;
    QTest::newRow("ip subnet") << "31 ip:10.0.0.0/8" << kDelete << "ip:10.20.30.40" << true;
    QTest::newRow("ip id does not match a digest") << "31 ip:10.0.0.0/8" << kDelete << "digest:10.1.1.1" << false;
    QTest::newRow("scheme must match the id's") << "31 digest:10.1.1.1" << kRead << "ip:10.1.1.1" << false;
    QTest::newRow("super passes any list") << "1 world:anyone" << kAdmin << "super:, digest:root:x" << true;
    QTest::newRow("super passes a digest list") << "31 digest:alice:h1" << kWrite << "super:" << true;
    QTest::newRow("second entry has the permission")
        << "1 digest:alice:h1; 2 digest:alice:h1" << kWrite << "digest:alice:h1" << true;
    QTest::newRow("create|delete allows delete") << QString("%1 world:anyone").arg(kCreate | kDelete) << kDelete << ""
                                                 << true;
    QTest::newRow("create|delete refuses admin") << QString("%1 world:anyone").arg(kCreate | kDelete) << kAdmin << ""
                                                 << false;
    QTest::newRow("unknown scheme never matches") << "31 sasl:alice" << kRead << "sasl:alice" << false;
    QTest::newRow("a stored auth entry matches nobody") << "31 auth:" << kRead << "auth:" << false;
  }

  void checkAcl() {
    QFETCH(QString, acl);
    QFETCH(int, perm);
    QFETCH(QString, ids);
    QFETCH(bool, allowed);
    QCOMPARE(nameOf(coordination::checkAcl(aclOf(acl), perm, idsOf(ids))),
             nameOf(allowed ? ZkError::Ok : ZkError::NoAuth));
  }

  void fixupAcl_data() {
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("ids");
    QTest::addColumn<QString>("fixed");  // "INVALIDACL" when refused
    const QString digests = "ip:10.0.0.1, digest:alice:h1, digest:bob:h2";
    QTest::newRow("empty list") << "" << digests << "INVALIDACL";
    QTest::newRow("world:anyone") << "31 world:anyone" << "" << "31 world:anyone";
    QTest::newRow("world:anyone without permissions") << "0 world:anyone" << "" << "0 world:anyone";
    QTest::newRow("duplicates removed") << "31 world:anyone; 31 world:anyone" << "" << "31 world:anyone";
    QTest::newRow("same id, other perms kept") << "31 world:anyone; 1 world:anyone" << ""
                                               << "31 world:anyone; 1 world:anyone";
    QTest::newRow("auth expands to every digest id") << "5 auth:" << digests << "5 digest:alice:h1; 5 digest:bob:h2";
    QTest::newRow("auth ignores its id") << "5 auth:whatever" << digests << "5 digest:alice:h1; 5 digest:bob:h2";
    QTest::newRow("auth in place") << "1 world:anyone; 31 auth:; 2 ip:10.0.0.0/8" << digests
                                   << "1 world:anyone; 31 digest:alice:h1; 31 digest:bob:h2; 2 ip:10.0.0.0/8";
    QTest::newRow("auth with only an ip id") << "5 auth:" << "ip:1.2.3.4" << "INVALIDACL";
    QTest::newRow("auth unauthenticated") << "5 auth:" << "" << "INVALIDACL";
    QTest::newRow("auth skips super") << "5 auth:" << "super:, digest:alice:h1" << "5 digest:alice:h1";
    QTest::newRow("auth with only super") << "5 auth:" << "super:" << "INVALIDACL";
    QTest::newRow("expansion is not deduplicated") << "31 auth:; 31 digest:alice:h1" << "digest:alice:h1"
                                                   << "31 digest:alice:h1; 31 digest:alice:h1";
    QTest::newRow("unknown scheme") << "31 sasl:alice" << "" << "INVALIDACL";
    QTest::newRow("x509 is not configured") << "31 x509:CN=a" << "" << "INVALIDACL";
    QTest::newRow("empty scheme") << "31 :" << "" << "INVALIDACL";
    QTest::newRow("world:someone") << "31 world:someone" << "" << "INVALIDACL";
    QTest::newRow("super scheme") << "31 super:x" << "" << "INVALIDACL";
    QTest::newRow("digest without hash") << "31 digest:alice" << "" << "INVALIDACL";
    QTest::newRow("digest with two colons") << "31 digest:a:b:c" << "" << "INVALIDACL";
    QTest::newRow("digest kept as given") << "31 digest:alice:h" << "" << "31 digest:alice:h";
    QTest::newRow("ip mask too wide") << "31 ip:10.0.0.0/40" << "" << "INVALIDACL";
    QTest::newRow("ip address malformed") << "31 ip:10.0.0" << "" << "INVALIDACL";
    QTest::newRow("ip subnet kept") << "31 ip:10.0.0.0/8" << "" << "31 ip:10.0.0.0/8";
    QTest::newRow("one bad entry spoils the list") << "31 world:anyone; 31 ip:bad" << "" << "INVALIDACL";
  }

  void fixupAcl() {
    QFETCH(QString, requested);
    QFETCH(QString, ids);
    QFETCH(QString, fixed);
    const FixedAcl got = coordination::fixupAcl(aclOf(requested), idsOf(ids));
    if (fixed == "INVALIDACL") {
      QCOMPARE(nameOf(got.error), QString("INVALIDACL"));
    } else {
      QCOMPARE(nameOf(got.error), QString("OK"));
      QCOMPARE(show(got.acl), fixed);
    }
  }

  // getACL without ADMIN: digest ids keep the user only (id.replaceAll(":.*", ":x")).
  void maskDigests_data() {
    QTest::addColumn<QString>("acl");
    QTest::addColumn<QString>("masked");
    QTest::newRow("digest") << "31 digest:alice:h1" << "31 digest:alice:x";
    QTest::newRow("everything after the first colon") << "1 digest:a:b:c" << "1 digest:a:x";
    QTest::newRow("empty user") << "1 digest::h" << "1 digest::x";
    QTest::newRow("other schemes untouched") << "1 world:anyone; 2 ip:10.0.0.0/8; 4 digest:bob:h2"
                                             << "1 world:anyone; 2 ip:10.0.0.0/8; 4 digest:bob:x";
    QTest::newRow("digest without a colon") << "1 digest:alice" << "1 digest:alice";
    QTest::newRow("empty list") << "" << "";
  }

  void maskDigests() {
    QFETCH(QString, acl);
    QFETCH(QString, masked);
    QCOMPARE(show(coordination::maskDigests(aclOf(acl))), masked);
  }

  // AuthUtil.getClientInfos: digest ids show the user, the others their id.
  void clientInfos() {
    const auto infos = coordination::clientInfos(idsOf("ip:10.0.0.1, digest:alice:h1, digest::h2, super:"));
    QCOMPARE(infos.size(), std::size_t{4});
    const std::vector<pz::ClientInfo> expected{
        {"ip", "10.0.0.1"}, {"digest", "alice"}, {"digest", ""}, {"super", ""}};
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(QString::fromStdString(infos[i].authScheme), QString::fromStdString(expected[i].authScheme));
      QCOMPARE(QString::fromStdString(infos[i].user), QString::fromStdString(expected[i].user));
    }
  }

  // The order ZooKeeper's ConcurrentHashMap key set hands the ids back in.
  void authInfoOrderMatchesZooKeeper_data() {
    QTest::addColumn<QString>("added");
    QTest::addColumn<QList<int>>("order");
    int n = 0;
    for (const auto& v : readReference("zk_reference.json")["authInfoOrder"].toArray()) {
      const QJsonArray row = v.toArray();
      QStringList added;
      for (const auto& id : row[0].toArray()) added << id.toString();
      QList<int> order;
      for (const auto& i : row[1].toArray()) order << i.toInt();
      QTest::addRow("%d ids (%d)", static_cast<int>(added.size()), n++) << added.join(", ") << order;
    }
  }

  void authInfoOrderMatchesZooKeeper() {
    QFETCH(QString, added);
    QFETCH(QList<int>, order);
    const AuthIds ids = idsOf(added);
    AuthIds expected;
    for (int i : order) expected.push_back(ids[static_cast<std::size_t>(i)]);
    QCOMPARE(show(authInfoOrder(ids)), show(expected));
  }
};

QTEST_APPLESS_MAIN(TestAuth)
#include "tst_auth.moc"
