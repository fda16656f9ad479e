#include "storage/atomic_file.h"

#include <vector>

#include <fmt/format.h>

#include "runtime/runtime_error.h"
#include "storage/storage_error.h"

namespace pier::storage {

Status writeFileAtomically(FileSystem& fs, const std::string& path, std::string_view contents) {
  const std::string tmpPath = path + ".tmp";
  {
    PIER_ASSIGN_OR_RETURN(auto file, fs.open(tmpPath, OpenOptions{.create = true, .truncate = true}));
    auto bytes = std::span(reinterpret_cast<const uint8_t*>(contents.data()), contents.size());
    PIER_RETURN_IF_ERROR(file->writeAt(0, bytes));
    PIER_RETURN_IF_ERROR(file->sync());
  }
  PIER_RETURN_IF_ERROR(fs.rename(tmpPath, path));
  return fs.syncDirectory(parentPath(path));
}

Result<std::optional<std::string>> readSmallFile(FileSystem& fs, const std::string& path,
                                                 uint64_t sizeBytesMax) {
  auto opened = fs.open(path, OpenOptions{.readOnly = true});
  if (!opened) {
    if (opened.status().is(RuntimeError::NotFound)) return std::optional<std::string>();
    return opened.status();
  }
  auto& file = *opened;
  PIER_ASSIGN_OR_RETURN(uint64_t size, file->size());
  if (size > sizeBytesMax) {
    return Result<std::optional<std::string>>(
        StorageError::CorruptCheckpoint, fmt::format("{}: {} bytes, more than {} allowed", path, size, sizeBytesMax));
  }
  std::string contents(size, '\0');
  auto out = std::span(reinterpret_cast<uint8_t*>(contents.data()), contents.size());
  PIER_ASSIGN_OR_RETURN(std::size_t n, file->readAt(0, out));
  contents.resize(n);
  return std::optional<std::string>(std::move(contents));
}

}  // namespace pier::storage
