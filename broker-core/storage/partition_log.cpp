#include "storage/partition_log.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "base/log.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_error.h"
#include "protocol/records/validated_batches.h"
#include "runtime/runtime_error.h"
#include "storage/atomic_file.h"
#include "storage/log_file_names.h"
#include "storage/producer_snapshot.h"
#include "storage/segment_scanner.h"
#include "storage/storage_error.h"

namespace pier::storage {

namespace records = protocol::records;

Result<std::unique_ptr<PartitionLog>> PartitionLog::open(FileCache& cache, const std::string& dir, TopicPartition tp,
                                                         const LogConfig& config, const LogOpenState& state,
                                                         int64_t nowMs) {
  PIER_RETURN_IF_ERROR(config.validate());
  std::unique_ptr<PartitionLog> log(new PartitionLog(cache, dir, std::move(tp), config));
  Status loaded = log->load(state, nowMs);
  if (!loaded) return loaded.withContext(fmt::format("load {}", dir));
  return log;
}

Status PartitionLog::load(const LogOpenState& state, int64_t nowMs) {
  PIER_RETURN_IF_ERROR(m_fs.createDirectories(m_dir));
  PIER_RETURN_IF_ERROR(removeLeftoverFiles());
  PIER_RETURN_IF_ERROR(openSegments(nowMs));
  PIER_RETURN_IF_ERROR(loadLeaderEpochs());
  PIER_RETURN_IF_ERROR(recoverSegments(state));
  const Offset checkpointStart = state.logStartOffset.value_or(Offset(0));
  if (!m_segments.empty()) {
    PIER_ASSIGN_OR_RETURN(Offset next, active().readNextOffset());
    if (next < checkpointStart) {
      // The log ends below its checkpointed start (records deleted, then data lost): start over
      // empty at the checkpointed start, as Kafka's LogLoader does.
      PIER_LOG_WARN("log ends below its log start offset; starting empty", {"dir", m_dir},
                    {"logEndOffset", next}, {"logStartOffset", checkpointStart});
      while (!m_segments.empty()) PIER_RETURN_IF_ERROR(dropSegment(m_segments.begin()->first));
      PIER_RETURN_IF_ERROR(m_epochs->clear());
    }
  }
  if (m_segments.empty()) PIER_RETURN_IF_ERROR(createSegment(checkpointStart, nowMs));
  PIER_ASSIGN_OR_RETURN(m_logEndOffset, active().readNextOffset());
  PIER_RETURN_IF_ERROR(active().resizeIndexes(static_cast<uint64_t>(m_config.segmentIndexBytes)));
  for (auto& [base, segment] : m_segments) {
    if (segment.get() != &active()) segment->unloadIndexes();
  }
  m_logStartOffset = std::max(checkpointStart, m_segments.begin()->first);
  m_firstDirtyOffset = state.firstDirtyOffset.value_or(m_logStartOffset);
  m_recoveryPoint = state.hadCleanShutdown ? m_logEndOffset : std::min(state.recoveryPoint, m_logEndOffset);
  m_recoveryPoint = std::max(m_recoveryPoint, m_logStartOffset);
  PIER_RETURN_IF_ERROR(m_epochs->truncateFromEnd(m_logEndOffset));
  PIER_RETURN_IF_ERROR(m_epochs->truncateFromStart(m_logStartOffset));
  m_lastFlushMs = nowMs;
  return loadProducerState();
}

Status PartitionLog::loadProducerState() {
  m_producers.clear();
  // m_snapshots: what openSegments found in the folder, kept current by every write and delete.
  // Strays (Kafka's removeStraySnapshots): a snapshot belongs to a segment's base offset, but
  // for the newest one when it lies past the last segment's base (a clean shutdown's); the
  // others cannot be placed. Then those outside [log start, log end]: past the end after a
  // truncation or a cut, below the start after retention. (Kafka's truncateAndReload also drops
  // one at the log start; kept here, it is what holds the producers of a log that DeleteRecords
  // emptied, whose batches are all gone.)
  const Offset lastBase = m_segments.rbegin()->first;
  std::vector<Offset> stale;
  for (Offset offset : m_snapshots) {
    const bool stray = !m_segments.contains(offset) && !(offset == *m_snapshots.rbegin() && offset > lastBase);
    if (stray || offset > m_logEndOffset || offset < m_logStartOffset) stale.push_back(offset);
  }
  for (Offset offset : stale) PIER_RETURN_IF_ERROR(deleteProducerSnapshot(offset));
  Offset from = m_logStartOffset;
  while (!m_snapshots.empty()) {
    const Offset newest = *m_snapshots.rbegin();
    const std::string path = joinPath(m_dir, segmentFileName(newest, kProducerSnapshotSuffix));
    auto text = readSmallFile(m_fs, path);
    // Too large to be a snapshot (CorruptCheckpoint) counts as unreadable; an I/O error does not.
    if (!text && !text.status().is(StorageError::CorruptCheckpoint)) return text.status();
    Result<std::vector<ProducerSnapshotEntry>> entries =
        !text    ? Result<std::vector<ProducerSnapshotEntry>>(text.status())
        : !*text ? Result<std::vector<ProducerSnapshotEntry>>(StorageError::CorruptSnapshot, "the file vanished")
                 : decodeProducerSnapshot(std::span(reinterpret_cast<const uint8_t*>((*text)->data()), (*text)->size()));
    if (entries) {
      m_producers.restore(*entries);
      from = newest;
      break;
    }
    PIER_LOG_WARN("deleting an unreadable producer snapshot", {"file", path}, {"why", entries.status()});
    PIER_RETURN_IF_ERROR(deleteProducerSnapshot(newest));
  }
  if (from >= m_logEndOffset) return Status::ok();
  PIER_RETURN_IF_ERROR(replayProducers(from));
  return takeProducerSnapshot();
}

Status PartitionLog::replayProducers(Offset from) {
  for (auto it = m_segments.upper_bound(from); ; ++it) {
    auto holder = it == m_segments.begin() ? it : std::prev(it);
    LogSegment& segment = *holder->second;
    uint64_t position = 0;
    if (from > holder->first) {
      PIER_ASSIGN_OR_RETURN(auto found, segment.translateOffset(from));
      if (found) position = found->position;
    }
    PIER_ASSIGN_OR_RETURN(auto file, segment.logFile());
    SegmentScanner scan(*file, position, segment.sizeBytes());
    while (true) {
      PIER_ASSIGN_OR_RETURN(auto batch, scan.next());
      if (!batch) break;
      const records::BatchHeader& h = batch->header;
      if (h.lastOffset() >= from) m_producers.record(h, h.baseOffset.value(), h.maxTimestamp);
    }
    if (it == m_segments.end()) return Status::ok();
  }
}

Status PartitionLog::takeProducerSnapshot() {
  if (m_snapshots.contains(m_logEndOffset)) return Status::ok();
  const std::string path = joinPath(m_dir, segmentFileName(m_logEndOffset, kProducerSnapshotSuffix));
  PIER_RETURN_IF_ERROR(writeFileAtomically(m_fs, path, encodeProducerSnapshot(m_producers.snapshotEntries())));
  m_snapshots.insert(m_logEndOffset);
  return Status::ok();
}

Status PartitionLog::deleteProducerSnapshot(Offset offset) {
  if (m_snapshots.erase(offset) == 0) return Status::ok();
  Status removed = m_fs.remove(joinPath(m_dir, segmentFileName(offset, kProducerSnapshotSuffix)));
  return removed || removed.is(RuntimeError::NotFound) ? Status::ok() : removed;
}

Status PartitionLog::recordProducers(std::span<const uint8_t> records) {
  records::BatchIterator it(records);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto entry, it.next());
    if (!entry) return Status::ok();
    PIER_ASSIGN_OR_RETURN(records::BatchHeader h, records::decodeBatchHeader(entry->bytes));
    m_producers.record(h, h.baseOffset.value(), h.maxTimestamp);
  }
}

Status PartitionLog::loadLeaderEpochs() {
  auto loaded = LeaderEpochCache::load(m_fs, m_dir);
  if (loaded) {
    m_epochs.emplace(std::move(*loaded));
    return Status::ok();
  }
  if (!loaded.status().is(StorageError::CorruptCheckpoint)) return loaded.status();
  // Unreadable: rebuild it from the batch headers, which carry every epoch.
  PIER_LOG_WARN("rebuilding the leader epoch cache from the log", {"dir", m_dir}, {"why", loaded.status()});
  PIER_RETURN_IF_ERROR(m_fs.remove(joinPath(m_dir, std::string(kLeaderEpochCheckpoint))));
  PIER_ASSIGN_OR_RETURN(auto empty, LeaderEpochCache::load(m_fs, m_dir));
  m_epochs.emplace(std::move(empty));
  for (auto& [base, segment] : m_segments) {
    PIER_ASSIGN_OR_RETURN(auto file, segment->logFile());
    SegmentScanner scan(*file, 0, segment->sizeBytes());
    while (true) {
      auto batch = scan.next();
      if (!batch || !*batch) break;  // recovery deals with bad bytes
      PIER_RETURN_IF_ERROR(m_epochs->assign((*batch)->header.partitionLeaderEpoch, (*batch)->header.baseOffset));
    }
  }
  return Status::ok();
}

Status PartitionLog::assignEpochs(std::span<const uint8_t> records) {
  records::BatchIterator it(records);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto entry, it.next());
    if (!entry) return Status::ok();
    PIER_ASSIGN_OR_RETURN(records::BatchHeader h, records::decodeBatchHeader(entry->bytes));
    PIER_RETURN_IF_ERROR(m_epochs->assign(h.partitionLeaderEpoch, h.baseOffset));
  }
}

Status PartitionLog::removeLeftoverFiles() {
  PIER_ASSIGN_OR_RETURN(auto names, m_fs.list(m_dir));
  std::vector<std::string> kept;
  for (const auto& name : names) {
    auto parsed = parseSegmentFileName(name);
    if (parsed && (parsed->state == kDeletedSuffix || parsed->state == kCleanedSuffix)) {
      PIER_RETURN_IF_ERROR(m_fs.remove(joinPath(m_dir, name)));
    } else {
      kept.push_back(name);
    }
  }
  const bool changed = kept.size() != names.size();
  PIER_ASSIGN_OR_RETURN(bool swapped, completeInterruptedSwaps(kept));
  // A folder sync only when an entry changed: most opens find nothing to tidy.
  return changed || swapped ? m_fs.syncDirectory(m_dir) : Status::ok();
}

Result<bool> PartitionLog::completeInterruptedSwaps(const std::vector<std::string>& names) {
  std::vector<Offset> swapLogs;
  for (const auto& name : names) {
    auto parsed = parseSegmentFileName(name);
    if (parsed && parsed->state == kSwapSuffix && parsed->kind == kLogSuffix) swapLogs.push_back(parsed->baseOffset);
  }
  bool changed = false;
  auto isSwapLog = [&](Offset base) { return std::find(swapLogs.begin(), swapLogs.end(), base) != swapLogs.end(); };
  // The covered range: from the first swap segment to the end of the last one.
  Offset coverBegin(std::numeric_limits<int64_t>::max());
  Offset coverEnd(0);
  for (Offset base : swapLogs) {
    PIER_ASSIGN_OR_RETURN(auto file, m_fs.open(joinPath(m_dir, segmentFileName(base, kLogSuffix)) +
                                                   std::string(kSwapSuffix), OpenOptions{.readOnly = true}));
    PIER_ASSIGN_OR_RETURN(uint64_t size, file->size());
    SegmentScanner scan(*file, 0, size);
    Offset next = base;
    while (true) {
      auto batch = scan.next();
      if (!batch || !*batch) break;
      next = Offset((*batch)->header.lastOffset().value() + 1);
    }
    coverBegin = std::min(coverBegin, base);
    coverEnd = std::max(coverEnd, next);
  }
  for (const auto& name : names) {
    auto parsed = parseSegmentFileName(name);
    if (!parsed || parsed->kind == kProducerSnapshotSuffix) continue;  // loadProducerState sorts those
    const std::string path = joinPath(m_dir, name);
    const bool swap = parsed->state == kSwapSuffix;
    if (swap && !isSwapLog(parsed->baseOffset)) {
      PIER_RETURN_IF_ERROR(m_fs.remove(path));  // an index whose log never reached ".swap"
      changed = true;
    } else if (!swap && parsed->baseOffset >= coverBegin && parsed->baseOffset < coverEnd) {
      PIER_LOG_INFO("removing a segment replaced by an interrupted compaction", {"file", path});
      PIER_RETURN_IF_ERROR(m_fs.remove(path));
      changed = true;
    }
  }
  for (const auto& name : names) {
    auto parsed = parseSegmentFileName(name);
    if (!parsed || parsed->state != kSwapSuffix || !isSwapLog(parsed->baseOffset)) continue;
    const std::string path = joinPath(m_dir, name);
    PIER_RETURN_IF_ERROR(m_fs.rename(path, path.substr(0, path.size() - kSwapSuffix.size())));
    changed = true;
  }
  return changed;
}

Status PartitionLog::openSegments(int64_t nowMs) {
  PIER_ASSIGN_OR_RETURN(auto names, m_fs.list(m_dir));
  for (const auto& name : names) {
    auto parsed = parseSegmentFileName(name);
    if (!parsed || !parsed->state.empty()) continue;
    if (parsed->kind == kProducerSnapshotSuffix) {
      m_snapshots.insert(parsed->baseOffset);  // sorted out by loadProducerState
    } else if (parsed->kind == kLogSuffix) {
      PIER_ASSIGN_OR_RETURN(auto segment, LogSegment::open(m_cache, m_dir, parsed->baseOffset, m_config, nowMs));
      m_segments.emplace(parsed->baseOffset, std::move(segment));
    } else if (!std::binary_search(names.begin(), names.end(), segmentFileName(parsed->baseOffset, kLogSuffix))) {
      PIER_LOG_INFO("removing an index without its log", {"dir", m_dir}, {"file", name});
      PIER_RETURN_IF_ERROR(m_fs.remove(joinPath(m_dir, name)));
    }
  }
  return Status::ok();
}

Status PartitionLog::recoverSegments(const LogOpenState& state) {
  // After a crash every segment from the one holding the recovery point is revalidated; before
  // it, a segment is rebuilt only when its indexes are missing or fail their sanity check.
  std::optional<Offset> recoverFrom;
  if (!state.hadCleanShutdown) {
    auto holder = m_segments.upper_bound(state.recoveryPoint);
    recoverFrom = holder == m_segments.begin() ? Offset(0) : std::prev(holder)->first;
  }
  for (auto it = m_segments.begin(); it != m_segments.end(); ++it) {
    LogSegment& segment = *it->second;
    if (!recoverFrom || it->first < *recoverFrom) {
      Status sane = segment.indexWasMissing() ? Status(StorageError::CorruptIndex, "index file missing")
                                              : segment.sanityCheckIndexes();
      if (sane) {
        PIER_RETURN_IF_ERROR(segment.loadLargestTimestamp());
        continue;
      }
      PIER_LOG_WARN("rebuilding the indexes of a segment", {"dir", m_dir}, {"segment", it->first}, {"why", sane});
    }
    PIER_ASSIGN_OR_RETURN(uint64_t cut, segment.recover(m_config, &*m_epochs));
    m_bytesTruncatedOnOpen += cut;
    if (cut > 0) {
      // Nothing after the first invalid byte can be trusted to follow it: later segments go.
      std::vector<Offset> later;
      for (auto next = std::next(it); next != m_segments.end(); ++next) later.push_back(next->first);
      for (Offset base : later) {
        m_bytesTruncatedOnOpen += m_segments.at(base)->sizeBytes();
        PIER_RETURN_IF_ERROR(dropSegment(base));
      }
      break;
    }
  }
  return Status::ok();
}

Status PartitionLog::setConfig(const LogConfig& config) {
  PIER_RETURN_IF_ERROR(config.validate());
  m_config = config;
  return Status::ok();
}

std::vector<Offset> PartitionLog::segmentBaseOffsets() const {
  std::vector<Offset> out;
  for (const auto& [base, segment] : m_segments) out.push_back(base);
  return out;
}

uint64_t PartitionLog::sizeBytes() const {
  uint64_t total = 0;
  for (const auto& [base, segment] : m_segments) total += segment->sizeBytes();
  return total;
}

LogSegment* PartitionLog::floorSegment(Offset offset) {
  auto it = m_segments.upper_bound(offset);
  if (it == m_segments.begin()) return nullptr;
  return std::prev(it)->second.get();
}

Status PartitionLog::createSegment(Offset baseOffset, int64_t nowMs) {
  PIER_ASSIGN_OR_RETURN(auto segment, LogSegment::open(m_cache, m_dir, baseOffset, m_config, nowMs));
  m_segments.emplace(baseOffset, std::move(segment));
  m_dirDirty = true;
  return Status::ok();
}

Status PartitionLog::dropSegment(Offset baseOffset) {
  auto node = m_segments.extract(baseOffset);
  PIER_ASSERT(!node.empty(), "dropping a segment the log holds");
  return node.mapped()->deleteFiles();
}

Status PartitionLog::roll(int64_t nowMs) {
  const Offset newBase = m_logEndOffset;
  LogSegment& current = active();
  if (current.baseOffset() == newBase) {
    if (current.sizeBytes() == 0) return Status::ok();  // already a fresh segment at the end
    return Status(StorageError::InvalidOffset, fmt::format("{}: cannot roll at {}: a segment starts there", m_dir,
                                                           newBase.value()));
  }
  PIER_RETURN_IF_ERROR(current.onBecomeInactive());
  // The trimmed indexes and final time-index entry are new writes even when the records below
  // newBase are already flushed.
  PIER_RETURN_IF_ERROR(current.flush());
  current.unloadIndexes();  // read back on demand; most reads hit the active segment
  PIER_RETURN_IF_ERROR(createSegment(newBase, nowMs));
  PIER_RETURN_IF_ERROR(takeProducerSnapshot());
  // Kafka flushes the rolled segment and advances the recovery point to the new base.
  return flush(newBase);
}

Status PartitionLog::maybeRoll(uint64_t bytes, int64_t maxTimestamp, Offset lastOffset, int64_t nowMs) {
  if (!active().shouldRoll(m_config, maxTimestamp, lastOffset, bytes, nowMs, m_config.segmentJitterMs)) {
    return Status::ok();
  }
  return roll(nowMs);
}

Result<AppendInfo> PartitionLog::appendAsLeader(std::span<uint8_t> records, LeaderEpoch epoch, int64_t nowMs) {
  // Size is the log's own rule (RecordTooLarge, below); here only framing and CRC32C.
  PIER_ASSIGN_OR_RETURN(records::ValidatedBatches batches,
                        records::validateBatchesForAppend(records, {.batchBytesMax = records.size()}));
  return appendAsLeader(batches, epoch, nowMs);
}

Result<AppendInfo> PartitionLog::appendAsLeader(const records::ValidatedBatches& batches, LeaderEpoch epoch,
                                                int64_t nowMs) {
  const std::size_t batchBytesMax = static_cast<std::size_t>(m_config.maxMessageBytes) + records::kLogOverheadBytes;
  AppendInfo info;
  info.firstOffset = m_logEndOffset;
  Offset next = m_logEndOffset;
  const bool logAppendTime = m_config.messageTimestampType == records::TimestampType::LogAppendTime;
  std::span<uint8_t> rest = batches.bytes();
  for (const records::BatchHeader& h : batches.headers()) {
    if (h.sizeBytes() > batchBytesMax) {
      return Result<AppendInfo>(StorageError::RecordTooLarge,
                                fmt::format("{}: batch of {} bytes exceeds max.message.bytes={}", m_dir, h.sizeBytes(),
                                            m_config.maxMessageBytes));
    }
    auto bytes = rest.first(h.sizeBytes());
    rest = rest.subspan(h.sizeBytes());
    records::assignBatchOffsetAndEpoch(bytes, next, epoch);
    if (logAppendTime) records::setLogAppendTime(bytes, nowMs);
    const int64_t maxTs = logAppendTime ? nowMs : h.maxTimestamp;
    const Offset last(next.value() + h.lastOffsetDelta);
    if (info.batchCount == 0 || maxTs > info.maxTimestamp) {
      info.maxTimestamp = maxTs;
      info.offsetOfMaxTimestamp = last;
    }
    info.lastOffset = last;
    next = Offset(last.value() + 1);
    info.batchCount += 1;
    info.recordCount += h.recordCount;
  }
  info.sizeBytes = batches.bytes().size();
  info.logAppendTimeMs = logAppendTime ? nowMs : kNoTimestamp;
  PIER_RETURN_IF_ERROR(appendValidated(batches.bytes(), info, nowMs));
  int64_t base = info.firstOffset.value();
  for (const records::BatchHeader& h : batches.headers()) {
    m_producers.record(h, base, logAppendTime ? nowMs : h.maxTimestamp);
    base += h.lastOffsetDelta + 1;
  }
  return info;
}

Result<AppendInfo> PartitionLog::appendAsFollower(std::span<const uint8_t> records, int64_t nowMs) {
  AppendInfo info;
  std::optional<Offset> previousLast;
  bool producerIds = false;
  records::BatchIterator it(records);
  while (true) {
    PIER_ASSIGN_OR_RETURN(auto entry, it.next());
    if (!entry) break;
    PIER_ASSIGN_OR_RETURN(records::BatchHeader h, records::validateBatchShallow(
                                                      entry->bytes, {.batchBytesMax = entry->bytes.size()}));
    const Offset floor = previousLast ? Offset(previousLast->value() + 1) : m_logEndOffset;
    if (h.baseOffset < floor || h.lastOffsetDelta < 0) {
      return Result<AppendInfo>(StorageError::InvalidOffset,
                                fmt::format("{}: batch at offset {} does not follow offset {}", m_dir,
                                            h.baseOffset.value(), floor.value() - 1));
    }
    if (info.batchCount == 0) info.firstOffset = h.baseOffset;
    if (info.batchCount == 0 || h.maxTimestamp > info.maxTimestamp) {
      info.maxTimestamp = h.maxTimestamp;
      info.offsetOfMaxTimestamp = h.lastOffset();
    }
    info.lastOffset = h.lastOffset();
    previousLast = h.lastOffset();
    producerIds = producerIds || h.producerId.value() >= 0;
    info.batchCount += 1;
    info.recordCount += h.recordCount;
  }
  if (info.batchCount == 0) return info;
  info.sizeBytes = records.size();
  PIER_RETURN_IF_ERROR(appendValidated(records, info, nowMs));
  if (producerIds) PIER_RETURN_IF_ERROR(recordProducers(records));
  return info;
}

Status PartitionLog::appendValidated(std::span<const uint8_t> records, const AppendInfo& info, int64_t nowMs) {
  if (records.size() > static_cast<uint64_t>(m_config.segmentBytes)) {
    return Status(StorageError::RecordTooLarge, fmt::format("{}: append of {} bytes exceeds segment.bytes={}", m_dir,
                                                            records.size(), m_config.segmentBytes));
  }
  PIER_RETURN_IF_ERROR(maybeRoll(records.size(), info.maxTimestamp, info.lastOffset, nowMs));
  if (info.firstOffset > m_logEndOffset && active().sizeBytes() == 0 && active().baseOffset() < info.firstOffset) {
    // A follower append past a gap into an empty active segment: base the segment on the data.
    PIER_RETURN_IF_ERROR(dropSegment(active().baseOffset()));
    PIER_RETURN_IF_ERROR(createSegment(info.firstOffset, nowMs));
  }
  PIER_RETURN_IF_ERROR(assignEpochs(records));
  PIER_RETURN_IF_ERROR(active().append(info.lastOffset, info.maxTimestamp, info.offsetOfMaxTimestamp, records));
  m_logEndOffset = Offset(info.lastOffset.value() + 1);
  m_unflushedMessages += info.recordCount;
  if (m_unflushedMessages >= m_config.flushMessages) PIER_RETURN_IF_ERROR(flush());
  return Status::ok();
}

Result<FetchData> PartitionLog::read(Offset startOffset, uint64_t maxBytes, Offset maxOffset, bool minOneBatch) {
  FetchData out{startOffset, {}};
  if (startOffset < m_logStartOffset || startOffset > m_logEndOffset) {
    return Result<FetchData>(StorageError::OffsetOutOfRange,
                             fmt::format("{}: offset {} is outside [{}, {}]", m_dir, startOffset.value(),
                                         m_logStartOffset.value(), m_logEndOffset.value()));
  }
  if (startOffset >= maxOffset || startOffset == m_logEndOffset) return out;
  for (auto it = m_segments.upper_bound(startOffset); ; ++it) {
    auto holder = it == m_segments.begin() ? it : std::prev(it);
    LogSegment& segment = *holder->second;
    uint64_t maxPosition = segment.sizeBytes();
    const Offset segmentEnd = it == m_segments.end() ? m_logEndOffset : it->first;
    if (maxOffset < segmentEnd) {
      PIER_ASSIGN_OR_RETURN(auto stop, segment.translateOffset(maxOffset));
      if (stop) maxPosition = stop->position;
    }
    PIER_ASSIGN_OR_RETURN(auto got, segment.read(std::max(startOffset, holder->first), maxBytes, maxPosition,
                                                 minOneBatch));
    if (got) {
      out.records = std::move(got->bytes);
      return out;
    }
    if (it == m_segments.end()) return out;
  }
}

Result<std::optional<TimestampAndOffset>> PartitionLog::findOffsetByTimestamp(int64_t timestampMs) {
  for (auto& [base, segment] : m_segments) {
    if (segment->maxTimestampSoFar().timestamp < timestampMs) continue;
    PIER_ASSIGN_OR_RETURN(auto found, segment->findOffsetByTimestamp(timestampMs, m_logStartOffset));
    if (found) return found;
  }
  return std::optional<TimestampAndOffset>();
}

TimestampOffset PartitionLog::maxTimestampAndOffset() const {
  TimestampOffset best{kNoTimestamp, m_logStartOffset};
  for (const auto& [base, segment] : m_segments) {
    if (segment->maxTimestampSoFar().timestamp > best.timestamp) best = segment->maxTimestampSoFar();
  }
  return best;
}

Status PartitionLog::flush(std::optional<Offset> offset) {
  const Offset upTo = offset.value_or(m_logEndOffset);
  if (upTo <= m_recoveryPoint && !m_dirDirty) return Status::ok();
  for (auto& [base, segment] : m_segments) {
    auto next = m_segments.upper_bound(base);
    const Offset segmentEnd = next == m_segments.end() ? m_logEndOffset : next->first;
    // Logs only: a rolled segment's indexes were synced at the roll, and the active segment's
    // are rebuilt by recovery whatever they hold (it always holds the recovery point).
    if (segmentEnd > m_recoveryPoint && base < upTo) PIER_RETURN_IF_ERROR(segment->flushLog());
  }
  if (m_dirDirty) {
    PIER_RETURN_IF_ERROR(m_fs.syncDirectory(m_dir));
    m_dirDirty = false;
  }
  if (upTo > m_recoveryPoint) m_recoveryPoint = upTo;
  if (upTo >= m_logEndOffset) m_unflushedMessages = 0;
  return Status::ok();
}

Status PartitionLog::maybeFlushOnTime(int64_t nowMs) {
  if (m_recoveryPoint >= m_logEndOffset || nowMs - m_lastFlushMs < m_config.flushMs) return Status::ok();
  m_lastFlushMs = nowMs;
  return flush();
}

Status PartitionLog::truncateTo(Offset offset, int64_t nowMs) {
  if (offset >= m_logEndOffset) return Status::ok();
  if (offset <= m_segments.begin()->first) return truncateFullyAndStartAt(offset, nowMs);
  std::vector<Offset> later;
  for (auto it = m_segments.lower_bound(offset); it != m_segments.end(); ++it) later.push_back(it->first);
  for (Offset base : later) PIER_RETURN_IF_ERROR(dropSegment(base));
  PIER_RETURN_IF_ERROR(active().truncateTo(offset, m_config, nowMs).status());
  // Durable at once: truncated records coming back after a crash would resurrect a history the
  // replica was told to drop.
  PIER_RETURN_IF_ERROR(active().flush());
  PIER_ASSIGN_OR_RETURN(m_logEndOffset, active().readNextOffset());
  m_recoveryPoint = std::min(m_recoveryPoint, m_logEndOffset);
  PIER_RETURN_IF_ERROR(m_epochs->truncateFromEnd(m_logEndOffset));
  return loadProducerState();
}

Status PartitionLog::truncateFullyAndStartAt(Offset offset, int64_t nowMs) {
  if (offset.value() < 0) {
    return Status(StorageError::InvalidOffset, fmt::format("{}: cannot restart the log at offset {}", m_dir, offset.value()));
  }
  while (!m_segments.empty()) PIER_RETURN_IF_ERROR(dropSegment(m_segments.begin()->first));
  PIER_RETURN_IF_ERROR(createSegment(offset, nowMs));
  m_logStartOffset = offset;
  m_logEndOffset = offset;
  m_recoveryPoint = offset;
  m_unflushedMessages = 0;
  PIER_RETURN_IF_ERROR(m_epochs->clear());
  m_producers.clear();
  while (!m_snapshots.empty()) PIER_RETURN_IF_ERROR(deleteProducerSnapshot(*m_snapshots.begin()));
  return m_fs.syncDirectory(m_dir);
}

Result<Offset> PartitionLog::deleteRecordsBefore(Offset offset, Offset highWatermark) {
  if (offset > highWatermark) {
    return Result<Offset>(StorageError::OffsetOutOfRange,
                          fmt::format("{}: cannot delete records before {}: above the high watermark {}", m_dir,
                                      offset.value(), highWatermark.value()));
  }
  if (offset <= m_logStartOffset) return m_logStartOffset;
  m_logStartOffset = offset;
  PIER_RETURN_IF_ERROR(m_epochs->truncateFromStart(m_logStartOffset));
  // Whole segments below the new start go now rather than at the next retention check.
  PIER_RETURN_IF_ERROR(deleteSegmentsWhile(highWatermark, [&](LogSegment&, Offset nextBase) {
                         return nextBase <= m_logStartOffset;
                       }).status());
  return m_logStartOffset;
}

template <typename Predicate>
Result<int> PartitionLog::deleteSegmentsWhile(Offset highWatermark, Predicate deletable) {
  int deleted = 0;
  while (m_segments.size() > 1) {
    auto first = m_segments.begin();
    const Offset nextBase = std::next(first)->first;
    if (nextBase > highWatermark || !deletable(*first->second, nextBase)) break;
    const Offset base = first->first;
    PIER_RETURN_IF_ERROR(dropSegment(base));
    PIER_RETURN_IF_ERROR(deleteProducerSnapshot(base));
    ++deleted;
  }
  if (deleted > 0) {
    m_logStartOffset = std::max(m_logStartOffset, m_segments.begin()->first);
    PIER_RETURN_IF_ERROR(m_epochs->truncateFromStart(m_logStartOffset));
  }
  return deleted;
}

Result<int> PartitionLog::deleteOldSegments(int64_t nowMs, Offset highWatermark) {
  int deleted = 0;
  if (m_config.cleanupDelete && m_config.retentionMs >= 0) {
    PIER_ASSIGN_OR_RETURN(int n, deleteSegmentsWhile(highWatermark, [&](LogSegment& segment, Offset) {
      return nowMs - segment.largestTimestamp() > m_config.retentionMs;
    }));
    deleted += n;
  }
  if (m_config.cleanupDelete && m_config.retentionBytes >= 0) {
    int64_t excess = static_cast<int64_t>(sizeBytes()) - m_config.retentionBytes;
    PIER_ASSIGN_OR_RETURN(int n, deleteSegmentsWhile(highWatermark, [&](LogSegment& segment, Offset) {
      if (excess - static_cast<int64_t>(segment.sizeBytes()) < 0) return false;
      excess -= static_cast<int64_t>(segment.sizeBytes());
      return true;
    }));
    deleted += n;
  }
  PIER_ASSIGN_OR_RETURN(int n, deleteSegmentsWhile(highWatermark, [&](LogSegment&, Offset nextBase) {
    return nextBase <= m_logStartOffset;
  }));
  return deleted + n;
}

std::optional<CleaningPlan> PartitionLog::planCleaning(int64_t nowMs, Offset highWatermark, bool force) {
  if (!m_config.cleanupCompact || m_segments.size() < 2) return std::nullopt;
  CleaningPlan plan;
  plan.dir = m_dir;
  plan.config = m_config;
  plan.nowMs = nowMs;
  plan.firstDirtyOffset = firstDirtyOffset();
  for (const ProducerSnapshotEntry& p : m_producers.snapshotEntries()) {
    if (p.lastOffset >= 0) plan.producerLastOffsets[p.producerId] = p.lastOffset;
  }
  uint64_t cleanBytes = 0;
  uint64_t dirtyBytes = 0;
  int64_t earliestDirtyMs = std::numeric_limits<int64_t>::max();  // first batch timestamps of dirty segments
  for (auto it = m_segments.begin(); std::next(it) != m_segments.end(); ++it) {
    const Offset nextBase = std::next(it)->first;
    LogSegment& segment = *it->second;
    const bool tooNew = m_config.minCompactionLagMs > 0 &&
                        nowMs - segment.largestTimestamp() < m_config.minCompactionLagMs;
    if (nextBase > highWatermark || tooNew) break;
    plan.segments.push_back(CleanableSegment{it->first, nextBase, segment.sizeBytes()});
    const bool dirty = nextBase > plan.firstDirtyOffset;
    (dirty ? dirtyBytes : cleanBytes) += segment.sizeBytes();
    if (dirty && segment.loadFirstBatchTimestamp().isOk() && segment.firstBatchTimestamp() > 0) {
      earliestDirtyMs = std::min(earliestDirtyMs, *segment.firstBatchTimestamp());
    }
  }
  if (plan.segments.empty() || dirtyBytes == 0) return std::nullopt;
  plan.firstUncleanableOffset = plan.segments.back().nextBaseOffset;
  plan.dirtyRatio = static_cast<double>(dirtyBytes) / static_cast<double>(cleanBytes + dirtyBytes);
  // Kafka's LogCleanerManager: dirt older than max.compaction.lag.ms is cleaned now, whatever
  // the ratio (a failed timestamp read leaves the ratio to decide).
  const bool overdue = earliestDirtyMs < nowMs - m_config.maxCompactionLagMs;
  if (!force && !overdue && plan.dirtyRatio < m_config.minCleanableDirtyRatio) return std::nullopt;
  return plan;
}

Status PartitionLog::abortCleaning(const CleaningPlan& plan) {
  PIER_ASSIGN_OR_RETURN(auto names, m_fs.list(m_dir));
  for (const auto& name : names) {
    auto parsed = parseSegmentFileName(name);
    if (!parsed || parsed->state != kCleanedSuffix) continue;
    m_cache.close(joinPath(m_dir, name));
    PIER_RETURN_IF_ERROR(m_fs.remove(joinPath(m_dir, name)));
  }
  (void)plan;
  return Status::ok();
}

Result<bool> PartitionLog::completeCleaning(const CleaningPlan& plan, const CleaningOutcome& outcome, int64_t nowMs) {
  // The plan's segments must still be there, unchanged and inactive.
  for (const CleanableSegment& seg : plan.segments) {
    auto it = m_segments.find(seg.baseOffset);
    const bool same = it != m_segments.end() && it->second.get() != &active() &&
                      it->second->sizeBytes() == seg.sizeBytes;
    if (!same) {
      PIER_RETURN_IF_ERROR(abortCleaning(plan));
      return false;
    }
  }
  for (const CleanedGroup& group : outcome.groups) PIER_RETURN_IF_ERROR(swapInGroup(group, nowMs));
  m_firstDirtyOffset = outcome.endOffset;
  return true;
}

Status PartitionLog::swapInGroup(const CleanedGroup& group, int64_t nowMs) {
  const Offset base = group.sourceBaseOffsets.front();
  {
    PIER_ASSIGN_OR_RETURN(auto cleaned, LogSegment::open(m_cache, m_dir, base, m_config, nowMs, kCleanedSuffix));
    PIER_RETURN_IF_ERROR(cleaned->renameFilesTo(kSwapSuffix));
  }
  PIER_RETURN_IF_ERROR(m_fs.syncDirectory(m_dir));
  // From here a crash is finished by completeInterruptedSwaps on the next open.
  for (Offset old : group.sourceBaseOffsets) {
    PIER_RETURN_IF_ERROR(dropSegment(old));
    // The group's segments are one now, at `base`: the others' snapshots cannot be placed.
    if (old != base) PIER_RETURN_IF_ERROR(deleteProducerSnapshot(old));
  }
  {
    PIER_ASSIGN_OR_RETURN(auto swapped, LogSegment::open(m_cache, m_dir, base, m_config, nowMs, kSwapSuffix));
    PIER_RETURN_IF_ERROR(swapped->renameFilesTo(""));
  }
  PIER_RETURN_IF_ERROR(m_fs.syncDirectory(m_dir));
  PIER_ASSIGN_OR_RETURN(auto segment, LogSegment::open(m_cache, m_dir, base, m_config, nowMs));
  PIER_RETURN_IF_ERROR(segment->loadLargestTimestamp());
  segment->unloadIndexes();
  m_segments.emplace(base, std::move(segment));
  return Status::ok();
}

Result<std::optional<CleaningOutcome>> PartitionLog::clean(int64_t nowMs, Offset highWatermark, bool force) {
  using Out = std::optional<CleaningOutcome>;
  auto plan = planCleaning(nowMs, highWatermark, force);
  if (!plan) return Out();
  auto outcome = cleanSegments(m_fs, *plan);
  if (!outcome) {
    PIER_RETURN_IF_ERROR(abortCleaning(*plan));
    return outcome.status();
  }
  PIER_ASSIGN_OR_RETURN(bool swapped, completeCleaning(*plan, *outcome, nowMs));
  if (!swapped) return Out();
  return Out(std::move(*outcome));
}

Status PartitionLog::close() {
  // The producers as they are now, so the next open replays nothing (Kafka's close).
  PIER_RETURN_IF_ERROR(takeProducerSnapshot());
  // Trim and finish the active segment's indexes first, so one round of fsyncs covers all.
  PIER_RETURN_IF_ERROR(active().onBecomeInactive());
  PIER_RETURN_IF_ERROR(flush());
  return active().flush();
}

}  // namespace pier::storage
