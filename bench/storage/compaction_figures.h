#pragma once
// The compaction figure of bench_storage: a compacted partition whose keys are each written
// several times is cleaned once (PartitionLog::clean: offset map, rewrite, swap), timed; the
// figure is source MB/s, with records and bytes kept beside it, and the appends another thread
// managed while the cleaning ran on its own thread.
//
// Every loop is bounded in count and time.

#include <cstdint>
#include <string>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::bench {

Status runCompactionFigures(FileSystem& fs, const std::string& root, uint64_t logBytes);

}  // namespace pier::bench
