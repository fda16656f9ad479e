#include "broker/topic_manager.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/log.h"
#include "broker/broker_error.h"
#include "storage/log_file_names.h"
#include "base/parse_number.h"
#include "storage/atomic_file.h"
#include "storage/partition_metadata.h"

namespace pier::broker {

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

Status TopicManager::open(int64_t nowMs) {
  for (const std::string& path : m_logDirPaths) {
    storage::LogDirectoryOptions options;
    options.brokerId = m_brokerId;
    options.configFor = [this](const TopicPartition&) { return m_logDefaults; };
    PIER_ASSIGN_OR_RETURN(auto dir, storage::LogDirectory::open(m_fs, path, options, nowMs));
    for (const TopicPartition& tp : dir->partitions()) {
      storage::PartitionLog* log = dir->find(tp);
      m_logs[tp] = log;
      PIER_RETURN_IF_ERROR(rebuildProducerState(tp, *log));
      TopicState& topic = m_topics[tp.topic];
      topic.partitionCount = std::max(topic.partitionCount, tp.partition.value() + 1);
      auto id = storage::readPartitionMetadata(m_fs, log->dir());
      if (id && *id) {
        if (auto uuid = protocol::kafka::Uuid::fromString(**id)) topic.topicId = *uuid;
      }
    }
    m_dirs.push_back(std::move(dir));
  }
  return Status::ok();
}

Status TopicManager::close() {
  for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->close());
  m_logs.clear();
  return Status::ok();
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

Status TopicManager::createPartitions(const std::string& topic, const TopicState& state, int32_t from, int64_t nowMs) {
  for (int32_t p = from; p < state.partitionCount; ++p) {
    const TopicPartition tp{topic, PartitionIndex(p)};
    PIER_ASSIGN_OR_RETURN(storage::PartitionLog * log, leastLoadedDirectory().getOrCreate(tp, m_logDefaults, nowMs));
    PIER_RETURN_IF_ERROR(storage::writePartitionMetadata(m_fs, log->dir(), state.topicId.toString()));
    m_logs[tp] = log;
    m_producers[tp] = ProducerState{};
  }
  return Status::ok();
}

Status TopicManager::addPartitions(const std::string& topic, int32_t partitions, int64_t nowMs) {
  auto it = m_topics.find(topic);
  if (it == m_topics.end() || partitions <= it->second.partitionCount) return Status::ok();
  const int32_t from = it->second.partitionCount;
  it->second.partitionCount = partitions;
  return createPartitions(topic, it->second, from, nowMs);
}

Status TopicManager::create(const std::string& topic, int32_t partitions, int64_t nowMs) {
  PIER_RETURN_IF_ERROR(validateTopicName(topic));
  if (m_topics.count(topic)) return Status::ok();
  TopicState state;
  state.partitionCount = partitions;
  for (auto& byte : state.topicId.bytes) byte = static_cast<uint8_t>(m_prng.below(256));
  PIER_RETURN_IF_ERROR(createPartitions(topic, state, 0, nowMs));
  m_topics[topic] = state;
  PIER_LOG_INFO("created topic", {"topic", topic}, {"partitions", partitions}, {"topicId", state.topicId.toString()});
  return Status::ok();
}

storage::PartitionLog* TopicManager::log(const TopicPartition& tp) {
  auto it = m_logs.find(tp);
  return it == m_logs.end() ? nullptr : it->second;
}

Status TopicManager::remove(const std::string& topic) {
  auto it = m_topics.find(topic);
  if (it == m_topics.end()) return Status::ok();
  for (int32_t p = 0; p < it->second.partitionCount; ++p) {
    const TopicPartition tp{topic, PartitionIndex(p)};
    m_logs.erase(tp);
    m_producers.erase(tp);
    for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->remove(tp, m_prng));
  }
  m_topics.erase(it);
  PIER_LOG_INFO("deleted topic", {"topic", topic});
  return Status::ok();
}

Status TopicManager::rebuildProducerState(const TopicPartition& tp, storage::PartitionLog& log) {
  ProducerState& state = m_producers[tp];
  return log.forEachBatchHeader([&state](const protocol::records::BatchHeader& h) {
    if (h.producerId.value() >= 0) state.record(h, h.baseOffset.value());
  });
}

ProducerState* TopicManager::producers(const TopicPartition& tp) {
  auto it = m_producers.find(tp);
  return it == m_producers.end() ? nullptr : &it->second;
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

Status TopicManager::flushDue(int64_t nowMs) {
  for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->flushDue(nowMs));
  return Status::ok();
}

Status TopicManager::writeCheckpoints() {
  for (auto& dir : m_dirs) PIER_RETURN_IF_ERROR(dir->writeCheckpoints());
  return Status::ok();
}

}  // namespace pier::broker
