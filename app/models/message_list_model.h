#pragma once
// MessageListModel: the message browser's rows. A browse is a list of partition ranges
// [begin, end); row r is (partition, offset) by arithmetic over those ranges, so ten million rows
// cost a few bytes per partition. Records are fetched in pages of kPageSize offsets only when a
// view asks for a row's data, kept in an LRU cache bounded in bytes, and decoded to display text
// only for the cells being painted. Offsets without a record (compacted away, transaction
// markers) show as gaps.
//
// Page requests leave as pageWanted() signals — newest first, at most kInFlightMax at a time, so
// rows scrolled past are not fetched — and come back through addPage(). Live tail: extendTo()
// appends the rows between the old and the new high watermark.
//
// Thread: GUI thread.

#include "session/message_record.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>

#include <deque>

namespace pier {

class MessageListModel : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { PartitionColumn, OffsetColumn, TimestampColumn, KeyColumn, ValueColumn, SizeColumn, ColumnCount };
  enum Role { PartitionRole = Qt::UserRole, OffsetRole, LoadedRole };

  static constexpr qint64 kPageSize = 100;  // offsets per page
  static constexpr qint64 kCacheBytesMax = 64LL * 1024 * 1024;
  static constexpr int kCachePagesMax = 4000;
  static constexpr int kInFlightMax = 2;
  static constexpr int kWantedMax = 16;
  static constexpr int kPreviewCharsMax = 160;

  explicit MessageListModel(QObject* parent = nullptr);

  // Starts a browse: the rows of `ranges` (sorted by partition, one per partition; each with
  // begin <= end). The page cache starts empty.
  void setBrowse(const QString& topic, const QList<PartitionRange>& ranges);
  QString topic() const { return m_topic; }
  const QList<PartitionRange>& ranges() const { return m_ranges; }
  // Grows each partition's range to its new high watermark (rows inserted, never removed).
  void extendTo(const QMap<int, qint64>& highWatermarks);

  struct Location {
    int partition = -1;
    qint64 offset = -1;
  };
  Location locate(int row) const;
  int rowOf(int partition, qint64 offset) const;  // -1 when outside the browse
  // The record at `row`, or nullptr while its page is not loaded or when the offset is a gap.
  const MessageRecord* recordAt(int row) const;
  bool isLoaded(int row) const;

  void addPage(const MessagePage& page);

  qint64 cachedBytes() const { return m_cachedBytes; }
  int cachedPages() const { return static_cast<int>(m_pages.size()); }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 signals:
  void pageWanted(const QString& topic, int partition, qint64 startOffset, qint64 endOffset);
  // A page came back with an error (name as librdkafka spells it); its rows show the error.
  void pageFailed(const QString& errorName, const QString& message);

 private:
  struct PageKey {
    int partition;
    qint64 start;
    friend bool operator==(const PageKey&, const PageKey&) = default;
    friend size_t qHash(const PageKey& k, size_t seed = 0) { return qHashMulti(seed, k.partition, k.start); }
  };
  struct Page {
    QList<MessageRecord> records;  // sorted by offset
    qint64 end = 0;                // the page holds everything of [start, end) that exists
    qint64 bytes = 0;
    QString errorName;
    mutable quint64 lastUse = 0;
  };

  const Page* pageFor(int partition, qint64 offset) const;  // a usable cached page, or null
  void want(int partition, qint64 offset) const;
  void dispatch() const;
  void evict();
  void rebuildRowStarts();
  QVariant display(const Location& where, const Page* page, const MessageRecord* record, int column) const;

  QString m_topic;
  QList<PartitionRange> m_ranges;
  QList<qint64> m_rowStarts;  // first row of each range
  qint64 m_rowCount = 0;

  QHash<PageKey, Page> m_pages;
  qint64 m_cachedBytes = 0;
  mutable quint64 m_useClock = 0;
  mutable std::deque<PageKey> m_wanted;  // newest first
  mutable QSet<PageKey> m_inFlight;
  mutable bool m_dispatchQueued = false;
};

}  // namespace pier
