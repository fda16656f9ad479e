#include "session/list_offsets.h"

#include <librdkafka/rdkafka.h>

#include <memory>

namespace pier {

QHash<TopicPartitionKey, qint64> listOffsets(rd_kafka_t* rk, const QList<TopicPartitionKey>& partitions, qint64 which,
                                             int timeoutMs, KafkaError* error) {
  QHash<TopicPartitionKey, qint64> out;
  if (partitions.isEmpty()) {
    return out;
  }
  std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)> list(
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())), &rd_kafka_topic_partition_list_destroy);
  for (const auto& [topic, partition] : partitions) {
    rd_kafka_topic_partition_list_add(list.get(), topic.toUtf8().constData(), partition)->offset = which;
  }
  if (const auto err = rd_kafka_offsets_for_times(rk, list.get(), timeoutMs); err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (error != nullptr) {
      *error = kafkaErrorOf(err);
    }
    return out;
  }
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    if (tp.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      out.insert({QString::fromUtf8(tp.topic), tp.partition}, tp.offset);
    }
  }
  return out;
}

}  // namespace pier
