#pragma once
// Autopurge (autopurge.snapRetainCount / PurgeTxnLog.purge of ZooKeeper 3.8): keep the newest
// N snapshots and the logs needed to replay from the oldest of them; delete older files.
//
//   1. the N newest snapshots passing the cheap validity look (FileTxnSnapLog.findNValidSnapshots);
//      none: nothing is deleted;
//   2. least = the zxid of the oldest of those;
//   3. logs kept: the newest log starting at or below `least` (it may hold txns after it) and
//      every later one (FileTxnLog.getLogFiles);
//   4. deleted: every other log, and every snapshot, whose name zxid is below `least`.
// N below 3 is refused (InvalidArgument), as PurgeTxnLog refuses it. Names neither reader
// recognises (.tmp leftovers, other files) are left alone.
//
// Stateless functions over the caller's FileSystem (Requires: it outlives the call).

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::keeper {

inline constexpr int32_t kSnapRetainCountMin = 3;

struct PurgePlan {
  std::vector<std::string> snapshots;  // names in <dataDir>/version-2 to delete
  std::vector<std::string> logs;       // names in <dataLogDir>/version-2 to delete
};

Result<PurgePlan> planPurge(FileSystem& fs, const std::string& dataDir, const std::string& dataLogDir,
                            int32_t snapRetainCount);
// planPurge, then removes those files (logs first, oldest first) and fsyncs both folders.
Result<PurgePlan> purgeOldFiles(FileSystem& fs, const std::string& dataDir, const std::string& dataLogDir,
                                int32_t snapRetainCount);

}  // namespace pier::keeper
