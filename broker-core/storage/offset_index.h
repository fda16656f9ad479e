#pragma once
// OffsetIndex: a segment's sparse map from offset to file position (Kafka's OffsetIndex).
// Entries are 8 bytes, big-endian: relative offset int32 (offset - base offset), position
// int32. Offsets and positions strictly increase. lookup(target) returns the last entry at or
// below `target`, from which a reader scans the log forwards.
//
// Owned by one LogSegment; not thread-safe.

#include <cstdint>
#include <memory>
#include <string>

#include "base/ids.h"
#include "base/result.h"
#include "storage/index_file.h"

namespace pier::storage {

inline constexpr std::size_t kOffsetIndexEntryBytes = 8;

struct OffsetPosition {
  Offset offset{0};
  uint32_t position = 0;
  friend bool operator==(const OffsetPosition&, const OffsetPosition&) = default;
};

class OffsetIndex {
 public:
  static Result<std::unique_ptr<OffsetIndex>> open(FileCache& cache, const std::string& path, Offset baseOffset,
                                                   uint64_t sizeBytesMax);

  Offset baseOffset() const { return m_baseOffset; }
  std::size_t entryCount() const { return m_file->entryCount(); }
  bool isFull() const { return m_file->isFull(); }
  OffsetPosition entryAt(std::size_t i) const;
  // The last entry's offset, or the base offset when empty.
  Offset lastOffset() const;
  // The last entry with offset <= target; {baseOffset, 0} when there is none.
  OffsetPosition lookup(Offset target) const;

  // InvalidOffset unless offset > lastOffset() (or the index is empty) and it fits in 32 bits
  // relative to the base. Requires: !isFull().
  Status append(Offset offset, uint32_t position);
  // Drops entries with offset >= `offset`.
  Status truncateTo(Offset offset);
  Status reset() { return m_file->truncateToEntries(0); }
  // CorruptIndex when the file is not whole entries, or entries are out of order or below base.
  // Loads the entries first.
  Status sanityCheck();
  Status load() { return m_file->load(); }

  IndexFile& file() { return *m_file; }

 private:
  OffsetIndex(std::unique_ptr<IndexFile> file, Offset baseOffset) : m_file(std::move(file)), m_baseOffset(baseOffset) {}
  // First entry index whose offset is > target.
  std::size_t upperBound(Offset target) const;

  std::unique_ptr<IndexFile> m_file;
  Offset m_baseOffset;
};

}  // namespace pier::storage
