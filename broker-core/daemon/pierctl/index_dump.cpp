#include "daemon/pierctl/index_dump.h"

#include <algorithm>
#include <array>
#include <optional>

#include <fmt/format.h>

#include "base/big_endian.h"
#include "daemon/pierctl/batch_text.h"
#include "storage/log_file_names.h"
#include "storage/offset_index.h"
#include "storage/time_index.h"

namespace pier::pierctl {

namespace records = protocol::records;

namespace {

struct OffsetEntry {
  int64_t offset = 0;
  int32_t position = 0;
};

struct TimeEntry {
  int64_t timestamp = 0;
  int64_t offset = 0;
};

OffsetEntry offsetEntryAt(std::span<const uint8_t> index, std::size_t i, int64_t baseOffset) {
  const uint8_t* p = index.data() + i * storage::kOffsetIndexEntryBytes;
  return {baseOffset + loadBigEndian<int32_t>(p), loadBigEndian<int32_t>(p + 4)};
}

TimeEntry timeEntryAt(std::span<const uint8_t> index, std::size_t i, int64_t baseOffset) {
  const uint8_t* p = index.data() + i * storage::kTimeIndexEntryBytes;
  return {loadBigEndian<int64_t>(p), baseOffset + loadBigEndian<int32_t>(p + 8)};
}

// A segment's .log and the bytes of the index being dumped, opened read-only.
struct SegmentFiles {
  int64_t baseOffset = 0;
  std::unique_ptr<File> log;
  uint64_t logSizeBytes = 0;
  std::vector<uint8_t> index;
};

std::optional<SegmentFiles> openSegment(DumpContext& ctx, const std::string& indexPath) {
  SegmentFiles segment;
  auto baseOffset = baseOffsetOf(indexPath);
  if (!baseOffset) {
    ctx.fail(fmt::format("Cannot read a base offset from the name of {}", indexPath));
    return std::nullopt;
  }
  segment.baseOffset = *baseOffset;
  segment.log = ctx.openOrReport(siblingPath(indexPath, storage::kLogSuffix));
  if (!segment.log) return std::nullopt;
  auto indexFile = ctx.openOrReport(indexPath);
  if (!indexFile) return std::nullopt;
  auto logSize = segment.log->size();
  auto index = readWholeFile(*indexFile);
  if (!logSize || !index) {
    ctx.fail(fmt::format("Cannot read {}: {}", indexPath, (logSize ? index.status() : logSize.status()).toString()));
    return std::nullopt;
  }
  segment.logSizeBytes = *logSize;
  segment.index = std::move(*index);
  return segment;
}

// Where a batch ends and its last offset, from its first bytes alone.
struct BatchAt {
  int64_t lastOffset = -1;
  uint64_t sizeBytes = 0;
};

// The batch at `position` as Kafka's FileLogInputStream finds it: std::nullopt when its header
// up to the magic byte or its whole length does not fit before `end`, or when the length is
// impossible (Kafka throws CorruptRecordException there). Reads only the header: an index
// check must not read a megabyte per entry.
std::optional<BatchAt> batchAt(File& log, uint64_t position, uint64_t end) {
  constexpr std::size_t kHeaderUpToMagicBytes = 17;
  constexpr std::size_t kLastOffsetDeltaEnd = 27;
  constexpr int32_t kSmallestRecordBytes = 14;  // a magic v0 message's overhead
  if (end < position || end - position < kHeaderUpToMagicBytes) return std::nullopt;
  std::array<uint8_t, records::kBatchHeaderBytes> head{};
  auto got = log.readAt(position, head);
  if (!got || *got < kHeaderUpToMagicBytes) return std::nullopt;
  const int64_t baseOffset = loadBigEndian<int64_t>(head.data());
  const int32_t length = loadBigEndian<int32_t>(head.data() + 8);
  if (length < kSmallestRecordBytes || end - position < records::kLogOverheadBytes + static_cast<uint64_t>(length)) {
    return std::nullopt;
  }
  BatchAt batch{baseOffset, records::kLogOverheadBytes + static_cast<uint64_t>(length)};
  if (static_cast<int8_t>(head[records::kMagicOffset]) >= records::kMagicV2) {
    if (*got < kLastOffsetDeltaEnd) return std::nullopt;
    batch.lastOffset = baseOffset + loadBigEndian<int32_t>(head.data() + 23);  // lastOffsetDelta
  }
  return batch;
}

// The last offset of the first batch at `position` that fits in `limitBytes`; -1 when there is
// none there (Kafka's tool fails with NoSuchElementException instead).
int64_t lastOffsetOfBatchAt(SegmentFiles& segment, int64_t position, int32_t limitBytes) {
  if (position < 0 || static_cast<uint64_t>(position) > segment.logSizeBytes) return -1;
  const uint64_t start = static_cast<uint64_t>(position);
  const uint64_t end = std::min(segment.logSizeBytes, start + static_cast<uint64_t>(std::max(limitBytes, 0)));
  auto batch = batchAt(*segment.log, start, end);
  return batch ? batch->lastOffset : -1;
}

void reportSanity(DumpContext& ctx, const std::string& path, const std::optional<std::string>& problem) {
  if (problem) return ctx.fail(*problem);
  ctx.out() << path << " passed sanity check.\n";
}

// Kafka's OffsetIndex.sanityCheck, with its messages.
std::optional<std::string> offsetIndexProblem(const SegmentFiles& segment, const std::string& path) {
  const std::size_t entries = segment.index.size() / storage::kOffsetIndexEntryBytes;
  const int64_t lastOffset =
      entries == 0 ? segment.baseOffset : offsetEntryAt(segment.index, entries - 1, segment.baseOffset).offset;
  if (lastOffset < segment.baseOffset) {
    return fmt::format("Corrupt index found, index file ({}) has non-zero size but the last offset is {} which is "
                       "less than the base offset {}",
                       absolutePathOf(path), lastOffset, segment.baseOffset);
  }
  if (segment.index.size() % storage::kOffsetIndexEntryBytes != 0) {
    return fmt::format("Index file {} is corrupt, found {} bytes which is neither positive nor a multiple of {}",
                       absolutePathOf(path), segment.index.size(), storage::kOffsetIndexEntryBytes);
  }
  return std::nullopt;
}

// Kafka's TimeIndex.sanityCheck, with its messages.
std::optional<std::string> timeIndexProblem(const SegmentFiles& segment, const std::string& path) {
  const std::size_t entries = segment.index.size() / storage::kTimeIndexEntryBytes;
  if (entries != 0) {
    const TimeEntry first = timeEntryAt(segment.index, 0, segment.baseOffset);
    const TimeEntry last = timeEntryAt(segment.index, entries - 1, segment.baseOffset);
    if (last.timestamp < first.timestamp) {
      return fmt::format("Corrupt time index found, time index file ({}) has non-zero size but the last timestamp "
                         "is {} which is less than the first timestamp {}",
                         absolutePathOf(path), last.timestamp, first.timestamp);
    }
    if (last.offset < segment.baseOffset) {
      return fmt::format("Corrupt time index found, time index file ({}) has non-zero size but the last offset is "
                         "{} which is less than the first offset {}",
                         absolutePathOf(path), last.offset, segment.baseOffset);
    }
  }
  if (segment.index.size() % storage::kTimeIndexEntryBytes != 0) {
    return fmt::format("Time index file {} is corrupt, found {} bytes which is not positive or not a multiple of 12.",
                       absolutePathOf(path), segment.index.size());
  }
  return std::nullopt;
}

// The .index next to a time index, for finding batches; empty when it cannot be read (the
// search then starts at the beginning of the log, which finds the same batch).
std::vector<uint8_t> offsetIndexBesides(DumpContext& ctx, const std::string& timeIndexPath) {
  OpenOptions readOnly;
  readOnly.readOnly = true;
  auto file = ctx.fs().open(siblingPath(timeIndexPath, storage::kIndexSuffix), readOnly);
  if (!file) return {};
  auto bytes = readWholeFile(**file);
  return bytes ? std::move(*bytes) : std::vector<uint8_t>();
}

// OffsetIndex.lookup over the entries before the padding: the position of the last entry
// whose offset is <= target, 0 when there is none.
int64_t lookupPosition(std::span<const uint8_t> index, int64_t baseOffset, int64_t target) {
  int64_t position = 0;
  for (std::size_t i = 0; i < index.size() / storage::kOffsetIndexEntryBytes; ++i) {
    const OffsetEntry e = offsetEntryAt(index, i, baseOffset);
    if ((i > 0 && e.offset == baseOffset) || e.offset > target) break;
    position = e.position;
  }
  return position;
}

// The first batch from `position` whose last offset reaches `target` (lastOffset -1 when none
// does), with its records when it ends exactly at `target`.
struct FoundBatch {
  int64_t lastOffset = -1;
  std::optional<records::RecordBatch> decoded;
};

Result<FoundBatch> findBatchFor(SegmentFiles& segment, int64_t position, int64_t target) {
  if (position < 0) return FoundBatch{};
  uint64_t at = static_cast<uint64_t>(position);
  std::optional<BatchAt> batch;
  while ((batch = batchAt(*segment.log, at, segment.logSizeBytes)) && batch->lastOffset < target) {
    at += batch->sizeBytes;
  }
  if (!batch) return FoundBatch{};  // the end, a torn tail or an impossible length
  FoundBatch found{batch->lastOffset, std::nullopt};
  if (found.lastOffset != target) return found;
  // batchAt checked the batch lies inside the file, so its size is bounded by the file's.
  std::vector<uint8_t> bytes(static_cast<std::size_t>(batch->sizeBytes));
  PIER_ASSIGN_OR_RETURN(std::size_t got, segment.log->readAt(at, bytes));
  bytes.resize(got);
  const bool crcValid = bytes.size() >= records::kBatchHeaderBytes &&
                        records::computeBatchCrc(bytes) == loadBigEndian<uint32_t>(bytes.data() + records::kCrcOffset);
  PIER_ASSIGN_OR_RETURN(found.decoded, decodeForDump(bytes, crcValid));
  return found;
}

// Checks one time-index entry against the log as Kafka does; false when the log cannot be read.
bool checkTimeEntry(DumpContext& ctx, SegmentFiles& segment, std::span<const uint8_t> offsetIndex,
                    const TimeEntry& entry, int64_t previousTimestamp, const std::string& absolutePath) {
  const int64_t position = lookupPosition(offsetIndex, segment.baseOffset, entry.offset);
  auto found = findBatchFor(segment, position, entry.offset);
  if (!found) {
    ctx.fail(fmt::format("Cannot read the batch holding offset {} in {}: {}", entry.offset,
                         siblingPath(absolutePath, storage::kLogSuffix), found.status().toString()));
    return false;
  }
  DumpFindings& findings = ctx.findings();
  if (!found->decoded) {
    findings.timeIndexNotFound.add(absolutePath, entry.offset, found->lastOffset);
    return true;
  }
  int64_t maxTimestamp = records::kNoTimestamp;
  for (const auto& r : found->decoded->records) {
    maxTimestamp = std::max(maxTimestamp, recordTimestamp(found->decoded->header, r));
  }
  if (maxTimestamp != entry.timestamp) findings.timeIndexMismatches.add(absolutePath, entry.timestamp, maxTimestamp);
  if (previousTimestamp >= entry.timestamp) {
    findings.timeIndexOutOfOrder.add(absolutePath, entry.timestamp, previousTimestamp);
  }
  return true;
}

}  // namespace

void dumpOffsetIndex(DumpContext& ctx, const std::string& path) {
  auto segment = openSegment(ctx, path);
  if (!segment) return;
  const std::size_t entries = segment->index.size() / storage::kOffsetIndexEntryBytes;
  if (entries == 0) {
    ctx.out() << path << " is empty.\n";
    return;
  }
  if (ctx.options().indexSanityCheck) return reportSanity(ctx, path, offsetIndexProblem(*segment, path));
  const std::string absolutePath = absolutePathOf(path);
  for (std::size_t i = 0; i < entries; ++i) {
    const OffsetEntry entry = offsetEntryAt(segment->index, i, segment->baseOffset);
    if (i > 0 && entry.offset == segment->baseOffset) return;  // the zero padding of a sparse file
    const int64_t logOffset = lastOffsetOfBatchAt(*segment, entry.position, ctx.options().maxMessageSizeBytes);
    if (logOffset != entry.offset) ctx.findings().indexMismatches.add(absolutePath, entry.offset, logOffset);
    if (!ctx.options().verifyIndexOnly) {
      ctx.out() << "offset: " << entry.offset << " position: " << entry.position << '\n';
    }
  }
}

void dumpTimeIndex(DumpContext& ctx, const std::string& path) {
  auto segment = openSegment(ctx, path);
  if (!segment) return;
  if (ctx.options().indexSanityCheck) return reportSanity(ctx, path, timeIndexProblem(*segment, path));
  const std::vector<uint8_t> offsetIndex = offsetIndexBesides(ctx, path);
  const std::string absolutePath = absolutePathOf(path);
  int64_t previousTimestamp = records::kNoTimestamp;
  for (std::size_t i = 0; i < segment->index.size() / storage::kTimeIndexEntryBytes; ++i) {
    const TimeEntry entry = timeEntryAt(segment->index, i, segment->baseOffset);
    if (i > 0 && entry.offset == segment->baseOffset) return;  // the zero padding of a sparse file
    if (!checkTimeEntry(ctx, *segment, offsetIndex, entry, previousTimestamp, absolutePath)) return;
    if (!ctx.options().verifyIndexOnly) {
      ctx.out() << "timestamp: " << entry.timestamp << " offset: " << entry.offset << '\n';
    }
    previousTimestamp = entry.timestamp;
  }
}

}  // namespace pier::pierctl
