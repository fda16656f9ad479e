#pragma once
// produceMessages: sends one message `repeat` times through a librdkafka producer and waits for
// every delivery report, so the caller learns where each landed (partition and offset ranges) or
// the first broker error by name.
//
// Thread: the session worker's. Blocks until every message is delivered or failed (bounded by
// librdkafka's message.timeout.ms, which the session sets).

#include "session/snapshot_reader.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QPair>
#include <QString>

#include <optional>

struct rd_kafka_s;
struct rd_kafka_message_s;

namespace pier {

struct ProduceRequest {
  QString topic;
  int partition = -1;  // -1: the partitioner chooses (by key when there is one)
  std::optional<QByteArray> key;    // nullopt: a null key
  std::optional<QByteArray> value;  // nullopt: a null value (a tombstone on compacted topics)
  QList<QPair<QString, QByteArray>> headers;
  int repeat = 1;
};

struct ProduceResult {
  KafkaError error;  // the first failure; empty name when every message was delivered
  int delivered = 0;
  QMap<int, QPair<qint64, qint64>> offsets;  // partition -> first and last offset written
};

ProduceResult produceMessages(rd_kafka_s* producer, const ProduceRequest& request, int timeoutMs);

// The producer handle's delivery-report callback (KafkaHandle installs it): records each
// delivery in the produceMessages call that sent the message.
void onDeliveryReport(rd_kafka_s* rk, const rd_kafka_message_s* message, void* opaque);

}  // namespace pier

Q_DECLARE_METATYPE(pier::ProduceResult)
