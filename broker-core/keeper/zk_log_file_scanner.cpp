#include "keeper/zk_log_file_scanner.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "keeper/zk_persistence_error.h"

namespace pier::keeper {
namespace {

constexpr int32_t kTxnLogMagic = 0x5a4b4c47;  // "ZKLG"
constexpr int32_t kTxnHeaderBytes = 32;       // the smallest payload: a TxnHeader

bool allZero(std::span<const uint8_t> bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; });
}

struct RecordHead {
  int64_t checksum;
  int32_t length;
};

RecordHead parseHead(std::span<const uint8_t> head) {
  Reader r(head);
  return {r.readInt64().valueOr(0), r.readInt32().valueOr(0)};
}

}  // namespace

Result<std::unique_ptr<LogFileScanner>> LogFileScanner::open(FileSystem& fs, const std::string& path,
                                                             std::string name, bool newest,
                                                             std::size_t windowBytes) {
  PIER_ASSIGN_OR_RETURN(auto file, fs.open(path, OpenOptions{.readOnly = true}));
  PIER_ASSIGN_OR_RETURN(uint64_t size, file->size());
  return std::unique_ptr<LogFileScanner>(
      new LogFileScanner(std::move(file), std::move(name), size, newest, std::max<std::size_t>(windowBytes, 64)));
}

LogFileScanner::LogFileScanner(std::unique_ptr<File> file, std::string name, uint64_t sizeBytes,
                               bool newest, std::size_t windowBytes)
    : m_file(std::move(file)), m_name(std::move(name)), m_size(sizeBytes), m_newest(newest),
      m_windowBytes(windowBytes) {}

Result<std::span<const uint8_t>> LogFileScanner::read(uint64_t offset, std::size_t n) {
  if (offset >= m_size) return std::span<const uint8_t>();
  n = static_cast<std::size_t>(std::min<uint64_t>(n, m_size - offset));
  if (offset >= m_windowStart && offset + n <= m_windowStart + m_window.size()) {
    return std::span<const uint8_t>(m_window).subspan(offset - m_windowStart, n);
  }
  const uint64_t want = std::max<uint64_t>(n, std::min<uint64_t>(m_windowBytes, m_size - offset));
  m_window.resize(static_cast<std::size_t>(want));
  PIER_ASSIGN_OR_RETURN(std::size_t got, m_file->readAt(offset, m_window));
  m_window.resize(got);
  m_windowStart = offset;
  return std::span<const uint8_t>(m_window).first(std::min(n, got));
}

Result<bool> LogFileScanner::zerosFrom(uint64_t offset) {
  while (offset < m_size) {
    PIER_ASSIGN_OR_RETURN(auto chunk, read(offset, m_windowBytes));
    if (chunk.empty()) break;  // the file shrank under us: nothing more to look at
    if (!allZero(chunk)) return false;
    offset += chunk.size();
  }
  return true;
}

Status LogFileScanner::corrupt(uint64_t offset, const std::string& what) const {
  return Status(PersistenceError::CorruptTxnLog, fmt::format("{} at offset {}: {}", m_name, offset, what));
}

ScanStep LogFileScanner::torn(uint64_t offset, bool partial, std::string reason) {
  ScanStep step;
  step.kind = ScanStep::Kind::Torn;
  step.offset = offset;
  step.partial = partial;
  step.reason = std::move(reason);
  return step;
}

Result<ScanStep> LogFileScanner::header() {
  m_done = true;
  PIER_ASSIGN_OR_RETURN(auto bytes, read(0, kHeaderBytes));
  const bool zeros = allZero(bytes);
  if (bytes.size() < kHeaderBytes) {
    if (m_newest) return torn(0, true, "file header cut short");
    return corrupt(0, fmt::format("file header cut short ({} bytes)", bytes.size()));
  }
  Reader r(bytes);
  if (r.readInt32().valueOr(0) != kTxnLogMagic) {
    if (m_newest && zeros) return torn(0, true, "file header never written");
    return corrupt(0, "bad magic (not a ZooKeeper transaction log)");
  }
  m_done = false;
  m_offset = kHeaderBytes;
  return next();
}

Result<ScanStep> LogFileScanner::endAt(uint64_t offset, const char* reasonIfNotZero) {
  m_done = true;
  m_offset = offset;
  ScanStep end;
  end.offset = offset;
  // An older file ends at a zero length whatever follows, as ZooKeeper reads it; only a few
  // bytes too short for a record head are looked at there.
  const bool cutShort = offset + kRecordHeadBytes > m_size;
  if (!m_newest && !cutShort) return end;
  PIER_ASSIGN_OR_RETURN(bool zeros, zerosFrom(offset));
  if (!zeros) return broken(offset, true, reasonIfNotZero);
  return end;
}

Result<uint8_t> LogFileScanner::byteAt(uint64_t offset) {
  if (offset >= m_windowStart && offset < m_windowStart + m_window.size()) return m_window[offset - m_windowStart];
  std::array<uint8_t, 1> byte{0};
  PIER_ASSIGN_OR_RETURN(std::size_t got, m_file->readAt(offset, byte));
  return got == 1 ? byte[0] : uint8_t{0};
}

Result<uint64_t> LogFileScanner::nonZeroFrom(uint64_t offset) {
  while (offset < m_size) {
    PIER_ASSIGN_OR_RETURN(auto chunk, read(offset, m_windowBytes));
    if (chunk.empty()) break;
    auto it = std::find_if(chunk.begin(), chunk.end(), [](uint8_t b) { return b != 0; });
    if (it != chunk.end()) return offset + static_cast<uint64_t>(it - chunk.begin());
    offset += chunk.size();
  }
  return m_size;
}

Result<bool> LogFileScanner::validRecordAt(uint64_t offset) {
  PIER_ASSIGN_OR_RETURN(auto head, read(offset, kRecordHeadBytes));
  if (head.size() < kRecordHeadBytes) return false;
  const RecordHead h = parseHead(head);
  const uint64_t recordEnd = offset + kRecordHeadBytes + static_cast<uint64_t>(std::max(h.length, 0)) + 1;
  if (h.length < kTxnHeaderBytes || recordEnd > m_size) return false;
  PIER_ASSIGN_OR_RETURN(auto rec, read(offset + kRecordHeadBytes, static_cast<std::size_t>(h.length) + 1));
  if (rec.size() != static_cast<std::size_t>(h.length) + 1 || rec.back() != kEndOfRecord) return false;
  return adler32Of(rec.first(static_cast<std::size_t>(h.length))) == h.checksum;
}

// The first offset after `from` where a whole record with a good checksum starts.
Result<std::optional<uint64_t>> LogFileScanner::nextValidRecord(uint64_t from) {
  for (uint64_t q = from; q + kRecordHeadBytes + kTxnHeaderBytes + 1 <= m_size; ++q) {
    PIER_ASSIGN_OR_RETURN(auto head, read(q, kRecordHeadBytes));
    const RecordHead h = parseHead(head);
    if (h.length == 0) {
      // Zeros (preallocation): no record head can start before the next non-zero byte - 11.
      PIER_ASSIGN_OR_RETURN(uint64_t nonZero, nonZeroFrom(q + kRecordHeadBytes - 4));
      if (nonZero >= m_size) break;
      if (nonZero >= q + kRecordHeadBytes) q = nonZero - kRecordHeadBytes;  // ++q: nonZero - 11
      continue;
    }
    if (h.length < kTxnHeaderBytes || q + kRecordHeadBytes + static_cast<uint64_t>(h.length) + 1 > m_size) continue;
    PIER_ASSIGN_OR_RETURN(uint8_t last, byteAt(q + kRecordHeadBytes + static_cast<uint64_t>(h.length)));
    if (last != kEndOfRecord) continue;
    PIER_ASSIGN_OR_RETURN(bool valid, validRecordAt(q));
    if (valid) return std::optional<uint64_t>(q);
  }
  return std::optional<uint64_t>();
}

// An entry that cannot be read whole. A valid record after it means the damage is in the middle
// of the log (a flipped bit, not a write cut short by a crash): that is corruption, never an end.
Result<ScanStep> LogFileScanner::broken(uint64_t offset, bool partial, std::string reason) {
  m_done = true;
  PIER_ASSIGN_OR_RETURN(auto valid, nextValidRecord(offset + 1));
  if (valid) return corrupt(offset, fmt::format("{}, and a valid entry follows at offset {}", reason, *valid));
  return torn(offset, partial, std::move(reason));
}

Result<ScanStep> LogFileScanner::next() {
  if (m_done) {
    ScanStep end;
    end.offset = m_offset;
    return end;
  }
  if (m_offset == 0) return header();
  const uint64_t at = m_offset;
  PIER_ASSIGN_OR_RETURN(auto head, read(at, kRecordHeadBytes));
  if (head.size() < kRecordHeadBytes) return endAt(at, "a record head cut short");
  const RecordHead h = parseHead(head);
  if (h.length == 0) return endAt(at, "non-zero bytes after a zero record length");
  const uint64_t recordEnd = at + kRecordHeadBytes + static_cast<uint64_t>(std::max(h.length, 0)) + 1;
  if (h.length < 0 || recordEnd > m_size) {
    return broken(at, true, fmt::format("record length {} runs past the end of the file", h.length));
  }
  PIER_ASSIGN_OR_RETURN(auto rec, read(at + kRecordHeadBytes, static_cast<std::size_t>(h.length) + 1));
  if (rec.size() != static_cast<std::size_t>(h.length) + 1 || rec.back() != kEndOfRecord) {
    return broken(at, true, "no end-of-record byte");
  }
  const auto payload = rec.first(static_cast<std::size_t>(h.length));
  if (adler32Of(payload) != h.checksum) return broken(at, false, "checksum mismatch");
  auto txn = decodeTxnPayload(payload);
  if (!txn) {
    m_done = true;
    return corrupt(at, txn.status().message());
  }
  m_offset = recordEnd;
  ScanStep step;
  step.kind = ScanStep::Kind::Entry;
  step.txn = std::move(*txn);
  step.offset = at;
  step.endOffset = recordEnd;
  return step;
}

}  // namespace pier::keeper
