// log_append_driver DIR ROUNDS: appends one-record batches to partition "kill9-0" of the log
// directory DIR, with flush.messages=1 (every append durable before it is acknowledged), and
// prints "acked <offset>" after each append returns. Record values are "record-<offset>", so a
// reader can check every acknowledged record. Stops after ROUNDS appends or 30 s, whichever
// comes first; tst_log_kill9 kills it with SIGKILL long before that.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "protocol/records/record_batch.h"
#include "runtime/posix/posix_file_system.h"
#include "storage/log_directory.h"

using namespace pier;
using namespace pier::storage;
namespace records = pier::protocol::records;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: log_append_driver DIR ROUNDS\n");
    return 2;
  }
  const long rounds = std::strtol(argv[2], nullptr, 10);
  PosixFileSystem fs;
  LogDirectoryOptions options;
  options.brokerId = NodeId(0);
  LogConfig config;
  config.segmentBytes = 64 * 1024;
  config.indexIntervalBytes = 512;
  config.flushMessages = 1;
  options.configFor = [&](const TopicPartition&) { return config; };
  const auto start = std::chrono::steady_clock::now();
  auto dir = LogDirectory::open(fs, argv[1], options, 0);
  if (!dir) {
    std::fprintf(stderr, "open: %s\n", dir.status().toString().c_str());
    return 1;
  }
  auto log = (*dir)->getOrCreate(TopicPartition{"kill9", PartitionIndex(0)}, config, 0);
  if (!log) {
    std::fprintf(stderr, "log: %s\n", log.status().toString().c_str());
    return 1;
  }
  std::printf("ready %lld\n", static_cast<long long>((*log)->logEndOffset().value()));
  std::fflush(stdout);
  for (long i = 0; i < rounds && std::chrono::steady_clock::now() - start < std::chrono::seconds(30); ++i) {
    const int64_t offset = (*log)->logEndOffset().value();
    records::Record r;
    const std::string value = "record-" + std::to_string(offset) + std::string(static_cast<std::size_t>(offset % 700), 'x');
    r.value = std::vector<uint8_t>(value.begin(), value.end());
    std::vector<records::Record> rs{r};
    auto batch = records::encodeBatch(records::headerForRecords(Offset(0), 1700000000000 + offset, rs), rs);
    auto info = (*log)->appendAsLeader(*batch, LeaderEpoch(0), 0);
    if (!info) {
      std::fprintf(stderr, "append: %s\n", info.status().toString().c_str());
      return 1;
    }
    std::printf("acked %lld\n", static_cast<long long>(info->lastOffset.value()));
    std::fflush(stdout);
  }
  return 0;
}
