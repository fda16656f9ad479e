#pragma once
// File names of ZooKeeper 3.8's data directories, as FileTxnSnapLog and Util name them:
//
//   <dataLogDir>/version-2/log.<zxid>        transaction log; zxid of its first entry
//   <dataDir>/version-2/snapshot.<zxid>      snapshot; zxid = last txn applied when it began
//   <dataDir>/version-2/snapshot.<zxid>.gz / .snappy   compressed snapshots (read only)
//
// <zxid> is Long.toHexString: lower-case hex, no padding, no "0x" ("log.100000001").
// Listing tolerates a missing version-2 folder (an empty data dir) and skips names it does not
// recognise, as ZooKeeper does (it gives them zxid -1 and never opens them).
//
// Stateless functions; thread-safe when the FileSystem is.
// Requires: nothing beyond the FileSystem passed in.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::keeper {

inline constexpr std::string_view kVersionDirName = "version-2";
inline constexpr std::string_view kLogPrefix = "log";
inline constexpr std::string_view kSnapshotPrefix = "snapshot";

enum class SnapshotCompression { None, Gzip, Snappy };

// "<dir>/version-2".
std::string versionDir(const std::string& dir);
// "log.<hex zxid>".
std::string txnLogName(int64_t zxid);
// "snapshot.<hex zxid>" (uncompressed, the only form pier-keeper writes).
std::string snapshotName(int64_t zxid);

// Util.getZxidFromName for "<prefix>.<hex>": std::nullopt when the name is not of that form
// or the number does not fit a non-negative long. `extensions` lists the suffixes allowed
// after the number (e.g. {"gz", "snappy"}); anything else after it is rejected.
std::optional<int64_t> zxidFromName(std::string_view name, std::string_view prefix,
                                    const std::vector<std::string_view>& extensions = {});

struct TxnLogFile {
  std::string name;
  int64_t firstZxid = 0;
};

struct SnapshotFile {
  std::string name;
  int64_t zxid = 0;
  SnapshotCompression compression = SnapshotCompression::None;
};

// Every log.<zxid> in <dataLogDir>/version-2, oldest first.
Result<std::vector<TxnLogFile>> listTxnLogs(FileSystem& fs, const std::string& dataLogDir);
// Every snapshot.<zxid>[.gz|.snappy] in <dataDir>/version-2, newest first.
Result<std::vector<SnapshotFile>> listSnapshots(FileSystem& fs, const std::string& dataDir);

}  // namespace pier::keeper
