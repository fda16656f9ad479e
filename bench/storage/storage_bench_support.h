#pragma once
// Helpers for bench_storage: a temporary folder on the real disk, process figures from /proc,
// record batches whose timestamps can be moved, latency percentiles, and the plain POSIX I/O
// loops the storage figures are compared against (run in the same process, on the same file
// system, right beside the storage figure).
//
// Single-threaded; every loop here is bounded in count and in time.

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/prng.h"
#include "base/result.h"

namespace pier::bench {

using Clock = std::chrono::steady_clock;

inline double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A folder made by mkdtemp("<prefix>XXXXXX"), removed with everything under it on destruction.
// path() is empty when it could not be made.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
};

// Entries of /proc/self/fd, not counting the descriptor used to list them.
int openDescriptorCount();
// VmRSS from /proc/self/status.
uint64_t residentBytes();

struct Percentiles {
  double p50Us = 0;
  double p99Us = 0;
};
Percentiles percentiles(std::vector<double> samplesUs);

// A CreateTime v2 batch (no compression) of `recordCount` records with `valueBytes` random
// bytes each; record i has timestamp baseTimestampMs + i.
std::vector<uint8_t> makeBatch(Prng& prng, int recordCount, std::size_t valueBytes,
                               int64_t baseTimestampMs);
// Moves the batch's base and max timestamps so record i has timestamp baseTimestampMs + i, and
// recomputes the CRC.
void setBatchTimestamps(std::span<uint8_t> batch, int64_t baseTimestampMs);

// A loop of timed operations: how many ran, in how long, and each one's latency.
struct LoopResult {
  int64_t count = 0;
  uint64_t bytes = 0;
  double seconds = 0;
  std::vector<double> latenciesUs;
};

// write(2) of `chunk` chunkCount times to a new file, then one fsync; the time includes the fsync.
Result<LoopResult> rawSequentialWrite(const std::string& path, std::span<const uint8_t> chunk,
                                      int64_t chunkCount);
// write(2) of `chunk` then fdatasync, repeated up to countMax times or secondsMax.
Result<LoopResult> rawAppendSyncLoop(const std::string& path, std::span<const uint8_t> chunk,
                                     int64_t countMax, double secondsMax);
// pread(2) of every file whole, in chunkBytes reads.
Result<LoopResult> rawSequentialRead(const std::vector<std::string>& paths, std::size_t chunkBytes);
// pread(2) of readBytes at random positions of random files, up to samplesMax or secondsMax.
Result<LoopResult> rawRandomReads(const std::vector<std::string>& paths, std::size_t readBytes,
                                  Prng& prng, int64_t samplesMax, double secondsMax);
// posix_fadvise(DONTNEED): drops the file's clean pages from the page cache.
Status dropFromPageCache(const std::string& path);

// Files in `dir` whose names end with `suffix`, sorted.
std::vector<std::string> filesEndingWith(const std::string& dir, const std::string& suffix);

}  // namespace pier::bench
