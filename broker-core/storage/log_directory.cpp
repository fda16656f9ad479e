#include "storage/log_directory.h"

#include <fmt/format.h>

#include "base/log.h"
#include "runtime/runtime_error.h"
#include "storage/atomic_file.h"
#include "storage/checkpoint_file.h"
#include "storage/log_file_names.h"
#include "storage/meta_properties.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

// A checkpoint that cannot be read is treated as empty, as Kafka's LogManager does.
OffsetCheckpoint readOrEmpty(FileSystem& fs, const std::string& path, std::string_view fallback) {
  auto read = readOffsetCheckpoint(fs, path);
  if (read) return std::move(*read);
  PIER_LOG_WARN("ignoring an unreadable checkpoint", {"file", path}, {"fallback", fallback}, {"why", read.status()});
  return {};
}

}  // namespace

Status removeTree(FileSystem& fs, const std::string& path) {
  auto names = fs.list(path);
  if (!names && names.status().is(RuntimeError::NotFound)) return Status::ok();
  if (names) {
    for (const auto& name : *names) PIER_RETURN_IF_ERROR(removeTree(fs, joinPath(path, name)));
  }
  // A file (NotADirectory) or a folder now empty.
  return fs.remove(path);
}

Result<std::unique_ptr<LogDirectory>> LogDirectory::open(FileSystem& fs, const std::string& path,
                                                         LogDirectoryOptions options, int64_t nowMs) {
  std::unique_ptr<LogDirectory> dir(new LogDirectory(fs, path, std::move(options)));
  PIER_RETURN_IF_ERROR(fs.createDirectories(path));
  PIER_RETURN_IF_ERROR(dir->checkIdentity(nowMs));
  const std::string marker = joinPath(path, std::string(kCleanShutdownFile));
  PIER_ASSIGN_OR_RETURN(dir->m_hadCleanShutdown, fs.exists(marker));
  Status loaded = dir->loadLogs(nowMs);
  if (!loaded) return loaded.withContext(fmt::format("log dir {}", path));
  if (dir->m_hadCleanShutdown) {
    // Removed only once every log is loaded: a crash during loading must find it again.
    PIER_RETURN_IF_ERROR(fs.remove(marker));
    PIER_RETURN_IF_ERROR(fs.syncDirectory(path));
  }
  return dir;
}

Status LogDirectory::checkIdentity(int64_t nowMs) {
  PIER_ASSIGN_OR_RETURN(auto meta, readMetaProperties(m_fs, m_path));
  if (!m_options.brokerId) return Status::ok();
  if (!meta) {
    return writeMetaProperties(m_fs, m_path, MetaProperties{0, *m_options.brokerId, m_options.clusterId}, nowMs);
  }
  if (meta->brokerId != *m_options.brokerId) {
    return Status(StorageError::InvalidConfig,
                  fmt::format("configured broker.id {} doesn't match stored broker.id {} in {}/meta.properties; "
                              "if you moved your data, make sure your configured broker.id matches",
                              m_options.brokerId->value(), meta->brokerId.value(), m_path));
  }
  return Status::ok();
}

LogConfig LogDirectory::configFor(const TopicPartition& tp) const {
  return m_options.configFor ? m_options.configFor(tp) : LogConfig{};
}

Status LogDirectory::loadLogs(int64_t nowMs) {
  const OffsetCheckpoint recoveryPoints = readOrEmpty(
      m_fs, joinPath(m_path, std::string(kRecoveryPointCheckpoint)), "recovery point 0 for every log");
  const OffsetCheckpoint logStarts = readOrEmpty(
      m_fs, joinPath(m_path, std::string(kLogStartOffsetCheckpoint)), "each log's first segment");
  const OffsetCheckpoint cleaned = readOrEmpty(
      m_fs, joinPath(m_path, std::string(kCleanerOffsetCheckpoint)), "compact each log from its start");
  PIER_ASSIGN_OR_RETURN(auto names, m_fs.list(m_path));
  for (const auto& name : names) {
    const std::string child = joinPath(m_path, name);
    if (name.ends_with("-delete")) {
      PIER_LOG_INFO("removing a deleted partition folder", {"dir", child});
      PIER_RETURN_IF_ERROR(removeTree(m_fs, child));
      continue;
    }
    if (name.ends_with("-future") || name.ends_with("-stray")) {
      PIER_LOG_WARN("leaving a future/stray replica folder alone", {"dir", child});
      continue;
    }
    auto tp = parsePartitionDirName(name);
    if (!tp) continue;  // checkpoints, meta.properties and other files
    LogOpenState state;
    state.hadCleanShutdown = m_hadCleanShutdown;
    if (auto it = recoveryPoints.find(*tp); it != recoveryPoints.end()) state.recoveryPoint = it->second;
    if (auto it = logStarts.find(*tp); it != logStarts.end()) state.logStartOffset = it->second;
    if (auto it = cleaned.find(*tp); it != cleaned.end()) state.firstDirtyOffset = it->second;
    PIER_ASSIGN_OR_RETURN(auto log, PartitionLog::open(m_files, child, *tp, configFor(*tp), state, nowMs));
    m_logs.emplace(*tp, std::move(log));
  }
  return Status::ok();
}

std::vector<TopicPartition> LogDirectory::partitions() const {
  std::vector<TopicPartition> out;
  for (const auto& [tp, log] : m_logs) out.push_back(tp);
  return out;
}

PartitionLog* LogDirectory::find(const TopicPartition& tp) {
  auto it = m_logs.find(tp);
  return it == m_logs.end() ? nullptr : it->second.get();
}

Result<PartitionLog*> LogDirectory::getOrCreate(const TopicPartition& tp, const LogConfig& config, int64_t nowMs) {
  if (PartitionLog* existing = find(tp)) return existing;
  const std::string dir = joinPath(m_path, partitionDirName(tp));
  PIER_ASSIGN_OR_RETURN(auto log, PartitionLog::open(m_files, dir, tp, config, LogOpenState{}, nowMs));
  PIER_RETURN_IF_ERROR(m_fs.syncDirectory(m_path));
  PartitionLog* out = log.get();
  m_logs.emplace(tp, std::move(log));
  return out;
}

Status LogDirectory::remove(const TopicPartition& tp, Prng& prng) {
  auto it = m_logs.find(tp);
  if (it == m_logs.end()) return Status::ok();
  const std::string dir = it->second->dir();
  for (Offset base : it->second->segmentBaseOffsets()) {
    for (std::string_view kind : {kLogSuffix, kIndexSuffix, kTimeIndexSuffix}) {
      m_files.close(joinPath(dir, segmentFileName(base, kind)));
    }
  }
  m_logs.erase(it);
  const std::string deleted = fmt::format("{}.{:016x}{:016x}-delete", dir, prng.next(), prng.next());
  PIER_RETURN_IF_ERROR(m_fs.rename(dir, deleted));
  PIER_RETURN_IF_ERROR(m_fs.syncDirectory(m_path));
  return removeTree(m_fs, deleted);
}

Status LogDirectory::writeCheckpoints() {
  OffsetCheckpoint recoveryPoints;
  OffsetCheckpoint logStarts;
  OffsetCheckpoint cleaned;
  for (const auto& [tp, log] : m_logs) {
    recoveryPoints[tp] = log->recoveryPoint();
    if (log->logStartOffset() > log->segmentBaseOffsets().front()) logStarts[tp] = log->logStartOffset();
    if (log->config().cleanupCompact) cleaned[tp] = log->firstDirtyOffset();
  }
  PIER_RETURN_IF_ERROR(writeOffsetCheckpoint(m_fs, joinPath(m_path, std::string(kRecoveryPointCheckpoint)), recoveryPoints));
  PIER_RETURN_IF_ERROR(writeOffsetCheckpoint(m_fs, joinPath(m_path, std::string(kCleanerOffsetCheckpoint)), cleaned));
  return writeOffsetCheckpoint(m_fs, joinPath(m_path, std::string(kLogStartOffsetCheckpoint)), logStarts);
}

Status LogDirectory::flushDue(int64_t nowMs) {
  for (auto& [tp, log] : m_logs) PIER_RETURN_IF_ERROR(log->maybeFlushOnTime(nowMs));
  return Status::ok();
}

Result<int> LogDirectory::runRetention(int64_t nowMs, const std::function<Offset(const PartitionLog&)>& highWatermark) {
  int deleted = 0;
  for (auto& [tp, log] : m_logs) {
    PIER_ASSIGN_OR_RETURN(int n, log->deleteOldSegments(nowMs, highWatermark(*log)));
    deleted += n;
  }
  return deleted;
}

Status LogDirectory::close() {
  for (auto& [tp, log] : m_logs) PIER_RETURN_IF_ERROR(log->close());
  PIER_RETURN_IF_ERROR(writeCheckpoints());
  PIER_RETURN_IF_ERROR(writeFileAtomically(m_fs, joinPath(m_path, std::string(kCleanShutdownFile)),
                                           R"({"broker_epoch":"-1","version":"0"})"));
  m_logs.clear();
  return Status::ok();
}

}  // namespace pier::storage
