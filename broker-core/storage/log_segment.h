#pragma once
// LogSegment: one segment of a partition log: <base>.log holding batches back to back, with its
// sparse <base>.index and <base>.timeindex (Kafka's LogSegment; docs/FORMAT-log.md).
//
// Index rule, as Kafka's: an append of bytes starting at file position P whose last offset is L
// adds the offset-index entry (L, P), and the time-index entry (max timestamp so far, its batch's
// last offset), when more than index.interval.bytes were appended since the previous entry.
// Recovery rebuilds both indexes batch by batch with the same rule.
//
// The segment does not assign offsets or check them against its neighbours: PartitionLog does.
// Files are reached through the log directory's FileCache; index entries are read on first use.
// Owned by one PartitionLog, on that log's loop; not thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "runtime/file_system.h"
#include "storage/file_cache.h"
#include "storage/leader_epoch_cache.h"
#include "storage/log_config.h"
#include "storage/offset_index.h"
#include "storage/time_index.h"

namespace pier::storage {

// Where a batch starts and how it ends.
struct BatchLocation {
  uint64_t position = 0;
  Offset baseOffset{0};
  Offset lastOffset{0};
  uint32_t sizeBytes = 0;
  int64_t maxTimestamp = kNoTimestamp;
};

// Bytes returned by read(): whole batches from `position`, the last one possibly cut at the byte
// limit (as Kafka's fetch returns them).
struct SegmentRead {
  uint64_t position = 0;
  std::vector<uint8_t> bytes;
};

struct TimestampAndOffset {
  int64_t timestamp = kNoTimestamp;
  Offset offset{0};
  LeaderEpoch leaderEpoch{-1};
  friend bool operator==(const TimestampAndOffset&, const TimestampAndOffset&) = default;
};

class LogSegment {
 public:
  // Opens the segment files in `dir`, creating any that are missing. `nowMs` is the creation time
  // used for time-based rolling until the segment holds a timestamped batch. `fileSuffix`
  // (".cleaned", ".swap") names the files of a segment being built by the cleaner.
  static Result<std::unique_ptr<LogSegment>> open(FileCache& cache, const std::string& dir, Offset baseOffset,
                                                  const LogConfig& config, int64_t nowMs,
                                                  std::string_view fileSuffix = {});

  Offset baseOffset() const { return m_baseOffset; }
  uint64_t sizeBytes() const { return m_sizeBytes; }
  // True when an index file had to be created: the segment must be recovered before use.
  bool indexWasMissing() const { return m_indexWasMissing; }
  OffsetIndex& offsetIndex() { return *m_offsetIndex; }
  TimeIndex& timeIndex() { return *m_timeIndex; }
  Result<std::shared_ptr<File>> logFile() { return m_cache.get(m_logPath); }
  // Reads both indexes into memory (done by every call that needs them) / drops them again.
  Status loadIndexes();
  void unloadIndexes();
  TimestampOffset maxTimestampSoFar() const { return m_maxTimestampSoFar; }
  // What retention.ms measures: the max timestamp, or the creation time when no batch has one
  // (Kafka uses the file's modification time there).
  int64_t largestTimestamp() const {
    return m_maxTimestampSoFar.timestamp > 0 ? m_maxTimestampSoFar.timestamp : m_createdMs;
  }

  // Appends whole batches. largestOffset: their last offset; largestTimestamp and
  // shallowOffsetOfMaxTimestamp: the greatest batch max timestamp and that batch's last offset.
  Status append(Offset largestOffset, int64_t largestTimestamp, Offset shallowOffsetOfMaxTimestamp,
                std::span<const uint8_t> batches);

  // True when `offset` can be stored relative to the base offset (32 bits).
  bool canConvertToRelativeOffset(Offset offset) const;
  // The first batch's max timestamp (read once, then kept): what segment.ms and
  // max.compaction.lag.ms count from. nullopt when empty or unread.
  Status loadFirstBatchTimestamp();
  std::optional<int64_t> firstBatchTimestamp() const { return m_rollingBasedTimestamp; }
  // Kafka's shouldRoll: full segment or index, relative-offset overflow, or segment.ms elapsed
  // (measured from the first batch's max timestamp when it has one, else from creation; on a
  // compacted log max.compaction.lag.ms when shorter, LogConfig::maxSegmentMs).
  bool shouldRoll(const LogConfig& config, int64_t messagesMaxTimestamp, Offset messagesLastOffset,
                  uint64_t messagesBytes, int64_t nowMs, int64_t rollJitterMs);

  // The first batch whose last offset is >= offset, searching from the index; std::nullopt when
  // the segment ends first.
  Result<std::optional<BatchLocation>> translateOffset(Offset offset, uint64_t startingPosition = 0);
  // Up to maxBytes from the batch holding startOffset, never past maxPosition; with
  // minOneBatch, at least that whole batch. std::nullopt when startOffset is past the segment.
  Result<std::optional<SegmentRead>> read(Offset startOffset, uint64_t maxBytes, uint64_t maxPosition,
                                          bool minOneBatch);
  // The first record with timestamp >= ts and offset >= startingOffset.
  Result<std::optional<TimestampAndOffset>> findOffsetByTimestamp(int64_t ts, Offset startingOffset);
  // The offset after the last batch; the base offset when empty.
  Result<Offset> readNextOffset();

  // Rebuilds both indexes from the log, validating every batch (framing, CRC32C, offsets
  // increasing and within 32 bits of the base); cuts the file at the first invalid byte. Returns
  // the number of bytes cut.
  // With `epochs`, records each batch's leader epoch there (as Kafka rebuilds its cache).
  Result<uint64_t> recover(const LogConfig& config, LeaderEpochCache* epochs = nullptr);
  // Removes the batch holding `offset` and everything after; returns the bytes removed.
  Result<uint64_t> truncateTo(Offset offset, const LogConfig& config, int64_t nowMs);
  // Final time-index entry, indexes trimmed to their entries (the segment stops being active).
  Status onBecomeInactive();
  // Grows the indexes back to their preallocated size (the segment becomes active).
  Status resizeIndexes(uint64_t sizeBytesMax);
  Status sanityCheckIndexes();
  // The segment's max timestamp: the time index's last entry, then the batches after it.
  Status loadLargestTimestamp();
  // fsyncs the .log and both indexes (roll, close, compaction output).
  Status flush();
  // fsyncs the .log only: what a flush of the active segment needs, since recovery rebuilds the
  // indexes of every segment from the one holding the recovery point.
  Status flushLog();
  // Renames the three files to "<name>.deleted", syncs the folder, then removes them (Kafka's
  // delete path, without its delay: nothing here reads a segment after it is dropped). The
  // segment is unusable afterwards.
  Status deleteFiles();
  // Renames the three files from the current suffix to `newSuffix` ("" for live names). The
  // folder is not synced; the segment is unusable afterwards.
  Status renameFilesTo(std::string_view newSuffix);

 private:
  LogSegment(FileCache& cache, std::string dir, Offset baseOffset)
      : m_cache(cache), m_dir(std::move(dir)), m_baseOffset(baseOffset) {}
  // Reserves the .log's blocks ahead of an append ending at `end` (File::reserve), in steps that
  // grow with the segment: at least kReserveStepMinBytes, at most kReserveStepMaxBytes, never
  // more than the segment already holds in between, so an idle partition keeps little reserved.
  void reserveAhead(File& log, uint64_t end);

  FileCache& m_cache;
  std::string m_dir;
  Offset m_baseOffset;
  std::string m_logPath;
  std::string m_suffix;
  // The three file paths without any suffix.
  std::vector<std::string> livePaths() const;
  std::unique_ptr<OffsetIndex> m_offsetIndex;
  std::unique_ptr<TimeIndex> m_timeIndex;
  uint64_t m_sizeBytes = 0;
  uint64_t m_reservedEnd = 0;  // blocks reserved up to here by this process (trimmed when inactive)
  uint64_t m_bytesSinceLastIndexEntry = 0;
  int32_t m_indexIntervalBytes = 4096;
  TimestampOffset m_maxTimestampSoFar;
  std::optional<int64_t> m_rollingBasedTimestamp;
  int64_t m_createdMs = 0;
  bool m_indexWasMissing = false;
};

}  // namespace pier::storage
