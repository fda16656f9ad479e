#pragma once
// Kafka's checkpoint files: a version line, a count line, then one entry per line, each field
// separated by one space, every line ending in '\n' (docs/FORMAT-log.md):
//
//   0
//   2
//   orders 0 1500
//   orders 1 1432
//
// Offset checkpoints (recovery-point-offset-checkpoint, replication-offset-checkpoint,
// log-start-offset-checkpoint, cleaner-offset-checkpoint) hold "<topic> <partition> <offset>";
// leader-epoch-checkpoint holds "<epoch> <start offset>". All are version 0 and written
// atomically (atomic_file.h).
//
// Reading is strict, like Kafka's CheckpointFile: a wrong version, a count that disagrees with
// the lines, or a malformed line is CorruptCheckpoint naming the file and line; the caller
// decides the fallback (LogDirectory resets the recovery point to 0, as Kafka does).
// Stateless functions; thread-safe when the FileSystem is.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "model/topic_partition.h"
#include "runtime/file_system.h"

namespace pier::storage {

inline constexpr int kCheckpointVersion = 0;

inline constexpr std::string_view kRecoveryPointCheckpoint = "recovery-point-offset-checkpoint";
inline constexpr std::string_view kReplicationOffsetCheckpoint = "replication-offset-checkpoint";
inline constexpr std::string_view kLogStartOffsetCheckpoint = "log-start-offset-checkpoint";
inline constexpr std::string_view kCleanerOffsetCheckpoint = "cleaner-offset-checkpoint";
inline constexpr std::string_view kLeaderEpochCheckpoint = "leader-epoch-checkpoint";

// The entry lines (without version and count), or std::nullopt when the file is missing.
Result<std::optional<std::vector<std::string>>> readCheckpointLines(FileSystem& fs, const std::string& path);
Status writeCheckpointLines(FileSystem& fs, const std::string& path, const std::vector<std::string>& lines);

using OffsetCheckpoint = std::map<TopicPartition, Offset>;
// A missing file reads as empty (Kafka creates it empty).
Result<OffsetCheckpoint> readOffsetCheckpoint(FileSystem& fs, const std::string& path);
Status writeOffsetCheckpoint(FileSystem& fs, const std::string& path, const OffsetCheckpoint& offsets);

struct EpochEntry {
  LeaderEpoch epoch{0};
  Offset startOffset{0};
  friend bool operator==(const EpochEntry&, const EpochEntry&) = default;
};
Result<std::vector<EpochEntry>> readLeaderEpochCheckpoint(FileSystem& fs, const std::string& path);
Status writeLeaderEpochCheckpoint(FileSystem& fs, const std::string& path, const std::vector<EpochEntry>& entries);

}  // namespace pier::storage
