#include "compaction_figures.h"

#include <atomic>
#include <thread>

#include "bench_table.h"
#include "protocol/records/record_batch.h"
#include "storage/file_cache.h"
#include "storage/log_cleaner.h"
#include "storage/partition_log.h"
#include "storage/storage_error.h"
#include "storage_bench_support.h"

namespace pier::bench {
namespace {

namespace records = protocol::records;

constexpr int kRecordsPerBatch = 100;
constexpr std::size_t kValueBytes = 1000;
constexpr uint64_t kDistinctKeys = 100000;
constexpr double kAppendSecondsMax = 30;

// A batch of keyed 1 KiB records; keys are drawn from kDistinctKeys so each is written ~N times.
std::vector<uint8_t> keyedBatch(Prng& prng, int64_t timestampMs) {
  std::vector<records::Record> rs(kRecordsPerBatch);
  for (int i = 0; i < kRecordsPerBatch; ++i) {
    const std::string key = "key-" + std::to_string(prng.below(kDistinctKeys));
    rs[static_cast<std::size_t>(i)].offsetDelta = i;
    rs[static_cast<std::size_t>(i)].key = std::vector<uint8_t>(key.begin(), key.end());
    rs[static_cast<std::size_t>(i)].value = prng.bytes(kValueBytes);
  }
  return std::move(*records::encodeBatch(records::headerForRecords(Offset(0), timestampMs, rs), rs));
}

}  // namespace

Status runCompactionFigures(FileSystem& fs, const std::string& root, uint64_t logBytes) {
  storage::LogConfig config;
  config.cleanupDelete = false;
  config.cleanupCompact = true;
  config.segmentBytes = 64 << 20;
  storage::FileCache files(fs, 64);
  PIER_ASSIGN_OR_RETURN(auto log, storage::PartitionLog::open(files, root, {"compacted", PartitionIndex(0)}, config,
                                                              storage::LogOpenState{}, 0));
  Prng prng(7);
  const auto appendStart = Clock::now();
  while (log->sizeBytes() < logBytes && secondsSince(appendStart) < kAppendSecondsMax) {
    auto batch = keyedBatch(prng, 1000);
    PIER_RETURN_IF_ERROR(log->appendAsLeader(batch, LeaderEpoch(0), 0).status());
  }
  PIER_RETURN_IF_ERROR(log->roll(0));
  PIER_RETURN_IF_ERROR(log->flush());
  auto plan = log->planCleaning(1000, log->logEndOffset(), true);
  if (!plan) return Status::ok();
  // The cleaning runs on its own thread while this one keeps appending to the active segment.
  std::atomic<bool> done{false};
  Result<storage::CleaningOutcome> outcome(storage::StorageError::InvalidConfig, "not run");
  const auto cleanStart = Clock::now();
  std::thread cleaner([&] {
    outcome = storage::cleanSegments(fs, *plan);
    done = true;
  });
  int64_t appendsMeanwhile = 0;
  Status appendStatus;
  while (!done && appendStatus.isOk() && appendsMeanwhile < 1'000'000) {
    auto batch = keyedBatch(prng, 2000);
    appendStatus = log->appendAsLeader(batch, LeaderEpoch(0), 0).status();
    ++appendsMeanwhile;
  }
  cleaner.join();
  const double cleanSeconds = secondsSince(cleanStart);
  PIER_RETURN_IF_ERROR(appendStatus);
  PIER_RETURN_IF_ERROR(outcome.status());
  const auto swapStart = Clock::now();
  PIER_ASSIGN_OR_RETURN(bool swapped, log->completeCleaning(*plan, *outcome, 1000));
  const double swapSeconds = secondsSince(swapStart);
  uint64_t sourceBytes = 0;
  for (const auto& seg : plan->segments) sourceBytes += seg.sizeBytes;
  Table table("Compaction: 1 KiB records, 100,000 distinct keys, cleaned on its own thread",
              {"figure", "value", "baseline / note"});
  table.addRow({"source", std::to_string(sourceBytes >> 20) + " MiB in " + std::to_string(plan->segments.size()) +
                              " segments", "-"});
  table.addRow({"clean (map + rewrite)", fixed(cleanSeconds) + " s, " + fixed(sourceBytes / cleanSeconds / 1e6, 0) +
                                             " MB/s of source", "Kafka's cleaner: log.cleaner.io.max.bytes.per.second unlimited"});
  table.addRow({"records kept", std::to_string(outcome->recordsRetained) + " of " + std::to_string(outcome->recordsRead),
                "each key written ~" + fixed(static_cast<double>(outcome->recordsRead) / kDistinctKeys, 1) + " times"});
  table.addRow({"bytes written", std::to_string(outcome->bytesWritten >> 20) + " MiB", "-"});
  table.addRow({"swap (crash-safe, folder fsyncs)", fixed(swapSeconds * 1000, 1) + " ms" + (swapped ? "" : " (aborted)"),
                "-"});
  table.addRow({"appends on the log's thread meanwhile", std::to_string(appendsMeanwhile) + " batches of 100",
                "> 0: cleaning does not stall appends"});
  table.print();
  return Status::ok();
}

}  // namespace pier::bench
