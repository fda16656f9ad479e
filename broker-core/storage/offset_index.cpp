#include "storage/offset_index.h"

#include <array>
#include <limits>

#include <fmt/format.h>

#include "base/big_endian.h"
#include "storage/storage_error.h"

namespace pier::storage {

Result<std::unique_ptr<OffsetIndex>> OffsetIndex::open(FileCache& cache, const std::string& path, Offset baseOffset,
                                                       uint64_t sizeBytesMax) {
  PIER_ASSIGN_OR_RETURN(auto file, IndexFile::open(cache, path, kOffsetIndexEntryBytes, sizeBytesMax));
  return std::unique_ptr<OffsetIndex>(new OffsetIndex(std::move(file), baseOffset));
}

OffsetPosition OffsetIndex::entryAt(std::size_t i) const {
  auto e = m_file->entry(i);
  return OffsetPosition{Offset(m_baseOffset.value() + loadBigEndian<int32_t>(e.data())),
                        loadBigEndian<uint32_t>(e.data() + 4)};
}

Offset OffsetIndex::lastOffset() const {
  return entryCount() == 0 ? m_baseOffset : entryAt(entryCount() - 1).offset;
}

std::size_t OffsetIndex::upperBound(Offset target) const {
  std::size_t lo = 0;
  std::size_t hi = entryCount();
  while (lo < hi) {
    std::size_t mid = lo + (hi - lo) / 2;
    if (entryAt(mid).offset <= target) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

OffsetPosition OffsetIndex::lookup(Offset target) const {
  std::size_t i = upperBound(target);
  return i == 0 ? OffsetPosition{m_baseOffset, 0} : entryAt(i - 1);
}

Status OffsetIndex::append(Offset offset, uint32_t position) {
  PIER_ASSIGN_OR_RETURN(int32_t relative, relativeOffset(m_file->path(), m_baseOffset, offset));
  if (entryCount() > 0 && offset <= lastOffset()) {
    return Status(StorageError::InvalidOffset, fmt::format("{}: offset {} is not above the last entry {}",
                                                           m_file->path(), offset.value(), lastOffset().value()));
  }
  std::array<uint8_t, kOffsetIndexEntryBytes> e{};
  storeBigEndian<int32_t>(e.data(), relative);
  storeBigEndian<uint32_t>(e.data() + 4, position);
  return m_file->append(e);
}

Status OffsetIndex::truncateTo(Offset offset) {
  std::size_t keep = upperBound(Offset(offset.value() - 1));
  return m_file->truncateToEntries(keep);
}

Status OffsetIndex::sanityCheck() {
  PIER_RETURN_IF_ERROR(m_file->load());
  PIER_RETURN_IF_ERROR(m_file->checkWholeEntries());
  for (std::size_t i = 0; i < entryCount(); ++i) {
    OffsetPosition e = entryAt(i);
    bool ordered = i == 0 ? e.offset >= m_baseOffset
                          : e.offset > entryAt(i - 1).offset && e.position > entryAt(i - 1).position;
    if (!ordered) {
      return Status(StorageError::CorruptIndex, fmt::format("{}: entry {} (offset {}, position {}) is out of order",
                                                            m_file->path(), i, e.offset.value(), e.position));
    }
  }
  return Status::ok();
}

}  // namespace pier::storage
