#pragma once
// MemoryFileSystem: a FileSystem in memory that keeps two states, what has been written and
// what is durable, so tests and simulations can crash it and see exactly what a real disk could
// have kept.
//
// Durable state moves forward only by File::sync() (file contents) and syncDirectory() (which
// names exist in a directory). crash() throws away everything else: unsynced bytes, unsynced
// creations, renames and removals. crashTearing() keeps a random prefix of the unsynced writes,
// the last one possibly cut mid-way, as a power cut during write-back would. flipBit() corrupts
// stored bytes as failing media does. setCapacity() makes writes fail with NoSpace.
// Directories are durable as soon as they are created or renamed (a simplification: storage
// code never depends on a directory vanishing or reverting to its old name).
//
// File handles opened before a crash return RuntimeError::Stale afterwards.
// Thread-safe: one mutex guards all state.

#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "base/prng.h"
#include "runtime/file_system.h"

namespace pier {

class MemoryFileSystem final : public FileSystem {
 public:
  MemoryFileSystem();
  ~MemoryFileSystem() override;

  Result<std::unique_ptr<File>> open(const std::string& path, OpenOptions options) override;
  Status createDirectories(const std::string& path) override;
  Result<std::vector<std::string>> list(const std::string& dir) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status remove(const std::string& path) override;
  Status syncDirectory(const std::string& dir) override;
  Result<bool> exists(const std::string& path) override;
  Result<SpaceInfo> space(const std::string& path) override;

  // Faults.
  void crash();
  void crashTearing(Prng& prng);
  Status flipBit(const std::string& path, uint64_t bitIndex);
  void setCapacity(std::optional<uint64_t> capacityBytes);

  // Inspection for tests: bytes written but not yet synced, summed over all files.
  uint64_t unsyncedBytes() const;

  struct Inode;  // public so the file handle in the .cpp can name it

 private:
  friend class MemoryFile;

  std::string normalize(const std::string& path) const;
  Status checkParent(const std::string& path) const;
  uint64_t usedBytesLocked() const;
  void crashLocked(Prng* prng);
  Status renameDirectoryLocked(const std::string& from, const std::string& to);

  mutable std::mutex m_mutex;
  std::set<std::string> m_dirs;
  std::map<std::string, std::shared_ptr<Inode>> m_files;         // names as written
  std::map<std::string, std::shared_ptr<Inode>> m_durableFiles;  // names as synced
  std::optional<uint64_t> m_capacity;
  uint64_t m_generation = 0;
};

}  // namespace pier
