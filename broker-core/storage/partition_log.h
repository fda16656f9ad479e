#pragma once
// PartitionLog: one partition's log in its <topic>-<partition> folder: an ordered run of
// LogSegments, the log start offset, the log end offset and the recovery point (Kafka's
// UnifiedLog + LocalLog + LogLoader for a local log).
//
// Offsets: a leader append gives every batch the next offsets and the leader epoch (and, for
// message.timestamp.type=LogAppendTime, the append time); a follower append keeps the leader's
// offsets and only checks they follow the log end offset. Appends roll the active segment first
// when Kafka would (LogSegment::shouldRoll).
//
// Producer state: every batch appended with a producer id is recorded in producers() (the
// idempotent producer's sequences and epochs, producer_state.h). A snapshot of it is written at
// every roll (at the new segment's base offset) and at close (at the log end offset), as
// Kafka's `.snapshot` files; open() loads the newest readable one and replays only the batches
// after it, so start-up does not read the whole log, and producers whose batches retention or
// DeleteRecords removed are still known. A segment's snapshot goes with the segment.
//
// Durability: bytes are written at append and fsynced when flush.messages appends have piled up,
// on flush(), on roll (the old segment) and on close(). The recovery point is the offset below
// which everything is synced; after a crash, open() revalidates every segment from the one
// holding the recovery point and cuts the log at the first invalid batch.
//
// Owned by the log manager of its log dir, used on one loop; not thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "model/topic_partition.h"
#include "protocol/records/validated_batches.h"
#include "runtime/file_system.h"
#include "storage/file_cache.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_cleaner.h"
#include "storage/log_config.h"
#include "storage/log_segment.h"
#include "storage/producer_state.h"

namespace pier::storage {

// What the log dir's checkpoints say about this log at open.
struct LogOpenState {
  Offset recoveryPoint{0};
  std::optional<Offset> logStartOffset;  // from log-start-offset-checkpoint, when listed there
  bool hadCleanShutdown = false;
  std::optional<Offset> firstDirtyOffset;  // from cleaner-offset-checkpoint (compacted logs)
};

struct AppendInfo {
  Offset firstOffset{0};
  Offset lastOffset{0};
  int64_t maxTimestamp = kNoTimestamp;
  Offset offsetOfMaxTimestamp{0};
  int64_t logAppendTimeMs = kNoTimestamp;  // set when the topic uses LogAppendTime
  int32_t batchCount = 0;
  int64_t recordCount = 0;
  uint64_t sizeBytes = 0;
};

struct FetchData {
  Offset fetchOffset{0};
  std::vector<uint8_t> records;  // whole batches, the last possibly cut at the byte limit
};

class PartitionLog {
 public:
  // Loads (or creates) the log in `dir`, recovering it as needed (see the header comment).
  static Result<std::unique_ptr<PartitionLog>> open(FileCache& cache, const std::string& dir, TopicPartition tp,
                                                    const LogConfig& config, const LogOpenState& state, int64_t nowMs);

  const TopicPartition& topicPartition() const { return m_tp; }
  const std::string& dir() const { return m_dir; }
  const LogConfig& config() const { return m_config; }
  // A topic config change applied live (retention, flush, roll and compaction settings take
  // effect at the next append or check). InvalidConfig when it does not validate.
  Status setConfig(const LogConfig& config);
  Offset logStartOffset() const { return m_logStartOffset; }
  Offset logEndOffset() const { return m_logEndOffset; }
  Offset recoveryPoint() const { return m_recoveryPoint; }
  std::vector<Offset> segmentBaseOffsets() const;
  uint64_t sizeBytes() const;
  const LeaderEpochCache& leaderEpochs() const { return *m_epochs; }
  // The latest epoch of the log, 0 for a log that has none: what a leader stamps appends with.
  LeaderEpoch latestLeaderEpoch() const { return m_epochs->latestEpoch().value_or(LeaderEpoch(0)); }
  // Bytes cut from segments while opening (0 after a clean shutdown).
  uint64_t bytesTruncatedOnOpen() const { return m_bytesTruncatedOnOpen; }

  // `records`: one or more whole v2 batches (a Produce request's partition data). Rewritten in
  // place with offsets, epoch and, with LogAppendTime, the timestamp. Errors: CorruptBatch /
  // CrcMismatch / UnsupportedMagic from protocol, RecordTooLarge (a batch over
  // max.message.bytes, or the append over segment.bytes), I/O errors.
  Result<AppendInfo> appendAsLeader(std::span<uint8_t> records, LeaderEpoch epoch, int64_t nowMs);
  // The same for batches already validated (the broker's produce checks): they are not read
  // again, only stamped and written. Errors: RecordTooLarge, I/O errors.
  Result<AppendInfo> appendAsLeader(const protocol::records::ValidatedBatches& batches, LeaderEpoch epoch,
                                    int64_t nowMs);
  // Batches as the leader wrote them; InvalidOffset unless they start at or after the log end
  // offset and increase.
  Result<AppendInfo> appendAsFollower(std::span<const uint8_t> records, int64_t nowMs);

  // Up to maxBytes from startOffset, never including offsets at or past maxOffset (the high
  // watermark for consumers; the log end offset for followers). minOneBatch returns a whole
  // first batch even when it is larger than maxBytes. OffsetOutOfRange outside
  // [logStartOffset, logEndOffset].
  Result<FetchData> read(Offset startOffset, uint64_t maxBytes, Offset maxOffset, bool minOneBatch);
  // The first record at or after `timestampMs` (and at or after the log start offset).
  Result<std::optional<TimestampAndOffset>> findOffsetByTimestamp(int64_t timestampMs);
  // The idempotent producers of this partition: check() before a leader append; the log
  // records what it appends.
  ProducerState& producers() { return m_producers; }
  const ProducerState& producers() const { return m_producers; }
  // The offsets of the producer snapshots in the folder, oldest first.
  std::vector<Offset> producerSnapshotOffsets() const { return {m_snapshots.begin(), m_snapshots.end()}; }
  // The greatest timestamp in the log and the offset of the batch holding it.
  TimestampOffset maxTimestampAndOffset() const;

  // fsyncs everything below `offset` (default: the log end offset) and advances the recovery
  // point to it.
  Status flush(std::optional<Offset> offset = std::nullopt);
  // flush() when flush.ms has passed since the last flush and there is something to flush.
  Status maybeFlushOnTime(int64_t nowMs);
  // Starts a new active segment at the log end offset.
  Status roll(int64_t nowMs);
  // Removes every offset >= `offset` (follower truncation). No-op when offset >= log end offset.
  Status truncateTo(Offset offset, int64_t nowMs);
  // Removes everything and restarts the log empty at `offset`.
  Status truncateFullyAndStartAt(Offset offset, int64_t nowMs);
  // DeleteRecords: raises the log start offset (never above the high watermark the caller
  // passes) and deletes segments wholly below it. Returns the new log start offset.
  Result<Offset> deleteRecordsBefore(Offset offset, Offset highWatermark);
  // Retention (Kafka's deleteOldSegments), whole segments from the oldest, never the active one
  // and never one holding offsets at or above the high watermark: first those older than
  // retention.ms (by their largest timestamp), then as many as keep the log within
  // retention.bytes (both only with cleanup.policy delete), then those wholly below the log
  // start offset. Returns the number of segments deleted; the log start offset follows.
  Result<int> deleteOldSegments(int64_t nowMs, Offset highWatermark);

  // Compaction (log_cleaner.h). planCleaning: std::nullopt unless cleanup.policy has compact,
  // some inactive segments below the high watermark are older than min.compaction.lag.ms, and
  // (unless `force`) their dirty ratio reaches min.cleanable.dirty.ratio.
  std::optional<CleaningPlan> planCleaning(int64_t nowMs, Offset highWatermark, bool force = false);
  // Swaps the cleaned segments in. When the log changed under the plan (truncation, retention),
  // the cleaned files are discarded instead and the result is false.
  Result<bool> completeCleaning(const CleaningPlan& plan, const CleaningOutcome& outcome, int64_t nowMs);
  // Removes the ".cleaned" files of a cleaning that will not complete.
  Status abortCleaning(const CleaningPlan& plan);
  // The three steps in a row, on this thread; std::nullopt when there was nothing to clean.
  Result<std::optional<CleaningOutcome>> clean(int64_t nowMs, Offset highWatermark, bool force = false);
  // The first offset not yet compacted (cleaner-offset-checkpoint).
  Offset firstDirtyOffset() const { return std::max(m_firstDirtyOffset, m_logStartOffset); }

  // Clean close: flush, final time-index entry, indexes trimmed. The log is unusable afterwards.
  Status close();

 private:
  PartitionLog(FileCache& cache, std::string dir, TopicPartition tp, LogConfig config)
      : m_cache(cache), m_fs(cache.fs()), m_dir(std::move(dir)), m_tp(std::move(tp)), m_config(config) {}

  Status load(const LogOpenState& state, int64_t nowMs);
  Status removeLeftoverFiles();
  // Finishes a swap a crash interrupted: the ".log.swap" segments replace the live segments
  // their offsets cover.
  // True when it changed a folder entry.
  Result<bool> completeInterruptedSwaps(const std::vector<std::string>& names);
  Status swapInGroup(const CleanedGroup& group, int64_t nowMs);
  Status openSegments(int64_t nowMs);
  Status recoverSegments(const LogOpenState& state);
  Status loadLeaderEpochs();
  // Producer state at open and after a truncation: the snapshots outside [log start, log end]
  // and the strays go, the newest readable one is loaded (unreadable ones are deleted), the
  // batches after it are replayed, and a snapshot is taken at the log end when any were.
  Status loadProducerState();
  Status replayProducers(Offset from);
  // A snapshot at the log end offset, unless there is one.
  Status takeProducerSnapshot();
  Status deleteProducerSnapshot(Offset offset);
  // Records the batches of a follower append (each has its offsets already).
  Status recordProducers(std::span<const uint8_t> records);
  // Records the epoch of every batch in `records` that starts a new epoch.
  Status assignEpochs(std::span<const uint8_t> records);
  LogSegment& active() { return *m_segments.rbegin()->second; }
  // The segment holding `offset`: the last one with base <= offset.
  LogSegment* floorSegment(Offset offset);
  Status maybeRoll(uint64_t bytes, int64_t maxTimestamp, Offset lastOffset, int64_t nowMs);
  Status createSegment(Offset baseOffset, int64_t nowMs);
  Status appendValidated(std::span<const uint8_t> records, const AppendInfo& info, int64_t nowMs);
  Status dropSegment(Offset baseOffset);
  // Deletes segments from the oldest while `deletable(segment, next base)` holds.
  template <typename Predicate>
  Result<int> deleteSegmentsWhile(Offset highWatermark, Predicate deletable);

  FileCache& m_cache;
  FileSystem& m_fs;
  std::string m_dir;
  TopicPartition m_tp;
  LogConfig m_config;
  std::map<Offset, std::unique_ptr<LogSegment>> m_segments;
  std::optional<LeaderEpochCache> m_epochs;
  Offset m_logStartOffset{0};
  Offset m_logEndOffset{0};
  Offset m_recoveryPoint{0};
  Offset m_firstDirtyOffset{0};
  int64_t m_unflushedMessages = 0;
  int64_t m_lastFlushMs = 0;
  bool m_dirDirty = false;  // a segment file was created since the folder was last synced
  uint64_t m_bytesTruncatedOnOpen = 0;
  ProducerState m_producers;
  std::set<Offset> m_snapshots;  // offsets of the producer snapshot files
};

}  // namespace pier::storage
