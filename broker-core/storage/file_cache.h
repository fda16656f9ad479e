#pragma once
// FileCache: a bounded set of open files shared by every segment of a log directory, so a
// broker with thousands of partitions keeps a few hundred descriptors open, not three per
// segment (Kafka keeps them all open; Pier does not).
//
// get() returns a shared handle, opening the file when it is not open and closing the least
// recently used handles beyond the bound. A caller may hold a handle for the duration of an
// operation: eviction only drops the cache's reference, so the file closes when the caller lets
// go. Before renaming or removing a file, close(path) so a later file with the same name is not
// served the old handle.
//
// Owned by one log directory, used on its loop; not thread-safe.

#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::storage {

class FileCache {
 public:
  // Requires: openFilesMax >= 1.
  FileCache(FileSystem& fs, std::size_t openFilesMax);

  FileSystem& fs() { return m_fs; }
  // `options` apply only when the file is not already open here.
  Result<std::shared_ptr<File>> get(const std::string& path, OpenOptions options = {});
  void close(const std::string& path);
  std::size_t openCount() const { return m_lru.size(); }
  std::size_t openFilesMax() const { return m_openFilesMax; }
  uint64_t opensTotal() const { return m_opensTotal; }

 private:
  struct Entry {
    std::string path;
    std::shared_ptr<File> file;
  };

  FileSystem& m_fs;
  std::size_t m_openFilesMax;
  std::list<Entry> m_lru;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> m_byPath;
  uint64_t m_opensTotal = 0;
};

}  // namespace pier::storage
