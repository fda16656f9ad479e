#include "partition_log_figures.h"

#include <filesystem>
#include <memory>

#include "bench_table.h"
#include "protocol/records/batch_header.h"
#include "runtime/runtime_error.h"
#include "storage/file_cache.h"
#include "storage/partition_log.h"
#include "storage_bench_support.h"

namespace pier::bench {
namespace {

using storage::FileCache;
using storage::LogConfig;
using storage::LogOpenState;
using storage::PartitionLog;
namespace records = protocol::records;

constexpr int kRecordsPerBatch = 100;
constexpr std::size_t kRecordValueBytes = 1024;
constexpr int32_t kSegmentBytes = 256 << 20;
constexpr double kAppendSecondsMax = 20;
constexpr double kPierToRawTarget = 0.8;
// flush.messages=1: batches of about 4 KiB, the write size of the BASELINES.md fdatasync loop.
constexpr int kSyncRecordsPerBatch = 4;
constexpr std::size_t kSyncValueBytes = 1000;
constexpr std::size_t kSyncChunkBytes = 4096;
constexpr int64_t kSyncAppendsMax = 20000;
constexpr double kSyncSecondsMax = 3;
constexpr uint64_t kFetchBytes = 1 << 20;
constexpr double kReadSecondsMax = 20;
constexpr int64_t kLookupSamplesMax = 20000;
constexpr double kLookupSecondsMax = 8;
constexpr int64_t kRawLookupSamplesMax = 5000;
constexpr double kRawLookupSecondsMax = 2;
constexpr int64_t kBaseTimestampMs = 1'700'000'000'000;
constexpr LeaderEpoch kEpoch{0};
constexpr std::size_t kOpenFilesMax = 1024;

// One partition log on disk, written by the append figure and reused by the later ones. Record
// offset o carries timestamp kBaseTimestampMs + o, so every lookup answer can be checked.
struct LogUnderTest {
  FileSystem& fs;
  std::string dir;
  TopicPartition tp;
  LogConfig config;
  std::unique_ptr<FileCache> cache;
  std::unique_ptr<PartitionLog> log;
  uint64_t bytes = 0;
  int64_t batchCount = 0;
  std::size_t batchBytes = 0;
  Offset logEndOffset{0};  // after the append figure: what every reopen must find again
};

// Opens (or reopens, as after a restart: fresh file cache) the log. Dropping the previous
// PartitionLog without close() leaves no clean-shutdown state behind.
Status openLog(LogUnderTest& t, const LogOpenState& state) {
  t.log.reset();
  t.cache = std::make_unique<FileCache>(t.fs, kOpenFilesMax);
  PIER_ASSIGN_OR_RETURN(
      t.log, PartitionLog::open(*t.cache, t.dir, t.tp, t.config, state, kBaseTimestampMs));
  return Status::ok();
}

std::string mbps(uint64_t bytes, double seconds) {
  return fixed(static_cast<double>(bytes) / seconds / 1e6, 0);
}
std::string mib(uint64_t bytes) {
  return fixed(static_cast<double>(bytes) / (1 << 20), 0) + " MiB";
}
std::string verdict(bool meets) {
  return meets ? "meets" : "BELOW TARGET";
}

struct AppendRun {
  double appendSeconds = 0;
  double flushSeconds = 0;
};

Result<AppendRun> appendAll(LogUnderTest& t, Prng& prng, uint64_t logBytesMax) {
  auto batch = makeBatch(prng, kRecordsPerBatch, kRecordValueBytes, kBaseTimestampMs);
  t.batchBytes = batch.size();
  AppendRun run;
  const auto wallStart = Clock::now();
  while (t.bytes + batch.size() <= logBytesMax && secondsSince(wallStart) < kAppendSecondsMax) {
    const int64_t timestampMs = kBaseTimestampMs + t.batchCount * kRecordsPerBatch;
    // Not timed: apart from its timestamps (and the CRC over them) the batch is the one built
    // above.
    setBatchTimestamps(batch, timestampMs);
    const auto start = Clock::now();
    PIER_RETURN_IF_ERROR(t.log->appendAsLeader(batch, kEpoch, timestampMs).status());
    run.appendSeconds += secondsSince(start);
    t.bytes += batch.size();
    ++t.batchCount;
  }
  const auto flushStart = Clock::now();
  PIER_RETURN_IF_ERROR(t.log->flush());
  run.flushSeconds = secondsSince(flushStart);
  t.logEndOffset = t.log->logEndOffset();
  return run;
}

// The raw reference: the same number of chunks of the batch's size, written to a file that is
// removed again at once (the disk holds the log and at most one raw file).
Result<LoopResult> rawWriteLikeLog(const LogUnderTest& t, std::span<const uint8_t> chunk,
                                   int64_t chunkCount) {
  const std::string rawPath = joinPath(parentPath(t.dir), "raw-sequential.bin");
  auto raw = rawSequentialWrite(rawPath, chunk, chunkCount);
  std::error_code ignored;
  std::filesystem::remove(rawPath, ignored);
  return raw;
}

int64_t batchesIn(uint64_t logBytesMax, std::size_t batchBytes) {
  return static_cast<int64_t>(logBytesMax / static_cast<uint64_t>(batchBytes));
}

// Raw write before and after Pier's appends, so neither side alone meets a disk that is still
// writing back the other's bytes; the faster raw run is the reference.
Status appendFigure(LogUnderTest& t, Prng& prng, uint64_t logBytesMax,
                    const std::string& sizeNote) {
  const auto chunk = makeBatch(prng, kRecordsPerBatch, kRecordValueBytes, kBaseTimestampMs);
  PIER_ASSIGN_OR_RETURN(LoopResult rawBefore,
                        rawWriteLikeLog(t, chunk, batchesIn(logBytesMax, chunk.size())));
  PIER_ASSIGN_OR_RETURN(AppendRun run, appendAll(t, prng, logBytesMax));
  const double pierSeconds = run.appendSeconds + run.flushSeconds;
  PIER_ASSIGN_OR_RETURN(LoopResult rawAfter, rawWriteLikeLog(t, chunk, t.batchCount));
  const LoopResult& raw = rawBefore.seconds / static_cast<double>(rawBefore.bytes) <
                                  rawAfter.seconds / static_cast<double>(rawAfter.bytes)
                              ? rawBefore
                              : rawAfter;
  const double ratio =
      (static_cast<double>(t.bytes) / pierSeconds) / (static_cast<double>(raw.bytes) / raw.seconds);

  Table table("Append throughput: 1 KiB records, 100 per batch (" + std::to_string(t.batchBytes) +
                  " B), segment.bytes 256 MiB, MB/s including the final fsync",
              {"run", "data", "seconds", "MB/s", "baseline / target", "verdict / note"});
  table.addRow(
      {"Pier PartitionLog::appendAsLeader x " + std::to_string(t.batchCount) + " + flush()",
       mib(t.bytes), fixed(pierSeconds), mbps(t.bytes, pierSeconds), "-",
       std::to_string(t.log->segmentBaseOffsets().size()) + " segments; flush() " +
           fixed(run.flushSeconds) + " s"});
  table.addRow({"raw write(2) of the same chunks + one fsync, before Pier", mib(rawBefore.bytes),
                fixed(rawBefore.seconds), mbps(rawBefore.bytes, rawBefore.seconds),
                "744 MiB/s = 780 MB/s (BASELINES.md, 1 MiB blocks)", "same run, same fs"});
  table.addRow({"raw write(2) of the same chunks + one fsync, after Pier", mib(rawAfter.bytes),
                fixed(rawAfter.seconds), mbps(rawAfter.bytes, rawAfter.seconds), "same",
                "same run, same fs"});
  table.addRow({"ratio Pier / faster raw run", "", "", fixed(ratio), ">= 0.8 (issue target)",
                verdict(ratio >= kPierToRawTarget)});
  if (!sizeNote.empty()) table.addRow({"note", sizeNote, "", "", "", ""});
  table.print();
  return Status::ok();
}

Result<LoopResult> pierSyncAppends(FileSystem& fs, const std::string& dir, Prng& prng) {
  LogUnderTest t{fs, dir, TopicPartition{"sync", PartitionIndex(0)}, LogConfig{}, {}, {}};
  t.config.flushMessages = 1;
  PIER_RETURN_IF_ERROR(openLog(t, LogOpenState{}));
  auto batch = makeBatch(prng, kSyncRecordsPerBatch, kSyncValueBytes, kBaseTimestampMs);
  LoopResult out;
  const auto start = Clock::now();
  while (out.count < kSyncAppendsMax && secondsSince(start) < kSyncSecondsMax) {
    const auto opStart = Clock::now();
    PIER_RETURN_IF_ERROR(t.log->appendAsLeader(batch, kEpoch, kBaseTimestampMs).status());
    out.latenciesUs.push_back(secondsSince(opStart) * 1e6);
    out.bytes += batch.size();
    ++out.count;
  }
  out.seconds = secondsSince(start);
  PIER_RETURN_IF_ERROR(t.log->close());
  return out;
}

Status syncAppendFigure(FileSystem& fs, const std::string& root, Prng& prng) {
  PIER_ASSIGN_OR_RETURN(LoopResult pier, pierSyncAppends(fs, joinPath(root, "sync-0"), prng));
  const std::vector<uint8_t> chunk(kSyncChunkBytes, 0x5a);
  PIER_ASSIGN_OR_RETURN(LoopResult raw, rawAppendSyncLoop(joinPath(root, "raw-sync.bin"), chunk,
                                                          kSyncAppendsMax, kSyncSecondsMax));
  const double pierRate = static_cast<double>(pier.count) / pier.seconds;
  const double rawRate = static_cast<double>(raw.count) / raw.seconds;
  const auto pierLatency = percentiles(pier.latenciesUs);
  const auto rawLatency = percentiles(raw.latenciesUs);
  Table table(
      "Appends with flush.messages=1 (an fsync per append), batches/s",
      {"run", "appends", "bytes each", "per second", "p50 us", "p99 us", "baseline", "note"});
  table.addRow({"Pier appendAsLeader, 4 x 1000 B records", std::to_string(pier.count),
                std::to_string(pier.bytes / static_cast<uint64_t>(pier.count)), fixed(pierRate, 0),
                fixed(pierLatency.p50Us, 0), fixed(pierLatency.p99Us, 0),
                "9.7 k/s, p50 92 us, p99 161 us (BASELINES.md)",
                fixed(pierRate / 9700.0) + " x baseline"});
  table.addRow({"raw write(2) 4 KiB + fdatasync, this run", std::to_string(raw.count),
                std::to_string(kSyncChunkBytes), fixed(rawRate, 0), fixed(rawLatency.p50Us, 0),
                fixed(rawLatency.p99Us, 0), "same loop as the baseline",
                "Pier / raw = " + fixed(pierRate / rawRate)});
  table.print();
  return Status::ok();
}

// The offset after the last whole batch of a fetch, and the bytes of those whole batches.
struct WholeBatches {
  Offset next{0};
  uint64_t bytes = 0;
};

WholeBatches wholeBatches(std::span<const uint8_t> fetched, Offset from) {
  WholeBatches out{from, 0};
  while (fetched.size() - out.bytes >= records::kBatchHeaderBytes) {
    auto header = records::decodeBatchHeader(fetched.subspan(out.bytes));
    if (!header || header->sizeBytes() > fetched.size() - out.bytes) break;
    out.next = Offset(header->lastOffset().value() + 1);
    out.bytes += header->sizeBytes();
  }
  return out;
}

Result<LoopResult> pierReadAll(PartitionLog& log) {
  LoopResult out;
  Offset offset = log.logStartOffset();
  const auto start = Clock::now();
  while (offset < log.logEndOffset() && secondsSince(start) < kReadSecondsMax) {
    PIER_ASSIGN_OR_RETURN(storage::FetchData fetched,
                          log.read(offset, kFetchBytes, log.logEndOffset(), true));
    const WholeBatches whole = wholeBatches(fetched.records, offset);
    if (whole.next <= offset) {
      return Status(RuntimeError::Io, "PartitionLog::read returned no whole batch at offset " +
                                          std::to_string(offset.value()));
    }
    offset = whole.next;
    out.bytes += whole.bytes;
    ++out.count;
  }
  out.seconds = secondsSince(start);
  return out;
}

// Returns the raw pread rate in bytes per second: the ceiling the recovery figure refers to.
Result<double> readFigure(LogUnderTest& t) {
  PIER_ASSIGN_OR_RETURN(LoopResult pier, pierReadAll(*t.log));
  PIER_ASSIGN_OR_RETURN(LoopResult raw,
                        rawSequentialRead(filesEndingWith(t.dir, ".log"), kFetchBytes));
  const double ratio = (static_cast<double>(pier.bytes) / pier.seconds) /
                       (static_cast<double>(raw.bytes) / raw.seconds);
  Table table(
      "Read throughput from the page cache: the whole log in 1 MiB fetches (minOneBatch), MB/s",
      {"run", "data", "fetches", "seconds", "MB/s", "baseline", "note"});
  table.addRow({"Pier PartitionLog::read", mib(pier.bytes), std::to_string(pier.count),
                fixed(pier.seconds), mbps(pier.bytes, pier.seconds), "raw pread below",
                "Pier / raw = " + fixed(ratio)});
  table.addRow({"raw pread(2) 1 MiB of the same .log files", mib(raw.bytes),
                std::to_string(raw.count), fixed(raw.seconds), mbps(raw.bytes, raw.seconds),
                "ceiling, same run", ""});
  table.print();
  return static_cast<double>(raw.bytes) / raw.seconds;
}

struct LookupRun {
  LoopResult loop;
  int64_t wrongAnswers = 0;
};

// Reads one batch header (61 B) at random offsets; the answer must be the batch holding the offset.
Result<LookupRun> offsetLookups(PartitionLog& log, Prng& prng) {
  LookupRun out;
  const auto end = static_cast<uint64_t>(log.logEndOffset().value());
  const auto start = Clock::now();
  while (out.loop.count < kLookupSamplesMax && secondsSince(start) < kLookupSecondsMax) {
    const Offset target(static_cast<int64_t>(prng.below(end)));
    const auto opStart = Clock::now();
    PIER_ASSIGN_OR_RETURN(auto fetched,
                          log.read(target, records::kBatchHeaderBytes, log.logEndOffset(), false));
    out.loop.latenciesUs.push_back(secondsSince(opStart) * 1e6);
    auto header = records::decodeBatchHeader(fetched.records);
    if (!header || header->baseOffset > target || header->lastOffset() < target) ++out.wrongAnswers;
    ++out.loop.count;
  }
  return out;
}

// Timestamps at random; record o has timestamp kBaseTimestampMs + o, so the answer must be o.
Result<LookupRun> timestampLookups(PartitionLog& log, Prng& prng) {
  LookupRun out;
  const auto end = static_cast<uint64_t>(log.logEndOffset().value());
  const auto start = Clock::now();
  while (out.loop.count < kLookupSamplesMax && secondsSince(start) < kLookupSecondsMax) {
    const auto target = static_cast<int64_t>(prng.below(end));
    const auto opStart = Clock::now();
    PIER_ASSIGN_OR_RETURN(auto found, log.findOffsetByTimestamp(kBaseTimestampMs + target));
    out.loop.latenciesUs.push_back(secondsSince(opStart) * 1e6);
    if (!found || found->offset != Offset(target)) ++out.wrongAnswers;
    ++out.loop.count;
  }
  return out;
}

void addLookupRow(Table& table, const std::string& name, const LoopResult& loop,
                  const std::string& wrong, const std::string& note) {
  const auto p = percentiles(loop.latenciesUs);
  table.addRow(
      {name, std::to_string(loop.count), fixed(p.p50Us, 1), fixed(p.p99Us, 1), wrong, note});
}

Status lookupFigure(LogUnderTest& t, Prng& prng) {
  PIER_ASSIGN_OR_RETURN(LookupRun byOffset, offsetLookups(*t.log, prng));
  PIER_ASSIGN_OR_RETURN(LookupRun byTimestamp, timestampLookups(*t.log, prng));
  const auto logFiles = filesEndingWith(t.dir, ".log");
  PIER_ASSIGN_OR_RETURN(LoopResult rawSmall,
                        rawRandomReads(logFiles, records::kBatchHeaderBytes, prng,
                                       kRawLookupSamplesMax, kRawLookupSecondsMax));
  PIER_ASSIGN_OR_RETURN(
      LoopResult rawWindow,
      rawRandomReads(logFiles, 1 << 20, prng, kRawLookupSamplesMax, kRawLookupSecondsMax));
  Table table("Lookup latency at random targets (page cache, seed 42), microseconds",
              {"lookup", "samples", "p50 us", "p99 us", "wrong answers", "reference"});
  addLookupRow(table, "offset: PartitionLog::read(random offset, 61 B)", byOffset.loop,
               std::to_string(byOffset.wrongAnswers), "index + scan to the batch");
  addLookupRow(table, "timestamp: PartitionLog::findOffsetByTimestamp", byTimestamp.loop,
               std::to_string(byTimestamp.wrongAnswers),
               "time index + offset index + decode of one batch");
  addLookupRow(table, "raw pread(2) 61 B at a random position", rawSmall, "-",
               "floor: one header read");
  addLookupRow(table, "raw pread(2) 1 MiB at a random position", rawWindow, "-",
               "one SegmentScanner window");
  table.print();
  return Status::ok();
}

struct RecoveryRun {
  double seconds = 0;
  bool endOffsetKept = false;
  uint64_t truncatedBytes = 0;
};

// Drops the log without close() and opens it as after a crash with nothing flushed: recovery
// point 0, no clean shutdown, so every batch is revalidated and every index rebuilt.
// What a restart after a crash with nothing flushed finds: no clean shutdown, recovery point 0.
LogOpenState crashedState() {
  LogOpenState state;
  state.recoveryPoint = Offset(0);
  state.hadCleanShutdown = false;
  return state;
}

// With dropCache, the .log files leave the page cache first (posix_fadvise), so the open reads the
// disk.
Result<RecoveryRun> uncleanReopen(LogUnderTest& t, bool dropCache) {
  t.log.reset();
  if (dropCache) {
    for (const auto& path : filesEndingWith(t.dir, ".log"))
      PIER_RETURN_IF_ERROR(dropFromPageCache(path));
  }
  const auto start = Clock::now();
  PIER_RETURN_IF_ERROR(openLog(t, crashedState()));
  RecoveryRun out;
  out.seconds = secondsSince(start);
  out.endOffsetKept = t.log->logEndOffset() == t.logEndOffset;
  out.truncatedBytes = t.log->bytesTruncatedOnOpen();
  return out;
}

void addRecoveryRow(Table& table, const std::string& name, const LogUnderTest& t,
                    const RecoveryRun& run, const std::string& baseline) {
  table.addRow({name, mib(t.bytes), std::to_string(t.log->segmentBaseOffsets().size()),
                fixed(run.seconds), fixed(static_cast<double>(t.bytes) / run.seconds / 1e9),
                std::to_string(run.truncatedBytes), run.endOffsetKept ? "yes" : "NO", baseline});
}

Status recoveryFigure(LogUnderTest& t, double rawReadBytesPerSecond) {
  PIER_ASSIGN_OR_RETURN(RecoveryRun warm, uncleanReopen(t, false));
  PIER_ASSIGN_OR_RETURN(RecoveryRun cold, uncleanReopen(t, true));
  Table table(
      "Recovery: PartitionLog::open after an unclean shutdown (recovery point 0), every batch's "
      "CRC checked",
      {"run", "log", "segments", "seconds", "GB/s", "bytes cut", "log end kept", "baseline"});
  addRecoveryRow(table, "log in the page cache", t, warm,
                 "raw pread " + fixed(rawReadBytesPerSecond / 1e9) + " GB/s (read figure)");
  addRecoveryRow(table, "log dropped from the page cache (fadvise)", t, cold, "disk read speed");
  table.print();
  return Status::ok();
}

}  // namespace

Status runPartitionLogFigures(FileSystem& fs, const std::string& root, uint64_t logBytesMax,
                              const std::string& sizeNote) {
  Prng prng(42);
  LogUnderTest t{
      fs, joinPath(root, "bench-0"), TopicPartition{"bench", PartitionIndex(0)}, LogConfig{}, {},
      {}};
  t.config.segmentBytes = kSegmentBytes;
  PIER_RETURN_IF_ERROR(openLog(t, LogOpenState{}));
  PIER_RETURN_IF_ERROR(appendFigure(t, prng, logBytesMax, sizeNote));
  PIER_RETURN_IF_ERROR(syncAppendFigure(fs, root, prng));
  PIER_ASSIGN_OR_RETURN(double rawReadBytesPerSecond, readFigure(t));
  PIER_RETURN_IF_ERROR(lookupFigure(t, prng));
  PIER_RETURN_IF_ERROR(recoveryFigure(t, rawReadBytesPerSecond));
  t.log.reset();
  t.cache.reset();
  std::error_code ignored;
  std::filesystem::remove_all(root, ignored);  // frees the disk before the many-partitions figure
  return Status::ok();
}

}  // namespace pier::bench
