#pragma once
// Topic administration through librdkafka's Admin API: CreateTopics, DeleteTopics and
// CreatePartitions, one topic per call, each waiting for the broker's answer. The result is the
// broker's error (name and message), empty on success.
//
// Thread: the session worker's. Each call blocks for up to `timeoutMs` plus librdkafka's margin.

#include "session/snapshot_reader.h"

#include <QList>
#include <QPair>
#include <QString>

struct rd_kafka_s;

namespace pier {

struct NewTopic {
  QString name;
  int partitions = 1;
  int replicationFactor = 1;
  QList<QPair<QString, QString>> configs;  // only the keys the user set; the rest are defaults
  bool validateOnly = false;
};

KafkaError createTopic(rd_kafka_s* rk, const NewTopic& topic, int timeoutMs);
KafkaError deleteTopic(rd_kafka_s* rk, const QString& name, int timeoutMs);
// Grows `name` to `totalCount` partitions (Kafka cannot shrink a topic).
KafkaError createPartitions(rd_kafka_s* rk, const QString& name, int totalCount, int timeoutMs);

}  // namespace pier
