#include "storage/index_file.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "base/assert.h"
#include "storage/storage_error.h"

namespace pier::storage {

Result<std::unique_ptr<IndexFile>> IndexFile::open(FileCache& cache, const std::string& path, std::size_t entryBytes,
                                                   uint64_t sizeBytesMax) {
  PIER_ASSERT(entryBytes > 0, "index entries have a width");
  if (sizeBytesMax < entryBytes) {
    return Result<std::unique_ptr<IndexFile>>(
        StorageError::InvalidConfig,
        fmt::format("segment.index.bytes={} is smaller than one {}-byte index entry", sizeBytesMax, entryBytes));
  }
  std::unique_ptr<IndexFile> index(new IndexFile(cache, path, entryBytes));
  // Ask the file system, not the cache: a cached handle says nothing about a file just removed.
  PIER_ASSIGN_OR_RETURN(bool exists, cache.fs().exists(path));
  if (!exists) {
    cache.close(path);
    PIER_RETURN_IF_ERROR(cache.get(path, OpenOptions{.create = true, .exclusive = true}).status());
    index->m_newlyCreated = true;
    index->m_loaded = true;
    PIER_RETURN_IF_ERROR(index->resize(sizeBytesMax));
    return index;
  }
  PIER_ASSIGN_OR_RETURN(auto file, index->file());
  PIER_ASSIGN_OR_RETURN(index->m_fileSizeBytes, file->size());
  index->m_entryCountMax = static_cast<std::size_t>(index->m_fileSizeBytes / entryBytes);
  return index;
}

std::span<const uint8_t> IndexFile::entry(std::size_t i) const {
  PIER_ASSERT(m_loaded, "index entries read before load()");
  PIER_ASSERT(i < entryCount(), "index entry out of range");
  return std::span(m_bytes).subspan(i * m_entryBytes, m_entryBytes);
}

Status IndexFile::load() {
  if (m_loaded) return Status::ok();
  PIER_ASSIGN_OR_RETURN(auto file, this->file());
  std::vector<uint8_t> bytes(static_cast<std::size_t>(m_fileSizeBytes / m_entryBytes * m_entryBytes));
  PIER_ASSIGN_OR_RETURN(std::size_t n, file->readAt(0, bytes));
  bytes.resize(n / m_entryBytes * m_entryBytes);
  m_bytes = std::move(bytes);
  m_loaded = true;
  return Status::ok();
}

void IndexFile::unload() {
  if (!m_loaded || m_bytes.size() != m_fileSizeBytes) return;  // only a trimmed file reads back the same
  m_bytes.clear();
  m_bytes.shrink_to_fit();
  m_loaded = false;
}

Status IndexFile::append(std::span<const uint8_t> entry) {
  PIER_ASSERT(m_loaded, "append to an index that is not loaded");
  PIER_ASSERT(entry.size() == m_entryBytes, "index entry width");
  PIER_ASSERT(!isFull(), "append to a full index");
  PIER_ASSIGN_OR_RETURN(auto file, this->file());
  PIER_RETURN_IF_ERROR(file->writeAt(m_bytes.size(), entry));
  m_bytes.insert(m_bytes.end(), entry.begin(), entry.end());
  m_fileSizeBytes = std::max<uint64_t>(m_fileSizeBytes, m_bytes.size());
  return Status::ok();
}

Status IndexFile::truncateToEntries(std::size_t n) {
  PIER_ASSERT(m_loaded || n == 0, "partial truncation of an index that is not loaded");
  const uint64_t keepBytes = std::min<uint64_t>(n * m_entryBytes, entryCount() * m_entryBytes);
  if (keepBytes < entryCount() * m_entryBytes) {
    // Cut and grow back: the dropped entries read as zeros, as in a fresh preallocated file.
    const uint64_t sizeBytes = m_fileSizeBytes;
    PIER_RETURN_IF_ERROR(setFileSize(keepBytes));
    PIER_RETURN_IF_ERROR(setFileSize(sizeBytes));
  }
  // Whatever the file held beyond the kept entries is gone, so an index that was never read is
  // now fully known (empty).
  m_bytes.resize(keepBytes);
  m_loaded = true;
  return Status::ok();
}

Status IndexFile::trimToValidSize() { return resize(entryCount() * m_entryBytes); }

Status IndexFile::resize(uint64_t sizeBytesMax) {
  const uint64_t size = std::max<uint64_t>(sizeBytesMax / m_entryBytes * m_entryBytes, entryCount() * m_entryBytes);
  PIER_RETURN_IF_ERROR(setFileSize(size));
  m_entryCountMax = static_cast<std::size_t>(size / m_entryBytes);
  return Status::ok();
}

Status IndexFile::setFileSize(uint64_t sizeBytes) {
  if (sizeBytes == m_fileSizeBytes) return Status::ok();
  PIER_ASSIGN_OR_RETURN(auto file, this->file());
  PIER_RETURN_IF_ERROR(file->truncate(sizeBytes));
  m_fileSizeBytes = sizeBytes;
  return Status::ok();
}

Status IndexFile::checkWholeEntries() const {
  if (m_fileSizeBytes % m_entryBytes == 0) return Status::ok();
  return Status(StorageError::CorruptIndex,
                fmt::format("{}: size {} is not a multiple of {}", m_path, m_fileSizeBytes, m_entryBytes));
}

Status IndexFile::sync() {
  PIER_ASSIGN_OR_RETURN(auto file, this->file());
  return file->sync();
}

Result<int32_t> relativeOffset(const std::string& path, Offset baseOffset, Offset offset) {
  const int64_t relative = offset.value() - baseOffset.value();
  if (relative < 0 || relative > std::numeric_limits<int32_t>::max()) {
    return Result<int32_t>(StorageError::InvalidOffset, fmt::format("{}: offset {} does not fit relative to base {}",
                                                                    path, offset.value(), baseOffset.value()));
  }
  return static_cast<int32_t>(relative);
}

}  // namespace pier::storage
