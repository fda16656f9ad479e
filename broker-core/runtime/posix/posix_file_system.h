#pragma once
// PosixFileSystem: FileSystem on the real disk through POSIX calls (open, pwrite, pread,
// fdatasync, rename, statvfs). Errors carry the path and strerror. Stateless and thread-safe;
// each File is owned by one caller.

#include "runtime/file_system.h"

namespace pier {

class PosixFileSystem final : public FileSystem {
 public:
  Result<std::unique_ptr<File>> open(const std::string& path, OpenOptions options) override;
  Status createDirectories(const std::string& path) override;
  Result<std::vector<std::string>> list(const std::string& dir) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status remove(const std::string& path) override;
  Status syncDirectory(const std::string& dir) override;
  Result<bool> exists(const std::string& path) override;
  Result<SpaceInfo> space(const std::string& path) override;
};

}  // namespace pier
