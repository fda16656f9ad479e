// Znode paths: PathUtils.validatePath's verdicts and messages as ZooKeeper 3.8's own class gives
// them (testdata/zk_reference.json, from testdata/ZkReference.java), including the character
// ranges it refuses (controls, U+007F..U+009F, U+D800..U+F8FF so every surrogate pair, and
// U+FFF0 and above) and positions counted in UTF-16 units; and the key/path splits the data tree
// uses.

#include <QtTest>

#include "coordination/znode_path.h"
#include "reference_data.h"

using namespace pier::coordination;
using pier::coordination::testing::readReference;

class TestZnodePath : public QObject {
  Q_OBJECT

 private slots:
  void validateLikeZooKeeper_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("reason");
    const QJsonArray rows = readReference("zk_reference.json")["validatePath"].toArray();
    QVERIFY(rows.size() >= 40);
    int n = 0;
    for (const auto& v : rows) {
      const QJsonArray row = v.toArray();
      QString tag;
      for (QChar c : row[0].toString()) tag += c.unicode() < 0x20 || c.unicode() > 0x7e ? QString::asprintf("\\u%04x", c.unicode()) : QString(c);
      QTest::addRow("%d \"%s\"", n++, qPrintable(tag)) << row[0].toString() << row[1].isNull() << row[1].toString();
    }
  }

  void validateLikeZooKeeper() {
    QFETCH(QString, path);
    QFETCH(bool, valid);
    QFETCH(QString, reason);
    const auto problem = pathProblem(path.toStdString());
    QCOMPARE(!problem.has_value(), valid);
    if (problem) QCOMPARE(QString::fromStdString(*problem), reason);
  }

  // Bytes that are not UTF-8 reach validatePath as U+FFFD (jute decodes with Java's decoder),
  // which is refused; positions stay in UTF-16 units of the decoded string.
  void malformedUtf8IsInvalidCharacter_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QString>("at");
    QTest::newRow("lone continuation") << QByteArray("/a\x80") << "@2";
    QTest::newRow("truncated sequence") << QByteArray("/\xe4\xb8/b") << "@1";
    QTest::newRow("after a valid character") << QByteArray("/\xe4\xb8\xad\xff") << "@2";
    QTest::newRow("after an emoji") << QByteArray("/x/\xf0\x9f\x98\x80") << "@3";
  }

  void malformedUtf8IsInvalidCharacter() {
    QFETCH(QByteArray, path);
    QFETCH(QString, at);
    const auto problem = pathProblem(std::string_view(path.constData(), static_cast<std::size_t>(path.size())));
    QVERIFY(problem.has_value());
    QVERIFY2(QString::fromStdString(*problem).endsWith("caused by invalid character " + at), problem->c_str());
  }

  void splits_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("parent");
    QTest::addColumn<QString>("name");
    QTest::newRow("top level") << "/a" << "" << "a";
    QTest::newRow("nested") << "/a/b" << "/a" << "b";
    QTest::newRow("deep") << "/a/b/c-0000000001" << "/a/b" << "c-0000000001";
    QTest::newRow("zookeeper") << "/zookeeper/quota" << "/zookeeper" << "quota";
    QTest::newRow("non-ASCII") << "/\u8282\u70b9/\u5b50" << "/\u8282\u70b9" << "\u5b50";
    QTest::newRow("trailing slash") << "/a/" << "/a" << "";
  }

  void splits() {
    QFETCH(QString, path);
    QFETCH(QString, parent);
    QFETCH(QString, name);
    const std::string p = path.toStdString();
    QCOMPARE(QString::fromStdString(std::string(parentKey(p))), parent);
    QCOMPARE(QString::fromStdString(std::string(lastName(p))), name);
  }

  // The root is "/" to clients and "" as a tree key (DataTree's nodes map, snapshots).
  void rootKey_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("key");
    QTest::newRow("root") << "/" << "";
    QTest::newRow("child") << "/a" << "/a";
    QTest::newRow("nested") << "/a/b" << "/a/b";
  }

  void rootKey() {
    QFETCH(QString, path);
    QFETCH(QString, key);
    QCOMPARE(QString::fromStdString(std::string(treeKey(path.toStdString()))), key);
    QCOMPARE(QString::fromStdString(clientPath(key.toStdString())), path);
  }
};

QTEST_APPLESS_MAIN(TestZnodePath)
#include "tst_znode_path.moc"
