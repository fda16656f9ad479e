#pragma once
// TopicManager: the topics this (single) broker holds and their partition logs, over the log
// directories of log.dirs.
//
// On start it opens every log directory and rebuilds the topic table from the partition
// folders found there (a topic's partition count is its highest partition + 1; its topic id
// comes from partition.metadata, written when the topic is created). New partitions go to the
// log directory holding the fewest. Topic names follow Kafka's rules (1-249 characters of
// [a-zA-Z0-9._-], not "." or "..").
//
// This slice keeps topics in the log directories only; the ZooKeeper-shaped metadata store
// (/brokers/topics/...) comes with the coordination work. Owned by the Broker, used on its loop;
// not thread-safe.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/prng.h"
#include "base/result.h"
#include "model/topic_partition.h"
#include "protocol/kafka_wire.h"
#include "runtime/file_system.h"
#include "broker/producer_state.h"
#include "storage/log_directory.h"

namespace pier::broker {

struct TopicState {
  int32_t partitionCount = 0;
  protocol::kafka::Uuid topicId;
};

class TopicManager {
 public:
  TopicManager(FileSystem& fs, std::vector<std::string> logDirs, storage::LogConfig logDefaults, NodeId brokerId,
               uint64_t seed);

  Status open(int64_t nowMs);
  // Clean shutdown of every log directory (flush, checkpoints, marker).
  Status close();

  const std::map<std::string, TopicState>& topics() const { return m_topics; }
  const std::vector<std::unique_ptr<storage::LogDirectory>>& directories() const { return m_dirs; }
  FileSystem& fileSystem() { return m_fs; }
  const TopicState* find(const std::string& topic) const;
  // InvalidTopic (a Kafka error code in the mapping) for a bad name; ok when it exists already.
  Status create(const std::string& topic, int32_t partitions, int64_t nowMs);
  storage::PartitionLog* log(const TopicPartition& tp);
  // The idempotent-producer state of a partition (exists for every log).
  ProducerState* producers(const TopicPartition& tp);
  // A producer id never handed out before by this broker, in blocks of 1000 persisted (atomic
  // file `pier-producer-id-block` in the first log dir) before any id of the block is used.
  Result<int64_t> nextProducerId();
  // Grows an existing topic to `partitions` partitions (new ones empty, same topic id).
  Status addPartitions(const std::string& topic, int32_t partitions, int64_t nowMs);
  // Deletes every partition of the topic (through "-delete" folders). Ok when it does not exist.
  Status remove(const std::string& topic);
  // log.retention.check.interval.ms, log.flush.scheduler.interval.ms and checkpoint timers.
  Status runRetention(int64_t nowMs);
  Status flushDue(int64_t nowMs);
  Status writeCheckpoints();

 private:
  storage::LogDirectory& leastLoadedDirectory();
  Status rebuildProducerState(const TopicPartition& tp, storage::PartitionLog& log);
  Status createPartitions(const std::string& topic, const TopicState& state, int32_t from, int64_t nowMs);

  FileSystem& m_fs;
  std::vector<std::string> m_logDirPaths;
  storage::LogConfig m_logDefaults;
  NodeId m_brokerId;
  Prng m_prng;
  std::vector<std::unique_ptr<storage::LogDirectory>> m_dirs;
  std::map<std::string, TopicState> m_topics;
  std::map<TopicPartition, storage::PartitionLog*> m_logs;
  std::map<TopicPartition, ProducerState> m_producers;
  int64_t m_nextProducerId = 0;
  int64_t m_producerIdBlockEnd = 0;  // exclusive; 0: no block taken yet
};

// Kafka's topic name rule. The error names the topic and the rule.
Status validateTopicName(const std::string& topic);

}  // namespace pier::broker
