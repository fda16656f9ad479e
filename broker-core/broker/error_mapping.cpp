#include "broker/error_mapping.h"

#include "broker/broker_error.h"
#include "broker/producer_state.h"
#include "protocol/records/record_error.h"
#include "runtime/runtime_error.h"
#include "storage/storage_error.h"

namespace pier::broker {
namespace {

int16_t fromRecordError(protocol::RecordError e) {
  using protocol::RecordError;
  switch (e) {
    case RecordError::UnsupportedCompression: return kafka_error::kUnsupportedCompressionType;
    case RecordError::InvalidRecord: return kafka_error::kInvalidRecord;
    case RecordError::DecompressedTooLarge: return kafka_error::kMessageTooLarge;
    case RecordError::InvalidTimestamp: return kafka_error::kInvalidTimestamp;
    default: return kafka_error::kCorruptMessage;
  }
}

int16_t fromStorageError(storage::StorageError e) {
  using storage::StorageError;
  switch (e) {
    case StorageError::OffsetOutOfRange: return kafka_error::kOffsetOutOfRange;
    case StorageError::RecordTooLarge: return kafka_error::kMessageTooLarge;
    case StorageError::InvalidOffset: return kafka_error::kInvalidRecord;
    case StorageError::CorruptLog: return kafka_error::kCorruptMessage;
    default: return kafka_error::kKafkaStorageError;
  }
}

}  // namespace

int16_t kafkaErrorCode(const Status& status) {
  if (status.isOk()) return kafka_error::kNone;
  if (status.inDomain<protocol::RecordError>()) return fromRecordError(static_cast<protocol::RecordError>(status.code()));
  if (status.inDomain<storage::StorageError>()) return fromStorageError(static_cast<storage::StorageError>(status.code()));
  if (status.is(BrokerError::InvalidTopic)) return kafka_error::kInvalidTopic;
  if (status.is(ProducerError::OutOfOrderSequence)) return kafka_error::kOutOfOrderSequenceNumber;
  if (status.is(ProducerError::InvalidProducerEpoch)) return kafka_error::kInvalidProducerEpoch;
  if (status.inDomain<RuntimeError>()) return kafka_error::kKafkaStorageError;
  return kafka_error::kUnknownServerError;
}

}  // namespace pier::broker
