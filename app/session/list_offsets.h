#pragma once
// listOffsets: one batched ListOffsets round through librdkafka (rd_kafka_offsets_for_times, one
// request per leader) for many partitions at once: `which` is a timestamp in ms, or
// kEarliest/kLatest. The answer maps each partition that answered to its offset (-1 from a
// timestamp lookup: no record at or after that time).
//
// Thread: the caller's worker thread; blocks up to `timeoutMs`.

#include "session/snapshot_reader.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>

struct rd_kafka_s;

namespace pier {

using TopicPartitionKey = QPair<QString, int>;

inline constexpr qint64 kEarliestOffset = -2;  // Kafka's ListOffsets EARLIEST_TIMESTAMP
inline constexpr qint64 kLatestOffset = -1;    // LATEST_TIMESTAMP: the high watermark

// `error` (optional) receives a failure of the whole round; per-partition failures are absent keys.
QHash<TopicPartitionKey, qint64> listOffsets(rd_kafka_s* rk, const QList<TopicPartitionKey>& partitions, qint64 which,
                                             int timeoutMs, KafkaError* error = nullptr);

}  // namespace pier
