#include "storage/log_cleaner.h"

#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "protocol/records/record_batch.h"
#include "storage/file_cache.h"
#include "storage/log_file_names.h"
#include "storage/log_segment.h"
#include "storage/segment_scanner.h"
#include "storage/storage_error.h"

namespace pier::storage {
namespace {

namespace records = protocol::records;

constexpr std::size_t kCleanerOpenFilesMax = 32;
constexpr std::size_t kMapEntryOverheadBytes = 48;  // hash node, offset and string header

// Key -> latest offset, bounded in bytes like Kafka's dedupe buffer.
class OffsetMap {
 public:
  explicit OffsetMap(uint64_t bytesMax) : m_bytesMax(bytesMax) {}

  bool fits(const records::RecordBatch& batch) const {
    uint64_t more = 0;
    for (const auto& r : batch.records) {
      if (r.key) more += r.key->size() + kMapEntryOverheadBytes;
    }
    return m_bytes + more <= m_bytesMax;
  }
  void put(const std::vector<uint8_t>& key, int64_t offset) {
    auto [it, inserted] = m_map.try_emplace(std::string(key.begin(), key.end()), offset);
    if (inserted) {
      m_bytes += key.size() + kMapEntryOverheadBytes;
    } else {
      it->second = offset;
    }
  }
  std::optional<int64_t> get(const std::vector<uint8_t>& key) const {
    auto it = m_map.find(std::string(key.begin(), key.end()));
    if (it == m_map.end()) return std::nullopt;
    return it->second;
  }

 private:
  uint64_t m_bytesMax;
  uint64_t m_bytes = 0;
  std::unordered_map<std::string, int64_t> m_map;
};

std::string logPath(const CleaningPlan& plan, Offset base) {
  return joinPath(plan.dir, segmentFileName(base, kLogSuffix));
}

records::BatchLimits cleanerLimits(const CleaningPlan& plan) {
  const auto batchMax = static_cast<std::size_t>(plan.config.segmentBytes) + records::kLogOverheadBytes;
  return records::BatchLimits{.batchBytesMax = batchMax, .decompressedBytesMax = std::max<std::size_t>(batchMax * 8, 256u << 20)};
}

// Step 2a: the map over [firstDirty, firstUncleanable); returns where it stopped.
Result<Offset> buildOffsetMap(FileCache& files, const CleaningPlan& plan, OffsetMap& map, CleaningOutcome& out) {
  for (const CleanableSegment& seg : plan.segments) {
    if (seg.nextBaseOffset <= plan.firstDirtyOffset) continue;
    PIER_ASSIGN_OR_RETURN(auto file, files.get(logPath(plan, seg.baseOffset)));
    SegmentScanner scan(*file, 0, seg.sizeBytes);
    while (true) {
      PIER_ASSIGN_OR_RETURN(auto batch, scan.next(true));
      if (!batch) break;
      const records::BatchHeader& h = batch->header;
      if (h.lastOffset() < plan.firstDirtyOffset || h.isControl()) continue;
      PIER_ASSIGN_OR_RETURN(records::RecordBatch decoded, records::decodeBatch(batch->bytes, cleanerLimits(plan)));
      if (!map.fits(decoded)) return h.baseOffset;  // clean what the map covers; the rest next time
      for (const auto& r : decoded.records) {
        const int64_t offset = h.baseOffset.value() + r.offsetDelta;
        if (r.key && offset >= plan.firstDirtyOffset.value()) map.put(*r.key, offset);
      }
      out.bytesRead += batch->bytes.size();
    }
  }
  return plan.firstUncleanableOffset;
}

bool shouldRetain(const records::Record& r, int64_t offset, const records::BatchHeader& h, const OffsetMap& map,
                  const CleaningPlan& plan) {
  if (!r.key) return false;
  if (auto latest = map.get(*r.key); latest && offset < *latest) return false;
  const bool expiredTombstone = !r.value && offset < plan.firstDirtyOffset.value() &&
                                plan.nowMs - h.maxTimestamp > plan.config.deleteRetentionMs;
  return !expiredTombstone;
}

// A header-only batch standing for a batch whose records all went: written when it is the last
// of a group, so the cleaned segment still ends at the group's last offset (Kafka also keeps
// empty batches) and a crash-interrupted swap knows exactly which old segments it replaces, and
// for a producer's last batch.
Result<std::vector<uint8_t>> emptyBatchLike(std::span<const uint8_t> bytes) {
  PIER_ASSIGN_OR_RETURN(records::BatchHeader h, records::decodeBatchHeader(bytes));
  records::EncodeOptions options{.compression = records::Compression::None, .compressOptions = {},
                                 .keepLastOffsetDelta = true};
  return records::encodeBatch(h, {}, options);
}

// The batch as it should be written after filtering: its own bytes when nothing changes,
// re-encoded bytes when some records go, nothing when none is left (a header only for a
// producer's last batch).
Result<std::optional<std::vector<uint8_t>>> filterBatch(std::span<const uint8_t> bytes, const OffsetMap& map,
                                                        const CleaningPlan& plan, CleaningOutcome& out) {
  using Out = std::optional<std::vector<uint8_t>>;
  PIER_ASSIGN_OR_RETURN(records::BatchHeader h, records::decodeBatchHeader(bytes));
  if (h.isControl()) return Out(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  PIER_ASSIGN_OR_RETURN(records::RecordBatch decoded, records::decodeBatch(bytes, cleanerLimits(plan)));
  std::vector<records::Record> kept;
  int64_t maxTimestamp = records::kNoTimestamp;
  for (auto& r : decoded.records) {
    ++out.recordsRead;
    if (!shouldRetain(r, h.baseOffset.value() + r.offsetDelta, h, map, plan)) continue;
    maxTimestamp = std::max(maxTimestamp, h.baseTimestamp + r.timestampDelta);
    kept.push_back(std::move(r));
  }
  out.recordsRetained += static_cast<int64_t>(kept.size());
  if (kept.size() == decoded.records.size()) return Out(std::vector<uint8_t>(bytes.begin(), bytes.end()));
  if (kept.empty()) {
    auto producer = plan.producerLastOffsets.find(h.producerId.value());
    if (h.producerId.value() < 0 || producer == plan.producerLastOffsets.end() ||
        producer->second != h.lastOffset().value()) {
      return Out();
    }
    PIER_ASSIGN_OR_RETURN(auto empty, emptyBatchLike(bytes));
    return Out(std::move(empty));
  }
  records::BatchHeader header = h;
  if (h.timestampType() == records::TimestampType::CreateTime) header.maxTimestamp = maxTimestamp;
  PIER_ASSIGN_OR_RETURN(auto codec, records::compressionFromBits(h.compressionBits()));
  records::EncodeOptions options{.compression = codec, .compressOptions = {}, .keepLastOffsetDelta = true};
  PIER_ASSIGN_OR_RETURN(auto encoded, records::encodeBatch(header, kept, options));
  return Out(std::move(encoded));
}

// Consecutive segments below endOffset, grouped up to segment.bytes and 32-bit relative offsets.
std::vector<std::vector<CleanableSegment>> groupSegments(const CleaningPlan& plan, Offset endOffset) {
  std::vector<std::vector<CleanableSegment>> groups;
  uint64_t groupBytes = 0;
  for (const CleanableSegment& seg : plan.segments) {
    if (seg.baseOffset >= endOffset) break;
    const bool fits = !groups.empty() &&
                      groupBytes + seg.sizeBytes <= static_cast<uint64_t>(plan.config.segmentBytes) &&
                      seg.nextBaseOffset.value() - 1 - groups.back().front().baseOffset.value() <=
                          std::numeric_limits<int32_t>::max();
    if (!fits) {
      groups.emplace_back();
      groupBytes = 0;
    }
    groups.back().push_back(seg);
    groupBytes += seg.sizeBytes;
  }
  return groups;
}

Result<CleanedGroup> cleanGroup(FileCache& files, const CleaningPlan& plan, const std::vector<CleanableSegment>& group,
                                const OffsetMap& map, CleaningOutcome& out) {
  CleanedGroup cleaned;
  const Offset base = group.front().baseOffset;
  // A ".cleaned" leftover from an aborted run would otherwise be appended to.
  for (std::string_view kind : {kLogSuffix, kIndexSuffix, kTimeIndexSuffix}) {
    const std::string stale = joinPath(plan.dir, segmentFileName(base, kind)) + std::string(kCleanedSuffix);
    files.close(stale);
    PIER_ASSIGN_OR_RETURN(bool exists, files.fs().exists(stale));
    if (exists) PIER_RETURN_IF_ERROR(files.fs().remove(stale));
  }
  PIER_ASSIGN_OR_RETURN(auto target, LogSegment::open(files, plan.dir, base, plan.config, plan.nowMs, kCleanedSuffix));
  auto write = [&](const std::vector<uint8_t>& bytes) -> Status {
    PIER_ASSIGN_OR_RETURN(records::BatchHeader h, records::decodeBatchHeader(bytes));
    out.bytesWritten += bytes.size();
    return target->append(h.lastOffset(), h.maxTimestamp, h.lastOffset(), bytes);
  };
  std::vector<uint8_t> lastDropped;  // the most recent batch, when it was dropped entirely
  for (const CleanableSegment& seg : group) {
    cleaned.sourceBaseOffsets.push_back(seg.baseOffset);
    PIER_ASSIGN_OR_RETURN(auto file, files.get(logPath(plan, seg.baseOffset)));
    SegmentScanner scan(*file, 0, seg.sizeBytes);
    while (true) {
      PIER_ASSIGN_OR_RETURN(auto batch, scan.next(true));
      if (!batch) break;
      PIER_ASSIGN_OR_RETURN(auto filtered, filterBatch(batch->bytes, map, plan, out));
      if (!filtered) {
        lastDropped.assign(batch->bytes.begin(), batch->bytes.end());
        continue;
      }
      lastDropped.clear();
      PIER_RETURN_IF_ERROR(write(*filtered));
    }
  }
  if (!lastDropped.empty()) {
    PIER_ASSIGN_OR_RETURN(auto empty, emptyBatchLike(lastDropped));
    PIER_RETURN_IF_ERROR(write(empty));
  }
  PIER_RETURN_IF_ERROR(target->onBecomeInactive());
  PIER_RETURN_IF_ERROR(target->flush());
  cleaned.sizeBytes = target->sizeBytes();
  return cleaned;
}

}  // namespace

Result<CleaningOutcome> cleanSegments(FileSystem& fs, const CleaningPlan& plan) {
  FileCache files(fs, kCleanerOpenFilesMax);
  CleaningOutcome out;
  OffsetMap map(plan.offsetMapBytesMax);
  PIER_ASSIGN_OR_RETURN(out.endOffset, buildOffsetMap(files, plan, map, out));
  if (out.endOffset <= plan.segments.front().baseOffset) {
    return Result<CleaningOutcome>(StorageError::InvalidConfig,
                                   fmt::format("{}: the cleaner's offset map ({} bytes) cannot hold one batch of keys",
                                               plan.dir, plan.offsetMapBytesMax));
  }
  for (const auto& group : groupSegments(plan, out.endOffset)) {
    auto cleaned = cleanGroup(files, plan, group, map, out);
    if (!cleaned) return cleaned.status().withContext(fmt::format("clean {}", plan.dir));
    out.groups.push_back(std::move(*cleaned));
  }
  return out;
}

}  // namespace pier::storage
