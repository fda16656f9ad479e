#include "broker/error_mapping.h"

#include "broker/broker_error.h"
#include "storage/producer_state.h"
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

int16_t kafkaErrorCode(group::GroupError e) {
  using group::GroupError;
  switch (e) {
    case GroupError::None: return kafka_error::kNone;
    case GroupError::InvalidGroupId: return kafka_error::kInvalidGroupId;
    case GroupError::UnknownMemberId: return kafka_error::kUnknownMemberId;
    case GroupError::IllegalGeneration: return kafka_error::kIllegalGeneration;
    case GroupError::RebalanceInProgress: return kafka_error::kRebalanceInProgress;
    case GroupError::InconsistentGroupProtocol: return kafka_error::kInconsistentGroupProtocol;
    case GroupError::InvalidSessionTimeout: return kafka_error::kInvalidSessionTimeout;
    case GroupError::MemberIdRequired: return kafka_error::kMemberIdRequired;
    case GroupError::GroupMaxSizeReached: return kafka_error::kGroupMaxSizeReached;
    case GroupError::FencedInstanceId: return kafka_error::kFencedInstanceId;
    case GroupError::CoordinatorNotAvailable: return kafka_error::kCoordinatorNotAvailable;
    case GroupError::NonEmptyGroup: return kafka_error::kNonEmptyGroup;
    case GroupError::GroupIdNotFound: return kafka_error::kGroupIdNotFound;
    case GroupError::GroupSubscribedToTopic: return kafka_error::kGroupSubscribedToTopic;
    case GroupError::OffsetMetadataTooLarge: return kafka_error::kOffsetMetadataTooLarge;
  }
  return kafka_error::kUnknownServerError;
}

int16_t kafkaGroupErrorCode(const Status& status) {
  if (status.isOk()) return kafka_error::kNone;
  if (status.inDomain<group::GroupError>()) return kafkaErrorCode(static_cast<group::GroupError>(status.code()));
  if (status.is(storage::StorageError::RecordTooLarge)) return kafka_error::kInvalidCommitOffsetSize;
  if (status.inDomain<storage::StorageError>()) return kafka_error::kNotCoordinator;
  return kafka_error::kCoordinatorNotAvailable;
}

int16_t kafkaErrorCode(const Status& status) {
  if (status.isOk()) return kafka_error::kNone;
  if (status.inDomain<protocol::RecordError>()) return fromRecordError(static_cast<protocol::RecordError>(status.code()));
  if (status.inDomain<storage::StorageError>()) return fromStorageError(static_cast<storage::StorageError>(status.code()));
  if (status.inDomain<group::GroupError>()) return kafkaErrorCode(static_cast<group::GroupError>(status.code()));
  if (status.is(BrokerError::InvalidTopic)) return kafka_error::kInvalidTopic;
  if (status.is(BrokerError::InvalidConfig)) return kafka_error::kInvalidConfig;
  if (status.is(BrokerError::NotDynamic)) return kafka_error::kInvalidRequest;
  if (status.is(BrokerError::FencedLeaderEpoch)) return kafka_error::kFencedLeaderEpoch;
  if (status.is(BrokerError::UnknownLeaderEpoch)) return kafka_error::kUnknownLeaderEpoch;
  if (status.is(BrokerError::NotEnoughReplicas)) return kafka_error::kNotEnoughReplicas;
  if (status.is(storage::ProducerError::OutOfOrderSequence)) return kafka_error::kOutOfOrderSequenceNumber;
  if (status.is(storage::ProducerError::InvalidProducerEpoch)) return kafka_error::kInvalidProducerEpoch;
  if (status.inDomain<RuntimeError>()) return kafka_error::kKafkaStorageError;
  return kafka_error::kUnknownServerError;
}

}  // namespace pier::broker
