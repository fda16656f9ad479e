#include "session/admin_call.h"

#include <array>

namespace pier {

namespace {

constexpr int kResultMarginMs = 2000;  // librdkafka answers a timed-out request itself

}  // namespace

KafkaError runAdminCall(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs, bool validateOnly,
                        const std::function<void(rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>& send,
                        const std::function<KafkaError(rd_kafka_event_t*)>& read) {
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, op);
  std::array<char, 256> why{};
  rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, why.data(), why.size());
  if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS || op == RD_KAFKA_ADMIN_OP_DELETETOPICS ||
      op == RD_KAFKA_ADMIN_OP_CREATEPARTITIONS) {
    rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, why.data(), why.size());
  }
  if (validateOnly) {
    rd_kafka_AdminOptions_set_validate_only(options, 1, why.data(), why.size());
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk);
  send(options, queue);
  rd_kafka_event_t* event = rd_kafka_queue_poll(queue, timeoutMs + kResultMarginMs);
  KafkaError result;
  if (event == nullptr) {
    result = kafkaErrorOf(RD_KAFKA_RESP_ERR__TIMED_OUT);
  } else if (rd_kafka_event_error(event) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    result = kafkaErrorOf(rd_kafka_event_error(event), rd_kafka_event_error_string(event));
  } else {
    result = read(event);
  }
  if (event != nullptr) {
    rd_kafka_event_destroy(event);
  }
  rd_kafka_queue_destroy(queue);
  rd_kafka_AdminOptions_destroy(options);
  return result;
}

}  // namespace pier
