#include "storage/time_index.h"

#include <array>
#include <limits>

#include <fmt/format.h>

#include "base/big_endian.h"
#include "storage/storage_error.h"

namespace pier::storage {

Result<std::unique_ptr<TimeIndex>> TimeIndex::open(FileCache& cache, const std::string& path, Offset baseOffset,
                                                   uint64_t sizeBytesMax) {
  PIER_ASSIGN_OR_RETURN(auto file, IndexFile::open(cache, path, kTimeIndexEntryBytes, sizeBytesMax));
  return std::unique_ptr<TimeIndex>(new TimeIndex(std::move(file), baseOffset));
}

TimestampOffset TimeIndex::entryAt(std::size_t i) const {
  auto e = m_file->entry(i);
  return TimestampOffset{loadBigEndian<int64_t>(e.data()),
                         Offset(m_baseOffset.value() + loadBigEndian<int32_t>(e.data() + 8))};
}

TimestampOffset TimeIndex::lastEntry() const {
  return entryCount() == 0 ? TimestampOffset{kNoTimestamp, m_baseOffset} : entryAt(entryCount() - 1);
}

TimestampOffset TimeIndex::lookup(int64_t target) const {
  std::size_t lo = 0;
  std::size_t hi = entryCount();
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo) / 2;
    if (entryAt(mid).timestamp <= target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? TimestampOffset{kNoTimestamp, m_baseOffset} : entryAt(lo - 1);
}

Status TimeIndex::maybeAppend(int64_t timestamp, Offset offset, bool lastSlot) {
  PIER_ASSIGN_OR_RETURN(int32_t relative, relativeOffset(m_file->path(), m_baseOffset, offset));
  TimestampOffset last = lastEntry();
  if (entryCount() > 0 && offset < last.offset) {
    return Status(StorageError::InvalidOffset, fmt::format("{}: offset {} is below the last entry's {}",
                                                           m_file->path(), offset.value(), last.offset.value()));
  }
  if (entryCount() > 0 && timestamp <= last.timestamp) return Status::ok();
  if (m_file->isFull() || (!lastSlot && isFull())) {
    return Status(StorageError::CorruptIndex, fmt::format("{}: time index is full", m_file->path()));
  }
  std::array<uint8_t, kTimeIndexEntryBytes> e{};
  storeBigEndian<int64_t>(e.data(), timestamp);
  storeBigEndian<int32_t>(e.data() + 8, relative);
  return m_file->append(e);
}

Status TimeIndex::truncateTo(Offset offset) {
  std::size_t keep = 0;
  while (keep < entryCount() && entryAt(keep).offset < offset) ++keep;
  return m_file->truncateToEntries(keep);
}

Status TimeIndex::sanityCheck() {
  PIER_RETURN_IF_ERROR(m_file->load());
  PIER_RETURN_IF_ERROR(m_file->checkWholeEntries());
  for (std::size_t i = 0; i < entryCount(); ++i) {
    TimestampOffset e = entryAt(i);
    bool ordered = i == 0 ? e.offset >= m_baseOffset
                          : e.timestamp > entryAt(i - 1).timestamp && e.offset >= entryAt(i - 1).offset;
    if (!ordered) {
      return Status(StorageError::CorruptIndex, fmt::format("{}: entry {} (timestamp {}, offset {}) is out of order",
                                                            m_file->path(), i, e.timestamp, e.offset.value()));
    }
  }
  return Status::ok();
}

}  // namespace pier::storage
