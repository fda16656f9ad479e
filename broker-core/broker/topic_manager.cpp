#include "broker/topic_manager.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/log.h"
#include "base/parse_number.h"
#include "broker/broker_error.h"
#include "broker/leader_epochs.h"
#include "broker/metadata_layout.h"
#include "storage/atomic_file.h"
#include "storage/partition_metadata.h"

namespace pier::broker {

namespace {
constexpr int32_t kControllerEpoch = 1;
constexpr const char* kMetadataFile = "pier-metadata.json";
}  // namespace

Status validateTopicName(const std::string& topic) {
  auto bad = [&](std::string_view why) {
    return Status(BrokerError::InvalidTopic, fmt::format("Topic name \"{}\" is illegal, {}", topic, why));
  };
  if (topic.empty()) return bad("it can't be empty");
  if (topic == "." || topic == "..") return bad("it can't be '.' or '..'");
  if (topic.size() > 249) return bad("it can't be longer than 249 characters");
  for (char c : topic) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return bad("it contains a character other than ASCII alphanumerics, '.', '_' and '-'");
  }
  return Status::ok();
}

TopicManager::TopicManager(FileSystem& fs, std::vector<std::string> logDirs, storage::LogConfig logDefaults,
                           NodeId brokerId, uint64_t seed)
    : m_fs(fs), m_logDirPaths(std::move(logDirs)), m_logDefaults(logDefaults), m_brokerId(brokerId), m_prng(seed) {}

Status TopicManager::open(const BrokerIdentity& self, int64_t nowMs, std::unique_ptr<client::CoordinationStore> store) {
  m_nowMs = nowMs;
  m_self = self;
  PIER_RETURN_IF_ERROR(m_fs.createDirectories(m_logDirPaths.front()));
  if (store) {
    m_store = std::move(store);
  } else {
    PIER_ASSIGN_OR_RETURN(m_store, LocalCoordinationStore::open(
                                       m_fs, joinPath(m_logDirPaths.front(), kMetadataFile), [this] { return m_nowMs; },
                                       static_cast<int64_t>(m_prng.next() >> 1) | 1));
  }
  PIER_RETURN_IF_ERROR(makePersistentPaths());
  if (m_onStoreOpen) PIER_RETURN_IF_ERROR(m_onStoreOpen(*m_store));
  PIER_RETURN_IF_ERROR(loadTopicsFromStore());
  PIER_RETURN_IF_ERROR(openLogDirectories(nowMs));
  PIER_RETURN_IF_ERROR(reconcile(nowMs));
  PIER_RETURN_IF_ERROR(registerBroker(nowMs));
  return m_store->persist();
}

Status TopicManager::makePersistentPaths() {
  for (const char* path : zk::kPersistentPaths) PIER_RETURN_IF_ERROR(client::ensurePath(*m_store, path));
  return Status::ok();
}

Status TopicManager::loadTopicsFromStore() {
  PIER_ASSIGN_OR_RETURN(auto clusterNode, m_store->get(zk::kClusterId));
  if (clusterNode) m_clusterId = zk::parseClusterId(clusterNode->data).value_or("");
  if (m_clusterId.empty()) {
    protocol::kafka::Uuid id;
    for (auto& b : id.bytes) b = static_cast<uint8_t>(m_prng.below(256));
    m_clusterId = id.toString();
    PIER_RETURN_IF_ERROR(client::putPersistent(*m_store, zk::kClusterId, zk::clusterIdJson(m_clusterId)));
  }
  PIER_ASSIGN_OR_RETURN(auto names, m_store->children(zk::kTopics));
  for (const std::string& name : names) {
    PIER_ASSIGN_OR_RETURN(auto node, m_store->get(zk::topicPath(name)));
    PIER_ASSIGN_OR_RETURN(zk::TopicAssignment assignment, zk::parseTopicJson(node ? node->data : ""));
    TopicState state;
    state.partitionCount = assignment.replicas.empty() ? 0 : assignment.replicas.rbegin()->first + 1;
    if (auto id = protocol::kafka::Uuid::fromString(assignment.topicId)) state.topicId = *id;
    PIER_ASSIGN_OR_RETURN(auto configNode, m_store->get(zk::topicConfigPath(name)));
    if (configNode) {
      PIER_ASSIGN_OR_RETURN(state.overrides, zk::parseTopicConfigJson(configNode->data));
    }
    m_topics[name] = std::move(state);
  }
  return Status::ok();
}

Result<storage::LogConfig> TopicManager::configWith(const TopicOverrides& overrides) const {
  storage::LogConfig config = m_logDefaults;
  for (const auto& [key, value] : overrides) PIER_RETURN_IF_ERROR(config.set(key, value));
  PIER_RETURN_IF_ERROR(config.validate());
  return config;
}

Status TopicManager::openLogDirectories(int64_t nowMs) {
  for (const std::string& path : m_logDirPaths) {
    storage::LogDirectoryOptions options;
    options.brokerId = m_brokerId;
    options.clusterId = m_clusterId;
    options.configFor = [this](const TopicPartition& tp) {
      auto it = m_topics.find(tp.topic);
      if (it == m_topics.end()) return m_logDefaults;
      return configWith(it->second.overrides).valueOr(m_logDefaults);
    };
    PIER_ASSIGN_OR_RETURN(auto dir, storage::LogDirectory::open(m_fs, path, options, nowMs));
    for (const TopicPartition& tp : dir->partitions()) {
      storage::PartitionLog* log = dir->find(tp);
      m_logs[tp] = log;
    }
    m_dirs.push_back(std::move(dir));
  }
  return Status::ok();
}

Status TopicManager::reconcile(int64_t nowMs) {
  // Partition folders the store does not list: adopt them (topic id from partition.metadata).
  std::map<std::string, int32_t> onDisk;
  for (const auto& [tp, log] : m_logs) onDisk[tp.topic] = std::max(onDisk[tp.topic], tp.partition.value() + 1);
  for (const auto& [topic, count] : onDisk) {
    TopicState& state = m_topics[topic];
    if (count <= state.partitionCount) continue;
    const int32_t from = state.partitionCount;
    state.partitionCount = count;
    auto id = storage::readPartitionMetadata(m_fs, m_logs.at(TopicPartition{topic, PartitionIndex(0)})->dir());
    if (id && *id) {
      if (auto uuid = protocol::kafka::Uuid::fromString(**id)) state.topicId = *uuid;
    }
    PIER_LOG_INFO("adopting partition folders into the metadata store", {"topic", topic}, {"partitions", count});
    PIER_RETURN_IF_ERROR(writeTopicZnodes(topic, state, from));
  }
  // Partitions the store lists without a log: create them empty.
  for (const auto& [topic, state] : m_topics) PIER_RETURN_IF_ERROR(createLogs(topic, state, 0, nowMs));
  return Status::ok();
}

Status TopicManager::registerBroker(int64_t nowMs) {
  m_nowMs = nowMs;
  PIER_RETURN_IF_ERROR(client::ensurePath(*m_store, zk::kBrokerIds));
  const std::string me = std::string(zk::kBrokerIds) + "/" + std::to_string(m_self.brokerId.value());
  // A registration left by an earlier session of this broker (killed, restarted before its
  // session timed out) would otherwise keep the name until that session expires.
  (void)m_store->remove(me, -1);
  PIER_RETURN_IF_ERROR(
      m_store->create(me, zk::brokerJson(m_self.endpoints, m_self.rack, nowMs), client::CreateMode::Ephemeral).status());
  (void)m_store->remove(zk::kController, -1);
  PIER_RETURN_IF_ERROR(
      m_store->create(zk::kController, zk::controllerJson(m_self.brokerId, nowMs), client::CreateMode::Ephemeral).status());
  return client::putPersistent(*m_store, zk::kControllerEpoch, std::to_string(kControllerEpoch));
}

Status TopicManager::writeTopicZnodes(const std::string& topic, const TopicState& state, int32_t fromPartition) {
  zk::TopicAssignment assignment;
  for (int32_t p = 0; p < state.partitionCount; ++p) assignment.replicas[p] = {m_brokerId.value()};
  if (state.topicId != protocol::kafka::Uuid{}) assignment.topicId = state.topicId.toString();
  PIER_RETURN_IF_ERROR(client::putPersistent(*m_store, zk::topicPath(topic), zk::topicJson(assignment)));
  for (int32_t p = fromPartition; p < state.partitionCount; ++p) {
    // A log adopted from a folder (written under Apache Kafka, say) keeps its epoch; new ones: 0.
    const storage::PartitionLog* existing = log(TopicPartition{topic, PartitionIndex(p)});
    const int32_t epoch = existing ? currentLeaderEpoch(*existing).value() : 0;
    PIER_RETURN_IF_ERROR(client::putPersistent(*m_store, zk::partitionStatePath(topic, p),
                                               zk::partitionStateJson(m_brokerId, epoch, {m_brokerId.value()},
                                                                      kControllerEpoch)));
  }
  if (!state.overrides.empty()) {
    PIER_RETURN_IF_ERROR(client::putPersistent(*m_store, zk::topicConfigPath(topic), zk::topicConfigJson(state.overrides)));
  }
  return Status::ok();
}

Status TopicManager::createLogs(const std::string& topic, const TopicState& state, int32_t fromPartition,
                                int64_t nowMs) {
  PIER_ASSIGN_OR_RETURN(storage::LogConfig config, configWith(state.overrides));
  for (int32_t p = fromPartition; p < state.partitionCount; ++p) {
    const TopicPartition tp{topic, PartitionIndex(p)};
    if (m_logs.count(tp)) continue;
    PIER_ASSIGN_OR_RETURN(storage::PartitionLog * log, leastLoadedDirectory().getOrCreate(tp, config, nowMs));
    if (state.topicId != protocol::kafka::Uuid{}) {
      PIER_RETURN_IF_ERROR(storage::writePartitionMetadata(m_fs, log->dir(), state.topicId.toString()));
    }
    m_logs[tp] = log;
  }
  return Status::ok();
}

Status TopicManager::close() {
  for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->close());
  m_logs.clear();
  Status persisted = m_store ? m_store->persist() : Status::ok();
  m_store.reset();
  return persisted;
}

const TopicState* TopicManager::find(const std::string& topic) const {
  auto it = m_topics.find(topic);
  return it == m_topics.end() ? nullptr : &it->second;
}

storage::LogDirectory& TopicManager::leastLoadedDirectory() {
  auto it = std::min_element(m_dirs.begin(), m_dirs.end(), [](const auto& a, const auto& b) {
    return a->partitions().size() < b->partitions().size();
  });
  return **it;
}

Status TopicManager::create(const std::string& topic, int32_t partitions, const TopicOverrides& overrides,
                            int64_t nowMs) {
  m_nowMs = nowMs;
  PIER_RETURN_IF_ERROR(validateTopicName(topic));
  if (m_topics.count(topic)) return Status::ok();
  PIER_RETURN_IF_ERROR(configWith(overrides).status());
  TopicState state;
  state.partitionCount = partitions;
  state.overrides = overrides;
  for (auto& byte : state.topicId.bytes) byte = static_cast<uint8_t>(m_prng.below(256));
  PIER_RETURN_IF_ERROR(writeTopicZnodes(topic, state, 0));
  PIER_RETURN_IF_ERROR(m_store->persist());
  m_topics[topic] = state;
  PIER_RETURN_IF_ERROR(createLogs(topic, state, 0, nowMs));
  PIER_LOG_INFO("created topic", {"topic", topic}, {"partitions", partitions}, {"topicId", state.topicId.toString()});
  return Status::ok();
}

Status TopicManager::addPartitions(const std::string& topic, int32_t partitions, int64_t nowMs) {
  m_nowMs = nowMs;
  auto it = m_topics.find(topic);
  if (it == m_topics.end() || partitions <= it->second.partitionCount) return Status::ok();
  const int32_t from = it->second.partitionCount;
  it->second.partitionCount = partitions;
  PIER_RETURN_IF_ERROR(writeTopicZnodes(topic, it->second, from));
  PIER_RETURN_IF_ERROR(m_store->persist());
  return createLogs(topic, it->second, from, nowMs);
}

Status TopicManager::remove(const std::string& topic) {
  auto it = m_topics.find(topic);
  if (it == m_topics.end()) return Status::ok();
  PIER_RETURN_IF_ERROR(client::removeRecursive(*m_store, zk::topicPath(topic)));
  PIER_RETURN_IF_ERROR(client::removeRecursive(*m_store, zk::topicConfigPath(topic)));
  PIER_RETURN_IF_ERROR(m_store->persist());
  for (int32_t p = 0; p < it->second.partitionCount; ++p) {
    const TopicPartition tp{topic, PartitionIndex(p)};
    m_logs.erase(tp);
    for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->remove(tp, m_prng));
  }
  m_topics.erase(it);
  PIER_LOG_INFO("deleted topic", {"topic", topic});
  return Status::ok();
}

Status TopicManager::setDefaults(const storage::LogConfig& defaults) {
  PIER_RETURN_IF_ERROR(defaults.validate());
  m_logDefaults = defaults;
  for (const auto& [topic, state] : m_topics) {
    // An override that no longer validates over the new defaults keeps the old config.
    auto config = configWith(state.overrides);
    if (!config) continue;
    for (int32_t p = 0; p < state.partitionCount; ++p) {
      if (storage::PartitionLog* log = this->log(TopicPartition{topic, PartitionIndex(p)})) {
        PIER_RETURN_IF_ERROR(log->setConfig(*config));
      }
    }
  }
  return Status::ok();
}

Status TopicManager::setOverrides(const std::string& topic, const TopicOverrides& overrides) {
  auto it = m_topics.find(topic);
  if (it == m_topics.end()) return Status::ok();
  PIER_ASSIGN_OR_RETURN(storage::LogConfig config, configWith(overrides));
  if (overrides.empty()) {
    PIER_RETURN_IF_ERROR(client::removeRecursive(*m_store, zk::topicConfigPath(topic)));
  } else {
    PIER_RETURN_IF_ERROR(client::putPersistent(*m_store, zk::topicConfigPath(topic), zk::topicConfigJson(overrides)));
  }
  PIER_RETURN_IF_ERROR(m_store->persist());
  it->second.overrides = overrides;
  for (int32_t p = 0; p < it->second.partitionCount; ++p) {
    if (storage::PartitionLog* log = this->log(TopicPartition{topic, PartitionIndex(p)})) {
      PIER_RETURN_IF_ERROR(log->setConfig(config));
    }
  }
  PIER_LOG_INFO("altered topic config", {"topic", topic}, {"overrides", overrides.size()});
  return Status::ok();
}

storage::PartitionLog* TopicManager::log(const TopicPartition& tp) {
  auto it = m_logs.find(tp);
  return it == m_logs.end() ? nullptr : it->second;
}

const storage::PartitionLog* TopicManager::log(const TopicPartition& tp) const {
  auto it = m_logs.find(tp);
  return it == m_logs.end() ? nullptr : it->second;
}

Result<int64_t> TopicManager::nextProducerId() {
  constexpr int64_t kBlockSize = 1000;
  if (m_nextProducerId >= m_producerIdBlockEnd) {
    const std::string path = joinPath(m_logDirPaths.front(), "pier-producer-id-block");
    PIER_ASSIGN_OR_RETURN(auto text, storage::readSmallFile(m_fs, path, 64));
    int64_t blockStart = 0;
    if (text) {
      auto parsed = parseDecimal<int64_t>(std::string_view(*text).substr(0, text->find('\n')));
      if (!parsed || *parsed < 0) {
        return Status(BrokerError::StartupFailed, fmt::format("{}: '{}' is not a producer id", path, *text));
      }
      blockStart = *parsed;
    }
    PIER_RETURN_IF_ERROR(storage::writeFileAtomically(m_fs, path, fmt::format("{}\n", blockStart + kBlockSize)));
    m_nextProducerId = blockStart;
    m_producerIdBlockEnd = blockStart + kBlockSize;
  }
  return m_nextProducerId++;
}

Status TopicManager::runRetention(int64_t nowMs) {
  // One replica: the high watermark is the log end offset.
  for (auto& dir : m_dirs) {
    PIER_RETURN_IF_ERROR(dir->runRetention(nowMs, [](const storage::PartitionLog& l) { return l.logEndOffset(); }).status());
  }
  return Status::ok();
}

Status TopicManager::removeExpiredProducers(int64_t nowMs, int64_t expirationMs) {
  std::size_t removed = 0;
  for (auto& [tp, log] : m_logs) removed += log->producers().removeExpired(nowMs, expirationMs);
  if (removed > 0) PIER_LOG_INFO("expired idle producer ids", {"count", removed}, {"producer.id.expiration.ms", expirationMs});
  return Status::ok();
}

Status TopicManager::flushDue(int64_t nowMs) {
  for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->flushDue(nowMs));
  return Status::ok();
}

Status TopicManager::writeCheckpoints() {
  for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->writeCheckpoints());
  return Status::ok();
}

}  // namespace pier::broker
