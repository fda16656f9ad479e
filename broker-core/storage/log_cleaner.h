#pragma once
// Log compaction (Kafka's LogCleaner) for cleanup.policy=compact: keep the latest record of
// every key, drop tombstones once consumers have had delete.retention.ms to see them.
//
// Three steps, so the expensive one runs off the log's loop and appends never wait for it:
//   1. PartitionLog::planCleaning (log's loop): picks the cleanable segments (inactive, below
//      the high watermark, older than min.compaction.lag.ms) and checks
//      min.cleanable.dirty.ratio; the plan is an immutable description.
//   2. cleanSegments (any thread): builds the key -> latest offset map over the dirty part,
//      then rewrites the cleanable segments, grouped up to segment.bytes, into
//      "<base>.log.cleaned" files (+ indexes). It only reads inactive segment files, which no
//      append touches, and writes new files.
//   3. PartitionLog::completeCleaning (log's loop): the crash-safe swap: ".cleaned" -> ".swap",
//      old segments deleted, ".swap" -> live names, folder synced between steps. A crash at any
//      point leaves either the old segments or the new ones (docs/FORMAT-log.md).
//
// Retention rules for a record in the rewritten range: no key -> dropped (invalid in a compacted
// topic, as in Kafka); an older offset than the map's for its key -> dropped; a tombstone that
// already survived one cleaning (it lies before the first dirty offset) and whose batch is older
// than delete.retention.ms -> dropped; anything else -> kept. A batch keeps its base and last
// offsets (and compression); one with no record left is dropped, except the last of a group,
// which stays as an empty batch so the cleaned segment ends where its sources did, and the last
// batch of a producer the log still knows, which stays as an empty batch too so its producer
// id, epoch and sequence can be rebuilt from the log (Kafka's cleaner keeps it the same way).
// Control batches are kept.
//
// Stateless functions; cleanSegments is thread-safe when the FileSystem is.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "runtime/file_system.h"
#include "storage/log_config.h"

namespace pier::storage {

struct CleanableSegment {
  Offset baseOffset{0};
  Offset nextBaseOffset{0};  // the following segment's base: this one's offsets are below it
  uint64_t sizeBytes = 0;
};

struct CleaningPlan {
  std::string dir;
  LogConfig config;
  std::vector<CleanableSegment> segments;  // from the log's first segment, consecutive
  Offset firstDirtyOffset{0};
  Offset firstUncleanableOffset{0};  // the first offset not cleaned (a segment boundary)
  int64_t nowMs = 0;
  double dirtyRatio = 0;
  uint64_t offsetMapBytesMax = 128u << 20;  // log.cleaner.dedupe.buffer.size
  std::map<int64_t, int64_t> producerLastOffsets;  // producer id -> last offset of its last batch
};

struct CleanedGroup {
  std::vector<Offset> sourceBaseOffsets;  // replaced by the one segment at sourceBaseOffsets[0]
  uint64_t sizeBytes = 0;
};

struct CleaningOutcome {
  std::vector<CleanedGroup> groups;
  Offset endOffset{0};  // the new first dirty offset (below firstUncleanable if the map filled)
  uint64_t bytesRead = 0;
  uint64_t bytesWritten = 0;
  int64_t recordsRead = 0;
  int64_t recordsRetained = 0;
};

// Step 2. Writes the ".cleaned" segments; the caller completes or aborts.
Result<CleaningOutcome> cleanSegments(FileSystem& fs, const CleaningPlan& plan);

}  // namespace pier::storage
