#pragma once
// SegmentScanner: walks the batches of a segment's .log file from a position, reading through a
// window that starts at 16 KiB and doubles up to 1 MiB, so a lookup reads a little and a long
// scan costs one read per megabyte, not one per batch. Used by recovery,
// offset and timestamp lookups, and the offline inspector.
//
// Each step yields a batch's position and header (and, on request, its bytes). The walk ends
// cleanly at `endPosition`; bytes that cannot be a batch there are reported, not skipped:
//   - PartialBatch: the file ends inside a batch (a write cut short by a crash);
//   - StorageError::LegacyFormat: a whole magic 0/1 message with a valid CRC32 (pre-0.11 data,
//     not supported: refused, never cut);
//   - CorruptBatch / UnsupportedMagic / CrcMismatch (with verifyCrc): anything else.
// After an error the scanner stays at the failed batch (position()).
//
// Requires: the File outlives the scanner. Not thread-safe.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "base/result.h"
#include "protocol/records/batch_header.h"
#include "runtime/file_system.h"

namespace pier::storage {

struct ScannedBatch {
  uint64_t position = 0;
  protocol::records::BatchHeader header;
  std::span<const uint8_t> bytes;  // the whole batch when requested; valid until the next step
};

class SegmentScanner {
 public:
  SegmentScanner(File& log, uint64_t startPosition, uint64_t endPosition)
      : m_log(log), m_pos(startPosition), m_end(endPosition) {}

  // The next batch, std::nullopt at the end. With wantBytes the whole batch is read and, with
  // verifyCrc, validated (lengths, compression bits, CRC32C).
  Result<std::optional<ScannedBatch>> next(bool wantBytes = false, bool verifyCrc = false);

  uint64_t position() const { return m_pos; }

 private:
  // Makes [position, position + n) available in the window; fewer bytes at end of file.
  Result<std::span<const uint8_t>> window(uint64_t position, std::size_t n);
  Status legacyOrCorrupt(int8_t magic, uint64_t left);

  static constexpr std::size_t kFirstReadBytes = 16u << 10;
  static constexpr std::size_t kWindowBytes = 1u << 20;

  File& m_log;
  uint64_t m_pos;
  uint64_t m_end;
  std::vector<uint8_t> m_buf;
  uint64_t m_bufStart = 0;
  std::size_t m_readAheadBytes = kFirstReadBytes;
};

}  // namespace pier::storage
