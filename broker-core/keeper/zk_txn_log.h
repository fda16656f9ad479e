#pragma once
// TxnLogWriter: appends to ZooKeeper 3.8's transaction log, <dataLogDir>/version-2/log.<zxid>
// (docs/FORMAT-keeper.md), byte-compatible with FileTxnLog.
//
// - The first append after construction or roll() starts a new file named after that txn's
//   zxid, with the file header (magic "ZKLG", version 2, dbid 0). A file of that name left by
//   an earlier run is overwritten, as FileTxnLog's FileOutputStream does (after truncation at
//   start-up no valid entry can have that zxid or a higher one).
// - append() only encodes into memory; commit() writes everything appended since the last
//   commit with one write and one fsync (group commit: many appends, one sync), and fsyncs the
//   folder after a new file, so the file name is durable too.
// - Preallocation as FilePadding: whenever the data comes within 4 KiB of the file's end, the
//   file grows by `preallocBytes` (zookeeper.preAllocSize, default 64 MiB) by writing one zero
//   byte at the new end. Readers stop at the first zero length, so the zeros end the log.
// - After any I/O error the writer refuses further calls (WriterFailed): what reached the disk
//   is unknown, so the caller reopens the log (read, truncate, new writer).
//
// Ownership: holds a reference to the FileSystem (Requires: it outlives the writer) and owns the
// open file. Not thread-safe: one owner, e.g. the keeper's persistence loop.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "base/byte_writer.h"
#include "base/result.h"
#include "keeper/zk_txn_entry.h"
#include "runtime/file_system.h"

namespace pier::keeper {

struct TxnLogOptions {
  uint64_t preallocBytes = 64ull << 20;  // zookeeper.preAllocSize (KiB) * 1024; 0 disables
  int64_t dbId = 0;                      // FileHeader.dbid; ZooKeeper always writes 0
};

class TxnLogWriter {
 public:
  TxnLogWriter(FileSystem& fs, std::string dataLogDir, TxnLogOptions options = {});
  ~TxnLogWriter();
  TxnLogWriter(const TxnLogWriter&) = delete;
  TxnLogWriter& operator=(const TxnLogWriter&) = delete;

  // Encodes `txn` after the entries appended so far. ZxidOutOfOrder when its zxid is not above
  // the last appended one (ZooKeeper only warns; a log that goes backwards is never valid).
  Status append(const LoggedTxn& txn);
  // Makes every appended entry durable: write, grow the preallocation, fsync.
  Status commit();
  // Commits, then closes the file: the next append starts log.<its zxid>.
  Status roll();
  // Closes the file without committing what is pending (dropped) and continues after `zxid`:
  // the log was cut or replaced underneath (a TRUNC or SNAP from a ZAB leader).
  void restartAfter(int64_t zxid);

  // The file appends go to, when one is open.
  std::optional<std::string> currentFileName() const;
  // Size of the open file on disk, preallocation included (0 when none is open).
  uint64_t currentFileBytes() const { return m_allocatedBytes; }
  // Where the next entry will start in the open file.
  uint64_t currentDataBytes() const { return m_dataBytes + m_pending.size(); }
  int64_t lastAppendedZxid() const { return m_lastAppendedZxid; }
  int64_t lastCommittedZxid() const { return m_lastCommittedZxid; }

 private:
  Status openNewFile(int64_t firstZxid);
  Status preallocate(uint64_t dataEndBytes);
  Status writePending();
  Status failed(Status s);

  FileSystem& m_fs;
  std::string m_dataLogDir;
  TxnLogOptions m_options;
  std::unique_ptr<File> m_file;
  std::string m_fileName;
  bool m_dirSynced = false;  // version-2 exists and its parent knows it
  bool m_nameSynced = true;  // the open file's directory entry has been fsynced
  uint64_t m_dataBytes = 0;  // bytes of header and entries written to the open file
  uint64_t m_allocatedBytes = 0;
  Writer m_pending;  // appended, not yet written
  int64_t m_lastAppendedZxid = -1;
  int64_t m_lastCommittedZxid = -1;
  std::optional<Status> m_failure;
};

// FilePadding.calculateFileSizeWithPadding: the file size after writing up to `positionBytes`
// in a file of `fileBytes`, growing by `preallocBytes` once the position is within 4 KiB of
// the end.
uint64_t fileSizeWithPadding(uint64_t positionBytes, uint64_t fileBytes, uint64_t preallocBytes);

}  // namespace pier::keeper
