#include "session/message_producer.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>

namespace pier {

namespace {

// What the delivery-report callback writes into; one per produceMessages call, passed as the
// per-message opaque so concurrent users of the handle cannot mix their reports.
struct Deliveries {
  ProduceResult result;
  int outstanding = 0;
};

}  // namespace

// Installed on the producer's configuration by the session (see KafkaHandle::createProducer).
void onDeliveryReport(rd_kafka_t* /*rk*/, const rd_kafka_message_t* message, void* /*opaque*/) {
  auto* deliveries = static_cast<Deliveries*>(message->_private);
  if (deliveries == nullptr) {
    return;
  }
  --deliveries->outstanding;
  ProduceResult& r = deliveries->result;
  if (message->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    if (r.error.name.isEmpty()) {
      r.error = kafkaErrorOf(message->err);
    }
    return;
  }
  ++r.delivered;
  auto it = r.offsets.find(message->partition);
  if (it == r.offsets.end()) {
    r.offsets.insert(message->partition, {message->offset, message->offset});
  } else {
    it->first = std::min<qint64>(it->first, message->offset);
    it->second = std::max<qint64>(it->second, message->offset);
  }
}

ProduceResult produceMessages(rd_kafka_t* producer, const ProduceRequest& request, int timeoutMs) {
  Deliveries deliveries;
  const QByteArray topic = request.topic.toUtf8();
  const char* key = request.key ? request.key->constData() : nullptr;
  const size_t keyBytes = request.key ? static_cast<size_t>(request.key->size()) : 0;
  // librdkafka's value argument is not const; with RD_KAFKA_MSG_F_COPY it only reads it.
  char* value = request.value ? const_cast<char*>(request.value->constData()) : nullptr;
  const size_t valueBytes = request.value ? static_cast<size_t>(request.value->size()) : 0;
  QList<QByteArray> headerNames;
  for (const auto& header : request.headers) {
    headerNames.append(header.first.toUtf8());
  }
  for (int i = 0; i < request.repeat; ++i) {
    rd_kafka_headers_t* headers = rd_kafka_headers_new(static_cast<size_t>(request.headers.size()));
    for (qsizetype h = 0; h < request.headers.size(); ++h) {
      const QByteArray& headerValue = request.headers[h].second;
      rd_kafka_header_add(headers, headerNames[h].constData(), -1, headerValue.constData(), headerValue.size());
    }
    rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
    do {
      // The producer copies key and value; headers are owned by librdkafka once accepted.
      err = rd_kafka_producev(
          producer, RD_KAFKA_V_TOPIC(topic.constData()), RD_KAFKA_V_PARTITION(request.partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_KEY(key, keyBytes), RD_KAFKA_V_VALUE(value, valueBytes),
          RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(&deliveries), RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(producer, 100);  // serve delivery reports to make room
      }
    } while (err == RD_KAFKA_RESP_ERR__QUEUE_FULL);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_headers_destroy(headers);
      deliveries.result.error = kafkaErrorOf(err);
      break;
    }
    ++deliveries.outstanding;
  }
  rd_kafka_flush(producer, timeoutMs);
  while (deliveries.outstanding > 0 && rd_kafka_poll(producer, 100) >= 0) {
    // flush timed out: serve what is left (librdkafka fails each message by message.timeout.ms)
    if (rd_kafka_outq_len(producer) == 0) {
      break;
    }
  }
  if (deliveries.outstanding > 0 && deliveries.result.error.name.isEmpty()) {
    deliveries.result.error = kafkaErrorOf(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
  }
  return deliveries.result;
}

}  // namespace pier
