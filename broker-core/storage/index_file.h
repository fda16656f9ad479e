#pragma once
// IndexFile: a file of fixed-width entries, preallocated like Kafka's AbstractIndex, whose
// entries are read into memory on first use (load()) and can be dropped again (unload()) so a
// broker with many segments holds only the indexes it is using. OffsetIndex and TimeIndex give
// the entries their meaning.
//
// Kafka's rules kept here (docs/FORMAT-log.md): a new file is preallocated to
// log.index.size.max.bytes rounded down to a whole entry; an existing file is read as
// (size / entry width) entries, trailing zeros included, which is why a segment that may have
// been cut short by a crash gets its index rebuilt rather than trusted; trimToValidSize() cuts
// the file to its entries when the segment stops being active, and resize() grows it back when a
// segment becomes active again.
//
// The file is reached through the log directory's FileCache. Owned by one LogSegment; not
// thread-safe. Requires: load() succeeded before entry(), append() and truncateToEntries(n > 0).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/ids.h"
#include "base/result.h"
#include "storage/file_cache.h"

namespace pier::storage {

class IndexFile {
 public:
  // Opens `path`, creating and preallocating it when missing. Reads no entries.
  static Result<std::unique_ptr<IndexFile>> open(FileCache& cache, const std::string& path, std::size_t entryBytes,
                                                 uint64_t sizeBytesMax);

  const std::string& path() const { return m_path; }
  std::size_t entryBytes() const { return m_entryBytes; }
  std::size_t entryCount() const { return m_loaded ? m_bytes.size() / m_entryBytes : m_fileSizeBytes / m_entryBytes; }
  std::size_t entryCountMax() const { return m_entryCountMax; }
  bool isFull() const { return entryCount() >= m_entryCountMax; }
  bool wasNewlyCreated() const { return m_newlyCreated; }
  uint64_t fileSizeBytes() const { return m_fileSizeBytes; }
  bool isLoaded() const { return m_loaded; }
  std::span<const uint8_t> entry(std::size_t i) const;

  Status load();
  void unload();
  // Writes one entry after the last. Requires: loaded, !isFull(), entry.size() == entryBytes().
  Status append(std::span<const uint8_t> entry);
  // Keeps the first n entries; the rest of the file reads as zeros.
  Status truncateToEntries(std::size_t n);
  // Cuts the file to exactly its entries.
  Status trimToValidSize();
  // Grows (or cuts) the file to sizeBytesMax rounded down to whole entries; the entries stay.
  Status resize(uint64_t sizeBytesMax);
  Status sync();
  // CorruptIndex when the file is not a whole number of entries.
  Status checkWholeEntries() const;
  // Forgets the cached handle (before the file is renamed or removed).
  void closeHandle() { m_cache.close(m_path); }

 private:
  IndexFile(FileCache& cache, std::string path, std::size_t entryBytes)
      : m_cache(cache), m_path(std::move(path)), m_entryBytes(entryBytes) {}
  Result<std::shared_ptr<File>> file() { return m_cache.get(m_path); }
  Status setFileSize(uint64_t sizeBytes);

  FileCache& m_cache;
  std::string m_path;
  std::size_t m_entryBytes;
  bool m_loaded = false;
  std::vector<uint8_t> m_bytes;  // the entries, as on disk, when loaded
  std::size_t m_entryCountMax = 0;
  uint64_t m_fileSizeBytes = 0;
  bool m_newlyCreated = false;
};

// The offset stored in an index entry: offset - base, which must fit in 32 bits (InvalidOffset
// naming the file otherwise).
Result<int32_t> relativeOffset(const std::string& path, Offset baseOffset, Offset offset);

}  // namespace pier::storage
