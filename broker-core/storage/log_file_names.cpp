#include "storage/log_file_names.h"

#include <fmt/format.h>

#include "base/parse_number.h"
#include "base/assert.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

constexpr std::size_t kStemDigits = 20;

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::string offsetFileStem(Offset baseOffset) {
  PIER_ASSERT(baseOffset.value() >= 0, "segment base offsets are non-negative");
  return fmt::format("{:020d}", baseOffset.value());
}

std::string segmentFileName(Offset baseOffset, std::string_view suffix) {
  return offsetFileStem(baseOffset) + std::string(suffix);
}

std::optional<SegmentFileName> parseSegmentFileName(std::string_view name) {
  SegmentFileName out;
  for (std::string_view state : {kDeletedSuffix, kCleanedSuffix, kSwapSuffix}) {
    if (name.ends_with(state)) {
      out.state = state;
      name.remove_suffix(state.size());
      break;
    }
  }
  for (std::string_view kind : {kLogSuffix, kIndexSuffix, kTimeIndexSuffix, kProducerSnapshotSuffix}) {
    if (name.ends_with(kind)) {
      out.kind = kind;
      name.remove_suffix(kind.size());
      break;
    }
  }
  if (out.kind.empty() || name.size() != kStemDigits || !allDigits(name)) return std::nullopt;
  auto offset = parseDecimal<int64_t>(name);
  if (!offset) return std::nullopt;
  out.baseOffset = Offset(*offset);
  return out;
}

std::string partitionDirName(const TopicPartition& tp) {
  return fmt::format("{}-{}", tp.topic, tp.partition.value());
}

Result<TopicPartition> parsePartitionDirName(std::string_view name) {
  std::size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) {
    return Result<TopicPartition>(StorageError::InvalidName,
                                  fmt::format("'{}' is not a <topic>-<partition> folder", name));
  }
  std::string_view digits = name.substr(dash + 1);
  auto partition = parseDecimal<int32_t>(digits);
  if (!allDigits(digits) || !partition) {
    return Result<TopicPartition>(StorageError::InvalidName,
                                  fmt::format("'{}': partition '{}' is not a number", name, digits));
  }
  return TopicPartition{std::string(name.substr(0, dash)), PartitionIndex(*partition)};
}

}  // namespace pier::storage
