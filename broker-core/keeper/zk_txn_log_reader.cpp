#include "keeper/zk_txn_log_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "keeper/zk_log_file_scanner.h"
#include "keeper/zk_persistence_error.h"

namespace pier::keeper {

Result<TxnLogReader> TxnLogReader::open(FileSystem& fs, std::string dataLogDir, int64_t fromZxid) {
  PIER_ASSIGN_OR_RETURN(auto logs, listTxnLogs(fs, dataLogDir));
  // FileTxnLog.getLogFiles: the newest file starting at or before fromZxid, and every later one.
  std::size_t start = 0;
  for (std::size_t i = 0; i < logs.size(); ++i) {
    if (logs[i].firstZxid <= fromZxid) start = i;
  }
  logs.erase(logs.begin(), logs.begin() + static_cast<std::ptrdiff_t>(start));
  return TxnLogReader(fs, std::move(dataLogDir), std::move(logs), fromZxid);
}

TxnLogReader::TxnLogReader(FileSystem& fs, std::string dataLogDir, std::vector<TxnLogFile> files,
                           int64_t fromZxid)
    : m_fs(&fs), m_dataLogDir(std::move(dataLogDir)), m_files(std::move(files)), m_fromZxid(fromZxid) {}

TxnLogReader::TxnLogReader(TxnLogReader&&) noexcept = default;
TxnLogReader& TxnLogReader::operator=(TxnLogReader&&) noexcept = default;
TxnLogReader::~TxnLogReader() = default;

Result<std::optional<LoggedTxn>> TxnLogReader::next() {
  while (true) {
    if (!m_scanner) {
      if (m_nextFile >= m_files.size()) return std::optional<LoggedTxn>();
      const TxnLogFile& file = m_files[m_nextFile++];
      const bool newest = m_nextFile == m_files.size();
      PIER_ASSIGN_OR_RETURN(m_scanner, LogFileScanner::open(*m_fs, joinPath(versionDir(m_dataLogDir), file.name),
                                                            file.name, newest));
    }
    PIER_ASSIGN_OR_RETURN(auto txn, nextInFile());
    if (txn) return txn;
  }
}

// The next wanted entry of the open file; std::nullopt (and the scanner closed) at its end.
Result<std::optional<LoggedTxn>> TxnLogReader::nextInFile() {
  while (true) {
    PIER_ASSIGN_OR_RETURN(ScanStep step, m_scanner->next());
    const std::string& name = m_scanner->name();
    if (step.kind == ScanStep::Kind::Entry) {
      if (step.txn.header.zxid < m_fromZxid) continue;
      m_lastEntryEnd = LogPosition{name, step.endOffset};
      return std::optional<LoggedTxn>(std::move(step.txn));
    }
    if (step.kind == ScanStep::Kind::Torn) {
      const bool newest = m_nextFile == m_files.size();
      if (newest) {
        m_tornTail = LogPosition{name, step.offset};
      } else if (step.partial) {
        m_skippedTails.push_back(LogPosition{name, step.offset});
      } else {
        // ZooKeeper refuses this too: a later file exists, so the entry had been written whole.
        return Status(PersistenceError::CorruptTxnLog,
                      fmt::format("{} at offset {}: {} of an older log file", name, step.offset, step.reason));
      }
    }
    m_scanner.reset();
    return std::optional<LoggedTxn>();
  }
}

Result<TxnLogContents> readTxnLog(FileSystem& fs, const std::string& dataLogDir, int64_t fromZxid) {
  PIER_ASSIGN_OR_RETURN(auto reader, TxnLogReader::open(fs, dataLogDir, fromZxid));
  TxnLogContents contents;
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto txn, reader.next());
    if (!txn) break;
    contents.txns.push_back(std::move(*txn));
  }
  contents.tornTail = reader.tornTail();
  contents.skippedTails = reader.skippedTails();
  return contents;
}

namespace {

// Where `file` must end to keep exactly its entries with zxid <= `zxid`.
Result<uint64_t> keptBytes(FileSystem& fs, const std::string& path, const std::string& name, int64_t zxid) {
  PIER_ASSIGN_OR_RETURN(auto scanner, LogFileScanner::open(fs, path, name, /*newest=*/true));
  uint64_t keep = LogFileScanner::kHeaderBytes;
  while (true) {
    PIER_ASSIGN_OR_RETURN(ScanStep step, scanner->next());
    if (step.kind != ScanStep::Kind::Entry) return std::min(keep, step.offset);
    if (step.txn.header.zxid > zxid) return keep;
    keep = step.endOffset;
  }
}

}  // namespace

Status truncateLogAfter(FileSystem& fs, const std::string& dataLogDir, int64_t zxid) {
  PIER_ASSIGN_OR_RETURN(auto logs, listTxnLogs(fs, dataLogDir));
  const std::string dir = versionDir(dataLogDir);
  std::size_t kept = 0;  // files [0, kept) start at or below zxid
  while (kept < logs.size() && logs[kept].firstZxid <= zxid) ++kept;
  // Newest first, so a crash midway never leaves a gap between kept and later entries.
  for (std::size_t i = logs.size(); i-- > kept;) {
    PIER_RETURN_IF_ERROR(fs.remove(joinPath(dir, logs[i].name)));
  }
  if (kept < logs.size()) PIER_RETURN_IF_ERROR(fs.syncDirectory(dir));
  if (kept == 0) return Status();
  const std::string path = joinPath(dir, logs[kept - 1].name);
  PIER_ASSIGN_OR_RETURN(uint64_t keep, keptBytes(fs, path, logs[kept - 1].name, zxid));
  PIER_ASSIGN_OR_RETURN(auto file, fs.open(path, OpenOptions{}));
  PIER_RETURN_IF_ERROR(file->truncate(keep));
  return file->sync();
}

}  // namespace pier::keeper
