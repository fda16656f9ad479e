#include "storage/index_file.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/assert.h"
#include "runtime/runtime_error.h"
#include "storage/storage_error.h"

namespace pier::storage {

Result<std::unique_ptr<IndexFile>> IndexFile::open(FileSystem& fs, const std::string& path, std::size_t entryBytes,
                                                   uint64_t sizeBytesMax) {
  PIER_ASSERT(entryBytes > 0, "index entries have a width");
  if (sizeBytesMax < entryBytes) {
    return Result<std::unique_ptr<IndexFile>>(
        StorageError::InvalidConfig,
        fmt::format("log.index.size.max.bytes={} is smaller than one {}-byte index entry", sizeBytesMax, entryBytes));
  }
  bool created = false;
  auto opened = fs.open(path, OpenOptions{.create = true, .exclusive = true});
  if (opened) {
    created = true;
  } else if (opened.status().is(RuntimeError::AlreadyExists)) {
    opened = fs.open(path, OpenOptions{});
  }
  if (!opened) return opened.status();
  std::unique_ptr<IndexFile> index(new IndexFile(std::move(*opened), entryBytes));
  index->m_newlyCreated = created;
  if (created) {
    PIER_RETURN_IF_ERROR(index->resize(sizeBytesMax));
    return index;
  }
  PIER_ASSIGN_OR_RETURN(uint64_t size, index->m_file->size());
  index->m_fileSizeBytes = size;
  std::size_t whole = static_cast<std::size_t>(size / entryBytes) * entryBytes;
  index->m_bytes.resize(whole);
  PIER_ASSIGN_OR_RETURN(std::size_t n, index->m_file->readAt(0, index->m_bytes));
  index->m_bytes.resize(n / entryBytes * entryBytes);
  index->m_entryCountMax = std::max<std::size_t>(index->entryCount(), size / entryBytes);
  return index;
}

std::span<const uint8_t> IndexFile::entry(std::size_t i) const {
  PIER_ASSERT(i < entryCount(), "index entry out of range");
  return std::span(m_bytes).subspan(i * m_entryBytes, m_entryBytes);
}

Status IndexFile::append(std::span<const uint8_t> entry) {
  PIER_ASSERT(entry.size() == m_entryBytes, "index entry width");
  PIER_ASSERT(!isFull(), "append to a full index");
  PIER_RETURN_IF_ERROR(m_file->writeAt(m_bytes.size(), entry));
  m_bytes.insert(m_bytes.end(), entry.begin(), entry.end());
  m_fileSizeBytes = std::max<uint64_t>(m_fileSizeBytes, m_bytes.size());
  return Status::ok();
}

Status IndexFile::truncateToEntries(std::size_t n) {
  if (n >= entryCount()) return Status::ok();
  const uint64_t keepBytes = n * m_entryBytes;
  // Zeros over the dropped entries keep a preallocated file looking like Kafka's.
  std::vector<uint8_t> zeros(m_bytes.size() - keepBytes, 0);
  PIER_RETURN_IF_ERROR(m_file->writeAt(keepBytes, zeros));
  m_bytes.resize(keepBytes);
  return Status::ok();
}

Status IndexFile::trimToValidSize() { return resize(m_bytes.size()); }

Status IndexFile::resize(uint64_t sizeBytesMax) {
  uint64_t size = std::max<uint64_t>(sizeBytesMax / m_entryBytes * m_entryBytes, m_bytes.size());
  if (size != m_fileSizeBytes) {
    PIER_RETURN_IF_ERROR(m_file->truncate(size));
    m_fileSizeBytes = size;
  }
  m_entryCountMax = static_cast<std::size_t>(size / m_entryBytes);
  return Status::ok();
}

Status IndexFile::sync() { return m_file->sync(); }

}  // namespace pier::storage
