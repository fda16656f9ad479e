#pragma once
// What one `pierctl dump-log` run shares between its files (internal to daemon/pierctl): the
// streams, the options, the problems found so far and reported at the end (as Kafka's
// DumpLogSegments collects them in maps keyed by absolute path), and the helpers that find and
// open a segment's files read-only.
//
// Owned by dumpLog() for one run; not thread-safe.

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "daemon/pierctl/dump_log.h"
#include "runtime/file_system.h"

namespace pier::pierctl {

// (first, second) pairs per file, in the order files were first seen.
class FileFindings {
 public:
  void add(const std::string& file, int64_t first, int64_t second);
  bool empty() const { return m_byFile.empty(); }
  const std::vector<std::pair<std::string, std::vector<std::pair<int64_t, int64_t>>>>& byFile() const {
    return m_byFile;
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::pair<int64_t, int64_t>>>> m_byFile;
};

struct DumpFindings {
  FileFindings indexMismatches;         // (index offset, log offset)
  FileFindings timeIndexMismatches;     // (index timestamp, log timestamp)
  FileFindings timeIndexOutOfOrder;     // (index timestamp, previously indexed timestamp)
  FileFindings timeIndexNotFound;       // (indexed offset, found log offset or -1)
  FileFindings nonConsecutiveOffsets;   // (offset, next offset)

  // Kafka's closing report, on stderr.
  void print(std::ostream& err) const;
};

class DumpContext {
 public:
  DumpContext(FileSystem& fs, const DumpLogOptions& options, std::ostream& out, std::ostream& err)
      : m_fs(fs), m_options(options), m_out(out), m_err(err) {}

  FileSystem& fs() { return m_fs; }
  const DumpLogOptions& options() const { return m_options; }
  std::ostream& out() { return m_out; }
  std::ostream& err() { return m_err; }
  DumpFindings& findings() { return m_findings; }
  int exitCode() const { return m_failed ? 1 : 0; }

  // One line on stderr; the run will exit with 1.
  void fail(const std::string& message);
  // Opens `path` read-only; on error reports it (naming the path) and returns nullptr.
  std::unique_ptr<File> openOrReport(const std::string& path);

 private:
  FileSystem& m_fs;
  const DumpLogOptions& m_options;
  std::ostream& m_out;
  std::ostream& m_err;
  DumpFindings m_findings;
  bool m_failed = false;
};

// "dir/00000000000000000042.index" -> "00000000000000000042.index".
std::string fileNameOf(const std::string& path);
// The file name up to its first '.', as Kafka takes a segment's base offset and sibling names.
std::string segmentStemOf(const std::string& path);
// The base offset Kafka reads from a segment file's name; std::nullopt when it is not a number.
std::optional<int64_t> baseOffsetOf(const std::string& path);
// The segment's file with `suffix` next to `path` ("dir/<stem><suffix>").
std::string siblingPath(const std::string& path, std::string_view suffix);
// `path` made absolute against the working directory (Java's File.getAbsolutePath).
std::string absolutePathOf(const std::string& path);
// Every byte of a file (index files are small).
Result<std::vector<uint8_t>> readWholeFile(File& file);

}  // namespace pier::pierctl
