#include "storage/log_segment.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "base/log.h"
#include "protocol/records/record_batch.h"
#include "protocol/records/record_error.h"
#include "storage/log_file_names.h"
#include "storage/segment_scanner.h"
#include "storage/storage_error.h"

namespace pier::storage {

namespace records = protocol::records;

namespace {
constexpr uint64_t kReserveStepMinBytes = 64 * 1024;
constexpr uint64_t kReserveStepMaxBytes = 16 * 1024 * 1024;
}  // namespace

Result<std::unique_ptr<LogSegment>> LogSegment::open(FileCache& cache, const std::string& dir, Offset baseOffset,
                                                     const LogConfig& config, int64_t nowMs, std::string_view fileSuffix) {
  std::unique_ptr<LogSegment> s(new LogSegment(cache, dir, baseOffset));
  s->m_suffix = std::string(fileSuffix);
  const std::string suffix(fileSuffix);
  s->m_logPath = joinPath(dir, segmentFileName(baseOffset, kLogSuffix)) + suffix;
  PIER_ASSIGN_OR_RETURN(auto log, cache.get(s->m_logPath, OpenOptions{.create = true}));
  PIER_ASSIGN_OR_RETURN(s->m_sizeBytes, log->size());
  const auto indexBytes = static_cast<uint64_t>(config.segmentIndexBytes);
  PIER_ASSIGN_OR_RETURN(s->m_offsetIndex,
                        OffsetIndex::open(cache, joinPath(dir, segmentFileName(baseOffset, kIndexSuffix)) + suffix,
                                          baseOffset, indexBytes));
  PIER_ASSIGN_OR_RETURN(s->m_timeIndex,
                        TimeIndex::open(cache, joinPath(dir, segmentFileName(baseOffset, kTimeIndexSuffix)) + suffix,
                                        baseOffset, indexBytes));
  s->m_indexWasMissing = s->m_sizeBytes > 0 && (s->m_offsetIndex->file().wasNewlyCreated() ||
                                                s->m_timeIndex->file().wasNewlyCreated());
  s->m_indexIntervalBytes = config.indexIntervalBytes;
  s->m_createdMs = nowMs;
  s->m_maxTimestampSoFar = TimestampOffset{kNoTimestamp, baseOffset};
  return s;
}

bool LogSegment::canConvertToRelativeOffset(Offset offset) const {
  const int64_t relative = offset.value() - m_baseOffset.value();
  return relative >= 0 && relative <= std::numeric_limits<int32_t>::max();
}

Status LogSegment::append(Offset largestOffset, int64_t largestTimestamp, Offset shallowOffsetOfMaxTimestamp,
                          std::span<const uint8_t> batches) {
  if (batches.empty()) return Status::ok();
  if (!canConvertToRelativeOffset(largestOffset)) {
    return Status(StorageError::InvalidOffset, fmt::format("segment {}: offset {} does not fit relative to the base",
                                                           m_baseOffset.value(), largestOffset.value()));
  }
  PIER_RETURN_IF_ERROR(loadIndexes());
  const uint64_t position = m_sizeBytes;
  if (position + batches.size() > std::numeric_limits<int32_t>::max()) {
    return Status(StorageError::RecordTooLarge, fmt::format("segment {}: {} bytes would pass 2 GiB",
                                                            m_baseOffset.value(), batches.size()));
  }
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  reserveAhead(*log, position + batches.size());
  PIER_RETURN_IF_ERROR(log->writeAt(position, batches));
  m_sizeBytes += batches.size();
  if (!m_rollingBasedTimestamp && position == 0) m_rollingBasedTimestamp = largestTimestamp;
  if (largestTimestamp > m_maxTimestampSoFar.timestamp) {
    m_maxTimestampSoFar = TimestampOffset{largestTimestamp, shallowOffsetOfMaxTimestamp};
  }
  if (m_bytesSinceLastIndexEntry > static_cast<uint64_t>(m_indexIntervalBytes)) {
    PIER_RETURN_IF_ERROR(m_offsetIndex->append(largestOffset, static_cast<uint32_t>(position)));
    PIER_RETURN_IF_ERROR(m_timeIndex->maybeAppend(m_maxTimestampSoFar.timestamp, m_maxTimestampSoFar.offset));
    m_bytesSinceLastIndexEntry = 0;
  }
  m_bytesSinceLastIndexEntry += batches.size();
  return Status::ok();
}

void LogSegment::reserveAhead(File& log, uint64_t end) {
  if (end <= m_reservedEnd) return;
  const uint64_t from = std::max(m_reservedEnd, m_sizeBytes);
  const uint64_t step = std::clamp(m_sizeBytes, kReserveStepMinBytes, kReserveStepMaxBytes);
  const uint64_t to = std::max(end, from + step);
  // A failed reservation (a full disk, say) is left to the write that follows to report.
  m_reservedEnd = log.reserve(from, to - from) ? to : 0;
}

Status LogSegment::loadFirstBatchTimestamp() {
  if (m_rollingBasedTimestamp || m_sizeBytes == 0) return Status::ok();
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  SegmentScanner scan(*log, 0, m_sizeBytes);
  PIER_ASSIGN_OR_RETURN(auto first, scan.next());
  if (first) m_rollingBasedTimestamp = first->header.maxTimestamp;
  return Status::ok();
}

bool LogSegment::shouldRoll(const LogConfig& config, int64_t messagesMaxTimestamp, Offset messagesLastOffset,
                            uint64_t messagesBytes, int64_t nowMs, int64_t rollJitterMs) {
  // A failed read leaves the creation time as the reference, which only rolls earlier.
  (void)loadFirstBatchTimestamp();
  const int64_t waited = m_rollingBasedTimestamp && *m_rollingBasedTimestamp >= 0
                             ? messagesMaxTimestamp - *m_rollingBasedTimestamp
                             : nowMs - m_createdMs;
  const bool rollMsReached = waited > config.maxSegmentMs() - rollJitterMs;
  const bool full = m_sizeBytes + messagesBytes > static_cast<uint64_t>(config.segmentBytes);
  return full || (m_sizeBytes > 0 && rollMsReached) || m_offsetIndex->isFull() || m_timeIndex->isFull() ||
         !canConvertToRelativeOffset(messagesLastOffset);
}

Result<std::optional<BatchLocation>> LogSegment::translateOffset(Offset offset, uint64_t startingPosition) {
  using Out = std::optional<BatchLocation>;
  PIER_RETURN_IF_ERROR(loadIndexes());
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  const uint64_t from = std::max<uint64_t>(m_offsetIndex->lookup(offset).position, startingPosition);
  SegmentScanner scan(*log, from, m_sizeBytes);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto batch, scan.next());
    if (!batch) return Out();
    if (batch->header.lastOffset() >= offset) {
      return Out(BatchLocation{batch->position, batch->header.baseOffset, batch->header.lastOffset(),
                               static_cast<uint32_t>(batch->header.sizeBytes()), batch->header.maxTimestamp});
    }
  }
}

Result<std::optional<SegmentRead>> LogSegment::read(Offset startOffset, uint64_t maxBytes, uint64_t maxPosition,
                                                    bool minOneBatch) {
  using Out = std::optional<SegmentRead>;
  PIER_ASSIGN_OR_RETURN(auto start, translateOffset(startOffset));
  if (!start) return Out();
  const uint64_t limit = minOneBatch ? std::max<uint64_t>(maxBytes, start->sizeBytes) : maxBytes;
  const uint64_t end = std::min(std::min(maxPosition, m_sizeBytes), start->position + limit);
  SegmentRead out{start->position, {}};
  if (end > start->position) {
    out.bytes.resize(static_cast<std::size_t>(end - start->position));
    PIER_ASSIGN_OR_RETURN(auto log, logFile());
    PIER_ASSIGN_OR_RETURN(std::size_t n, log->readAt(start->position, out.bytes));
    out.bytes.resize(n);
  }
  return Out(std::move(out));
}

Result<std::optional<TimestampAndOffset>> LogSegment::findOffsetByTimestamp(int64_t ts, Offset startingOffset) {
  using Out = std::optional<TimestampAndOffset>;
  PIER_RETURN_IF_ERROR(loadIndexes());
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  const TimestampOffset fromIndex = m_timeIndex->lookup(ts);
  const uint64_t from = m_offsetIndex->lookup(std::max(fromIndex.offset, startingOffset)).position;
  SegmentScanner scan(*log, from, m_sizeBytes);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto batch, scan.next(true));
    if (!batch) return Out();
    const records::BatchHeader& h = batch->header;
    if (h.maxTimestamp < ts || h.lastOffset() < startingOffset) continue;
    PIER_ASSIGN_OR_RETURN(records::RecordBatch decoded, records::decodeBatch(batch->bytes));
    for (const records::Record& r : decoded.records) {
      const int64_t recordTs = h.timestampType() == records::TimestampType::LogAppendTime
                                   ? h.maxTimestamp
                                   : h.baseTimestamp + r.timestampDelta;
      const Offset recordOffset(h.baseOffset.value() + r.offsetDelta);
      if (recordTs >= ts && recordOffset >= startingOffset) {
        return Out(TimestampAndOffset{recordTs, recordOffset, h.partitionLeaderEpoch});
      }
    }
  }
}

Result<Offset> LogSegment::readNextOffset() {
  PIER_RETURN_IF_ERROR(loadIndexes());
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  SegmentScanner scan(*log, m_offsetIndex->lookup(m_offsetIndex->lastOffset()).position, m_sizeBytes);
  Offset next = m_baseOffset;
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto batch, scan.next());
    if (!batch) return next;
    next = Offset(batch->header.lastOffset().value() + 1);
  }
}

Result<uint64_t> LogSegment::recover(const LogConfig& config, LeaderEpochCache* epochs) {
  m_indexIntervalBytes = config.indexIntervalBytes;
  PIER_RETURN_IF_ERROR(m_offsetIndex->reset());
  PIER_RETURN_IF_ERROR(m_timeIndex->reset());
  PIER_RETURN_IF_ERROR(m_offsetIndex->file().resize(static_cast<uint64_t>(config.segmentIndexBytes)));
  PIER_RETURN_IF_ERROR(m_timeIndex->file().resize(static_cast<uint64_t>(config.segmentIndexBytes)));
  m_maxTimestampSoFar = TimestampOffset{kNoTimestamp, m_baseOffset};
  uint64_t validBytes = 0;
  uint64_t lastIndexEntry = 0;
  std::optional<Offset> previousLast;
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  SegmentScanner scan(*log, 0, m_sizeBytes);
  while (true) {
    auto next = scan.next(false, true);
    if (!next) {
      if (!next.status().inDomain<protocol::RecordError>()) return next.status();
      PIER_LOG_WARN("truncating segment at its first invalid batch", {"dir", m_dir}, {"segment", m_baseOffset},
                    {"position", validBytes}, {"why", next.status()});
      break;
    }
    if (!*next) break;
    const records::BatchHeader& h = (*next)->header;
    const bool offsetsOk = h.baseOffset >= m_baseOffset && h.lastOffsetDelta >= 0 &&
                           canConvertToRelativeOffset(h.lastOffset()) &&
                           (!previousLast || h.baseOffset > *previousLast);
    if (!offsetsOk) {
      PIER_LOG_WARN("truncating segment at a batch with out-of-order offsets", {"dir", m_dir},
                    {"segment", m_baseOffset}, {"position", validBytes}, {"baseOffset", h.baseOffset});
      break;
    }
    if (h.maxTimestamp > m_maxTimestampSoFar.timestamp) m_maxTimestampSoFar = TimestampOffset{h.maxTimestamp, h.lastOffset()};
    if (validBytes - lastIndexEntry > static_cast<uint64_t>(config.indexIntervalBytes)) {
      PIER_RETURN_IF_ERROR(m_offsetIndex->append(h.lastOffset(), static_cast<uint32_t>(validBytes)));
      PIER_RETURN_IF_ERROR(m_timeIndex->maybeAppend(m_maxTimestampSoFar.timestamp, m_maxTimestampSoFar.offset));
      lastIndexEntry = validBytes;
    }
    if (epochs) PIER_RETURN_IF_ERROR(epochs->assign(h.partitionLeaderEpoch, h.baseOffset));
    validBytes += h.sizeBytes();
    previousLast = h.lastOffset();
  }
  const uint64_t truncated = m_sizeBytes - validBytes;
  if (truncated > 0) {
    PIER_RETURN_IF_ERROR(log->truncate(validBytes));
    m_sizeBytes = validBytes;
  }
  // As Kafka: a recovered segment's indexes end trimmed, with the final time-index entry; the
  // log grows them back if this segment stays active.
  PIER_RETURN_IF_ERROR(onBecomeInactive());
  m_bytesSinceLastIndexEntry = validBytes - lastIndexEntry;
  m_rollingBasedTimestamp.reset();
  m_indexWasMissing = false;
  return truncated;
}

Result<uint64_t> LogSegment::truncateTo(Offset offset, const LogConfig& config, int64_t nowMs) {
  PIER_ASSIGN_OR_RETURN(auto location, translateOffset(offset));
  PIER_RETURN_IF_ERROR(m_offsetIndex->truncateTo(offset));
  PIER_RETURN_IF_ERROR(m_timeIndex->truncateTo(offset));
  PIER_RETURN_IF_ERROR(resizeIndexes(static_cast<uint64_t>(config.segmentIndexBytes)));
  if (!location) return uint64_t{0};
  const uint64_t removed = m_sizeBytes - location->position;
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  PIER_RETURN_IF_ERROR(log->truncate(location->position));
  m_sizeBytes = location->position;
  if (m_sizeBytes == 0) {
    m_createdMs = nowMs;
    m_rollingBasedTimestamp.reset();
  }
  m_bytesSinceLastIndexEntry = 0;
  PIER_RETURN_IF_ERROR(loadLargestTimestamp());
  return removed;
}

Status LogSegment::loadLargestTimestamp() {
  PIER_RETURN_IF_ERROR(loadIndexes());
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  m_maxTimestampSoFar = m_timeIndex->lastEntry();
  SegmentScanner scan(*log, m_offsetIndex->lookup(m_maxTimestampSoFar.offset).position, m_sizeBytes);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto batch, scan.next());
    if (!batch) return Status::ok();
    if (batch->header.maxTimestamp > m_maxTimestampSoFar.timestamp) {
      m_maxTimestampSoFar = TimestampOffset{batch->header.maxTimestamp, batch->header.lastOffset()};
    }
  }
}

Status LogSegment::onBecomeInactive() {
  PIER_RETURN_IF_ERROR(loadIndexes());
  if (m_maxTimestampSoFar.timestamp != kNoTimestamp) {
    PIER_RETURN_IF_ERROR(m_timeIndex->maybeAppend(m_maxTimestampSoFar.timestamp, m_maxTimestampSoFar.offset, true));
  }
  PIER_RETURN_IF_ERROR(m_offsetIndex->file().trimToValidSize());
  PIER_RETURN_IF_ERROR(m_timeIndex->file().trimToValidSize());
  // Gives back blocks reserved past the end, by this process or by one that crashed.
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  PIER_RETURN_IF_ERROR(log->truncate(m_sizeBytes));
  m_reservedEnd = 0;
  return Status::ok();
}

Status LogSegment::resizeIndexes(uint64_t sizeBytesMax) {
  PIER_RETURN_IF_ERROR(m_offsetIndex->file().resize(sizeBytesMax));
  return m_timeIndex->file().resize(sizeBytesMax);
}

Status LogSegment::loadIndexes() {
  PIER_RETURN_IF_ERROR(m_offsetIndex->load());
  return m_timeIndex->load();
}

void LogSegment::unloadIndexes() {
  m_offsetIndex->file().unload();
  m_timeIndex->file().unload();
}

Status LogSegment::sanityCheckIndexes() {
  PIER_RETURN_IF_ERROR(m_offsetIndex->sanityCheck());
  PIER_RETURN_IF_ERROR(m_timeIndex->sanityCheck());
  if (m_offsetIndex->entryCount() > 0 && m_offsetIndex->entryAt(m_offsetIndex->entryCount() - 1).position >= m_sizeBytes) {
    return Status(StorageError::CorruptIndex, fmt::format("{}: last entry points past the end of the log ({} bytes)",
                                                          m_offsetIndex->file().path(), m_sizeBytes));
  }
  return Status::ok();
}

Status LogSegment::flushLog() {
  PIER_ASSIGN_OR_RETURN(auto log, logFile());
  return log->sync();
}

Status LogSegment::flush() {
  PIER_RETURN_IF_ERROR(flushLog());
  PIER_RETURN_IF_ERROR(m_offsetIndex->file().sync());
  return m_timeIndex->file().sync();
}

std::vector<std::string> LogSegment::livePaths() const {
  // Indexes first, the log last: a crash between renames leaves at worst indexes without their
  // log under a suffix, which loading discards (an index never outlives its log's rename).
  std::vector<std::string> out;
  for (std::string_view kind : {kIndexSuffix, kTimeIndexSuffix, kLogSuffix}) {
    out.push_back(joinPath(m_dir, segmentFileName(m_baseOffset, kind)));
  }
  return out;
}

Status LogSegment::renameFilesTo(std::string_view newSuffix) {
  m_offsetIndex.reset();
  m_timeIndex.reset();
  FileSystem& fs = m_cache.fs();
  for (const auto& live : livePaths()) {
    m_cache.close(live + m_suffix);
    m_cache.close(live + std::string(newSuffix));
    auto present = fs.exists(live + m_suffix);
    if (present && *present) PIER_RETURN_IF_ERROR(fs.rename(live + m_suffix, live + std::string(newSuffix)));
  }
  m_suffix = std::string(newSuffix);
  return Status::ok();
}

Status LogSegment::deleteFiles() {
  m_offsetIndex.reset();
  m_timeIndex.reset();
  FileSystem& fs = m_cache.fs();
  std::vector<std::string> names;
  for (const auto& live : livePaths()) {
    names.push_back(live + m_suffix);
    m_cache.close(names.back());
  }
  if (!m_suffix.empty()) {
    // Files of a segment being built (".cleaned") are garbage on any reload: remove directly.
    for (const auto& name : names) {
      auto present = fs.exists(name);
      if (present && *present) PIER_RETURN_IF_ERROR(fs.remove(name));
    }
    return Status::ok();
  }
  for (const auto& name : names) {
    auto present = fs.exists(name);
    if (present && *present) PIER_RETURN_IF_ERROR(fs.rename(name, name + std::string(kDeletedSuffix)));
  }
  PIER_RETURN_IF_ERROR(fs.syncDirectory(m_dir));
  for (const auto& name : names) {
    auto present = fs.exists(name + std::string(kDeletedSuffix));
    if (present && *present) PIER_RETURN_IF_ERROR(fs.remove(name + std::string(kDeletedSuffix)));
  }
  return Status::ok();
}

}  // namespace pier::storage
