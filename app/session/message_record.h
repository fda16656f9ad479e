#pragma once
// What the message browser knows of one record: where it is, its timestamp, key, value and
// headers. Null keys and values are kept apart from empty ones.
//
// Thread: built on the message reader's thread, then only read.

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <optional>

namespace pier {

struct MessageRecord {
  enum class TimestampType { None, CreateTime, LogAppendTime };

  int partition = -1;
  qint64 offset = -1;
  qint64 timestampMs = -1;
  TimestampType timestampType = TimestampType::None;
  std::optional<QByteArray> key;
  std::optional<QByteArray> value;
  QList<QPair<QString, QByteArray>> headers;

  qint64 sizeBytes() const {
    qint64 n = (key ? key->size() : 0) + (value ? value->size() : 0);
    for (const auto& h : headers) {
      n += h.first.size() + h.second.size();
    }
    return n;
  }
};

// The offsets the browser shows of one partition: [begin, end).
struct PartitionRange {
  int partition = -1;
  qint64 begin = 0;
  qint64 end = 0;

  qint64 count() const { return end > begin ? end - begin : 0; }
  friend bool operator==(const PartitionRange&, const PartitionRange&) = default;
};

// A page of records read from one partition, starting at `startOffset`; offsets without a record
// (compacted away, transaction markers) are simply absent from `records`.
struct MessagePage {
  QString topic;
  int partition = -1;
  qint64 startOffset = 0;
  qint64 endOffset = 0;  // exclusive: the page covers [startOffset, endOffset)
  QList<MessageRecord> records;
  QString errorName;  // empty when the read went well
  QString errorMessage;
};

}  // namespace pier

Q_DECLARE_METATYPE(pier::MessagePage)
Q_DECLARE_METATYPE(pier::PartitionRange)
