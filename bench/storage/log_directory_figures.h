#pragma once
// The many-partitions figure of bench_storage: one LogDirectory (openFilesMax 1024) holding
// 10,000 partitions with one small batch each; open descriptors and resident memory before and
// after, and the time to close it cleanly and open it again. Target: descriptors bounded by
// openFilesMax, not three per segment (30,000).
//
// Single-threaded; the loops are bounded in count and time.

#include <string>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::bench {

// Runs it in `root` (which the caller removes afterwards) and prints its table.
Status runLogDirectoryFigures(FileSystem& fs, const std::string& root);

}  // namespace pier::bench
