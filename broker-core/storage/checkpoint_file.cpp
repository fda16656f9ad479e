#include "storage/checkpoint_file.h"

#include <fmt/format.h>

#include "base/parse_number.h"
#include "storage/atomic_file.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

Status corrupt(const std::string& path, std::size_t lineNumber, std::string_view why) {
  return Status(StorageError::CorruptCheckpoint, fmt::format("{}: line {}: {}", path, lineNumber, why));
}

std::vector<std::string_view> splitSpaces(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (start <= line.size()) {
    std::size_t end = line.find(' ', start);
    if (end == std::string_view::npos) end = line.size();
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
  return fields;
}

}  // namespace

Result<std::optional<std::vector<std::string>>> readCheckpointLines(FileSystem& fs, const std::string& path) {
  using Out = std::optional<std::vector<std::string>>;
  PIER_ASSIGN_OR_RETURN(auto contents, readSmallFile(fs, path));
  if (!contents) return Out();
  std::vector<std::string_view> lines;
  std::string_view rest = *contents;
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    if (nl == std::string_view::npos) {
      return corrupt(path, lines.size() + 1, "last line has no newline (file cut short)");
    }
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 2) return corrupt(path, lines.size() + 1, "missing version or entry count");
  auto version = parseDecimal<int>(lines[0]);
  if (!version || *version != kCheckpointVersion) {
    return corrupt(path, 1, fmt::format("unrecognized version '{}'", lines[0]));
  }
  auto count = parseDecimal<int64_t>(lines[1]);
  if (!count || *count < 0) return corrupt(path, 2, fmt::format("bad entry count '{}'", lines[1]));
  if (static_cast<int64_t>(lines.size() - 2) != *count) {
    return corrupt(path, 2, fmt::format("expected {} entries, found {}", *count, lines.size() - 2));
  }
  std::vector<std::string> entries;
  entries.reserve(lines.size() - 2);
  for (std::size_t i = 2; i < lines.size(); ++i) entries.emplace_back(lines[i]);
  return Out(std::move(entries));
}

Status writeCheckpointLines(FileSystem& fs, const std::string& path, const std::vector<std::string>& lines) {
  std::string contents = fmt::format("{}\n{}\n", kCheckpointVersion, lines.size());
  for (const auto& line : lines) {
    contents += line;
    contents += '\n';
  }
  return writeFileAtomically(fs, path, contents);
}

Result<OffsetCheckpoint> readOffsetCheckpoint(FileSystem& fs, const std::string& path) {
  PIER_ASSIGN_OR_RETURN(auto lines, readCheckpointLines(fs, path));
  OffsetCheckpoint out;
  if (!lines) return out;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    auto fields = splitSpaces((*lines)[i]);
    auto partition = fields.size() == 3 ? parseDecimal<int32_t>(fields[1]) : std::nullopt;
    auto offset = fields.size() == 3 ? parseDecimal<int64_t>(fields[2]) : std::nullopt;
    if (!partition || !offset || fields[0].empty() || *partition < 0) {
      return corrupt(path, i + 3, fmt::format("malformed entry '{}'", (*lines)[i]));
    }
    out[TopicPartition{std::string(fields[0]), PartitionIndex(*partition)}] = Offset(*offset);
  }
  return out;
}

Status writeOffsetCheckpoint(FileSystem& fs, const std::string& path, const OffsetCheckpoint& offsets) {
  std::vector<std::string> lines;
  lines.reserve(offsets.size());
  for (const auto& [tp, offset] : offsets) {
    lines.push_back(fmt::format("{} {} {}", tp.topic, tp.partition.value(), offset.value()));
  }
  return writeCheckpointLines(fs, path, lines);
}

Result<std::vector<EpochEntry>> readLeaderEpochCheckpoint(FileSystem& fs, const std::string& path) {
  PIER_ASSIGN_OR_RETURN(auto lines, readCheckpointLines(fs, path));
  std::vector<EpochEntry> out;
  if (!lines) return out;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    auto fields = splitSpaces((*lines)[i]);
    auto epoch = fields.size() == 2 ? parseDecimal<int32_t>(fields[0]) : std::nullopt;
    auto offset = fields.size() == 2 ? parseDecimal<int64_t>(fields[1]) : std::nullopt;
    if (!epoch || !offset) return corrupt(path, i + 3, fmt::format("malformed entry '{}'", (*lines)[i]));
    out.push_back(EpochEntry{LeaderEpoch(*epoch), Offset(*offset)});
  }
  return out;
}

Status writeLeaderEpochCheckpoint(FileSystem& fs, const std::string& path, const std::vector<EpochEntry>& entries) {
  std::vector<std::string> lines;
  lines.reserve(entries.size());
  for (const auto& e : entries) lines.push_back(fmt::format("{} {}", e.epoch.value(), e.startOffset.value()));
  return writeCheckpointLines(fs, path, lines);
}

}  // namespace pier::storage
