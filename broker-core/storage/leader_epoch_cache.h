#pragma once
// LeaderEpochCache: for each leader epoch of a partition, the first offset written in it
// (Kafka's LeaderEpochFileCache), kept in <partition>/leader-epoch-checkpoint. Followers use it
// to find where their log diverges from a new leader's (OffsetsForLeaderEpoch); ListOffsets
// reports the epoch of an offset.
//
// Invariants: epochs and start offsets both strictly increase from entry to entry. Every change
// is written to the checkpoint before the call returns.
//
// Owned by one PartitionLog; not thread-safe.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "runtime/file_system.h"
#include "storage/checkpoint_file.h"

namespace pier::storage {

class LeaderEpochCache {
 public:
  // Reads <dir>/leader-epoch-checkpoint; a missing file is an empty cache. CorruptCheckpoint
  // when it does not parse; entries out of order are dropped from the first offending one.
  static Result<LeaderEpochCache> load(FileSystem& fs, const std::string& dir);

  const std::vector<EpochEntry>& entries() const { return m_entries; }
  std::optional<LeaderEpoch> latestEpoch() const;

  // Records that `epoch` starts at `startOffset`. Ignored when epoch is not above the latest
  // (negative epochs come from old clients' batches and are never recorded); entries whose
  // start offset is >= startOffset are replaced (they belonged to a diverged history).
  Status assign(LeaderEpoch epoch, Offset startOffset);
  // Removes entries starting at or after endOffset (log truncated to endOffset).
  Status truncateFromEnd(Offset endOffset);
  // Drops entries wholly below startOffset; the one spanning it now starts there.
  Status truncateFromStart(Offset startOffset);
  Status clear();

  // OffsetsForLeaderEpoch, as Kafka answers it: the largest epoch <= requested and the offset
  // where the epoch after it starts (the log end offset for the latest epoch); for an epoch
  // older than every entry, the requested epoch and the first entry's start offset.
  // std::nullopt (UNDEFINED_EPOCH / UNDEFINED_EPOCH_OFFSET) for an empty cache, a negative
  // epoch, or an epoch newer than the latest.
  std::optional<std::pair<LeaderEpoch, Offset>> endOffsetFor(LeaderEpoch requested, Offset logEndOffset) const;
  // The epoch in which `offset` was written, when known.
  std::optional<LeaderEpoch> epochForOffset(Offset offset) const;

 private:
  LeaderEpochCache(FileSystem& fs, std::string path) : m_fs(&fs), m_path(std::move(path)) {}
  Status persist() { return writeLeaderEpochCheckpoint(*m_fs, m_path, m_entries); }

  FileSystem* m_fs;
  std::string m_path;
  std::vector<EpochEntry> m_entries;
};

}  // namespace pier::storage
