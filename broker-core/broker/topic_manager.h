#pragma once
// TopicManager: the topics this (single) broker holds, their configs and partition logs, kept in
// two places as Kafka keeps them: the metadata in a CoordinationStore under Kafka's znode layout
// (metadata_layout.h; a ZooKeeper ensemble when zookeeper.connect is set, the in-process
// LocalCoordinationStore otherwise), the data in the log directories of log.dirs.
//
// open(): makes Kafka's persistent paths, loads the store (topics, topic ids, per-topic config
// overrides, the cluster id, made up on first start), opens every log directory with each
// topic's config, adopts partition folders the store does not know (an older Pier, a copied
// Kafka directory) and creates the empty logs the store lists but the disks lack, then registers
// the broker (/brokers/ids/<id>, /controller: ephemeral). Every change (topic created, grown,
// deleted, config altered) is persisted to the store (CoordinationStore::persist, the same call
// for either store) before it is acknowledged. New partitions go to the log directory holding
// the fewest. Topic names follow Kafka's rules.
//
// Owned by the Broker, used on its loop; not thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/prng.h"
#include "base/result.h"
#include "broker/local_coordination_store.h"
#include "broker/metadata_layout.h"
#include "client/coordination_store.h"
#include "model/topic_partition.h"
#include "protocol/kafka_wire.h"
#include "runtime/file_system.h"
#include "storage/log_directory.h"

namespace pier::broker {

using TopicOverrides = std::map<std::string, std::string>;

struct TopicState {
  int32_t partitionCount = 0;
  protocol::kafka::Uuid topicId;
  TopicOverrides overrides;  // topic-level configs set on this topic (/config/topics/<t>)
};

struct BrokerIdentity {
  NodeId brokerId{0};
  std::vector<zk::BrokerEndpoint> endpoints;  // every advertised listener, the first one first
  std::optional<std::string> rack;  // broker.rack
};

class TopicManager {
 public:
  TopicManager(FileSystem& fs, std::vector<std::string> logDirs, storage::LogConfig logDefaults, NodeId brokerId,
               uint64_t seed);

  // `store`: where the metadata lives; null: a LocalCoordinationStore (`pier-metadata.json` in
  // the first log directory).
  Status open(const BrokerIdentity& self, int64_t nowMs, std::unique_ptr<client::CoordinationStore> store = nullptr);
  // Clean shutdown of every log directory (flush, checkpoints, marker), then of the store (a
  // ZooKeeper session ends, and with it the broker's ephemeral registration).
  Status close();
  // (Re-)creates this broker's ephemeral registration (/brokers/ids/<id>, /controller): at open,
  // and again when a new ZooKeeper session replaced an expired one.
  Status registerBroker(int64_t nowMs);

  const std::string& clusterId() const { return m_clusterId; }
  const std::map<std::string, TopicState>& topics() const { return m_topics; }
  const std::vector<std::unique_ptr<storage::LogDirectory>>& directories() const { return m_dirs; }
  FileSystem& fileSystem() { return m_fs; }
  const storage::LogConfig& defaults() const { return m_logDefaults; }
  // The metadata store (after open()).
  client::CoordinationStore& store() { return *m_store; }
  // Called by open() once the store is open and Kafka's paths exist, before any topic or log is
  // read (the broker loads its dynamic configs there and sets the defaults logs open with).
  void onStoreOpen(std::function<Status(client::CoordinationStore&)> hook) { m_onStoreOpen = std::move(hook); }
  // New log defaults (dynamic broker configs): every partition log of a topic is reconfigured
  // at once, its own overrides still on top.
  Status setDefaults(const storage::LogConfig& defaults);
  const TopicState* find(const std::string& topic) const;
  // The defaults with the topic's overrides applied; InvalidConfig naming the key and value.
  Result<storage::LogConfig> configWith(const TopicOverrides& overrides) const;

  // InvalidTopic for a bad name, InvalidConfig for a bad override; ok when it exists already.
  Status create(const std::string& topic, int32_t partitions, const TopicOverrides& overrides, int64_t nowMs);
  // Grows an existing topic to `partitions` partitions (new ones empty, same topic id).
  Status addPartitions(const std::string& topic, int32_t partitions, int64_t nowMs);
  // Deletes every partition of the topic (through "-delete" folders). Ok when it does not exist.
  Status remove(const std::string& topic);
  // Replaces the topic's overrides (validated first), persists them and applies them live.
  Status setOverrides(const std::string& topic, const TopicOverrides& overrides);

  storage::PartitionLog* log(const TopicPartition& tp);
  const storage::PartitionLog* log(const TopicPartition& tp) const;
  // A producer id never handed out before by this broker, in blocks of 1000 persisted (atomic
  // file `pier-producer-id-block` in the first log dir) before any id of the block is used.
  Result<int64_t> nextProducerId();

  // log.retention.check.interval.ms, log.flush.scheduler.interval.ms and checkpoint timers.
  Status runRetention(int64_t nowMs);
  // producer.id.expiration.check.interval.ms: drops producers idle for expirationMs.
  Status removeExpiredProducers(int64_t nowMs, int64_t expirationMs);
  Status flushDue(int64_t nowMs);
  Status writeCheckpoints();

 private:
  Status loadTopicsFromStore();
  Status openLogDirectories(int64_t nowMs);
  Status reconcile(int64_t nowMs);
  Status makePersistentPaths();
  // Writes the topic znode and its partitions' state znodes (not persisted).
  Status writeTopicZnodes(const std::string& topic, const TopicState& state, int32_t fromPartition);
  Status createLogs(const std::string& topic, const TopicState& state, int32_t fromPartition, int64_t nowMs);
  storage::LogDirectory& leastLoadedDirectory();

  FileSystem& m_fs;
  std::vector<std::string> m_logDirPaths;
  storage::LogConfig m_logDefaults;
  NodeId m_brokerId;
  Prng m_prng;
  std::unique_ptr<client::CoordinationStore> m_store;
  BrokerIdentity m_self;
  std::string m_clusterId;
  std::vector<std::unique_ptr<storage::LogDirectory>> m_dirs;
  std::map<std::string, TopicState> m_topics;
  std::map<TopicPartition, storage::PartitionLog*> m_logs;
  int64_t m_nextProducerId = 0;
  int64_t m_producerIdBlockEnd = 0;  // exclusive; 0: no block taken yet
  std::function<Status(client::CoordinationStore&)> m_onStoreOpen;
  int64_t m_nowMs = 0;               // the time of the last call that had one (store timestamps)
};

// Kafka's topic name rule. The error names the topic and the rule.
Status validateTopicName(const std::string& topic);

}  // namespace pier::broker
