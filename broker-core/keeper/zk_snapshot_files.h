#pragma once
// Snapshot files in <dataDir>/version-2 (docs/FORMAT-keeper.md): writing, and finding the
// newest one that is valid, as FileSnap and SnapStream do.
//
// Writing: always uncompressed, to "snapshot.<zxid>.tmp", fsync, rename to "snapshot.<zxid>",
// fsync the folder (SnapStream's AtomicFileOutputStream, which ZooKeeper uses only when a
// follower syncs by SNAP; its default writes the final name directly, unsynced, and relies on
// the seal and older snapshots). We always take the durable way because purging deletes the
// logs older than the retained snapshots: a snapshot must be on disk before that. A leftover
// .tmp is never read by us (ZooKeeper would consider it, harmlessly: it is complete or fails
// the checks below).
//
// Reading: ZooKeeper 3.8's FileSnap.deserialize looks at the newest snapshots (up to 100) that
// pass SnapStream.isValidSnapshot (uncompressed: at least 10 bytes ending with int 1 and '/';
// .gz: the gzip magic; .snappy: snappy-java's magic), and loads the first that parses and
// whose seals match, skipping the others. Compressed snapshots (.gz, .snappy with snappy-java's
// framing) are read; the Adler32 seals cover the uncompressed stream.
//
// Stateless functions over the caller's FileSystem (Requires: it outlives the call);
// thread-safe when it is.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "keeper/zk_file_names.h"
#include "keeper/zk_snapshot.h"
#include "runtime/file_system.h"

namespace pier::keeper {

struct SnapshotReadOptions {
  uint64_t bytesMax = 4ull << 30;   // larger snapshots (compressed or not) are refused
  std::size_t candidatesMax = 100;  // FileSnap.deserialize's findNValidSnapshots(100)
};

// SnapStream.isValidSnapshot: the cheap look at the file's ends, no parsing.
Result<bool> snapshotLooksComplete(FileSystem& fs, const std::string& dataDir,
                                   const SnapshotFile& file);

// Reads, decompresses and decodes one snapshot file.
Result<SnapshotImage> readSnapshotFile(FileSystem& fs, const std::string& dataDir,
                                       const SnapshotFile& file,
                                       const SnapshotReadOptions& options = {});

struct LoadedSnapshot {
  SnapshotFile file;  // zxid: the last txn applied when the snapshot began
  SnapshotImage image;
  std::vector<std::string> skipped;  // newer candidates that failed: "<name>: <reason>"
};

// The newest valid snapshot; std::nullopt when no file passes the cheap look (ZooKeeper then
// starts empty). NoValidSnapshot, listing every reason, when candidates exist but none loads.
Result<std::optional<LoadedSnapshot>> readNewestValidSnapshot(
    FileSystem& fs, const std::string& dataDir, const SnapshotReadOptions& options = {});

// Writes snapshot.<zxid> durably (see above); creates version-2 when missing.
Status writeSnapshot(FileSystem& fs, const std::string& dataDir, int64_t zxid,
                     const SnapshotImage& image);
// The same for a stream already encoded (encodeSnapshot, SnapshotEncoder).
Status writeSnapshotStream(FileSystem& fs, const std::string& dataDir, int64_t zxid,
                           std::span<const uint8_t> stream);
// The two halves of that, for a stream written in pieces as it is encoded: openSnapshotTemp
// creates version-2 when missing and snapshot.<zxid>.tmp (empty); publishSnapshot fsyncs it and
// renames it to snapshot.<zxid> (then fsyncs the directory). Until then restore ignores it.
Result<std::unique_ptr<File>> openSnapshotTemp(FileSystem& fs, const std::string& dataDir, int64_t zxid);
Status publishSnapshot(FileSystem& fs, const std::string& dataDir, int64_t zxid);

}  // namespace pier::keeper
