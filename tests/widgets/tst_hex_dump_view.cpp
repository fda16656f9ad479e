// Tests for HexDumpView: the `hexdump -C` row format, row counts, scrolling of large buffers,
// and moving the current byte with mouse and keyboard.
#include "viewers/hex_dump_view.h"

#include <QAction>
#include <QClipboard>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <limits>

using pier::HexDumpView;

namespace {

constexpr qint64 kLargeBytes = 100LL * 1024 * 1024;

QByteArray sequentialBytes(int count) {
  QByteArray bytes(count, '\0');
  for (int i = 0; i < count; ++i) {
    bytes[i] = static_cast<char>(i);
  }
  return bytes;
}

}  // namespace

class TestHexDumpView : public QObject {
  Q_OBJECT

 private slots:
  void formatRow_data();
  void formatRow();
  void formatRowIgnoresBytesBeyondOneRow();
  void rowCount_data();
  void rowCount();
  void emptyView();
  void scrollBarMaximumForLargeBuffer();
  void paintingLargeBufferOnlyTouchesVisibleRows();
  void click_data();
  void click();
  void clickOutsideBytesKeepsCurrent();
  void keys_data();
  void keys();
  void setCurrentOffsetClamps_data();
  void setCurrentOffsetClamps();
  void setDataResetsCurrentOffset();
  void copyRowAsText();

 private:
  // A shown view of `bytes`, large enough for the rows used by the keyboard tests.
  static void showView(HexDumpView& view, const QByteArray& bytes);
};

void TestHexDumpView::showView(HexDumpView& view, const QByteArray& bytes) {
  view.setData(bytes);
  view.resize(800, 480);
  view.show();
  QVERIFY(QTest::qWaitForWindowExposed(&view));
}

void TestHexDumpView::formatRow_data() {
  QTest::addColumn<QByteArray>("bytes");
  QTest::addColumn<qint64>("offset");
  QTest::addColumn<int>("offsetDigits");
  QTest::addColumn<QString>("expected");

  // Expected strings are what `hexdump -C` prints for the same bytes.
  QTest::newRow("full row") << QByteArray("Hello\nWorld\x00\x01\x02" "ab", 16) << qint64(0) << 8
                            << QStringLiteral("00000000  48 65 6c 6c 6f 0a 57 6f  72 6c 64 00 01 "
                                              "02 61 62  |Hello.World...ab|");
  QTest::newRow("short last row")
      << QByteArray("stu") << qint64(0x20) << 8
      << QStringLiteral("00000020  73 74 75                                          |stu|");
  QTest::newRow("single byte")
      << QByteArray("A") << qint64(0) << 8
      << QStringLiteral("00000000  41                                                |A|");
  QTest::newRow("non-printables")
      << QByteArray("\x00\x1f\x20\x7e\x7f\x80\xff\x09\x0a\x0d" "A", 11) << qint64(0) << 8
      << QStringLiteral("00000000  00 1f 20 7e 7f 80 ff 09  0a 0d 41                 |.. ~......A|");
  QTest::newRow("empty row") << QByteArray() << qint64(0) << 8
                             << QStringLiteral("00000000  ") + QString(49, QLatin1Char(' ')) +
                                    QStringLiteral(" ||");
  QTest::newRow("offset wider than 8 digits")
      << QByteArray("AB") << qint64(0x100000010) << 9
      << QStringLiteral("100000010  41 42                                             |AB|");
}

void TestHexDumpView::formatRow() {
  QFETCH(QByteArray, bytes);
  QFETCH(qint64, offset);
  QFETCH(int, offsetDigits);
  QFETCH(QString, expected);

  const QString row = HexDumpView::formatRow(bytes, offset, offsetDigits);
  QCOMPARE(row, expected);
  // The hex and ASCII cells of each byte are where the view paints and hit-tests them.
  for (int i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<uchar>(bytes.at(i));
    QCOMPARE(row.mid(HexDumpView::hexColumn(i, offsetDigits), 2),
             QStringLiteral("%1").arg(byte, 2, 16, QLatin1Char('0')));
    const QChar ascii = row.at(HexDumpView::asciiColumn(i, offsetDigits));
    QCOMPARE(ascii, byte >= 0x20 && byte < 0x7f ? QChar(byte) : QLatin1Char('.'));
  }
  if (bytes.size() == HexDumpView::kBytesPerRow) {
    QCOMPARE(row.size(), HexDumpView::rowLength(offsetDigits));
  }
}

void TestHexDumpView::formatRowIgnoresBytesBeyondOneRow() {
  const QByteArray bytes = sequentialBytes(20);
  QCOMPARE(HexDumpView::formatRow(bytes, 0), HexDumpView::formatRow(bytes.left(16), 0));
}

void TestHexDumpView::rowCount_data() {
  QTest::addColumn<qint64>("byteCount");
  QTest::addColumn<qint64>("rows");
  QTest::addColumn<int>("offsetDigits");

  QTest::newRow("0 bytes") << qint64(0) << qint64(0) << 8;
  QTest::newRow("1 byte") << qint64(1) << qint64(1) << 8;
  QTest::newRow("16 bytes") << qint64(16) << qint64(1) << 8;
  QTest::newRow("17 bytes") << qint64(17) << qint64(2) << 8;
  QTest::newRow("100 MiB") << kLargeBytes << qint64(6553600) << 8;
  QTest::newRow("4 GiB") << (qint64(1) << 32) << (qint64(1) << 28) << 8;
  QTest::newRow("4 GiB + 1") << (qint64(1) << 32) + 1 << (qint64(1) << 28) + 1 << 9;
}

void TestHexDumpView::rowCount() {
  QFETCH(qint64, byteCount);
  QFETCH(qint64, rows);
  QFETCH(int, offsetDigits);

  QCOMPARE(HexDumpView::rowCountFor(byteCount), rows);
  QCOMPARE(HexDumpView::offsetDigitsFor(byteCount), offsetDigits);
  if (byteCount <= 17) {
    HexDumpView view;
    view.setData(QByteArray(static_cast<int>(byteCount), 'x'));
    QCOMPARE(view.rowCount(), rows);
    QCOMPARE(view.rowText(rows), QString());
    if (rows > 0) {
      QVERIFY(view.rowText(rows - 1).endsWith(QLatin1Char('|')));
    }
  }
}

void TestHexDumpView::emptyView() {
  HexDumpView view;
  QSignalSpy spy(&view, &HexDumpView::currentOffsetChanged);
  showView(view, QByteArray());
  QCOMPARE(view.currentOffset(), qint64(-1));
  QCOMPARE(view.verticalScrollBar()->maximum(), 0);
  QTest::keyClick(&view, Qt::Key_Right);
  view.setCurrentOffset(5);
  QCOMPARE(view.currentOffset(), qint64(-1));
  QCOMPARE(view.offsetAt(QPoint(1, 1)), qint64(-1));
  QVERIFY(view.byteRect(0).isNull());
  QVERIFY(!view.copyRowAction()->isEnabled());
  QCOMPARE(spy.count(), 0);
}

void TestHexDumpView::scrollBarMaximumForLargeBuffer() {
  HexDumpView view;
  showView(view, QByteArray(kLargeBytes, '\0'));
  const int visible = view.visibleRowCount();
  QVERIFY(visible > 1);
  QCOMPARE(view.verticalScrollBar()->minimum(), 0);
  QCOMPARE(qint64(view.verticalScrollBar()->maximum()), 6553600 - visible);
  QCOMPARE(view.verticalScrollBar()->pageStep(), visible);

  // Jumping to the last byte scrolls to the end, and the last row is on screen.
  view.setCurrentOffset(kLargeBytes - 1);
  QCOMPARE(view.verticalScrollBar()->value(), view.verticalScrollBar()->maximum());
  QVERIFY(!view.byteRect(kLargeBytes - 1).isNull());
  QVERIFY(view.viewport()->rect().contains(view.byteRect(kLargeBytes - 1)));

  // A smaller viewport shows fewer rows and allows scrolling further.
  view.resize(view.width(), view.height() / 2);
  QCOMPARE(qint64(view.verticalScrollBar()->maximum()), 6553600 - view.visibleRowCount());
  QVERIFY(view.visibleRowCount() < visible);
}

void TestHexDumpView::paintingLargeBufferOnlyTouchesVisibleRows() {
  HexDumpView view;
  showView(view, QByteArray(kLargeBytes, 'x'));
  QElapsedTimer timer;
  timer.start();
  for (int i = 0; i < 10; ++i) {
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() * i / 9);
    view.viewport()->repaint();
  }
  // Formatting all 6.5 million rows even once would take seconds.
  QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
}

void TestHexDumpView::click_data() {
  QTest::addColumn<qint64>("offset");
  QTest::newRow("first byte") << qint64(0);
  QTest::newRow("last byte of first group") << qint64(7);
  QTest::newRow("first byte of second group") << qint64(8);
  QTest::newRow("second row") << qint64(17);
  QTest::newRow("last byte") << qint64(99);
}

void TestHexDumpView::click() {
  QFETCH(qint64, offset);
  HexDumpView view;
  showView(view, sequentialBytes(100));
  QSignalSpy spy(&view, &HexDumpView::currentOffsetChanged);

  const QRect cell = view.byteRect(offset);
  QVERIFY(!cell.isNull());
  QCOMPARE(view.offsetAt(cell.center()), offset);
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, cell.center());
  QCOMPARE(view.currentOffset(), offset);
  if (offset == 0) {
    QCOMPARE(spy.count(), 0);  // already current: no change, no signal
  } else {
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), offset);
  }
}

void TestHexDumpView::clickOutsideBytesKeepsCurrent() {
  HexDumpView view;
  showView(view, sequentialBytes(20));  // rows 0 and 1; row 2 and below are empty
  view.setCurrentOffset(3);
  QSignalSpy spy(&view, &HexDumpView::currentOffsetChanged);
  const QRect firstCell = view.byteRect(0);
  // The offset column, and a row below the data.
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, QPoint(1, firstCell.center().y()));
  QTest::mouseClick(view.viewport(), Qt::LeftButton, {},
                    QPoint(firstCell.center().x(), firstCell.center().y() + 5 * firstCell.height()));
  QCOMPARE(view.currentOffset(), qint64(3));
  QCOMPARE(spy.count(), 0);
}

void TestHexDumpView::keys_data() {
  QTest::addColumn<qint64>("start");
  QTest::addColumn<int>("key");
  QTest::addColumn<int>("modifiers");
  QTest::addColumn<qint64>("expected");

  // 40 bytes: rows at 0, 16 and 32 (the last one 8 bytes long).
  const int none = Qt::NoModifier;
  const int ctrl = Qt::ControlModifier;
  QTest::newRow("right") << qint64(0) << int(Qt::Key_Right) << none << qint64(1);
  QTest::newRow("left") << qint64(5) << int(Qt::Key_Left) << none << qint64(4);
  QTest::newRow("left clamps at start") << qint64(0) << int(Qt::Key_Left) << none << qint64(0);
  QTest::newRow("right clamps at end") << qint64(39) << int(Qt::Key_Right) << none << qint64(39);
  QTest::newRow("down") << qint64(5) << int(Qt::Key_Down) << none << qint64(21);
  QTest::newRow("down clamps into short last row")
      << qint64(30) << int(Qt::Key_Down) << none << qint64(39);
  QTest::newRow("up") << qint64(21) << int(Qt::Key_Up) << none << qint64(5);
  QTest::newRow("up clamps at start") << qint64(5) << int(Qt::Key_Up) << none << qint64(0);
  QTest::newRow("home") << qint64(20) << int(Qt::Key_Home) << none << qint64(16);
  QTest::newRow("end") << qint64(20) << int(Qt::Key_End) << none << qint64(31);
  QTest::newRow("end of short last row") << qint64(33) << int(Qt::Key_End) << none << qint64(39);
  QTest::newRow("ctrl+home") << qint64(20) << int(Qt::Key_Home) << ctrl << qint64(0);
  QTest::newRow("ctrl+end") << qint64(3) << int(Qt::Key_End) << ctrl << qint64(39);
  QTest::newRow("page down clamps") << qint64(2) << int(Qt::Key_PageDown) << none << qint64(39);
  QTest::newRow("page up clamps") << qint64(37) << int(Qt::Key_PageUp) << none << qint64(0);
}

void TestHexDumpView::keys() {
  QFETCH(qint64, start);
  QFETCH(int, key);
  QFETCH(int, modifiers);
  QFETCH(qint64, expected);

  HexDumpView view;
  showView(view, sequentialBytes(40));
  view.setCurrentOffset(start);
  QCOMPARE(view.currentOffset(), start);
  QSignalSpy spy(&view, &HexDumpView::currentOffsetChanged);

  QTest::keyClick(&view, static_cast<Qt::Key>(key), Qt::KeyboardModifiers(modifiers));
  QCOMPARE(view.currentOffset(), expected);
  if (expected == start) {
    QCOMPARE(spy.count(), 0);
  } else {
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), expected);
  }
}

void TestHexDumpView::setCurrentOffsetClamps_data() {
  QTest::addColumn<qint64>("requested");
  QTest::addColumn<qint64>("expected");
  QTest::newRow("negative") << qint64(-5) << qint64(0);
  QTest::newRow("inside") << qint64(9) << qint64(9);
  QTest::newRow("one past the end") << qint64(40) << qint64(39);
  QTest::newRow("zero") << qint64(0) << qint64(0);
  QTest::newRow("huge") << std::numeric_limits<qint64>::max() << qint64(39);
}

void TestHexDumpView::setCurrentOffsetClamps() {
  QFETCH(qint64, requested);
  QFETCH(qint64, expected);
  HexDumpView view;
  showView(view, sequentialBytes(40));
  view.setCurrentOffset(requested);
  QCOMPARE(view.currentOffset(), expected);
}

void TestHexDumpView::setDataResetsCurrentOffset() {
  HexDumpView view;
  showView(view, sequentialBytes(40));
  view.setCurrentOffset(30);
  QSignalSpy spy(&view, &HexDumpView::currentOffsetChanged);
  view.setData(sequentialBytes(10));
  QCOMPARE(view.currentOffset(), qint64(0));
  QCOMPARE(view.verticalScrollBar()->value(), 0);
  view.setData(QByteArray());
  QCOMPARE(view.currentOffset(), qint64(-1));
  QCOMPARE(spy.count(), 2);
  QCOMPARE(spy.at(0).at(0).toLongLong(), qint64(0));
  QCOMPARE(spy.at(1).at(0).toLongLong(), qint64(-1));
}

void TestHexDumpView::copyRowAsText() {
  HexDumpView view;
  showView(view, sequentialBytes(40));
  view.setCurrentOffset(20);
  QVERIFY(view.copyRowAction()->isEnabled());
  QGuiApplication::clipboard()->clear();
  view.copyRowAction()->trigger();
  const QString expected = HexDumpView::formatRow(sequentialBytes(40).mid(16, 16), 16);
  QCOMPARE(QGuiApplication::clipboard()->text(), expected);
  QCOMPARE(view.rowText(1), expected);
}

QTEST_MAIN(TestHexDumpView)
#include "tst_hex_dump_view.moc"
