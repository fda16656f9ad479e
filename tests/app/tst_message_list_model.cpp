// Tests for the message browser's virtual model and payload previews: rows are arithmetic over
// partition ranges; pages are asked for only for rows a view reads, newest first and at most
// kInFlightMax at a time; gaps and failed reads show as such without asking again; the cache
// stays within its bounds; live tail inserts rows; previews never show bytes that are not text
// as text.
#include "models/message_list_model.h"
#include "models/payload_text.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace pier;

namespace {

struct Wanted {
  int partition;
  qint64 start;
  qint64 end;
};

// Collects the model's page requests.
class Requests : public QObject {
 public:
  explicit Requests(MessageListModel& model) {
    connect(&model, &MessageListModel::pageWanted, this,
            [this](const QString&, int partition, qint64 start, qint64 end) { list.append({partition, start, end}); });
  }
  QList<Wanted> list;
};

MessagePage pageOf(const QString& topic, int partition, qint64 start, qint64 end, QList<qint64> offsets = {},
                   int valueBytes = 8) {
  MessagePage page{topic, partition, start, end, {}, {}, {}};
  if (offsets.isEmpty()) {
    for (qint64 o = start; o < end; ++o) offsets.append(o);
  }
  for (qint64 o : offsets) {
    MessageRecord r;
    r.partition = partition;
    r.offset = o;
    r.timestampMs = 1700000000000 + o;
    r.timestampType = MessageRecord::TimestampType::CreateTime;
    r.key = QByteArray("k") + QByteArray::number(o);
    r.value = QByteArray(valueBytes, 'v');
    page.records.append(r);
  }
  return page;
}

QString cell(const MessageListModel& model, int row, int column) {
  return model.index(row, column).data().toString();
}

}  // namespace

class TestMessageListModel : public QObject {
  Q_OBJECT

 private slots:
  void rowsAreArithmeticOverRanges();
  void pagesAreAskedForOnlyForRowsRead();
  void requestsAreBoundedAndNewestFirst();
  void loadedPagesShowRecordsAndGaps();
  void failedPageShowsItsErrorWithoutAskingAgain();
  void cacheStaysWithinItsBounds();
  void liveTailInsertsRowsAndRereadsPartialPages();
  void previews_data();
  void previews();
  void prettyJsonOnlyForJson();
};

void TestMessageListModel::rowsAreArithmeticOverRanges() {
  MessageListModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setBrowse("t", {{0, 10, 1010}, {2, 5, 7}, {3, 4, 4}});
  QCOMPARE(model.rowCount(), 1002);
  QCOMPARE(model.locate(0).partition, 0);
  QCOMPARE(model.locate(0).offset, 10);
  QCOMPARE(model.locate(999).offset, 1009);
  QCOMPARE(model.locate(1000).partition, 2);
  QCOMPARE(model.locate(1000).offset, 5);
  QCOMPARE(model.locate(1002).partition, -1);
  QCOMPARE(model.rowOf(2, 6), 1001);
  QCOMPARE(model.rowOf(1, 0), -1);
  QCOMPARE(model.rowOf(0, 1010), -1);
  QCOMPARE(model.index(1001, MessageListModel::OffsetColumn).data().toLongLong(), 6);

  MessageListModel big;  // (no model tester here: it would read all ten million rows)
  big.setBrowse("t", {{0, 0, 10'000'000}});  // ten million rows cost nothing up front
  QCOMPARE(big.rowCount(), 10'000'000);
  QCOMPARE(big.locate(9'999'999).offset, 9'999'999);
  QCOMPARE(big.cachedPages(), 0);
}

void TestMessageListModel::pagesAreAskedForOnlyForRowsRead() {
  MessageListModel model;
  Requests requests(model);
  model.setBrowse("t", {{0, 10, 1010}});
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 0);
  for (int row = 0; row < 20; ++row) {
    QCOMPARE(cell(model, row, MessageListModel::ValueColumn), QStringLiteral("loading…"));
  }
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 1);  // rows 0..19 are offsets 10..29: one page, clipped to the range
  QCOMPARE(requests.list[0].start, 10);
  QCOMPARE(requests.list[0].end, 100);
  cell(model, 495, MessageListModel::ValueColumn);  // offset 505
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 2);
  QCOMPARE(requests.list[1].start, 500);
  QCOMPARE(requests.list[1].end, 600);
  cell(model, 0, MessageListModel::ValueColumn);  // already under way: not asked again
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 2);
}

void TestMessageListModel::requestsAreBoundedAndNewestFirst() {
  MessageListModel model;
  Requests requests(model);
  model.setBrowse("t", {{0, 0, 100000}});
  for (int page = 0; page < 10; ++page) {
    cell(model, page * 1000, MessageListModel::ValueColumn);
  }
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), MessageListModel::kInFlightMax);
  QCOMPARE(requests.list[0].start, 9000);  // the rows read last are the ones on screen now
  QCOMPARE(requests.list[1].start, 8000);
  model.addPage(pageOf("t", 0, 9000, 9100));
  QCOMPARE(requests.list.size(), 3);
  QCOMPARE(requests.list[2].start, 7000);
  QVERIFY(model.isLoaded(9050));
  QVERIFY(!model.isLoaded(8050));
}

void TestMessageListModel::loadedPagesShowRecordsAndGaps() {
  MessageListModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  model.setBrowse("t", {{1, 0, 50}});
  QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
  model.addPage(pageOf("t", 1, 0, 50, {0, 1, 3, 49}));  // 2 and 4..48 compacted away
  QCOMPARE(changed.count(), 1);
  QCOMPARE(changed[0][0].toModelIndex().row(), 0);
  QCOMPARE(changed[0][1].toModelIndex().row(), 49);
  QCOMPARE(cell(model, 3, MessageListModel::KeyColumn), QStringLiteral("k3"));
  QCOMPARE(cell(model, 3, MessageListModel::ValueColumn), QStringLiteral("vvvvvvvv"));
  QCOMPARE(model.recordAt(3)->offset, 3);
  QVERIFY(model.recordAt(2) == nullptr);
  QVERIFY(model.isLoaded(2));
  QVERIFY(cell(model, 2, MessageListModel::ValueColumn).startsWith("(no record"));
  QCOMPARE(model.recordAt(49)->offset, 49);

  model.addPage(pageOf("other", 1, 0, 50));  // an answer for another browse: ignored
  QCOMPARE(model.recordAt(2), nullptr);
}

void TestMessageListModel::failedPageShowsItsErrorWithoutAskingAgain() {
  MessageListModel model;
  Requests requests(model);
  QSignalSpy failed(&model, &MessageListModel::pageFailed);
  model.setBrowse("t", {{0, 0, 300}});
  cell(model, 150, MessageListModel::ValueColumn);
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 1);
  MessagePage page{"t", 0, 100, 200, {}, "_TIMED_OUT", "Local: Timed out"};
  model.addPage(page);
  QCOMPARE(failed.count(), 1);
  QCOMPARE(failed[0][0].toString(), QStringLiteral("_TIMED_OUT"));
  QCOMPARE(cell(model, 150, MessageListModel::ValueColumn), QStringLiteral("(not read: _TIMED_OUT)"));
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 1);
  model.setBrowse("t", {{0, 0, 300}});  // a new browse tries again
  cell(model, 150, MessageListModel::ValueColumn);
  QCoreApplication::processEvents();
  QCOMPARE(requests.list.size(), 2);
}

void TestMessageListModel::cacheStaysWithinItsBounds() {
  MessageListModel model;
  model.setBrowse("t", {{0, 0, 10'000'000}});
  const int valueBytes = 64 * 1024;  // 100 records of 64 KiB: 6.4 MiB a page
  for (qint64 start = 0; start < 30 * MessageListModel::kPageSize; start += MessageListModel::kPageSize) {
    model.addPage(pageOf("t", 0, start, start + MessageListModel::kPageSize, {}, valueBytes));
    QVERIFY(model.cachedBytes() <= MessageListModel::kCacheBytesMax);
  }
  QVERIFY(model.cachedPages() < 30);
  QVERIFY(model.isLoaded(29 * MessageListModel::kPageSize));  // the newest page stays
  QVERIFY(!model.isLoaded(0));                                 // the oldest went first
}

void TestMessageListModel::liveTailInsertsRowsAndRereadsPartialPages() {
  MessageListModel model;
  QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
  Requests requests(model);
  model.setBrowse("t", {{0, 0, 5}, {1, 0, 3}});
  model.addPage(pageOf("t", 1, 0, 3));
  QVERIFY(model.isLoaded(7));
  QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
  requests.list.clear();  // (the model tester reads every row, so it asks for pages too)
  model.extendTo({{0, 5}, {1, 6}});
  QCOMPARE(model.rowCount(), 11);
  QCOMPARE(inserted.count(), 1);
  QCOMPARE(inserted[0][1].toInt(), 8);
  QCOMPARE(inserted[0][2].toInt(), 10);
  QCOMPARE(model.locate(10).offset, 5);
  QVERIFY(model.isLoaded(7));   // offset 2: within what the page covered
  QVERIFY(!model.isLoaded(8));  // offset 3: the page ended before it
  cell(model, 9, MessageListModel::ValueColumn);
  QCoreApplication::processEvents();
  QVERIFY(std::any_of(requests.list.begin(), requests.list.end(),
                      [](const Wanted& w) { return w.partition == 1 && w.start == 0 && w.end == 6; }));
  model.extendTo({{0, 4}});  // never shrinks
  QCOMPARE(model.rowCount(), 11);
}

void TestMessageListModel::previews_data() {
  QTest::addColumn<std::optional<QByteArray>>("bytes");
  QTest::addColumn<int>("charsMax");
  QTest::addColumn<QString>("expected");
  QTest::newRow("null") << std::optional<QByteArray>() << 10 << "null";
  QTest::newRow("empty") << std::optional<QByteArray>(QByteArray()) << 10 << "";
  QTest::newRow("text") << std::optional<QByteArray>("hello") << 10 << "hello";
  QTest::newRow("lines") << std::optional<QByteArray>("a\nb\r\nc") << 10 << "a⏎b⏎c";
  QTest::newRow("cut") << std::optional<QByteArray>("abcdefghijkl") << 5 << "abcde…";
  QTest::newRow("chinese") << std::optional<QByteArray>("消息内容") << 10 << "消息内容";
  // 3 chars max read 12 bytes: the 5th character is cut inside its UTF-8 bytes, still text.
  QTest::newRow("cut inside a character") << std::optional<QByteArray>("消息内容很长") << 3 << "消息内…";
  QTest::newRow("binary") << std::optional<QByteArray>(QByteArray("\x00\x01\xff", 3)) << 10 << "0x0001ff";
  QTest::newRow("binary cut") << std::optional<QByteArray>(QByteArray(20, '\x02')) << 10 << "0x02020202…";
  QTest::newRow("invalid utf8") << std::optional<QByteArray>("ab\xc3") << 10 << "0x6162c3";
}

void TestMessageListModel::previews() {
  QFETCH(std::optional<QByteArray>, bytes);
  QFETCH(int, charsMax);
  QFETCH(QString, expected);
  QCOMPARE(previewPayload(bytes, charsMax), expected);
}

void TestMessageListModel::prettyJsonOnlyForJson() {
  QCOMPARE(prettyJson(R"({"a":1})").value_or(QString()), QStringLiteral("{\n    \"a\": 1\n}\n"));
  QVERIFY(!prettyJson("not json"));
  QVERIFY(!prettyJson(""));
  QVERIFY(looksLikeText("tab\there"));
  QVERIFY(!looksLikeText(QByteArray("\x07", 1)));
}

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "tst_message_list_model.moc"
