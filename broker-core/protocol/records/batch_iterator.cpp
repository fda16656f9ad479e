#include "protocol/records/batch_iterator.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "protocol/records/batch_header.h"
#include "protocol/records/record_error.h"

namespace pier::protocol::records {
namespace {

// The smallest legal size field: a v0 message (crc, magic, attributes, key and value lengths).
constexpr int32_t kEntrySizeMin = 14;

}  // namespace

Result<std::optional<BatchEntry>> BatchIterator::next() {
  std::span<const uint8_t> rest = remaining();
  if (rest.empty()) return std::optional<BatchEntry>();
  if (rest.size() < kMagicOffset + 1) {
    return Status(RecordError::PartialBatch,
                  fmt::format("{} trailing bytes at position {}: an incomplete entry header", rest.size(), m_pos));
  }
  Reader r(rest);
  int64_t baseOffset = r.readInt64().valueOr(0);
  int32_t size = r.readInt32().valueOr(0);
  if (size < kEntrySizeMin) {
    return Status(RecordError::CorruptBatch, fmt::format("entry at position {}: size {}", m_pos, size));
  }
  std::size_t total = static_cast<std::size_t>(size) + kLogOverheadBytes;
  if (total > rest.size()) {
    return Status(RecordError::PartialBatch,
                  fmt::format("entry at position {} needs {} bytes, have {}", m_pos, total, rest.size()));
  }
  BatchEntry entry{rest.first(total), static_cast<int8_t>(rest[kMagicOffset]), baseOffset};
  m_pos += total;
  return std::optional<BatchEntry>(entry);
}

}  // namespace pier::protocol::records
