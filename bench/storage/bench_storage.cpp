// Partition-log benchmark on the real disk (runtime/posix), in a folder under /tmp that it makes
// and removes: append throughput against a raw sequential write of the same bytes (issue target
// Pier/raw >= 0.8), appends with flush.messages=1 against BASELINES.md's fdatasync loop, read
// throughput from the page cache, offset and timestamp lookup latency, crash recovery of a
// 1 GiB log, descriptors and memory with 10,000 partitions in one log directory, and compaction
// MB/s with appends going on meanwhile.
//
// Every raw reference is measured in the same run on the same file system, beside Pier's figure.
// 30-80 s, depending on the disk's fsync latency (the many-partitions phases stop at their
// time limits); at most ~2.1 GiB on disk at once (1 GiB log + 1 GiB raw file), scaled down
// when less than 4 GiB is free.

#include <algorithm>
#include <cstdio>
#include <string>

#include "bench_table.h"
#include "compaction_figures.h"
#include "log_directory_figures.h"
#include "partition_log_figures.h"
#include "runtime/posix/posix_file_system.h"
#include "storage_bench_support.h"

namespace {

constexpr uint64_t kLogBytes = 1ull << 30;
constexpr uint64_t kFreeBytesWanted = 4ull << 30;
constexpr uint64_t kLogBytesMin = 64ull << 20;

struct LogSize {
  uint64_t bytes = kLogBytes;
  std::string note;  // why it is smaller than 1 GiB, or empty
};

// 1 GiB, or a quarter of the free space when less than 4 GiB is free.
LogSize chooseLogSize(pier::FileSystem& fs, const std::string& dir) {
  LogSize size;
  auto space = fs.space(dir);
  if (!space) {
    size.note = "free space unknown (" + space.status().toString() + "); 1 GiB assumed to fit";
    return size;
  }
  if (space->availableBytes >= kFreeBytesWanted) return size;
  size.bytes = std::max(kLogBytesMin, space->availableBytes / 4);
  size.note = "scaled down from 1 GiB to " + std::to_string(size.bytes >> 20) + " MiB: only " +
              std::to_string(space->availableBytes >> 20) + " MiB free (< 4 GiB)";
  return size;
}

}  // namespace

int main() {
  using namespace pier;
  PosixFileSystem fs;
  bench::TempDir tmp("/tmp/pier-bench-storage-");
  if (tmp.path().empty()) {
    std::fprintf(stderr, "bench_storage: cannot make a folder under /tmp\n");
    return 1;
  }
  const auto start = bench::Clock::now();
  const LogSize size = chooseLogSize(fs, tmp.path());
  std::printf("\n## bench_storage: %s on the real disk, log of %llu MiB\n", tmp.path().c_str(),
              static_cast<unsigned long long>(size.bytes >> 20));
  Status status =
      bench::runPartitionLogFigures(fs, joinPath(tmp.path(), "single"), size.bytes, size.note);
  if (status) status = bench::runLogDirectoryFigures(fs, joinPath(tmp.path(), "many"));
  if (status) status = bench::runCompactionFigures(fs, joinPath(tmp.path(), "compacted"), size.bytes / 4);
  std::printf("\nbench_storage: %.1f s in all\n", bench::secondsSince(start));
  if (!status) {
    std::fprintf(stderr, "bench_storage: %s\n", status.toString().c_str());
    return 1;
  }
  return 0;
}
