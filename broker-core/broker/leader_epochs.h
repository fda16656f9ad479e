#pragma once
// The leader epochs this broker answers with, in one place: the epoch it leads a partition in
// (Metadata, Produce, Fetch, ListOffsets and OffsetForLeaderEpoch all ask currentLeaderEpoch),
// the KIP-320 check of the epoch a request expects, the end offset of an epoch and the
// divergence check of a fetcher's last fetched epoch.
//
// This broker leads every partition it has, so a partition's current leader epoch is the latest
// epoch its LeaderEpochCache holds (a log written under Apache Kafka may bring several), or 0
// while the cache is empty. Kafka's leader writes its epoch into the cache when it becomes leader
// (Partition.makeLeader assigns it at the log end offset), before any append; here the first
// append records it. So the answers below read the cache as if the current epoch were in it from
// the log end offset on: OffsetForLeaderEpoch for the current epoch is the log end offset even on
// an empty log, and the log end offset belongs to the current epoch, as Kafka's leader answers.
//
// Free functions over a PartitionLog; called on the broker's loop.

#include <cstdint>
#include <optional>

#include "base/ids.h"
#include "base/result.h"
#include "storage/partition_log.h"

namespace pier::broker {

// An epoch and the offset where it ends (the next epoch's start offset, or the log end offset).
struct EpochEnd {
  LeaderEpoch epoch{0};
  Offset endOffset{0};
  friend bool operator==(const EpochEnd&, const EpochEnd&) = default;
};

// The epoch this broker leads `log`'s partition in.
LeaderEpoch currentLeaderEpoch(const storage::PartitionLog& log);

// The epoch a request expects the leader to be in; std::nullopt: no check. Kafka reads -1
// (NO_PARTITION_LEADER_EPOCH) so in ListOffsets and OffsetForLeaderEpoch, and every negative
// value in Fetch (FetchRequest.optionalEpoch, for CurrentLeaderEpoch and LastFetchedEpoch).
std::optional<LeaderEpoch> expectedEpoch(int32_t epoch);
std::optional<LeaderEpoch> expectedFetchEpoch(int32_t epoch);

// Kafka's Partition.checkCurrentLeaderEpoch: ok when `expected` is absent or the current epoch;
// FencedLeaderEpoch when it is older (the client's metadata is stale), UnknownLeaderEpoch when
// it is newer (this broker has not heard of that epoch).
Status checkCurrentLeaderEpoch(const storage::PartitionLog& log, std::optional<LeaderEpoch> expected);

// Kafka's UnifiedLog.endOffsetForEpoch: the largest epoch <= `requested` and where the epoch
// after it starts (the log end offset for the current epoch); for an epoch older than every
// recorded one, `requested` and the first recorded start offset. std::nullopt (Kafka's
// UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET) for a negative epoch or one newer than the current.
std::optional<EpochEnd> endOffsetForEpoch(const storage::PartitionLog& log, LeaderEpoch requested);

// The epoch `offset` was written in (the current epoch from the log end offset on), when known.
std::optional<LeaderEpoch> epochOfOffset(const storage::PartitionLog& log, Offset offset);

// Fetch v12+ (Kafka's Partition.readRecords): where the log of a fetcher whose last fetched
// batch had epoch `lastFetched` diverges from this one, std::nullopt when it does not (the read
// goes on at fetchOffset). OffsetOutOfRange when that epoch's end is unknown (newer than the
// current epoch) or fetchOffset is below the log start offset.
Result<std::optional<EpochEnd>> divergingEpoch(const storage::PartitionLog& log, LeaderEpoch lastFetched,
                                               Offset fetchOffset);

}  // namespace pier::broker
