#pragma once
// LogDirectory: one entry of log.dirs (Kafka's LogManager for one directory): its partition
// logs, its checkpoints, the clean-shutdown marker and meta.properties.
//
// Open: checks meta.properties against the broker id (writing it when missing), notes and
// removes the clean-shutdown marker `.kafka_cleanshutdown`, reads recovery-point and
// log-start-offset checkpoints (an unreadable one is logged and ignored, so every log of the
// directory is revalidated from offset 0, as Kafka does), removes `-delete` folders, and opens
// every `<topic>-<partition>` folder as a PartitionLog, recovering those that need it.
// Close: closes every log, writes both checkpoints, then the clean-shutdown marker.
//
// Owned by the broker's storage service, used on one loop; not thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/prng.h"
#include "base/result.h"
#include "model/topic_partition.h"
#include "runtime/file_system.h"
#include "storage/file_cache.h"
#include "storage/log_config.h"
#include "storage/partition_log.h"

namespace pier::storage {

inline constexpr std::string_view kCleanShutdownFile = ".kafka_cleanshutdown";

struct LogDirectoryOptions {
  std::optional<NodeId> brokerId;  // checked against (or written to) meta.properties
  std::string clusterId;           // written to a new meta.properties
  std::size_t openFilesMax = 1024;
  // The config of an existing partition's log (topic overrides over the defaults).
  std::function<LogConfig(const TopicPartition&)> configFor;
};

class LogDirectory {
 public:
  static Result<std::unique_ptr<LogDirectory>> open(FileSystem& fs, const std::string& path,
                                                    LogDirectoryOptions options, int64_t nowMs);

  const std::string& path() const { return m_path; }
  bool hadCleanShutdown() const { return m_hadCleanShutdown; }
  FileCache& files() { return m_files; }
  std::vector<TopicPartition> partitions() const;
  PartitionLog* find(const TopicPartition& tp);

  // The log of `tp`, created empty with `config` when it does not exist.
  Result<PartitionLog*> getOrCreate(const TopicPartition& tp, const LogConfig& config, int64_t nowMs);
  // Renames the partition folder to "<topic>-<partition>.<uuid>-delete" (atomic: a crash
  // leaves either a live log or one that the next open deletes), then removes it.
  Status remove(const TopicPartition& tp, Prng& prng);

  // Writes recovery-point-offset-checkpoint (every log), log-start-offset-checkpoint (logs whose
  // start is above their first segment, as Kafka does) and cleaner-offset-checkpoint (compacted
  // logs: their first dirty offset).
  Status writeCheckpoints();
  // flush.ms for every log.
  Status flushDue(int64_t nowMs);
  // Retention for every log; `highWatermark` gives each log's limit (the log end offset for a
  // single replica). Returns the number of segments deleted.
  Result<int> runRetention(int64_t nowMs, const std::function<Offset(const PartitionLog&)>& highWatermark);

  // Clean shutdown: close every log, write the checkpoints, then the marker.
  Status close();

 private:
  LogDirectory(FileSystem& fs, std::string path, LogDirectoryOptions options)
      : m_fs(fs), m_path(std::move(path)), m_options(std::move(options)), m_files(fs, m_options.openFilesMax) {}

  Status checkIdentity(int64_t nowMs);
  Status loadLogs(int64_t nowMs);
  LogConfig configFor(const TopicPartition& tp) const;

  FileSystem& m_fs;
  std::string m_path;
  LogDirectoryOptions m_options;
  FileCache m_files;
  std::map<TopicPartition, std::unique_ptr<PartitionLog>> m_logs;
  bool m_hadCleanShutdown = false;
};

// Removes a folder and everything under it.
Status removeTree(FileSystem& fs, const std::string& path);

}  // namespace pier::storage
