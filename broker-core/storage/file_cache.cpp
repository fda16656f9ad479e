#include "storage/file_cache.h"

#include "base/assert.h"

namespace pier::storage {

FileCache::FileCache(FileSystem& fs, std::size_t openFilesMax) : m_fs(fs), m_openFilesMax(openFilesMax) {
  PIER_ASSERT(openFilesMax >= 1, "a file cache holds at least one file");
}

Result<std::shared_ptr<File>> FileCache::get(const std::string& path, OpenOptions options) {
  if (auto it = m_byPath.find(path); it != m_byPath.end()) {
    m_lru.splice(m_lru.begin(), m_lru, it->second);
    return it->second->file;
  }
  PIER_ASSIGN_OR_RETURN(std::unique_ptr<File> opened, m_fs.open(path, options));
  ++m_opensTotal;
  m_lru.push_front(Entry{path, std::shared_ptr<File>(std::move(opened))});
  m_byPath[path] = m_lru.begin();
  while (m_lru.size() > m_openFilesMax) {
    m_byPath.erase(m_lru.back().path);
    m_lru.pop_back();
  }
  return m_lru.front().file;
}

void FileCache::close(const std::string& path) {
  auto it = m_byPath.find(path);
  if (it == m_byPath.end()) return;
  m_lru.erase(it->second);
  m_byPath.erase(it);
}

}  // namespace pier::storage
