#pragma once
// The single-partition figures of bench_storage, each printed as one Markdown table with its
// baseline beside it: append throughput (against a raw sequential write of the same bytes),
// appends with flush.messages=1 (against a raw 4 KiB write + fdatasync loop), read throughput
// from the page cache, offset and timestamp lookup latency, and crash recovery of the whole log.
//
// Single-threaded; every loop is bounded in count and time.

#include <cstdint>
#include <string>

#include "base/result.h"
#include "runtime/file_system.h"

namespace pier::bench {

// Runs them all in `root` (which the caller removes afterwards). logBytesMax: how much the
// append figure writes (1 GiB unless the disk is short); sizeNote: why it is smaller, or empty.
Status runPartitionLogFigures(FileSystem& fs, const std::string& root, uint64_t logBytesMax,
                              const std::string& sizeNote);

}  // namespace pier::bench
