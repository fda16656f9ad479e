#include "session/admin_requests.h"

#include "session/admin_call.h"

#include <librdkafka/rdkafka.h>

#include <array>

namespace pier {

namespace {

// Each topic result of an admin answer carries the broker's error for that topic.
KafkaError firstTopicError(const rd_kafka_topic_result_t** results, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (KafkaError e = kafkaErrorOf(rd_kafka_topic_result_error(results[i]), rd_kafka_topic_result_error_string(results[i]));
        !e.name.isEmpty()) {
      return e;
    }
  }
  return {};
}

KafkaError localError(const char* why) { return {QStringLiteral("_INVALID_ARG"), QString::fromUtf8(why)}; }

}  // namespace

KafkaError createTopic(rd_kafka_t* rk, const NewTopic& topic, int timeoutMs) {
  std::array<char, 512> why{};
  rd_kafka_NewTopic_t* newTopic = rd_kafka_NewTopic_new(topic.name.toUtf8().constData(), topic.partitions,
                                                        topic.replicationFactor, why.data(), why.size());
  if (newTopic == nullptr) {
    return localError(why.data());
  }
  for (const auto& [key, value] : topic.configs) {
    rd_kafka_NewTopic_set_config(newTopic, key.toUtf8().constData(), value.toUtf8().constData());
  }
  KafkaError result = runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, timeoutMs, topic.validateOnly,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_CreateTopics(rk, &newTopic, 1, options, queue);
      },
      [](rd_kafka_event_t* event) {
        size_t count = 0;
        const auto** results = rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(event), &count);
        return firstTopicError(results, count);
      });
  rd_kafka_NewTopic_destroy(newTopic);
  return result;
}

KafkaError deleteTopic(rd_kafka_t* rk, const QString& name, int timeoutMs) {
  rd_kafka_DeleteTopic_t* deleted = rd_kafka_DeleteTopic_new(name.toUtf8().constData());
  KafkaError result = runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_DELETETOPICS, timeoutMs, false,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_DeleteTopics(rk, &deleted, 1, options, queue);
      },
      [](rd_kafka_event_t* event) {
        size_t count = 0;
        const auto** results = rd_kafka_DeleteTopics_result_topics(rd_kafka_event_DeleteTopics_result(event), &count);
        return firstTopicError(results, count);
      });
  rd_kafka_DeleteTopic_destroy(deleted);
  return result;
}

KafkaError createPartitions(rd_kafka_t* rk, const QString& name, int totalCount, int timeoutMs) {
  std::array<char, 512> why{};
  rd_kafka_NewPartitions_t* grown =
      rd_kafka_NewPartitions_new(name.toUtf8().constData(), static_cast<size_t>(totalCount), why.data(), why.size());
  if (grown == nullptr) {
    return localError(why.data());
  }
  KafkaError result = runAdminCall(
      rk, RD_KAFKA_ADMIN_OP_CREATEPARTITIONS, timeoutMs, false,
      [&](rd_kafka_AdminOptions_t* options, rd_kafka_queue_t* queue) {
        rd_kafka_CreatePartitions(rk, &grown, 1, options, queue);
      },
      [](rd_kafka_event_t* event) {
        size_t count = 0;
        const auto** results =
            rd_kafka_CreatePartitions_result_topics(rd_kafka_event_CreatePartitions_result(event), &count);
        return firstTopicError(results, count);
      });
  rd_kafka_NewPartitions_destroy(grown);
  return result;
}

}  // namespace pier
