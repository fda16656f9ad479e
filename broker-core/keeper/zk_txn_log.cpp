#include "keeper/zk_txn_log.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "keeper/zk_file_names.h"
#include "keeper/zk_persistence_error.h"
#include "protocol/zookeeper/generated/jute_persistence.h"

namespace pier::keeper {
namespace {

constexpr int32_t kTxnLogMagic = 0x5a4b4c47;  // "ZKLG"
constexpr int32_t kTxnLogVersion = 2;
constexpr uint64_t kPadWithinBytes = 4096;

}  // namespace

uint64_t fileSizeWithPadding(uint64_t positionBytes, uint64_t fileBytes, uint64_t preallocBytes) {
  if (preallocBytes == 0 || positionBytes + kPadWithinBytes < fileBytes) return fileBytes;
  if (positionBytes > fileBytes) {
    const uint64_t size = positionBytes + preallocBytes;
    return size - size % preallocBytes;
  }
  return fileBytes + preallocBytes;
}

TxnLogWriter::TxnLogWriter(FileSystem& fs, std::string dataLogDir, TxnLogOptions options)
    : m_fs(fs), m_dataLogDir(std::move(dataLogDir)), m_options(options) {}

TxnLogWriter::~TxnLogWriter() = default;

std::optional<std::string> TxnLogWriter::currentFileName() const {
  if (!m_file) return std::nullopt;
  return m_fileName;
}

Status TxnLogWriter::failed(Status s) {
  if (!s.isOk() && !m_failure) {
    m_failure = Status(PersistenceError::WriterFailed, m_fileName + ": " + s.toString());
  }
  return s;
}

Status TxnLogWriter::append(const LoggedTxn& txn) {
  if (m_failure) return *m_failure;
  if (txn.header.zxid <= m_lastAppendedZxid) {
    return Status(
        PersistenceError::ZxidOutOfOrder,
        fmt::format("zxid {:#x} appended after {:#x}", txn.header.zxid, m_lastAppendedZxid));
  }
  if (!m_file) PIER_RETURN_IF_ERROR(failed(openNewFile(txn.header.zxid)));
  appendLogRecord(m_pending, txn);
  m_lastAppendedZxid = txn.header.zxid;
  return Status();
}

Status TxnLogWriter::openNewFile(int64_t firstZxid) {
  const std::string dir = versionDir(m_dataLogDir);
  if (!m_dirSynced) {
    PIER_RETURN_IF_ERROR(m_fs.createDirectories(dir));
    PIER_RETURN_IF_ERROR(m_fs.syncDirectory(m_dataLogDir));
    m_dirSynced = true;
  }
  m_fileName = txnLogName(firstZxid);
  PIER_ASSIGN_OR_RETURN(
      m_file, m_fs.open(joinPath(dir, m_fileName), OpenOptions{.create = true, .truncate = true}));
  m_nameSynced = false;
  m_dataBytes = 0;
  m_allocatedBytes = 0;
  protocol::zookeeper::FileHeader{kTxnLogMagic, kTxnLogVersion, m_options.dbId}.encode(m_pending);
  return Status();
}

Status TxnLogWriter::preallocate(uint64_t dataEndBytes) {
  const uint64_t size =
      fileSizeWithPadding(dataEndBytes, m_allocatedBytes, m_options.preallocBytes);
  if (size > m_allocatedBytes && size > dataEndBytes) {
    // One byte at the new end; the file system fills the gap with zeros (sparse on POSIX).
    const std::array<uint8_t, 1> zero{0};
    PIER_RETURN_IF_ERROR(m_file->writeAt(size - 1, zero));
  }
  m_allocatedBytes = std::max(size, dataEndBytes);
  return Status();
}

Status TxnLogWriter::writePending() {
  const uint64_t end = m_dataBytes + m_pending.size();
  PIER_RETURN_IF_ERROR(preallocate(end));
  PIER_RETURN_IF_ERROR(m_file->writeAt(m_dataBytes, m_pending.bytes()));
  m_dataBytes = end;
  m_pending.clear();
  PIER_RETURN_IF_ERROR(m_file->sync());
  if (!m_nameSynced) {
    PIER_RETURN_IF_ERROR(m_fs.syncDirectory(versionDir(m_dataLogDir)));
    m_nameSynced = true;
  }
  return Status();
}

Status TxnLogWriter::commit() {
  if (m_failure) return *m_failure;
  if (!m_file || (m_pending.size() == 0 && m_nameSynced)) return Status();
  PIER_RETURN_IF_ERROR(failed(writePending()));
  m_lastCommittedZxid = m_lastAppendedZxid;
  return Status();
}

Status TxnLogWriter::roll() {
  PIER_RETURN_IF_ERROR(commit());
  m_file.reset();
  m_dataBytes = 0;
  m_allocatedBytes = 0;
  return Status();
}

void TxnLogWriter::restartAfter(int64_t zxid) {
  m_file.reset();
  m_pending = Writer();
  m_dataBytes = 0;
  m_allocatedBytes = 0;
  m_lastAppendedZxid = zxid;
  m_lastCommittedZxid = zxid;
}

}  // namespace pier::keeper
