#pragma once
// Reading ZooKeeper 3.8's transaction logs (docs/FORMAT-keeper.md): every log.<zxid> in
// <dataLogDir>/version-2 in zxid order, from a given zxid, as FileTxnLog.read does: starting in
// the newest file whose name is at or below that zxid, skipping the entries below it.
//
// Where a file ends:
// - zeros (preallocation) or the end of the file after an entry: the file's clean end;
// - a torn final entry (cut short, no end-of-record 'B', or a checksum mismatch with no valid
//   entry after it) in the NEWEST file: the end of the log. tornTail() names the file and the
//   offset where valid data stops, so start-up can cut it (truncateLogAfter) before appending;
// - a cut-short final entry in an OLDER file: ZooKeeper leaves these when it crashes and starts
//   a new file after restart, and skips them as end-of-file; so do we (skippedTails());
// - anything else is CorruptTxnLog naming the file and offset: bad magic, a checksum mismatch
//   followed by a valid entry (a flipped bit in the middle), a checksum mismatch ending an
//   older file, a body that does not decode.
//
// TxnLogReader owns its open file and a read window (1 MiB by default, larger for a larger
// entry); it holds a reference to the FileSystem (Requires: it outlives the reader). Not
// thread-safe. Never crashes or asserts on any file contents.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "keeper/zk_file_names.h"
#include "keeper/zk_txn_entry.h"
#include "runtime/file_system.h"

namespace pier::keeper {

struct LogPosition {
  std::string fileName;  // in <dataLogDir>/version-2
  uint64_t offset = 0;
  friend bool operator==(const LogPosition&, const LogPosition&) = default;
};

class LogFileScanner;

class TxnLogReader {
 public:
  // Lists the logs that can hold zxids >= fromZxid; opens nothing yet.
  static Result<TxnLogReader> open(FileSystem& fs, std::string dataLogDir, int64_t fromZxid);
  TxnLogReader(TxnLogReader&&) noexcept;
  TxnLogReader& operator=(TxnLogReader&&) noexcept;
  ~TxnLogReader();

  // The next txn with zxid >= fromZxid; std::nullopt at the end of the log.
  Result<std::optional<LoggedTxn>> next();

  // After the end: where the newest file stops being valid, when anything but zeros follows.
  const std::optional<LogPosition>& tornTail() const { return m_tornTail; }
  // Cut-short final entries of older files, skipped as ZooKeeper skips them.
  const std::vector<LogPosition>& skippedTails() const { return m_skippedTails; }
  // Just past the last entry next() returned.
  const std::optional<LogPosition>& lastEntryEnd() const { return m_lastEntryEnd; }

 private:
  TxnLogReader(FileSystem& fs, std::string dataLogDir, std::vector<TxnLogFile> files, int64_t fromZxid);
  Result<std::optional<LoggedTxn>> nextInFile();

  FileSystem* m_fs;
  std::string m_dataLogDir;
  std::vector<TxnLogFile> m_files;
  std::size_t m_nextFile = 0;
  int64_t m_fromZxid;
  std::unique_ptr<LogFileScanner> m_scanner;
  std::optional<LogPosition> m_tornTail;
  std::vector<LogPosition> m_skippedTails;
  std::optional<LogPosition> m_lastEntryEnd;
};

// The whole log from `fromZxid`, in memory (start-up replay, tests, pierctl).
struct TxnLogContents {
  std::vector<LoggedTxn> txns;
  std::optional<LogPosition> tornTail;
  std::vector<LogPosition> skippedTails;
};
Result<TxnLogContents> readTxnLog(FileSystem& fs, const std::string& dataLogDir, int64_t fromZxid);

// ZooKeeper's FileTxnLog.truncate (the TRUNC sync, and start-up after a torn tail): keeps the
// entries with zxid <= `zxid` and drops everything after them. Files whose name is above `zxid`
// are removed (newest first, then the folder is fsynced); the file holding `zxid` is cut just
// after it (dropping preallocated zeros and any torn tail) and fsynced. Unlike ZooKeeper, logs
// that all start above `zxid` are removed rather than refused. A crash midway leaves a prefix
// of this work done; running it again finishes it.
Status truncateLogAfter(FileSystem& fs, const std::string& dataLogDir, int64_t zxid);

}  // namespace pier::keeper
