#include "keeper/zk_snapshot_files.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "keeper/zk_persistence_error.h"
#include "protocol/records/compression.h"

namespace pier::keeper {
namespace {

namespace records = protocol::records;

constexpr std::array<uint8_t, 2> kGzipMagic{0x1f, 0x8b};
constexpr std::array<uint8_t, 8> kSnappyJavaMagic{0x82, 'S', 'N', 'A', 'P', 'P', 'Y', 0};
constexpr std::array<uint8_t, 5> kSealEnd{0, 0, 0, 1, '/'};  // ustring "/"

template <std::size_t N>
bool startsWith(std::span<const uint8_t> bytes, const std::array<uint8_t, N>& prefix) {
  return bytes.size() >= N && std::equal(prefix.begin(), prefix.end(), bytes.begin());
}

Result<std::vector<uint8_t>> readRange(File& file, uint64_t offset, std::size_t n) {
  std::vector<uint8_t> bytes(n);
  PIER_ASSIGN_OR_RETURN(std::size_t got, file.readAt(offset, bytes));
  bytes.resize(got);
  return bytes;
}

Result<std::vector<uint8_t>> readWhole(FileSystem& fs, const std::string& path, uint64_t bytesMax) {
  PIER_ASSIGN_OR_RETURN(auto file, fs.open(path, OpenOptions{.readOnly = true}));
  PIER_ASSIGN_OR_RETURN(uint64_t size, file->size());
  if (size > bytesMax) {
    return Status(PersistenceError::CorruptSnapshot,
                  fmt::format("{}: {} bytes, more than {}", path, size, bytesMax));
  }
  return readRange(*file, 0, static_cast<std::size_t>(size));
}

Result<std::vector<uint8_t>> uncompressed(std::vector<uint8_t> bytes,
                                          SnapshotCompression compression, uint64_t bytesMax) {
  if (compression == SnapshotCompression::None) return bytes;
  const auto codec = compression == SnapshotCompression::Gzip ? records::Compression::Gzip
                                                              : records::Compression::Snappy;
  auto out = records::decompress(codec, bytes,
                                 {.decompressedBytesMax = static_cast<std::size_t>(bytesMax)});
  if (!out) return Status(PersistenceError::CorruptSnapshot, out.status().toString());
  return out;
}

std::string tmpName(int64_t zxid) {
  return snapshotName(zxid) + ".tmp";
}

}  // namespace

Result<bool> snapshotLooksComplete(FileSystem& fs, const std::string& dataDir,
                                   const SnapshotFile& snapshot) {
  PIER_ASSIGN_OR_RETURN(auto file, fs.open(joinPath(versionDir(dataDir), snapshot.name),
                                           OpenOptions{.readOnly = true}));
  PIER_ASSIGN_OR_RETURN(uint64_t size, file->size());
  switch (snapshot.compression) {
    case SnapshotCompression::Gzip: {
      PIER_ASSIGN_OR_RETURN(auto head, readRange(*file, 0, kGzipMagic.size()));
      return startsWith(head, kGzipMagic);
    }
    case SnapshotCompression::Snappy: {
      PIER_ASSIGN_OR_RETURN(auto head, readRange(*file, 0, kSnappyJavaMagic.size()));
      return startsWith(head, kSnappyJavaMagic);
    }
    case SnapshotCompression::None:
      break;
  }
  if (size < 10) return false;
  PIER_ASSIGN_OR_RETURN(auto tail, readRange(*file, size - kSealEnd.size(), kSealEnd.size()));
  return startsWith(tail, kSealEnd);
}

Result<SnapshotImage> readSnapshotFile(FileSystem& fs, const std::string& dataDir,
                                       const SnapshotFile& file,
                                       const SnapshotReadOptions& options) {
  const std::string path = joinPath(versionDir(dataDir), file.name);
  PIER_ASSIGN_OR_RETURN(auto raw, readWhole(fs, path, options.bytesMax));
  PIER_ASSIGN_OR_RETURN(auto bytes,
                        uncompressed(std::move(raw), file.compression, options.bytesMax));
  auto image = decodeSnapshot(bytes);
  if (!image) return image.status().withContext(file.name);
  return image;
}

Result<std::optional<LoadedSnapshot>> readNewestValidSnapshot(FileSystem& fs,
                                                              const std::string& dataDir,
                                                              const SnapshotReadOptions& options) {
  PIER_ASSIGN_OR_RETURN(auto files, listSnapshots(fs, dataDir));
  std::vector<std::string> skipped;
  std::size_t candidates = 0;
  for (const SnapshotFile& file : files) {
    if (candidates == options.candidatesMax) break;
    auto plausible = snapshotLooksComplete(fs, dataDir, file);
    if (!plausible || !*plausible) {
      skipped.push_back(
          file.name + ": " +
          (plausible ? "incomplete (no seal at its end)" : plausible.status().toString()));
      continue;
    }
    ++candidates;
    auto image = readSnapshotFile(fs, dataDir, file, options);
    if (image)
      return std::optional<LoadedSnapshot>(
          LoadedSnapshot{file, std::move(*image), std::move(skipped)});
    skipped.push_back(file.name + ": " + image.status().toString());
  }
  if (candidates == 0) return std::optional<LoadedSnapshot>();
  return Status(
      PersistenceError::NoValidSnapshot,
      fmt::format("{}: no valid snapshot among {}", versionDir(dataDir), fmt::join(skipped, "; ")));
}

Status writeSnapshot(FileSystem& fs, const std::string& dataDir, int64_t zxid,
                     const SnapshotImage& image) {
  return writeSnapshotStream(fs, dataDir, zxid, encodeSnapshot(image));
}

Result<std::unique_ptr<File>> openSnapshotTemp(FileSystem& fs, const std::string& dataDir, int64_t zxid) {
  const std::string dir = versionDir(dataDir);
  PIER_ASSIGN_OR_RETURN(bool dirExists, fs.exists(dir));
  if (!dirExists) {
    PIER_RETURN_IF_ERROR(fs.createDirectories(dir));
    PIER_RETURN_IF_ERROR(fs.syncDirectory(dataDir));
  }
  return fs.open(joinPath(dir, tmpName(zxid)), OpenOptions{.create = true, .truncate = true});
}

Status publishSnapshot(FileSystem& fs, const std::string& dataDir, int64_t zxid) {
  const std::string dir = versionDir(dataDir);
  const std::string tmpPath = joinPath(dir, tmpName(zxid));
  {
    PIER_ASSIGN_OR_RETURN(auto file, fs.open(tmpPath, OpenOptions{}));
    PIER_RETURN_IF_ERROR(file->sync());
  }
  PIER_RETURN_IF_ERROR(fs.rename(tmpPath, joinPath(dir, snapshotName(zxid))));
  return fs.syncDirectory(dir);
}

Status writeSnapshotStream(FileSystem& fs, const std::string& dataDir, int64_t zxid,
                           std::span<const uint8_t> stream) {
  {
    PIER_ASSIGN_OR_RETURN(auto file, openSnapshotTemp(fs, dataDir, zxid));
    PIER_RETURN_IF_ERROR(file->writeAt(0, stream));
  }
  return publishSnapshot(fs, dataDir, zxid);
}

}  // namespace pier::keeper
