#include "storage/segment_scanner.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/big_endian.h"
#include "base/crc.h"
#include "protocol/records/record_error.h"
#include "storage/storage_error.h"

namespace pier::storage {

using protocol::RecordError;
namespace records = protocol::records;

Result<std::span<const uint8_t>> SegmentScanner::window(uint64_t position, std::size_t n) {
  const bool inside = position >= m_bufStart && position + n <= m_bufStart + m_buf.size();
  if (!inside) {
    // Read-ahead starts small (a lookup usually ends within one index interval) and doubles up
    // to kWindowBytes while the scan goes on (recovery, compaction).
    m_buf.resize(std::max(n, m_readAheadBytes));
    m_readAheadBytes = std::min(m_readAheadBytes * 2, kWindowBytes);
    PIER_ASSIGN_OR_RETURN(std::size_t got, m_log.readAt(position, m_buf));
    m_buf.resize(got);
    m_bufStart = position;
  }
  const std::size_t from = static_cast<std::size_t>(position - m_bufStart);
  return std::span<const uint8_t>(m_buf).subspan(from, std::min(n, m_buf.size() - from));
}

Status SegmentScanner::legacyOrCorrupt(int8_t magic, uint64_t left) {
  // Only a whole message with a valid CRC32 is pre-0.11 data, which Pier refuses rather than
  // let recovery cut it; zeros or garbage that merely look like magic 0/1 are corruption.
  constexpr int32_t kLegacyMessageBytesMin = 14;
  PIER_ASSIGN_OR_RETURN(auto head, window(m_pos, static_cast<std::size_t>(std::min<uint64_t>(left, 16))));
  const int32_t size = head.size() >= 12 ? loadBigEndian<int32_t>(head.data() + 8) : 0;
  const uint64_t total = static_cast<uint64_t>(size) + records::kLogOverheadBytes;
  if (size >= kLegacyMessageBytesMin && total <= left) {
    PIER_ASSIGN_OR_RETURN(auto entry, window(m_pos, static_cast<std::size_t>(total)));
    if (entry.size() == total && crc32(entry.subspan(records::kMagicOffset)) == loadBigEndian<uint32_t>(entry.data() + 12)) {
      return Status(StorageError::LegacyFormat,
                    fmt::format("position {}: a magic {} message set; segments written before Kafka 0.11 are not "
                                "supported (convert the topic, e.g. by re-producing it)", m_pos, magic));
    }
  }
  return Status(RecordError::CorruptBatch, fmt::format("position {}: magic {} and no valid message", m_pos, magic));
}

Result<std::optional<ScannedBatch>> SegmentScanner::next(bool wantBytes, bool verifyCrc) {
  using Out = std::optional<ScannedBatch>;
  if (m_pos >= m_end) return Out();
  const uint64_t left = m_end - m_pos;
  const std::size_t headerBytes = static_cast<std::size_t>(std::min<uint64_t>(left, records::kBatchHeaderBytes));
  PIER_ASSIGN_OR_RETURN(auto head, window(m_pos, headerBytes));
  const int8_t magic = head.size() > records::kMagicOffset ? static_cast<int8_t>(head[records::kMagicOffset]) : 2;
  if (magic == 0 || magic == 1) return legacyOrCorrupt(magic, left);
  if (head.size() < records::kBatchHeaderBytes) {
    return Status(RecordError::PartialBatch,
                  fmt::format("position {}: {} bytes left, a batch header needs {}", m_pos, head.size(),
                              records::kBatchHeaderBytes));
  }
  PIER_ASSIGN_OR_RETURN(records::BatchHeader header, records::decodeBatchHeader(head));
  if (header.batchLength < static_cast<int32_t>(records::kBatchHeaderBytes - records::kLogOverheadBytes)) {
    return Status(RecordError::CorruptBatch, fmt::format("position {}: batchLength {}", m_pos, header.batchLength));
  }
  const uint64_t total = header.sizeBytes();
  if (total > left) {
    return Status(RecordError::PartialBatch,
                  fmt::format("position {}: batch of {} bytes, {} left in the segment", m_pos, total, left));
  }
  ScannedBatch out{m_pos, header, {}};
  if (wantBytes || verifyCrc) {
    PIER_ASSIGN_OR_RETURN(out.bytes, window(m_pos, static_cast<std::size_t>(total)));
    if (out.bytes.size() < total) {
      return Status(RecordError::PartialBatch, fmt::format("position {}: batch cut short by end of file", m_pos));
    }
    if (verifyCrc) {
      records::BatchLimits limits{.batchBytesMax = static_cast<std::size_t>(total), .decompressedBytesMax = 0};
      auto valid = records::validateBatchShallow(out.bytes, limits);
      if (!valid) return valid.status().withContext(fmt::format("position {}", m_pos));
    }
  }
  m_pos += total;
  return Out(out);
}

}  // namespace pier::storage
