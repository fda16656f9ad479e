// JavaHashSet against java.util.HashSet<String> itself: testdata/java_hash_set_orders.json holds
// the iteration orders Java 17 produced (testdata/JavaHashSetOrders.java) for sequential lock
// and member names, random names, non-ASCII names, removals and re-inserts, the capacities
// ZooKeeper uses (new HashSet<>(8) for children, the default 16 for ephemerals), clone() of a
// table that grew and shrank, and colliding names that force a resize below 64 buckets.
// ZooKeeper hands these orders to clients (getChildren, getEphemerals, closeSession's deletes),
// so a difference here is a difference a client sees. String.hashCode is checked on its own too.

#include <QtTest>

#include "base/java_string.h"
#include "coordination/java_hash_set.h"
#include "reference_data.h"

using namespace pier;
using namespace pier::coordination;
using pier::coordination::testing::readReference;

namespace {

QStringList namesOf(const QJsonObject& c) {
  QStringList names;
  if (c.contains("sequence")) {
    const QJsonArray seq = c["sequence"].toArray();
    for (int i = seq[1].toInt(); i < seq[2].toInt(); ++i) names << seq[0].toString() + QString::asprintf("%010d", i);
    return names;
  }
  for (const auto& v : c["names"].toArray()) names << v.toString();
  return names;
}

QList<int> intsOf(const QJsonValue& v) {
  QList<int> out;
  for (const auto& i : v.toArray()) out << i.toInt();
  return out;
}

// Replays "+a..b -i ..." (see JavaHashSetOrders.java) on `set`.
void apply(JavaHashSet& set, const QString& ops, const QStringList& names) {
  for (const QString& token : ops.split(' ', Qt::SkipEmptyParts)) {
    const QStringList range = token.mid(1).split("..");
    const int first = range[0].toInt();
    const int last = range.size() > 1 ? range[1].toInt() : first;
    for (int i = first; i <= last; ++i) {
      const std::string name = names[i].toStdString();
      if (token[0] == '+') {
        QVERIFY(set.insert(name));
      } else {
        QVERIFY(set.erase(name));
      }
    }
  }
}

QStringList toQt(const std::vector<std::string>& items) {
  QStringList out;
  for (const auto& s : items) out << QString::fromStdString(s);
  return out;
}

QStringList pick(const QStringList& names, const QList<int>& order) {
  QStringList out;
  for (int i : order) out << names[i];
  return out;
}

JavaHashSet makeSet(int capacity) {
  return capacity < 0 ? JavaHashSet() : JavaHashSet(static_cast<uint32_t>(capacity));
}

}  // namespace

class TestJavaHashSet : public QObject {
  Q_OBJECT

 private slots:
  void matchesJavaOrder_data() {
    QTest::addColumn<int>("capacity");  // -1: new HashSet<>()
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("ops");
    QTest::addColumn<QList<int>>("order");
    const QJsonArray cases = readReference("java_hash_set_orders.json")["cases"].toArray();
    QVERIFY(cases.size() >= 20);
    for (const auto& v : cases) {
      const QJsonObject c = v.toObject();
      QTest::newRow(qPrintable(c["name"].toString()))
          << (c["capacity"].isNull() ? -1 : c["capacity"].toInt()) << namesOf(c) << c["ops"].toString()
          << intsOf(c["order"]);
    }
  }

  void matchesJavaOrder() {
    QFETCH(int, capacity);
    QFETCH(QStringList, names);
    QFETCH(QString, ops);
    QFETCH(QList<int>, order);
    JavaHashSet set = makeSet(capacity);
    apply(set, ops, names);
    QCOMPARE(set.size(), static_cast<std::size_t>(order.size()));
    std::vector<std::string> visited;
    set.forEach([&](const std::string& s) { visited.push_back(s); });
    QCOMPARE(visited, set.items());
    if (QByteArray(QTest::currentDataTag()) == "colliding-tree-bin") {
      QEXPECT_FAIL("", "a bin of 9+ names in a table of 64+ becomes a red-black tree; not emulated", Continue);
    }
    QCOMPARE(toQt(set.items()), pick(names, order));
  }

  // HashSet.clone() (getEphemerals, closeSession): a new table sized for the current size.
  void cloneMatchesJava_data() {
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QString>("ops");
    QTest::addColumn<QList<int>>("cloneOrder");
    int rows = 0;
    for (const auto& v : readReference("java_hash_set_orders.json")["cases"].toArray()) {
      const QJsonObject c = v.toObject();
      if (!c.contains("cloneOrder")) continue;
      ++rows;
      QTest::newRow(qPrintable(c["name"].toString()))
          << (c["capacity"].isNull() ? -1 : c["capacity"].toInt()) << namesOf(c) << c["ops"].toString()
          << intsOf(c["cloneOrder"]);
    }
    QVERIFY(rows >= 4);
  }

  void cloneMatchesJava() {
    QFETCH(int, capacity);
    QFETCH(QStringList, names);
    QFETCH(QString, ops);
    QFETCH(QList<int>, cloneOrder);
    JavaHashSet set = makeSet(capacity);
    apply(set, ops, names);
    const std::vector<std::string> before = set.items();
    const JavaHashSet copy = set.clone();
    QCOMPARE(toQt(copy.items()), pick(names, cloneOrder));
    QCOMPARE(set.items(), before);  // the original keeps its own table
  }

  // The grown-then-shrunk set and its clone really do iterate differently (the case would
  // prove nothing if they did not).
  void cloneOfShrunkSetReorders() {
    for (const auto& v : readReference("java_hash_set_orders.json")["cases"].toArray()) {
      const QJsonObject c = v.toObject();
      if (c["name"].toString() != "clone-grown-then-shrunk") continue;
      QVERIFY(intsOf(c["order"]) != intsOf(c["cloneOrder"]));
      return;
    }
    QFAIL("clone-grown-then-shrunk missing from testdata");
  }

  void hashCodeMatchesJava_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("hash");
    const QJsonArray rows = readReference("java_hash_set_orders.json")["hashCodes"].toArray();
    QVERIFY(rows.size() >= 30);
    int n = 0;
    for (const auto& v : rows) {
      const QJsonArray row = v.toArray();
      QTest::addRow("%d %s", n++, qPrintable(row[0].toString().toHtmlEscaped())) << row[0].toString() << row[1].toInt();
    }
  }

  void hashCodeMatchesJava() {
    QFETCH(QString, text);
    QFETCH(int, hash);
    const std::string bytes = text.toStdString();
    QCOMPARE(javaStringHashCode(bytes), hash);
    // The UTF-16 units are Java's (surrogate pairs for emoji and CJK extension B).
    const std::vector<uint16_t> units = javaUtf16Units(bytes);
    QCOMPARE(QString::fromUtf16(reinterpret_cast<const char16_t*>(units.data()), static_cast<qsizetype>(units.size())),
             text);
  }

  // Bytes that are not UTF-8 decode as new String(bytes, UTF_8) decodes them: one U+FFFD per
  // malformed sequence (a server hashes and validates names after that decoding).
  void malformedUtf8AsJavaDecodesIt_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<int>>("units");
    QTest::addColumn<int>("hash");
    const QJsonArray rows = readReference("java_hash_set_orders.json")["utf8Decoding"].toArray();
    QVERIFY(rows.size() >= 20);
    for (const auto& v : rows) {
      const QJsonArray row = v.toArray();
      QTest::newRow(qPrintable(row[0].toString()))
          << QByteArray::fromHex(row[0].toString().toLatin1()) << intsOf(row[1]) << row[2].toInt();
    }
  }

  void malformedUtf8AsJavaDecodesIt() {
    QFETCH(QByteArray, bytes);
    QFETCH(QList<int>, units);
    QFETCH(int, hash);
    const std::string_view text(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    QList<int> got;
    for (uint16_t u : javaUtf16Units(text)) got << u;
    QCOMPARE(got, units);
    QCOMPARE(javaStringHashCode(text), hash);
  }

  // HashSet.add of a present name returns false and leaves it where it was; re-adding a
  // removed name puts it at the end of its bucket.
  void reinsertKeepsPlace() {
    JavaHashSet set(8);
    for (const char* s : {"Aa", "BB", "c"}) QVERIFY(set.insert(s));  // "Aa" and "BB" share a bucket
    QVERIFY(!set.insert("Aa"));
    QCOMPARE(set.items(), (std::vector<std::string>{"Aa", "BB", "c"}));
    QVERIFY(set.erase("Aa"));
    QVERIFY(!set.erase("Aa"));
    QVERIFY(!set.contains("Aa"));
    QVERIFY(set.insert("Aa"));
    QCOMPARE(set.items(), (std::vector<std::string>{"BB", "Aa", "c"}));
  }

  // Erasing every name frees the storage but keeps the capacity (HashMap never shrinks its
  // table), so what comes next lands where Java puts it; a moved-from set is empty and usable.
  void emptiedAndMovedFromSets() {
    JavaHashSet set(2);
    for (const char* s : {"a", "b", "c", "d"}) QVERIFY(set.insert(s));  // grown to 8 buckets
    const std::vector<std::string> grown = set.items();
    for (const char* s : {"a", "b", "c", "d"}) QVERIFY(set.erase(s));
    QVERIFY(set.empty());
    QVERIFY(set.items().empty());
    for (const char* s : {"d", "c", "b", "a"}) QVERIFY(set.insert(s));
    QCOMPARE(set.items(), grown);  // one name per bucket of the same table: the same order
    JavaHashSet moved(std::move(set));
    QCOMPARE(moved.size(), std::size_t{4});
    QCOMPARE(set.size(), std::size_t{0});  // NOLINT(bugprone-use-after-move): checked on purpose
    QVERIFY(set.insert("z"));
    QCOMPARE(set.items(), (std::vector<std::string>{"z"}));
    JavaHashSet copy = moved;
    QVERIFY(copy.erase("a"));
    QCOMPARE(moved.size(), std::size_t{4});  // copies are deep
  }

  void tableSizeFor_data() {
    QTest::addColumn<uint>("n");
    QTest::addColumn<uint>("size");
    QTest::newRow("0") << 0u << 1u;
    QTest::newRow("1") << 1u << 1u;
    QTest::newRow("2") << 2u << 2u;
    QTest::newRow("3") << 3u << 4u;
    QTest::newRow("8") << 8u << 8u;
    QTest::newRow("9") << 9u << 16u;
    QTest::newRow("14 (clone of 10)") << 14u << 16u;
    QTest::newRow("2^30") << (1u << 30) << (1u << 30);
    QTest::newRow("above MAXIMUM_CAPACITY") << ((1u << 30) + 1) << (1u << 30);
  }

  void tableSizeFor() {
    QFETCH(uint, n);
    QFETCH(uint, size);
    QCOMPARE(javaTableSizeFor(n), size);
  }
};

QTEST_APPLESS_MAIN(TestJavaHashSet)
#include "tst_java_hash_set.moc"
