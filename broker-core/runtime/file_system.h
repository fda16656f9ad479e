#pragma once
// FileSystem: the only way broker-core touches files (after leveldb's Env). Synchronous calls;
// storage runs them on its own loop. Three implementations: POSIX (runtime/posix), in-memory
// with fault injection (memory_file_system.h), and whatever a simulation wraps around those.
//
// Durability contract, which every implementation honours and the in-memory one enforces:
// written bytes survive a crash only after File::sync(); a created, renamed or removed directory
// entry survives only after syncDirectory() on its parent.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace pier {

struct OpenOptions {
  bool create = false;     // create when missing
  bool exclusive = false;  // with create: fail with AlreadyExists when present
  bool truncate = false;   // empty the file on open
  bool readOnly = false;
};

struct SpaceInfo {
  uint64_t capacityBytes = 0;
  uint64_t availableBytes = 0;  // what an unprivileged writer may still use
};

// An open file. Not thread-safe; one owner.
class File {
 public:
  virtual ~File() = default;

  // Appends at the end; returns the offset the bytes start at.
  virtual Result<uint64_t> append(std::span<const uint8_t> bytes) = 0;
  // Writes at `offset`, growing the file when needed (gap filled with zeros).
  virtual Status writeAt(uint64_t offset, std::span<const uint8_t> bytes) = 0;
  // Reads up to out.size() bytes at `offset`; fewer at end of file, 0 past it.
  virtual Result<std::size_t> readAt(uint64_t offset, std::span<uint8_t> out) = 0;
  virtual Status sync() = 0;
  virtual Result<uint64_t> size() = 0;
  virtual Status truncate(uint64_t sizeBytes) = 0;
  // Asks for disk blocks for [offset, offset + length) without changing the size (a hint: a
  // file system that cannot does nothing and returns ok). Blocks past the end stay reserved
  // until truncate(), even at the same size, gives them back.
  virtual Status reserve(uint64_t offset, uint64_t length) {
    (void)offset;
    (void)length;
    return Status::ok();
  }
  virtual const std::string& path() const = 0;
};

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  virtual Result<std::unique_ptr<File>> open(const std::string& path, OpenOptions options) = 0;
  // mkdir -p.
  virtual Status createDirectories(const std::string& path) = 0;
  // Names (not paths) of the entries in `dir`, sorted.
  virtual Result<std::vector<std::string>> list(const std::string& dir) = 0;
  // Atomically replaces `to` when it exists.
  virtual Status rename(const std::string& from, const std::string& to) = 0;
  // Removes a file or an empty directory.
  virtual Status remove(const std::string& path) = 0;
  virtual Status syncDirectory(const std::string& dir) = 0;
  virtual Result<bool> exists(const std::string& path) = 0;
  virtual Result<SpaceInfo> space(const std::string& path) = 0;
};

// "a/b" + "c" -> "a/b/c"; tolerates a trailing slash on `dir`.
std::string joinPath(const std::string& dir, const std::string& name);
// "a/b/c" -> "a/b"; "c" -> ""; "/c" -> "/".
std::string parentPath(const std::string& path);

}  // namespace pier
