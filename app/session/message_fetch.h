#pragma once
// The message browser's reads through librdkafka's simple consumer (no consumer group, nothing
// committed): a page of records from one partition, the ranges a browse starts with (earliest,
// latest, an offset, a timestamp, the newest N), and the current high watermarks.
//
// Thread: the message reader's. Every call blocks for up to `timeoutMs`.

#include "session/message_record.h"
#include "session/snapshot_reader.h"

#include <QList>
#include <QMap>
#include <QString>

struct rd_kafka_s;

namespace pier {

enum class BrowseStart { Earliest, Latest, Offset, Timestamp, NewestN };

struct RangesResult {
  QList<PartitionRange> ranges;  // one per requested partition that answered, by partition
  KafkaError error;              // the first failure, if any
};

// Records of [startOffset, endOffset) in `partition` (fewer when the log has gaps or ends early).
MessagePage readPage(rd_kafka_s* rk, const QString& topic, int partition, qint64 startOffset, qint64 endOffset,
                     int timeoutMs);

// Where a browse of `partitions` begins and ends: `value` is the offset (Offset), the time in ms
// since the epoch (Timestamp) or the count (NewestN). The end is each partition's high watermark.
RangesResult resolveRanges(rd_kafka_s* rk, const QString& topic, const QList<int>& partitions, BrowseStart start,
                           qint64 value, int timeoutMs);

// The high watermark of each of `partitions` that answered.
QMap<int, qint64> readHighWatermarks(rd_kafka_s* rk, const QString& topic, const QList<int>& partitions,
                                     int timeoutMs);

}  // namespace pier
