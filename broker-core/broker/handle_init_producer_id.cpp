// InitProducerId for idempotent producers: a producer id never handed out before, epoch 0; a
// producer that names its current id and epoch (v3+, KIP-360) gets the same id with the epoch
// bumped. Transactional ids need a transaction coordinator, which this broker does not have
// yet: they get INVALID_REQUEST with that reason in the log.

#include "base/log.h"
#include "broker/error_mapping.h"
#include "broker/kafka_apis.h"
#include "protocol/kafka/generated/init_producer_id_request.h"
#include "protocol/kafka/generated/init_producer_id_response.h"

namespace pier::broker {

using namespace protocol::kafka;

Status KafkaApis::onInitProducerId(const RequestEnvelope& req, Reply& reply) {
  PIER_ASSIGN_OR_RETURN(InitProducerIdRequest body, decodeRequestBody<InitProducerIdRequest>(req.body, req.apiVersion()));
  InitProducerIdResponse resp;
  if (body.transactionalId) {
    PIER_LOG_INFO("transactional producer refused: no transaction coordinator yet",
                  {"transactionalId", *body.transactionalId});
    resp.errorCode = kafka_error::kInvalidRequest;
  } else if (body.producerId.value() >= 0 && body.producerEpoch >= 0) {
    resp.producerId = body.producerId;
    resp.producerEpoch = static_cast<int16_t>(body.producerEpoch == INT16_MAX ? 0 : body.producerEpoch + 1);
  } else {
    auto id = m_topics.nextProducerId();
    if (!id) {
      resp.errorCode = kafkaErrorCode(id.status());
    } else {
      resp.producerId = ProducerId(*id);
      resp.producerEpoch = 0;
    }
  }
  return respond(req, reply, resp);
}

}  // namespace pier::broker
