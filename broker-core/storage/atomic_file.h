#pragma once
// Whole small files (checkpoints, partition.metadata, meta.properties) written the way Kafka
// writes them: to "<path>.tmp", fsync, rename over <path>, fsync the parent directory. A crash at
// any point leaves either the old or the new file, never a mix.
//
// Stateless functions over a caller's FileSystem; thread-safe when the FileSystem is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::storage {

Status writeFileAtomically(FileSystem& fs, const std::string& path, std::string_view contents);

// The whole file, or std::nullopt when it does not exist. Files past `sizeBytesMax` are
// CorruptCheckpoint (a small metadata file never grows that large).
Result<std::optional<std::string>> readSmallFile(FileSystem& fs, const std::string& path,
                                                 uint64_t sizeBytesMax = 64u << 20);

}  // namespace pier::storage
