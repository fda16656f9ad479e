#include "session/kafka_error.h"

#include <librdkafka/rdkafka.h>

namespace pier {

KafkaError kafkaErrorOf(int err, const char* message) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {};
  }
  const auto code = static_cast<rd_kafka_resp_err_t>(err);
  return {QString::fromUtf8(rd_kafka_err2name(code)),
          QString::fromUtf8(message != nullptr && *message != '\0' ? message : rd_kafka_err2str(code))};
}

}  // namespace pier
