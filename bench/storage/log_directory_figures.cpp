#include "log_directory_figures.h"

#include <algorithm>
#include <memory>

#include "bench_table.h"
#include "storage/log_directory.h"
#include "storage_bench_support.h"

namespace pier::bench {
namespace {

using storage::LogConfig;
using storage::LogDirectory;
using storage::LogDirectoryOptions;

constexpr int kPartitionCount = 10000;
constexpr int kPartitionsPerTopic = 100;
constexpr std::size_t kOpenFilesMax = 1024;
// Each phase stops here even when not every partition got there: the disk's fsync latency
// decides (two folder syncs per new partition, two more for the first append's leader-epoch
// checkpoint). close() then costs 0.5-2.5 times the creation time (seven syncs per partition)
// and cannot be cut short, so these limits bound it too. A quiet disk does all 10,000 in ~5 s.
constexpr double kCreateSecondsMax = 12;
constexpr double kAppendSecondsMax = 6;
constexpr int kSampleEvery = 250;
constexpr int64_t kNowMs = 1'700'000'000'000;
constexpr LeaderEpoch kEpoch{0};

struct ProcessSample {
  int descriptors = 0;
  uint64_t residentBytes = 0;
};

ProcessSample sampleProcess() {
  return {openDescriptorCount(), residentBytes()};
}

ProcessSample maxOf(const ProcessSample& a, const ProcessSample& b) {
  return {std::max(a.descriptors, b.descriptors), std::max(a.residentBytes, b.residentBytes)};
}

LogDirectoryOptions directoryOptions() {
  LogDirectoryOptions options;
  options.brokerId = NodeId(0);
  options.clusterId = "bench-storage";
  options.openFilesMax = kOpenFilesMax;
  return options;
}

TopicPartition partitionAt(int i) {
  return TopicPartition{"bench-" + std::to_string(i / kPartitionsPerTopic),
                        PartitionIndex(i % kPartitionsPerTopic)};
}

struct FillRun {
  int created = 0;
  int appended = 0;
  double createSeconds = 0;
  double appendSeconds = 0;
  ProcessSample peak;
};

// Creates every partition first, then appends one batch to each, as produce traffic reaches
// partitions after they were created: by then most of their files have left the file cache.
Result<FillRun> fill(LogDirectory& dir, Prng& prng) {
  FillRun run;
  const auto start = Clock::now();
  for (; run.created < kPartitionCount && secondsSince(start) < kCreateSecondsMax; ++run.created) {
    PIER_RETURN_IF_ERROR(dir.getOrCreate(partitionAt(run.created), LogConfig{}, kNowMs).status());
    if (run.created % kSampleEvery == 0) run.peak = maxOf(run.peak, sampleProcess());
  }
  run.createSeconds = secondsSince(start);
  auto batch = makeBatch(prng, 1, 100, kNowMs);
  const auto appendStart = Clock::now();
  for (; run.appended < run.created && secondsSince(appendStart) < kAppendSecondsMax;
       ++run.appended) {
    storage::PartitionLog* log = dir.find(partitionAt(run.appended));
    PIER_RETURN_IF_ERROR(log->appendAsLeader(batch, kEpoch, kNowMs).status());
    if (run.appended % kSampleEvery == 0) run.peak = maxOf(run.peak, sampleProcess());
  }
  run.appendSeconds = secondsSince(appendStart);
  run.peak = maxOf(run.peak, sampleProcess());
  return run;
}

std::string mibText(uint64_t bytes) {
  return fixed(static_cast<double>(bytes) / (1 << 20), 1) + " MiB";
}

std::string perPartition(double total, int partitions, const std::string& unit, int decimals) {
  return fixed(total / std::max(partitions, 1), decimals) + " " + unit + " per partition";
}

struct Figures {
  ProcessSample before;
  FillRun fill;
  ProcessSample afterFill;
  uint64_t opensDuringFill = 0;
  std::size_t cachedAfterFill = 0;
  double closeSeconds = 0;
  double reopenSeconds = 0;
  std::size_t partitionsReopened = 0;
  bool reopenedClean = false;
  uint64_t opensDuringReopen = 0;
  ProcessSample afterReopen;
};

void printFigures(const Figures& f) {
  const int n = f.fill.created;
  const bool bounded =
      f.fill.peak.descriptors - f.before.descriptors <= static_cast<int>(kOpenFilesMax) + 1;
  Table table(
      "10,000 partitions in one LogDirectory (openFilesMax 1024, default LogConfig, 1 batch of 1 x "
      "100 B each)",
      {"figure", "value", "target / baseline", "verdict / note"});
  table.addRow(
      {"partitions created / appended to",
       std::to_string(n) + " / " + std::to_string(f.fill.appended), std::to_string(kPartitionCount),
       n == kPartitionCount && f.fill.appended == n ? "all" : "STOPPED at the time limit"});
  table.addRow({"create (getOrCreate)", fixed(f.fill.createSeconds) + " s", "-",
                perPartition(f.fill.createSeconds * 1e3, n, "ms", 2)});
  table.addRow({"append one batch each", fixed(f.fill.appendSeconds) + " s", "-",
                perPartition(f.fill.appendSeconds * 1e6, f.fill.appended, "us", 0)});
  table.addRow(
      {"open descriptors before / peak / after",
       std::to_string(f.before.descriptors) + " / " + std::to_string(f.fill.peak.descriptors) +
           " / " + std::to_string(f.afterFill.descriptors),
       "<= before + 1024 (openFilesMax), not 30,000", bounded ? "meets" : "ABOVE openFilesMax"});
  table.addRow({"file cache: open now / opens so far",
                std::to_string(f.cachedAfterFill) + " / " + std::to_string(f.opensDuringFill), "-",
                "files (re)opened through the LRU"});
  table.addRow({"resident memory before / peak / after",
                mibText(f.before.residentBytes) + " / " + mibText(f.fill.peak.residentBytes) +
                    " / " + mibText(f.afterFill.residentBytes),
                "-",
                perPartition((static_cast<double>(f.afterFill.residentBytes) -
                              static_cast<double>(f.before.residentBytes)) /
                                 1024,
                             n, "KiB", 1)});
  table.addRow({"close() (flush, checkpoints, marker)", fixed(f.closeSeconds) + " s", "-",
                perPartition(f.closeSeconds * 1e3, n, "ms", 2)});
  table.addRow({"reopen (LogDirectory::open after clean shutdown)", fixed(f.reopenSeconds) + " s",
                "-",
                std::to_string(f.partitionsReopened) + " partitions, clean marker " +
                    (f.reopenedClean ? "seen" : "MISSING")});
  table.addRow({"reopen: file opens / descriptors / resident memory",
                std::to_string(f.opensDuringReopen) + " / " +
                    std::to_string(f.afterReopen.descriptors) + " / " +
                    mibText(f.afterReopen.residentBytes),
                "descriptors <= before + 1024",
                "memory not returned to the OS after close counts here too"});
  table.print();
}

}  // namespace

Status runLogDirectoryFigures(FileSystem& fs, const std::string& root) {
  Prng prng(42);
  Figures f;
  f.before = sampleProcess();
  PIER_ASSIGN_OR_RETURN(auto dir, LogDirectory::open(fs, root, directoryOptions(), kNowMs));
  PIER_ASSIGN_OR_RETURN(f.fill, fill(*dir, prng));
  f.afterFill = sampleProcess();
  f.opensDuringFill = dir->files().opensTotal();
  f.cachedAfterFill = dir->files().openCount();
  const auto closeStart = Clock::now();
  PIER_RETURN_IF_ERROR(dir->close());
  dir.reset();
  f.closeSeconds = secondsSince(closeStart);
  const auto reopenStart = Clock::now();
  PIER_ASSIGN_OR_RETURN(dir, LogDirectory::open(fs, root, directoryOptions(), kNowMs));
  f.reopenSeconds = secondsSince(reopenStart);
  f.partitionsReopened = dir->partitions().size();
  f.reopenedClean = dir->hadCleanShutdown();
  f.opensDuringReopen = dir->files().opensTotal();
  f.afterReopen = sampleProcess();
  dir.reset();  // no second close: the folder is removed next
  printFigures(f);
  return Status::ok();
}

}  // namespace pier::bench
