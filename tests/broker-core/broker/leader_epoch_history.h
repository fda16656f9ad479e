#pragma once
// writeEpochHistory: a partition folder as Apache Kafka leaves one whose leadership moved: runs
// of one-record batches appended as leader in several epochs (their leader-epoch-checkpoint
// follows), and partition.metadata with the topic id. Written before a broker starts, which then
// adopts the folder and leads the partition in the latest epoch. Shared by the in-process broker
// tests and the integration tests (any FileSystem).

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <QtGlobal>

#include "model/topic_partition.h"
#include "protocol/records/record_batch.h"
#include "runtime/file_system.h"
#include "storage/file_cache.h"
#include "storage/partition_log.h"
#include "storage/partition_metadata.h"

namespace pier::brokertest {

struct EpochRun {
  int32_t epoch = 0;
  int records = 0;  // one-record batches, valued "m<offset>"
};

// `logDir`/<topic>-<partition>; `topicId`: 22 characters of URL-safe base64.
inline void writeEpochHistory(FileSystem& fs, const std::string& logDir, const TopicPartition& tp,
                              const std::vector<EpochRun>& runs, const std::string& topicId) {
  namespace records = protocol::records;
  const std::string dir = logDir + "/" + tp.topic + "-" + std::to_string(tp.partition.value());
  storage::FileCache files(fs, 16);
  auto log = storage::PartitionLog::open(files, dir, tp, storage::LogConfig{}, {}, 1000);
  if (!log) qFatal("open %s: %s", dir.c_str(), log.status().toString().c_str());
  int64_t offset = 0;
  for (const EpochRun& run : runs) {
    for (int i = 0; i < run.records; ++i, ++offset) {
      records::Record r;
      const std::string value = "m" + std::to_string(offset);
      r.value = std::vector<uint8_t>(value.begin(), value.end());
      std::vector<records::Record> rs{r};
      auto batch = records::encodeBatch(records::headerForRecords(Offset(0), 1000 + offset, rs), rs);
      if (!batch) qFatal("encode: %s", batch.status().toString().c_str());
      auto appended = (*log)->appendAsLeader(std::span<uint8_t>(*batch), LeaderEpoch(run.epoch), 2000);
      if (!appended) qFatal("append: %s", appended.status().toString().c_str());
    }
  }
  if (Status closed = (*log)->close(); !closed) qFatal("close: %s", closed.toString().c_str());
  if (Status written = storage::writePartitionMetadata(fs, dir, topicId); !written) {
    qFatal("partition.metadata: %s", written.toString().c_str());
  }
}

}  // namespace pier::brokertest
