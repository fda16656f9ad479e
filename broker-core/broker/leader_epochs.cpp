#include "broker/leader_epochs.h"

#include <fmt/format.h>

#include "broker/broker_error.h"
#include "storage/storage_error.h"

namespace pier::broker {

LeaderEpoch currentLeaderEpoch(const storage::PartitionLog& log) {
  return log.latestLeaderEpoch();
}

std::optional<LeaderEpoch> expectedEpoch(int32_t epoch) {
  if (epoch == -1) return std::nullopt;
  return LeaderEpoch(epoch);
}

std::optional<LeaderEpoch> expectedFetchEpoch(int32_t epoch) {
  if (epoch < 0) return std::nullopt;
  return LeaderEpoch(epoch);
}

Status checkCurrentLeaderEpoch(const storage::PartitionLog& log, std::optional<LeaderEpoch> expected) {
  if (!expected) return Status::ok();
  const LeaderEpoch current = currentLeaderEpoch(log);
  if (*expected == current) return Status::ok();
  const bool fenced = *expected < current;
  return Status(fenced ? BrokerError::FencedLeaderEpoch : BrokerError::UnknownLeaderEpoch,
                fmt::format("{}-{}: the request expects leader epoch {}, the current epoch is {}",
                            log.topicPartition().topic, log.topicPartition().partition.value(), expected->value(),
                            current.value()));
}

std::optional<EpochEnd> endOffsetForEpoch(const storage::PartitionLog& log, LeaderEpoch requested) {
  // The current epoch ends at the log end offset even before an append recorded it (see the
  // header): an empty cache has no entry to say so.
  if (requested == currentLeaderEpoch(log)) return EpochEnd{requested, log.logEndOffset()};
  auto found = log.leaderEpochs().endOffsetFor(requested, log.logEndOffset());
  if (!found) return std::nullopt;
  return EpochEnd{found->first, found->second};
}

std::optional<LeaderEpoch> epochOfOffset(const storage::PartitionLog& log, Offset offset) {
  if (offset >= log.logEndOffset()) return currentLeaderEpoch(log);
  return log.leaderEpochs().epochForOffset(offset);
}

Result<std::optional<EpochEnd>> divergingEpoch(const storage::PartitionLog& log, LeaderEpoch lastFetched,
                                               Offset fetchOffset) {
  const std::optional<EpochEnd> end = endOffsetForEpoch(log, lastFetched);
  if (!end) {
    return Status(storage::StorageError::OffsetOutOfRange,
                  fmt::format("the end offset of the last fetched epoch {} is unknown", lastFetched.value()));
  }
  // Below the log start offset nothing can be read, diverging or not (KAFKA-12689).
  if (fetchOffset < log.logStartOffset()) {
    return Status(storage::StorageError::OffsetOutOfRange,
                  fmt::format("fetch offset {} is below the log start offset {}", fetchOffset.value(),
                              log.logStartOffset().value()));
  }
  if (end->epoch < lastFetched || end->endOffset < fetchOffset) return std::optional<EpochEnd>(*end);
  return std::optional<EpochEnd>();
}

}  // namespace pier::broker
