#include "keeper/zk_file_names.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "runtime/runtime_error.h"

namespace pier::keeper {
namespace {

std::optional<int64_t> parseHex(std::string_view digits) {
  if (digits.empty() || digits.size() > 16) return std::nullopt;
  uint64_t value = 0;
  for (char c : digits) {
    int d = c >= '0' && c <= '9'   ? c - '0'
            : c >= 'a' && c <= 'f' ? c - 'a' + 10
            : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                   : -1;
    if (d < 0) return std::nullopt;
    value = value * 16 + static_cast<uint64_t>(d);
  }
  // Long.parseLong(s, 16) refuses what does not fit a signed long.
  if (value > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(value);
}

// Names in <dir>/version-2; none when the folder does not exist yet.
Result<std::vector<std::string>> listVersionDir(FileSystem& fs, const std::string& dir) {
  auto names = fs.list(versionDir(dir));
  if (!names && names.status().is(RuntimeError::NotFound)) return std::vector<std::string>();
  return names;
}

SnapshotCompression compressionOf(std::string_view name) {
  if (name.ends_with(".gz")) return SnapshotCompression::Gzip;
  if (name.ends_with(".snappy")) return SnapshotCompression::Snappy;
  return SnapshotCompression::None;
}

}  // namespace

std::string versionDir(const std::string& dir) { return joinPath(dir, std::string(kVersionDirName)); }

std::string txnLogName(int64_t zxid) { return fmt::format("{}.{:x}", kLogPrefix, zxid); }

std::string snapshotName(int64_t zxid) { return fmt::format("{}.{:x}", kSnapshotPrefix, zxid); }

std::optional<int64_t> zxidFromName(std::string_view name, std::string_view prefix,
                                    const std::vector<std::string_view>& extensions) {
  if (name.size() <= prefix.size() + 1 || !name.starts_with(prefix) || name[prefix.size()] != '.') {
    return std::nullopt;
  }
  std::string_view rest = name.substr(prefix.size() + 1);
  const std::size_t dot = rest.find('.');
  if (dot != std::string_view::npos) {
    std::string_view ext = rest.substr(dot + 1);
    if (std::find(extensions.begin(), extensions.end(), ext) == extensions.end()) return std::nullopt;
    rest = rest.substr(0, dot);
  }
  return parseHex(rest);
}

Result<std::vector<TxnLogFile>> listTxnLogs(FileSystem& fs, const std::string& dataLogDir) {
  PIER_ASSIGN_OR_RETURN(auto names, listVersionDir(fs, dataLogDir));
  std::vector<TxnLogFile> logs;
  for (auto& name : names) {
    if (auto zxid = zxidFromName(name, kLogPrefix)) logs.push_back({name, *zxid});
  }
  std::sort(logs.begin(), logs.end(),
            [](const TxnLogFile& a, const TxnLogFile& b) { return a.firstZxid < b.firstZxid; });
  return logs;
}

Result<std::vector<SnapshotFile>> listSnapshots(FileSystem& fs, const std::string& dataDir) {
  PIER_ASSIGN_OR_RETURN(auto names, listVersionDir(fs, dataDir));
  std::vector<SnapshotFile> snapshots;
  for (auto& name : names) {
    if (auto zxid = zxidFromName(name, kSnapshotPrefix, {"gz", "snappy"})) {
      snapshots.push_back({name, *zxid, compressionOf(name)});
    }
  }
  // Newest first; for one zxid the uncompressed file first (stable: names are sorted).
  std::stable_sort(snapshots.begin(), snapshots.end(),
                   [](const SnapshotFile& a, const SnapshotFile& b) { return a.zxid > b.zxid; });
  return snapshots;
}

}  // namespace pier::keeper
