#include "viewers/hex_dump_view.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>

#include <algorithm>
#include <climits>
#include <cmath>

namespace pier {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";
// Rows painted per screen are few, but the scroll bar counts rows in an int: buffers beyond
// INT_MAX rows (32 GiB) show their first INT_MAX rows only.
constexpr qint64 kScrollableRowsMax = INT_MAX;

bool isPrintable(unsigned char byte) { return byte >= 0x20 && byte <= 0x7e; }

}  // namespace

HexDumpView::HexDumpView(QWidget* parent) : QAbstractScrollArea(parent) {
  QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  font.setFixedPitch(true);
  font.setStyleHint(QFont::Monospace);
  // Cell geometry assumes every character advances by the same width.
  font.setKerning(false);
  setFont(font);
  setFocusPolicy(Qt::StrongFocus);
  viewport()->setBackgroundRole(QPalette::Base);
  viewport()->setAutoFillBackground(true);

  m_copyRowAction = new QAction(tr("Copy Row as Text"), this);
  m_copyRowAction->setShortcut(QKeySequence::Copy);
  m_copyRowAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
  m_copyRowAction->setEnabled(false);
  connect(m_copyRowAction, &QAction::triggered, this, &HexDumpView::copyCurrentRow);
  addAction(m_copyRowAction);

  updateScrollBars();
}

void HexDumpView::setData(const QByteArray& data) {
  m_data = data;
  const qint64 previous = m_currentOffset;
  m_currentOffset = m_data.isEmpty() ? -1 : 0;
  m_copyRowAction->setEnabled(!m_data.isEmpty());
  updateScrollBars();
  verticalScrollBar()->setValue(0);
  horizontalScrollBar()->setValue(0);
  viewport()->update();
  if (m_currentOffset != previous) {
    emit currentOffsetChanged(m_currentOffset);
  }
}

void HexDumpView::setCurrentOffset(qint64 offset) {
  if (m_data.isEmpty()) {
    return;
  }
  const qint64 clamped = std::clamp<qint64>(offset, 0, m_data.size() - 1);
  ensureRowVisible(clamped / kBytesPerRow);
  if (clamped == m_currentOffset) {
    return;
  }
  m_currentOffset = clamped;
  viewport()->update();
  emit currentOffsetChanged(m_currentOffset);
}

int HexDumpView::visibleRowCount() const {
  return std::max(1, viewport()->height() / rowHeight());
}

qint64 HexDumpView::firstVisibleRow() const { return verticalScrollBar()->value(); }

QRect HexDumpView::byteRect(qint64 offset) const {
  if (offset < 0 || offset >= m_data.size()) {
    return {};
  }
  const qint64 rowOnScreen = offset / kBytesPerRow - firstVisibleRow();
  // A partially shown last row still counts as visible.
  if (rowOnScreen < 0 || rowOnScreen > visibleRowCount()) {
    return {};
  }
  const int column = hexColumn(static_cast<int>(offset % kBytesPerRow), offsetDigits());
  const qreal x = marginPx() + column * charWidth() - horizontalScrollBar()->value();
  const QRectF cell(x, static_cast<qreal>(rowOnScreen * rowHeight()), 2 * charWidth(),
                    rowHeight());
  return cell.toAlignedRect();
}

qint64 HexDumpView::offsetAt(const QPoint& viewportPos) const {
  if (m_data.isEmpty() || viewportPos.y() < 0) {
    return -1;
  }
  const qreal x = viewportPos.x() + horizontalScrollBar()->value() - marginPx();
  if (x < 0) {
    return -1;
  }
  const int column = static_cast<int>(x / charWidth());
  const int digits = offsetDigits();
  int byteInRow = -1;
  for (int i = 0; i < kBytesPerRow && byteInRow < 0; ++i) {
    // A hex cell is its two digits plus the space after them, so clicks between bytes land.
    const int hex = hexColumn(i, digits);
    if ((column >= hex && column < hex + 3) || column == asciiColumn(i, digits)) {
      byteInRow = i;
    }
  }
  if (byteInRow < 0) {
    return -1;
  }
  const qint64 row = firstVisibleRow() + viewportPos.y() / rowHeight();
  const qint64 offset = row * kBytesPerRow + byteInRow;
  return offset < m_data.size() ? offset : -1;
}

QString HexDumpView::rowText(qint64 row) const {
  if (row < 0 || row >= rowCount()) {
    return {};
  }
  const qint64 start = row * kBytesPerRow;
  const qint64 length = std::min<qint64>(kBytesPerRow, m_data.size() - start);
  return formatRow(QByteArrayView(m_data).sliced(start, length), start, offsetDigits());
}

qint64 HexDumpView::rowCountFor(qint64 byteCount) {
  return byteCount <= 0 ? 0 : (byteCount + kBytesPerRow - 1) / kBytesPerRow;
}

int HexDumpView::offsetDigitsFor(qint64 byteCount) {
  quint64 lastOffset = byteCount > 0 ? static_cast<quint64>(byteCount - 1) : 0;
  int digits = 0;
  do {
    ++digits;
    lastOffset >>= 4;
  } while (lastOffset != 0);
  return std::max(kOffsetDigitsMin, digits);
}

QString HexDumpView::formatRow(QByteArrayView rowBytes, qint64 rowOffset, int offsetDigits) {
  const qsizetype count = std::min<qsizetype>(rowBytes.size(), kBytesPerRow);
  QString text = QString::number(static_cast<qulonglong>(rowOffset), 16)
                     .rightJustified(offsetDigits, QLatin1Char('0'));
  text.reserve(rowLength(offsetDigits));
  text += QLatin1String("  ");
  for (int i = 0; i < kBytesPerRow; ++i) {
    if (i == kBytesPerGroup) {
      text += QLatin1Char(' ');
    }
    if (i < count) {
      const auto byte = static_cast<unsigned char>(rowBytes[i]);
      text += QLatin1Char(kHexDigits[byte >> 4]);
      text += QLatin1Char(kHexDigits[byte & 0x0f]);
      text += QLatin1Char(' ');
    } else {
      text += QLatin1String("   ");
    }
  }
  text += QLatin1String(" |");
  for (qsizetype i = 0; i < count; ++i) {
    const auto byte = static_cast<unsigned char>(rowBytes[i]);
    text += QLatin1Char(isPrintable(byte) ? static_cast<char>(byte) : '.');
  }
  text += QLatin1Char('|');
  return text;
}

int HexDumpView::hexColumn(int byteInRow, int offsetDigits) {
  return offsetDigits + 2 + byteInRow * 3 + (byteInRow >= kBytesPerGroup ? 1 : 0);
}

int HexDumpView::asciiColumn(int byteInRow, int offsetDigits) {
  return offsetDigits + 2 + kBytesPerRow * 3 + 1 + 2 + byteInRow;
}

int HexDumpView::rowLength(int offsetDigits) {
  return asciiColumn(kBytesPerRow, offsetDigits) + 1;
}

void HexDumpView::copyCurrentRow() const {
  if (m_currentOffset < 0) {
    return;
  }
  QGuiApplication::clipboard()->setText(rowText(m_currentOffset / kBytesPerRow));
}

void HexDumpView::paintEvent(QPaintEvent* event) {
  Q_UNUSED(event)
  QPainter painter(viewport());
  painter.setFont(font());
  const qint64 first = firstVisibleRow();
  // One extra row for the partially visible row at the bottom.
  const qint64 last = std::min(rowCount(), first + visibleRowCount() + 1);
  for (qint64 row = first; row < last; ++row) {
    paintRow(painter, row, static_cast<qreal>((row - first) * rowHeight()));
  }
}

void HexDumpView::paintRow(QPainter& painter, qint64 row, qreal y) const {
  const QString text = rowText(row);
  const int digits = offsetDigits();
  const qreal cw = charWidth();
  const qreal x0 = marginPx() - horizontalScrollBar()->value();
  const qreal baseline = y + QFontMetricsF(font()).ascent();
  const QPalette::ColorGroup group = hasFocus() ? QPalette::Active : QPalette::Inactive;

  painter.setPen(palette().color(group, QPalette::PlaceholderText));
  painter.drawText(QPointF(x0, baseline), text.left(digits));
  painter.setPen(palette().color(group, QPalette::Text));
  painter.drawText(QPointF(x0 + digits * cw, baseline), text.mid(digits));

  if (m_currentOffset < 0 || m_currentOffset / kBytesPerRow != row) {
    return;
  }
  const int byteInRow = static_cast<int>(m_currentOffset % kBytesPerRow);
  const int hex = hexColumn(byteInRow, digits);
  const int ascii = asciiColumn(byteInRow, digits);
  const QColor highlight = palette().color(group, QPalette::Highlight);
  painter.fillRect(QRectF(x0 + hex * cw, y, 2 * cw, rowHeight()), highlight);
  painter.fillRect(QRectF(x0 + ascii * cw, y, cw, rowHeight()), highlight);
  painter.setPen(palette().color(group, QPalette::HighlightedText));
  painter.drawText(QPointF(x0 + hex * cw, baseline), text.mid(hex, 2));
  painter.drawText(QPointF(x0 + ascii * cw, baseline), text.mid(ascii, 1));
}

void HexDumpView::resizeEvent(QResizeEvent* event) {
  QAbstractScrollArea::resizeEvent(event);
  updateScrollBars();
}

void HexDumpView::keyPressEvent(QKeyEvent* event) {
  if (m_currentOffset < 0) {
    QAbstractScrollArea::keyPressEvent(event);
    return;
  }
  const bool ctrl = event->modifiers().testFlag(Qt::ControlModifier);
  const qint64 rowStart = m_currentOffset - m_currentOffset % kBytesPerRow;
  const qint64 page = static_cast<qint64>(visibleRowCount()) * kBytesPerRow;
  switch (event->key()) {
    case Qt::Key_Left: setCurrentOffset(m_currentOffset - 1); break;
    case Qt::Key_Right: setCurrentOffset(m_currentOffset + 1); break;
    case Qt::Key_Up: setCurrentOffset(m_currentOffset - kBytesPerRow); break;
    case Qt::Key_Down: setCurrentOffset(m_currentOffset + kBytesPerRow); break;
    case Qt::Key_PageUp: setCurrentOffset(m_currentOffset - page); break;
    case Qt::Key_PageDown: setCurrentOffset(m_currentOffset + page); break;
    case Qt::Key_Home: setCurrentOffset(ctrl ? 0 : rowStart); break;
    case Qt::Key_End: setCurrentOffset(ctrl ? m_data.size() - 1 : rowStart + kBytesPerRow - 1); break;
    default: QAbstractScrollArea::keyPressEvent(event); return;
  }
  event->accept();
}

void HexDumpView::mousePressEvent(QMouseEvent* event) {
  if (event->button() != Qt::LeftButton && event->button() != Qt::RightButton) {
    QAbstractScrollArea::mousePressEvent(event);
    return;
  }
  // A click between or beside the bytes selects nothing, but it is still the view's click.
  const qint64 offset = offsetAt(event->position().toPoint());
  if (offset >= 0) {
    setCurrentOffset(offset);
  }
  event->accept();
}

void HexDumpView::mouseReleaseEvent(QMouseEvent* event) {
  if (event->button() == Qt::LeftButton || event->button() == Qt::RightButton) {
    event->accept();
    return;
  }
  QAbstractScrollArea::mouseReleaseEvent(event);
}

void HexDumpView::contextMenuEvent(QContextMenuEvent* event) {
  QMenu menu(this);
  menu.addAction(m_copyRowAction);
  menu.exec(event->globalPos());
}

void HexDumpView::changeEvent(QEvent* event) {
  QAbstractScrollArea::changeEvent(event);
  if (event->type() == QEvent::FontChange) {
    updateScrollBars();
    viewport()->update();
  } else if (event->type() == QEvent::LanguageChange) {
    m_copyRowAction->setText(tr("Copy Row as Text"));
  }
}

QSize HexDumpView::sizeHint() const {
  const int frame = 2 * frameWidth();
  const int width = static_cast<int>(std::ceil(rowLength(offsetDigits()) * charWidth() +
                                               2 * marginPx())) +
                    verticalScrollBar()->sizeHint().width() + frame;
  constexpr int kRowsShown = 24;
  return {width, kRowsShown * rowHeight() + frame};
}

void HexDumpView::updateScrollBars() {
  const qint64 rows = std::min(rowCount(), kScrollableRowsMax);
  const int visible = visibleRowCount();
  QScrollBar* vertical = verticalScrollBar();
  vertical->setRange(0, static_cast<int>(std::max<qint64>(0, rows - visible)));
  vertical->setPageStep(visible);
  vertical->setSingleStep(1);

  const int contentWidth =
      static_cast<int>(std::ceil(rowLength(offsetDigits()) * charWidth() + 2 * marginPx()));
  QScrollBar* horizontal = horizontalScrollBar();
  horizontal->setRange(0, std::max(0, contentWidth - viewport()->width()));
  horizontal->setPageStep(viewport()->width());
  horizontal->setSingleStep(static_cast<int>(std::ceil(charWidth())));
}

void HexDumpView::ensureRowVisible(qint64 row) {
  const qint64 first = firstVisibleRow();
  const int visible = visibleRowCount();
  if (row < first) {
    verticalScrollBar()->setValue(static_cast<int>(std::min(row, kScrollableRowsMax)));
  } else if (row >= first + visible) {
    verticalScrollBar()->setValue(static_cast<int>(std::min(row - visible + 1, kScrollableRowsMax)));
  }
}

qreal HexDumpView::charWidth() const {
  return QFontMetricsF(font()).horizontalAdvance(QLatin1Char('0'));
}

int HexDumpView::rowHeight() const { return std::max(1, QFontMetrics(font()).lineSpacing()); }

qreal HexDumpView::marginPx() const { return charWidth() / 2; }

}  // namespace pier
