#include "keeper/zk_purge.h"

#include <fmt/format.h>

#include "keeper/zk_file_names.h"
#include "keeper/zk_persistence_error.h"
#include "keeper/zk_snapshot_files.h"

namespace pier::keeper {
namespace {

// The zxid of the oldest of the `count` newest plausible snapshots; none when there is none.
Result<std::optional<int64_t>> leastRetainedZxid(FileSystem& fs, const std::string& dataDir,
                                                 const std::vector<SnapshotFile>& snapshots, int32_t count) {
  std::optional<int64_t> least;
  int32_t found = 0;
  for (const SnapshotFile& file : snapshots) {
    if (found == count) break;
    auto plausible = snapshotLooksComplete(fs, dataDir, file);
    if (!plausible || !*plausible) continue;  // as findNValidSnapshots: unreadable is invalid
    least = file.zxid;
    ++found;
  }
  return least;
}

}  // namespace

Result<PurgePlan> planPurge(FileSystem& fs, const std::string& dataDir, const std::string& dataLogDir,
                            int32_t snapRetainCount) {
  if (snapRetainCount < kSnapRetainCountMin) {
    return Status(PersistenceError::InvalidArgument,
                  fmt::format("autopurge.snapRetainCount {} is below {}", snapRetainCount, kSnapRetainCountMin));
  }
  PIER_ASSIGN_OR_RETURN(auto snapshots, listSnapshots(fs, dataDir));
  PIER_ASSIGN_OR_RETURN(auto least, leastRetainedZxid(fs, dataDir, snapshots, snapRetainCount));
  PurgePlan plan;
  if (!least) return plan;
  PIER_ASSIGN_OR_RETURN(auto logs, listTxnLogs(fs, dataLogDir));
  // The newest log starting at or below `least` holds the txns right after that snapshot.
  std::optional<std::string> neededLog;
  for (const TxnLogFile& log : logs) {
    if (log.firstZxid <= *least) neededLog = log.name;
  }
  for (const TxnLogFile& log : logs) {
    if (log.firstZxid < *least && log.name != neededLog) plan.logs.push_back(log.name);
  }
  for (auto it = snapshots.rbegin(); it != snapshots.rend(); ++it) {
    if (it->zxid < *least) plan.snapshots.push_back(it->name);
  }
  return plan;
}

Result<PurgePlan> purgeOldFiles(FileSystem& fs, const std::string& dataDir, const std::string& dataLogDir,
                                int32_t snapRetainCount) {
  PIER_ASSIGN_OR_RETURN(PurgePlan plan, planPurge(fs, dataDir, dataLogDir, snapRetainCount));
  const std::string logDir = versionDir(dataLogDir);
  const std::string snapDir = versionDir(dataDir);
  for (const auto& name : plan.logs) PIER_RETURN_IF_ERROR(fs.remove(joinPath(logDir, name)));
  for (const auto& name : plan.snapshots) PIER_RETURN_IF_ERROR(fs.remove(joinPath(snapDir, name)));
  if (!plan.logs.empty()) PIER_RETURN_IF_ERROR(fs.syncDirectory(logDir));
  if (!plan.snapshots.empty()) PIER_RETURN_IF_ERROR(fs.syncDirectory(snapDir));
  return plan;
}

}  // namespace pier::keeper
