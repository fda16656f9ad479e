#pragma once

#include <QAbstractScrollArea>
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

class QAction;

namespace pier {

// HexDumpView shows a byte buffer as a classic `hexdump -C` listing: an offset column, 16 bytes
// per row in hex (grouped 8 + 8) and an ASCII column where non-printable bytes appear as '.'.
// Only the rows inside the viewport are formatted and painted, so the cost of a repaint does not
// depend on the buffer size and a 100 MB buffer scrolls as fast as a 100 byte one. One byte is
// current (click selects it, arrow/page/home/end keys move it); Ctrl+C and the context menu copy
// the current row as text.
//
// Thread: GUI thread only.
// Ownership: keeps an implicitly shared copy of the QByteArray passed to setData(). If that array
// wraps foreign memory (QByteArray::fromRawData, e.g. a mapped file), the caller keeps that memory
// alive until setData() is called with other data or the view is destroyed.
// Requires: nothing; an empty buffer shows an empty view and currentOffset() == -1.
class HexDumpView : public QAbstractScrollArea {
  Q_OBJECT

 public:
  static constexpr int kBytesPerRow = 16;
  static constexpr int kBytesPerGroup = 8;
  static constexpr int kOffsetDigitsMin = 8;

  explicit HexDumpView(QWidget* parent = nullptr);

  // Replaces the shown bytes, scrolls to the top and makes offset 0 current (-1 when empty).
  void setData(const QByteArray& data);
  const QByteArray& data() const { return m_data; }

  // The selected byte, or -1 when there is no data.
  qint64 currentOffset() const { return m_currentOffset; }
  // Clamps `offset` into the buffer, scrolls it into view and emits currentOffsetChanged() when
  // the current byte changes. Ignored when there is no data.
  void setCurrentOffset(qint64 offset);

  qint64 rowCount() const { return rowCountFor(m_data.size()); }
  // Rows that fit completely into the viewport (at least 1).
  int visibleRowCount() const;
  qint64 firstVisibleRow() const;
  // Width of the offset column for the current data.
  int offsetDigits() const { return offsetDigitsFor(m_data.size()); }

  // Where the hex cell of the byte at `offset` is drawn, in viewport coordinates; a null rect when
  // that row is scrolled out of view or the offset is outside the data.
  QRect byteRect(qint64 offset) const;
  // The byte under a viewport position (hex or ASCII column), or -1.
  qint64 offsetAt(const QPoint& viewportPos) const;
  // Row `row` formatted by formatRow(); empty when out of range.
  QString rowText(qint64 row) const;

  // Rows needed for `byteCount` bytes: ceil(byteCount / 16).
  static qint64 rowCountFor(qint64 byteCount);
  // Hex digits of the offset column: at least 8, more when the last offset needs them.
  static int offsetDigitsFor(qint64 byteCount);
  // One row as `hexdump -C` prints it, e.g.
  // "00000010  48 65 6c 6c 6f 0a 57 6f  72 6c 64 00 01 02 61 62  |Hello.World...ab|".
  // `rowBytes` holds at most 16 bytes; a short (last) row keeps the ASCII column aligned.
  static QString formatRow(QByteArrayView rowBytes, qint64 rowOffset,
                           int offsetDigits = kOffsetDigitsMin);
  // Character columns inside a formatRow() string of the hex cell and the ASCII cell of a byte.
  static int hexColumn(int byteInRow, int offsetDigits);
  static int asciiColumn(int byteInRow, int offsetDigits);
  // Length of a formatRow() string for a full row.
  static int rowLength(int offsetDigits);

  QAction* copyRowAction() const { return m_copyRowAction; }

 public slots:
  // Puts the row of the current byte, as formatted by formatRow(), on the clipboard.
  void copyCurrentRow() const;

 signals:
  void currentOffsetChanged(qint64 offset);

 protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void contextMenuEvent(QContextMenuEvent* event) override;
  void changeEvent(QEvent* event) override;
  QSize sizeHint() const override;

 private:
  void updateScrollBars();
  void ensureRowVisible(qint64 row);
  void paintRow(QPainter& painter, qint64 row, qreal y) const;
  qreal charWidth() const;
  int rowHeight() const;
  qreal marginPx() const;

  QByteArray m_data;
  qint64 m_currentOffset = -1;
  QAction* m_copyRowAction = nullptr;  // owned by this widget (QObject parent)
};

}  // namespace pier
