#pragma once
// KafkaError: a failed librdkafka call as the console shows it — the error's name as librdkafka
// spells it (a Kafka error such as TOPIC_ALREADY_EXISTS, or a local one such as _TRANSPORT) and
// its message. An empty name means success.

#include <QMetaType>
#include <QString>

namespace pier {

struct KafkaError {
  QString name;
  QString message;
};

// The error for librdkafka's code `err` (an rd_kafka_resp_err_t; none for 0), with `message`
// when the broker sent one.
KafkaError kafkaErrorOf(int err, const char* message = nullptr);

}  // namespace pier

Q_DECLARE_METATYPE(pier::KafkaError)
