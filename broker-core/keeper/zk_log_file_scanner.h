#pragma once
// LogFileScanner: walks the entries of one ZooKeeper transaction log file (log.<zxid>) and says
// how the file ends. Used by TxnLogReader and truncateLogAfter; the policy of what a torn end
// means for the whole log lives there (zk_txn_log_reader.h).
//
// Each next() is one of:
//   Entry  a record with a good checksum and 'B' whose payload decodes;
//   End    the file's clean end: its end, or a zero length (preallocated zeros). In the newest
//          file the rest must be all zeros, otherwise that is Torn;
//   Torn   valid data stops here: a record cut short (`partial`: length past the end, no 'B',
//          junk after a zero length in the newest file) or with a checksum mismatch, and no
//          valid record anywhere after it in the file;
//   error  CorruptTxnLog naming file and offset: bad magic, a broken record followed by a valid
//          one (damage in the middle, not a write cut short), a payload that does not decode.
//
// The search for a valid record after a broken one looks at every later offset (zero runs are
// skipped in bulk): a crash tears the end, so finding one means damage in the middle (see
// docs/FORMAT-keeper.md for the one crash that looks alike).
//
// Owns the open file and a read window of `windowBytes` (grown for a larger record). Not
// thread-safe. Never crashes on any contents.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "keeper/zk_txn_entry.h"
#include "runtime/file_system.h"

namespace pier::keeper {

struct ScanStep {
  enum class Kind { Entry, End, Torn };
  Kind kind = Kind::End;
  LoggedTxn txn;           // Entry
  uint64_t offset = 0;     // Entry: where it starts; End/Torn: where valid data stops
  uint64_t endOffset = 0;  // Entry: just past it
  bool partial = false;    // Torn: cut short (rather than a checksum mismatch)
  std::string reason;      // Torn: why, for logs
};

class LogFileScanner {
 public:
  inline static constexpr uint64_t kHeaderBytes = 16;

  // `newest`: the last file of the log, where trailing garbage is a torn tail.
  static Result<std::unique_ptr<LogFileScanner>> open(FileSystem& fs, const std::string& path,
                                                      std::string name, bool newest,
                                                      std::size_t windowBytes = 1u << 20);
  Result<ScanStep> next();
  const std::string& name() const { return m_name; }

 private:
  LogFileScanner(std::unique_ptr<File> file, std::string name, uint64_t sizeBytes, bool newest,
                 std::size_t windowBytes);
  // Bytes [offset, offset + n) clipped to the file; valid until the next call.
  Result<std::span<const uint8_t>> read(uint64_t offset, std::size_t n);
  Result<bool> zerosFrom(uint64_t offset);
  Result<ScanStep> header();
  Result<ScanStep> endAt(uint64_t offset, const char* reasonIfNotZero);
  Result<ScanStep> broken(uint64_t offset, bool partial, std::string reason);
  Result<bool> validRecordAt(uint64_t offset);
  Result<std::optional<uint64_t>> nextValidRecord(uint64_t from);
  Result<uint8_t> byteAt(uint64_t offset);
  Result<uint64_t> nonZeroFrom(uint64_t offset);
  Status corrupt(uint64_t offset, const std::string& what) const;
  static ScanStep torn(uint64_t offset, bool partial, std::string reason);

  std::unique_ptr<File> m_file;
  std::string m_name;
  uint64_t m_size;
  bool m_newest;
  std::size_t m_windowBytes;
  uint64_t m_offset = 0;
  bool m_done = false;
  uint64_t m_windowStart = 0;
  std::vector<uint8_t> m_window;
};

}  // namespace pier::keeper
