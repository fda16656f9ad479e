#pragma once
// IndexFile: a file of fixed-width entries, preallocated like Kafka's AbstractIndex and mirrored
// in memory so lookups cost no I/O. OffsetIndex and TimeIndex give the entries their meaning.
//
// Kafka's rules kept here (docs/FORMAT-log.md): a new file is preallocated to
// log.index.size.max.bytes rounded down to a whole entry; an existing file is read as
// (size / entry width) entries, trailing zeros included, which is why a segment that may have
// been cut short by a crash gets its index rebuilt rather than trusted; trimToValidSize() cuts
// the file to its entries when the segment stops being active, and resize() grows it back when a
// segment becomes active again.
//
// Owned by one LogSegment; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::storage {

class IndexFile {
 public:
  // Opens `path`, creating and preallocating it when missing. `sizeBytesMax` bounds the number
  // of entries this index may hold while writable.
  static Result<std::unique_ptr<IndexFile>> open(FileSystem& fs, const std::string& path,
                                                 std::size_t entryBytes, uint64_t sizeBytesMax);

  const std::string& path() const { return m_file->path(); }
  std::size_t entryBytes() const { return m_entryBytes; }
  std::size_t entryCount() const { return m_bytes.size() / m_entryBytes; }
  std::size_t entryCountMax() const { return m_entryCountMax; }
  bool isFull() const { return entryCount() >= m_entryCountMax; }
  bool wasNewlyCreated() const { return m_newlyCreated; }
  std::span<const uint8_t> entry(std::size_t i) const;
  std::size_t fileSizeBytes() const { return m_fileSizeBytes; }

  // Writes one entry after the last. Requires: !isFull(), entry.size() == entryBytes().
  Status append(std::span<const uint8_t> entry);
  // Keeps the first n entries (and zeroes the rest of the file when it is preallocated).
  Status truncateToEntries(std::size_t n);
  // Cuts the file to exactly its entries.
  Status trimToValidSize();
  // Grows (or cuts) the file to sizeBytesMax rounded down to whole entries; the entries stay.
  Status resize(uint64_t sizeBytesMax);
  Status sync();

 private:
  IndexFile(std::unique_ptr<File> file, std::size_t entryBytes) : m_file(std::move(file)), m_entryBytes(entryBytes) {}

  std::unique_ptr<File> m_file;
  std::size_t m_entryBytes;
  std::vector<uint8_t> m_bytes;  // the entries, as on disk
  std::size_t m_entryCountMax = 0;
  uint64_t m_fileSizeBytes = 0;
  bool m_newlyCreated = false;
};

}  // namespace pier::storage
