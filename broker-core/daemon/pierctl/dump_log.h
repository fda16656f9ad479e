#pragma once
// `pierctl dump-log`: the offline inspector of a log directory's files, with the output of
// Apache Kafka 3.8's kafka-dump-log.sh (kafka.tools.DumpLogSegments), so what an operator knows
// from Kafka reads the same on Pier's files and Kafka's files read the same in Pier.
//
// For each path, "Dumping <path>" and then, by its suffix:
//   .log        "Log starting offset: N", one line per batch and, with deep iteration, one line
//               per record ("| offset: ..."); "Found N invalid bytes at the end of <name>" for
//               a torn tail (batch_text.h has the line formats);
//   .index      "offset: X position: Y" per entry, each checked against the segment's .log;
//   .timeindex  "timestamp: X offset: Y" per entry, each checked against the .log;
//   other       "Ignoring unknown file <path>" on stderr.
// Problems found in the indexes and non-consecutive record offsets are listed on stderr after
// every file was dumped, as Kafka lists them.
//
// Where Kafka would stop with a stack trace (a file that cannot be opened, a corrupt batch in
// the middle of a log, an index failing --index-sanity-check), this writes one line to stderr
// naming the file and the reason, goes on with the next file, and returns 1 at the end. Files
// are only read, never created or changed (Kafka's tool creates a missing .index).
//
// Not supported yet: magic v0/v1 message sets, .txnindex, .snapshot and KRaft .checkpoint
// files, --max-bytes, --skip-record-metadata and the other decoders.
//
// Thread-safety: a function over its arguments; `fs` must be usable from the calling thread.

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "runtime/file_system.h"

namespace pier::pierctl {

inline constexpr int32_t kDefaultMaxMessageSizeBytes = 5 * 1024 * 1024;

struct DumpLogOptions {
  bool printDataLog = false;      // --print-data-log: keys and payloads too
  bool deepIteration = false;     // --deep-iteration: one line per record
  bool indexSanityCheck = false;  // --index-sanity-check: only Kafka's startup check of indexes
  bool verifyIndexOnly = false;   // --verify-index-only: check index entries without printing
  bool offsetsDecoder = false;    // --offsets-decoder: records are __consumer_offsets records
  int32_t maxMessageSizeBytes = kDefaultMaxMessageSizeBytes;  // --max-message-size

  // As Kafka: a decoder implies printing the data, printing the data implies deep iteration.
  bool printsData() const { return printDataLog || offsetsDecoder; }
  bool iteratesDeep() const { return deepIteration || printsData(); }
};

// Dumps `files` in order to `out`, problems to `err`. Returns the exit code: 0, or 1 when a
// file could not be read to its end or failed its sanity check.
int dumpLog(FileSystem& fs, const std::vector<std::string>& files, const DumpLogOptions& options, std::ostream& out,
            std::ostream& err);

}  // namespace pier::pierctl
