#include "models/message_list_model.h"

#include "models/payload_text.h"

#include <QDateTime>
#include <QLocale>
#include <QPalette>
#include <QTimer>

#include <algorithm>
#include <climits>

namespace pier {

namespace {

qint64 pageStartOf(qint64 offset) { return offset - offset % MessageListModel::kPageSize; }

}  // namespace

MessageListModel::MessageListModel(QObject* parent) : QAbstractTableModel(parent) {}

void MessageListModel::setBrowse(const QString& topic, const QList<PartitionRange>& ranges) {
  // A new question, not a refresh of the old answer: a reset is what the view should see.
  // The cache goes too: the log may have been compacted, truncated or recreated meanwhile, and
  // pages that failed deserve another try.
  beginResetModel();
  m_pages.clear();
  m_cachedBytes = 0;
  m_topic = topic;
  m_ranges = ranges;
  m_wanted.clear();
  m_inFlight.clear();  // answers still under way are accepted by addPage all the same
  rebuildRowStarts();
  endResetModel();
}

void MessageListModel::rebuildRowStarts() {
  m_rowStarts.clear();
  m_rowCount = 0;
  for (const PartitionRange& r : m_ranges) {
    m_rowStarts.append(m_rowCount);
    m_rowCount += r.count();
  }
}

void MessageListModel::extendTo(const QMap<int, qint64>& highWatermarks) {
  for (qsizetype i = 0; i < m_ranges.size(); ++i) {
    PartitionRange& r = m_ranges[i];
    const qint64 hw = highWatermarks.value(r.partition, r.end);
    if (hw <= r.end || m_rowCount + (hw - r.end) > INT_MAX) {
      continue;
    }
    const qint64 firstNew = m_rowStarts[i] + r.count();
    beginInsertRows({}, static_cast<int>(firstNew), static_cast<int>(firstNew + (hw - r.end) - 1));
    r.end = hw;
    rebuildRowStarts();
    endInsertRows();
  }
}

MessageListModel::Location MessageListModel::locate(int row) const {
  if (row < 0 || row >= m_rowCount) {
    return {};
  }
  const auto it = std::upper_bound(m_rowStarts.begin(), m_rowStarts.end(), static_cast<qint64>(row));
  const qsizetype i = (it - m_rowStarts.begin()) - 1;
  return {m_ranges[i].partition, m_ranges[i].begin + (row - m_rowStarts[i])};
}

int MessageListModel::rowOf(int partition, qint64 offset) const {
  for (qsizetype i = 0; i < m_ranges.size(); ++i) {
    const PartitionRange& r = m_ranges[i];
    if (r.partition == partition && offset >= r.begin && offset < r.end) {
      return static_cast<int>(m_rowStarts[i] + (offset - r.begin));
    }
  }
  return -1;
}

const MessageListModel::Page* MessageListModel::pageFor(int partition, qint64 offset) const {
  const auto it = m_pages.constFind({partition, pageStartOf(offset)});
  // A page read when the log ended below `offset` (live tail) does not know about it yet.
  if (it == m_pages.constEnd() || offset >= it->end) {
    return nullptr;
  }
  it->lastUse = ++m_useClock;
  return &*it;
}

const MessageRecord* MessageListModel::recordAt(int row) const {
  const Location where = locate(row);
  const Page* page = where.partition < 0 ? nullptr : pageFor(where.partition, where.offset);
  if (page == nullptr) {
    return nullptr;
  }
  const auto it = std::lower_bound(page->records.begin(), page->records.end(), where.offset,
                                   [](const MessageRecord& r, qint64 o) { return r.offset < o; });
  return it != page->records.end() && it->offset == where.offset ? &*it : nullptr;
}

bool MessageListModel::isLoaded(int row) const {
  const Location where = locate(row);
  return where.partition >= 0 && pageFor(where.partition, where.offset) != nullptr;
}

void MessageListModel::want(int partition, qint64 offset) const {
  const PageKey key{partition, pageStartOf(offset)};
  if (m_inFlight.contains(key)) {
    return;
  }
  const auto old = std::find(m_wanted.begin(), m_wanted.end(), key);
  if (old != m_wanted.end()) {
    m_wanted.erase(old);
  }
  m_wanted.push_front(key);
  while (m_wanted.size() > static_cast<size_t>(kWantedMax)) {
    m_wanted.pop_back();  // scrolled past long ago
  }
  if (!m_dispatchQueued) {
    m_dispatchQueued = true;
    // After this paint: by then every visible row has said what it wants.
    QTimer::singleShot(0, const_cast<MessageListModel*>(this), [this] {
      m_dispatchQueued = false;
      dispatch();
    });
  }
}

void MessageListModel::dispatch() const {
  while (m_inFlight.size() < kInFlightMax && !m_wanted.empty()) {
    const PageKey key = m_wanted.front();
    m_wanted.pop_front();
    const auto range = std::find_if(m_ranges.begin(), m_ranges.end(),
                                    [&](const PartitionRange& r) { return r.partition == key.partition; });
    if (range == m_ranges.end()) {
      continue;
    }
    const qint64 start = std::max(key.start, range->begin);
    const qint64 end = std::min(key.start + kPageSize, range->end);
    // Cached and covering the range's current end (live tail may have grown it): nothing to do.
    if (start >= end || pageFor(key.partition, end - 1) != nullptr) {
      continue;
    }
    m_inFlight.insert(key);
    emit const_cast<MessageListModel*>(this)->pageWanted(m_topic, key.partition, start, end);
  }
}

void MessageListModel::addPage(const MessagePage& page) {
  const PageKey key{page.partition, pageStartOf(page.startOffset)};
  m_inFlight.remove(key);
  if (page.topic == m_topic) {
    Page stored;
    stored.records = page.records;
    stored.errorName = page.errorName;
    // A failed read with nothing in it covers its whole range, so the rows show the error
    // instead of asking again on every paint.
    stored.end = page.errorName.isEmpty() || page.records.isEmpty() ? page.endOffset : page.records.last().offset + 1;
    for (const MessageRecord& r : page.records) {
      stored.bytes += r.sizeBytes();
    }
    stored.lastUse = ++m_useClock;
    if (const auto old = m_pages.constFind(key); old != m_pages.constEnd()) {
      m_cachedBytes -= old->bytes;
    }
    m_cachedBytes += stored.bytes;
    m_pages.insert(key, std::move(stored));
    evict();
    const int first = rowOf(page.partition, std::max(page.startOffset, key.start));
    const int last = rowOf(page.partition, std::min(page.endOffset, key.start + kPageSize) - 1);
    if (first >= 0 && last >= first) {
      emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
    }
    if (!page.errorName.isEmpty()) {
      emit pageFailed(page.errorName, page.errorMessage);
    }
  }
  dispatch();
}

void MessageListModel::evict() {
  while ((m_cachedBytes > kCacheBytesMax || m_pages.size() > kCachePagesMax) && m_pages.size() > 1) {
    auto oldest = m_pages.begin();
    for (auto it = m_pages.begin(); it != m_pages.end(); ++it) {
      if (it->lastUse < oldest->lastUse) {
        oldest = it;
      }
    }
    m_cachedBytes -= oldest->bytes;
    m_pages.erase(oldest);
  }
}

int MessageListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(std::min<qint64>(m_rowCount, INT_MAX));
}

int MessageListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant MessageListModel::display(const Location& where, const Page* page, const MessageRecord* record,
                                   int column) const {
  switch (column) {
    case PartitionColumn: return where.partition;
    case OffsetColumn: return where.offset;
    default: break;
  }
  if (page == nullptr) {
    return column == ValueColumn ? tr("loading…") : QVariant();
  }
  if (record == nullptr) {
    if (column != ValueColumn) {
      return {};
    }
    return page->errorName.isEmpty() ? tr("(no record: compacted away or a transaction marker)")
                                     : tr("(not read: %1)").arg(page->errorName);
  }
  switch (column) {
    case TimestampColumn:
      return record->timestampMs < 0
                 ? QVariant()
                 : QDateTime::fromMSecsSinceEpoch(record->timestampMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case KeyColumn: return previewPayload(record->key, kPreviewCharsMax / 4);
    case ValueColumn: return previewPayload(record->value, kPreviewCharsMax);
    case SizeColumn: return QLocale().formattedDataSize(record->sizeBytes());
    default: return {};
  }
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const Location where = locate(index.row());
  switch (role) {
    case PartitionRole: return where.partition;
    case OffsetRole: return where.offset;
    case LoadedRole: return pageFor(where.partition, where.offset) != nullptr;
    case Qt::DisplayRole: {
      const Page* page = pageFor(where.partition, where.offset);
      if (page == nullptr) {
        want(where.partition, where.offset);
      }
      return display(where, page, page ? recordAt(index.row()) : nullptr, index.column());
    }
    case Qt::TextAlignmentRole:
      return index.column() == PartitionColumn || index.column() == OffsetColumn || index.column() == SizeColumn
                 ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter)
                 : QVariant();
    case Qt::ForegroundRole:
      return isLoaded(index.row()) && recordAt(index.row()) != nullptr ? QVariant()
                                                                        : QVariant(QPalette().brush(QPalette::Disabled, QPalette::Text));
    default: return {};
  }
}

QVariant MessageListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case PartitionColumn: return tr("Partition");
    case OffsetColumn: return tr("Offset");
    case TimestampColumn: return tr("Timestamp");
    case KeyColumn: return tr("Key");
    case ValueColumn: return tr("Value");
    case SizeColumn: return tr("Size");
    default: return {};
  }
}

}  // namespace pier
