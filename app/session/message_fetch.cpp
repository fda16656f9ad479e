#include "session/message_fetch.h"

#include "session/list_offsets.h"

#include <librdkafka/rdkafka.h>

#include <QElapsedTimer>

#include <algorithm>
#include <memory>

namespace pier {

namespace {

std::optional<QByteArray> bytesOf(const void* data, size_t size) {
  if (data == nullptr) {
    return std::nullopt;
  }
  return QByteArray(static_cast<const char*>(data), static_cast<qsizetype>(size));
}

MessageRecord recordOf(const rd_kafka_message_t& m) {
  MessageRecord r;
  r.partition = m.partition;
  r.offset = m.offset;
  rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  r.timestampMs = rd_kafka_message_timestamp(&m, &type);
  r.timestampType = type == RD_KAFKA_TIMESTAMP_CREATE_TIME       ? MessageRecord::TimestampType::CreateTime
                    : type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? MessageRecord::TimestampType::LogAppendTime
                                                                 : MessageRecord::TimestampType::None;
  r.key = bytesOf(m.key, m.key_len);
  r.value = bytesOf(m.payload, m.len);
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      r.headers.append({QString::fromUtf8(name), bytesOf(value, size).value_or(QByteArray())});
    }
  }
  return r;
}

using TopicHandle = std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)>;

}  // namespace

MessagePage readPage(rd_kafka_t* rk, const QString& topic, int partition, qint64 startOffset, qint64 endOffset,
                     int timeoutMs) {
  MessagePage page{topic, partition, startOffset, endOffset, {}, {}, {}};
  TopicHandle rkt(rd_kafka_topic_new(rk, topic.toUtf8().constData(), nullptr), &rd_kafka_topic_destroy);
  if (!rkt || rd_kafka_consume_start(rkt.get(), partition, startOffset) != 0) {
    const KafkaError e = kafkaErrorOf(rd_kafka_last_error());
    page.errorName = e.name;
    page.errorMessage = e.message;
    return page;
  }
  // One message per call: a batch call would wait for a full batch (or its timeout) even after
  // the partition's end or the page's last offset has arrived.
  QElapsedTimer timer;
  timer.start();
  for (bool done = false; !done;) {
    const qint64 leftMs = timeoutMs - timer.elapsed();
    rd_kafka_message_t* m = leftMs > 0 ? rd_kafka_consume(rkt.get(), partition, static_cast<int>(leftMs)) : nullptr;
    if (m == nullptr) {
      const KafkaError e = kafkaErrorOf(RD_KAFKA_RESP_ERR__TIMED_OUT);
      page.errorName = e.name;
      page.errorMessage = e.message;
      break;
    }
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      done = true;
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      const KafkaError e = kafkaErrorOf(m->err);
      page.errorName = e.name;
      page.errorMessage = e.message;
      done = true;
    } else if (m->offset >= endOffset) {
      done = true;
    } else if (m->offset >= startOffset) {
      page.records.append(recordOf(*m));
      done = m->offset + 1 >= endOffset;
    }
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consume_stop(rkt.get(), partition);
  return page;
}

QMap<int, qint64> readHighWatermarks(rd_kafka_t* rk, const QString& topic, const QList<int>& partitions,
                                     int timeoutMs) {
  QList<TopicPartitionKey> keys;
  for (int p : partitions) {
    keys.append({topic, p});
  }
  QMap<int, qint64> out;
  const auto ends = listOffsets(rk, keys, kLatestOffset, timeoutMs);
  for (auto it = ends.begin(); it != ends.end(); ++it) {
    out.insert(it.key().second, it.value());
  }
  return out;
}

RangesResult resolveRanges(rd_kafka_t* rk, const QString& topic, const QList<int>& partitions, BrowseStart start,
                           qint64 value, int timeoutMs) {
  RangesResult result;
  QList<TopicPartitionKey> keys;
  for (int p : partitions) {
    keys.append({topic, p});
  }
  const auto lows = listOffsets(rk, keys, kEarliestOffset, timeoutMs, &result.error);
  const auto highs = listOffsets(rk, keys, kLatestOffset, timeoutMs, &result.error);
  const auto fromTime = start == BrowseStart::Timestamp ? listOffsets(rk, keys, value, timeoutMs, &result.error)
                                                        : QHash<TopicPartitionKey, qint64>();
  for (const TopicPartitionKey& key : keys) {
    if (!lows.contains(key) || !highs.contains(key)) {
      if (result.error.name.isEmpty()) {
        result.error = {QStringLiteral("_PARTITION"), QStringLiteral("no offsets for partition %1").arg(key.second)};
      }
      continue;
    }
    const qint64 low = lows.value(key);
    const qint64 high = highs.value(key);
    qint64 begin = low;
    switch (start) {
      case BrowseStart::Earliest: break;
      case BrowseStart::Latest: begin = high; break;
      case BrowseStart::Offset: begin = std::clamp<qint64>(value, low, high); break;
      case BrowseStart::NewestN: begin = std::max<qint64>(low, high - std::max<qint64>(0, value)); break;
      case BrowseStart::Timestamp: {
        // -1 or no answer: no record at or after the time; that partition starts at its end.
        const qint64 found = fromTime.value(key, -1);
        begin = found < 0 ? high : std::clamp<qint64>(found, low, high);
        break;
      }
    }
    result.ranges.append({key.second, begin, high});
  }
  return result;
}

}  // namespace pier
