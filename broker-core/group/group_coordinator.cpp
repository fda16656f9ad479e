#include "group/group_coordinator.h"

#include <fmt/format.h>

#include "base/byte_reader.h"
#include "base/java_string.h"
#include "base/log.h"
#include "protocol/consumer_offsets_record.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/record_batch.h"

namespace pier::group {

using protocol::kafka::GroupMetadataKey;
using protocol::kafka::GroupMetadataValue;
using protocol::kafka::OffsetCommitKey;
using protocol::kafka::OffsetCommitValue;

namespace {

// Versions Kafka 3.8 writes: OffsetCommitValue v3 (leader epoch, no expire timestamp) and
// GroupMetadataValue v3 (static members).
constexpr int16_t kOffsetCommitValueVersion = 3;
constexpr int16_t kGroupMetadataValueVersion = 3;
constexpr uint64_t kLoadReadBytes = 1 << 20;
constexpr int64_t kOffsetExpiryCheckMs = 60'000;  // offsets.retention.check.interval.ms is 10 min; finer is fine

using KeyValue = std::pair<std::vector<uint8_t>, std::optional<std::vector<uint8_t>>>;

// The topics of a "consumer" protocol subscription (ConsumerProtocolSubscription: int16 version,
// then an array of strings); empty when the bytes are something else.
std::vector<std::string> subscribedTopics(const std::vector<uint8_t>& metadata) {
  Reader r(metadata);
  std::vector<std::string> topics;
  auto version = r.readInt16();
  auto count = r.readInt32();
  if (!version || !count || *count < 0) return {};
  for (int32_t i = 0; i < *count; ++i) {
    auto topic = r.readString();
    if (!topic) return {};
    topics.emplace_back(*topic);
  }
  return topics;
}

Result<KeyValue> offsetRecord(const std::string& groupId, const TopicPartition& tp,
                              const std::optional<CommittedOffset>& committed) {
  OffsetCommitKey key;
  key.group = groupId;
  key.topic = tp.topic;
  key.partition = tp.partition.value();
  PIER_ASSIGN_OR_RETURN(auto keyBytes, protocol::encodeConsumerOffsetsKey(protocol::offsetCommitKey(key)));
  if (!committed) return KeyValue{std::move(keyBytes), std::nullopt};
  OffsetCommitValue value;
  value.offset = committed->offset;
  value.leaderEpoch = committed->leaderEpoch;
  value.metadata = committed->metadata;
  value.commitTimestamp = committed->commitTimestampMs;
  PIER_ASSIGN_OR_RETURN(auto valueBytes, protocol::encodeConsumerOffsetsValue(
                                             protocol::offsetCommitValue(value, kOffsetCommitValueVersion)));
  return KeyValue{std::move(keyBytes), std::move(valueBytes)};
}

Result<KeyValue> groupRecord(const std::string& groupId, const std::optional<GroupMetadataValue>& value) {
  GroupMetadataKey key;
  key.group = groupId;
  PIER_ASSIGN_OR_RETURN(auto keyBytes, protocol::encodeConsumerOffsetsKey(protocol::groupMetadataKey(key)));
  if (!value) return KeyValue{std::move(keyBytes), std::nullopt};
  PIER_ASSIGN_OR_RETURN(auto valueBytes, protocol::encodeConsumerOffsetsValue(
                                             protocol::groupMetadataValue(*value, kGroupMetadataValueVersion)));
  return KeyValue{std::move(keyBytes), std::move(valueBytes)};
}

}  // namespace

GroupCoordinator::GroupCoordinator(CoordinatorConfig config, OffsetsTopic& topic, uint64_t seed)
    : m_config(config), m_topic(topic), m_prng(seed) {}

int32_t GroupCoordinator::partitionFor(std::string_view groupId, int32_t partitions) {
  const int32_t hash = javaStringHashCode(groupId);
  // Kafka's Utils.abs: Integer.MIN_VALUE becomes 0.
  const int32_t positive = hash == INT32_MIN ? 0 : (hash < 0 ? -hash : hash);
  return partitions > 0 ? positive % partitions : 0;
}

ClassicGroup* GroupCoordinator::findGroup(const std::string& groupId) {
  auto it = m_groups.find(groupId);
  return it == m_groups.end() ? nullptr : &it->second;
}

const ClassicGroup* GroupCoordinator::findGroup(const std::string& groupId) const {
  auto it = m_groups.find(groupId);
  return it == m_groups.end() ? nullptr : &it->second;
}

ClassicGroup& GroupCoordinator::groupFor(const std::string& groupId, int64_t nowMs) {
  auto it = m_groups.find(groupId);
  if (it == m_groups.end()) it = m_groups.emplace(groupId, ClassicGroup(groupId, m_config.limits, nowMs)).first;
  return it->second;
}

void GroupCoordinator::join(const std::string& groupId, JoinRequest request, int64_t nowMs, JoinCallback done) {
  if (groupId.empty()) {
    done({request.token, GroupError::InvalidGroupId, -1, std::nullopt, std::nullopt, "", false, request.memberId, {}});
    return;
  }
  // A known member of a group this coordinator does not have (lost, deleted) must join anew.
  if (!request.memberId.empty() && findGroup(groupId) == nullptr) {
    done({request.token, GroupError::UnknownMemberId, -1, std::nullopt, std::nullopt, "", false, request.memberId, {}});
    return;
  }
  request.token = nextToken();
  m_joinWaiters.emplace(request.token, std::move(done));
  ClassicGroup& group = groupFor(groupId, nowMs);
  deliver(groupId, group.join(request, nowMs, m_prng), nowMs);
}

void GroupCoordinator::sync(const std::string& groupId, SyncRequest request, int64_t nowMs, SyncCallback done) {
  ClassicGroup* group = findGroup(groupId);
  if (group == nullptr) {
    done({request.token, groupId.empty() ? GroupError::InvalidGroupId : GroupError::UnknownMemberId, std::nullopt,
          std::nullopt, {}});
    return;
  }
  request.token = nextToken();
  m_syncWaiters.emplace(request.token, std::move(done));
  deliver(groupId, group->sync(request, nowMs), nowMs);
}

GroupError GroupCoordinator::heartbeat(const std::string& groupId, const MemberIdentity& member, int32_t generationId,
                                       int64_t nowMs) {
  ClassicGroup* group = findGroup(groupId);
  if (group == nullptr) return groupId.empty() ? GroupError::InvalidGroupId : GroupError::UnknownMemberId;
  return group->heartbeat(member, generationId, nowMs);
}

std::vector<GroupError> GroupCoordinator::leave(const std::string& groupId, const std::vector<MemberIdentity>& members,
                                                int64_t nowMs) {
  ClassicGroup* group = findGroup(groupId);
  if (group == nullptr) {
    return std::vector<GroupError>(members.size(), groupId.empty() ? GroupError::InvalidGroupId
                                                                   : GroupError::UnknownMemberId);
  }
  std::vector<GroupError> errors;
  deliver(groupId, group->leave(members, nowMs, errors), nowMs);
  return errors;
}

void GroupCoordinator::deliver(const std::string& groupId, GroupOutput out, int64_t nowMs) {
  ClassicGroup* group = findGroup(groupId);
  if (out.persist && group != nullptr) {
    if (Status written = persistGroup(*group, nowMs); !written.isOk()) {
      PIER_LOG_WARN("group metadata not persisted", {"group", groupId}, {"error", written.toString()});
      for (auto& j : out.joins) {
        if (j.error == GroupError::None) j.error = GroupError::CoordinatorNotAvailable;
      }
      for (auto& s : out.syncs) {
        if (s.error == GroupError::None) s.error = GroupError::CoordinatorNotAvailable;
      }
      GroupOutput more = group->persistFailed(nowMs);
      out.joins.insert(out.joins.end(), more.joins.begin(), more.joins.end());
      out.syncs.insert(out.syncs.end(), more.syncs.begin(), more.syncs.end());
    }
  }
  for (const JoinResponse& j : out.joins) {
    if (auto it = m_joinWaiters.find(j.token); it != m_joinWaiters.end()) {
      JoinCallback done = std::move(it->second);
      m_joinWaiters.erase(it);
      done(j);
    }
  }
  for (const SyncResponse& s : out.syncs) {
    if (auto it = m_syncWaiters.find(s.token); it != m_syncWaiters.end()) {
      SyncCallback done = std::move(it->second);
      m_syncWaiters.erase(it);
      done(s);
    }
  }
}

Status GroupCoordinator::persistGroup(const ClassicGroup& group, int64_t nowMs) {
  PIER_ASSIGN_OR_RETURN(KeyValue record, groupRecord(group.groupId(), group.toRecord()));
  return append(group.groupId(), {std::move(record)}, nowMs);
}

Status GroupCoordinator::append(const std::string& groupId, const std::vector<KeyValue>& records, int64_t nowMs) {
  if (records.empty()) return Status::ok();
  PIER_ASSIGN_OR_RETURN(storage::PartitionLog * log, m_topic.partition(partitionFor(groupId), nowMs));
  std::vector<protocol::records::Record> batch;
  for (std::size_t i = 0; i < records.size(); ++i) {
    protocol::records::Record r;
    r.offsetDelta = static_cast<int32_t>(i);
    r.key = records[i].first;
    r.value = records[i].second;
    batch.push_back(std::move(r));
  }
  PIER_ASSIGN_OR_RETURN(auto bytes, protocol::records::encodeBatch(
                                        protocol::records::headerForRecords(Offset(0), nowMs, batch), batch));
  // In the log's own epoch (a __consumer_offsets partition adopted from Kafka may be past 0).
  return log->appendAsLeader(bytes, log->latestLeaderEpoch(), nowMs).status();
}

std::vector<Status> GroupCoordinator::commitOffsets(const std::string& groupId, const MemberIdentity& member,
                                                    int32_t generationId,
                                                    const std::vector<std::pair<TopicPartition, CommittedOffset>>& offsets,
                                                    int64_t nowMs) {
  const auto all = [&](Status s) { return std::vector<Status>(offsets.size(), s); };
  if (groupId.empty()) return all(Status(GroupError::InvalidGroupId, "empty group id"));
  ClassicGroup* group = findGroup(groupId);
  if (group == nullptr && (generationId >= 0 || !member.memberId.empty())) {
    return all(Status(GroupError::UnknownMemberId, "no such group"));  // a member of a group we do not have
  }
  ClassicGroup& g = group ? *group : groupFor(groupId, nowMs);  // a simple (group-less) commit creates it
  if (GroupError e = g.validateOffsetCommit(member, generationId, nowMs); e != GroupError::None) {
    return all(Status(e, std::string(describe(e))));
  }
  std::vector<Status> results(offsets.size());
  std::vector<KeyValue> records;
  std::vector<std::size_t> written;
  for (std::size_t i = 0; i < offsets.size(); ++i) {
    const auto& [tp, committed] = offsets[i];
    if (committed.metadata.size() > static_cast<std::size_t>(m_config.offsetMetadataMaxBytes)) {
      results[i] = Status(GroupError::OffsetMetadataTooLarge, fmt::format("metadata of {} bytes", committed.metadata.size()));
      continue;
    }
    auto record = offsetRecord(groupId, tp, committed);
    if (!record) {
      results[i] = record.status();
      continue;
    }
    records.push_back(std::move(*record));
    written.push_back(i);
  }
  const Status appended = append(groupId, records, nowMs);
  for (std::size_t i : written) {
    results[i] = appended;
    if (appended.isOk()) m_offsets[groupId][offsets[i].first] = offsets[i].second;
  }
  return results;
}

std::map<TopicPartition, CommittedOffset> GroupCoordinator::fetchOffsets(
    const std::string& groupId, const std::optional<std::vector<TopicPartition>>& partitions) const {
  const auto it = m_offsets.find(groupId);
  if (it == m_offsets.end()) return {};
  if (!partitions) return it->second;
  std::map<TopicPartition, CommittedOffset> out;
  for (const TopicPartition& tp : *partitions) {
    if (auto found = it->second.find(tp); found != it->second.end()) out.insert(*found);
  }
  return out;
}

std::vector<GroupListing> GroupCoordinator::listGroups() const {
  std::vector<GroupListing> out;
  for (const auto& [id, g] : m_groups) {
    if (g.state() != GroupState::Dead) out.push_back({id, g.protocolType(), g.state()});
  }
  return out;
}

GroupDescription GroupCoordinator::describeGroup(const std::string& groupId) const {
  GroupDescription d;
  d.groupId = groupId;
  if (groupId.empty()) {
    d.error = GroupError::InvalidGroupId;
    return d;
  }
  const ClassicGroup* g = findGroup(groupId);
  if (g == nullptr) return d;  // Dead, no members: what Kafka says of a group it does not know
  d.state = g->state();
  d.protocolType = g->protocolType();
  // Kafka shows the protocol only once members have their assignment (Stable).
  d.protocolName = g->state() == GroupState::Stable ? g->protocolName().value_or("") : "";
  d.members = g->describeMembers();
  if (g->state() != GroupState::Stable) {
    for (auto& m : d.members) m.assignment.clear();
  }
  return d;
}

Status GroupCoordinator::deleteGroup(const std::string& groupId, int64_t nowMs) {
  if (groupId.empty()) return Status(GroupError::InvalidGroupId, "empty group id");
  ClassicGroup* g = findGroup(groupId);
  if (g == nullptr) return Status(GroupError::GroupIdNotFound, groupId);
  if (GroupError e = g->deleteGroup(); e != GroupError::None) return Status(e, groupId);
  std::vector<KeyValue> tombstones;
  for (const auto& [tp, committed] : m_offsets[groupId]) {
    PIER_ASSIGN_OR_RETURN(auto record, offsetRecord(groupId, tp, std::nullopt));
    tombstones.push_back(std::move(record));
  }
  PIER_ASSIGN_OR_RETURN(auto record, groupRecord(groupId, std::nullopt));
  tombstones.push_back(std::move(record));
  PIER_RETURN_IF_ERROR(append(groupId, tombstones, nowMs));
  m_offsets.erase(groupId);
  m_groups.erase(groupId);
  return Status::ok();
}

std::vector<Status> GroupCoordinator::deleteOffsets(const std::string& groupId,
                                                    const std::vector<TopicPartition>& partitions, int64_t nowMs) {
  const ClassicGroup* g = findGroup(groupId);
  if (g == nullptr) return std::vector<Status>(partitions.size(), Status(GroupError::GroupIdNotFound, groupId));
  std::vector<std::string> subscribed;
  if (g->protocolType() == "consumer" && g->state() != GroupState::Empty) {
    for (const MemberDescription& m : g->describeMembers()) {
      for (std::string& t : subscribedTopics(m.metadata)) subscribed.push_back(std::move(t));
    }
  }
  std::vector<Status> results(partitions.size());
  std::vector<KeyValue> tombstones;
  std::vector<std::size_t> deleted;
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    if (std::find(subscribed.begin(), subscribed.end(), partitions[i].topic) != subscribed.end()) {
      results[i] = Status(GroupError::GroupSubscribedToTopic, partitions[i].topic);
      continue;
    }
    auto record = offsetRecord(groupId, partitions[i], std::nullopt);
    if (!record) {
      results[i] = record.status();
      continue;
    }
    tombstones.push_back(std::move(*record));
    deleted.push_back(i);
  }
  const Status appended = append(groupId, tombstones, nowMs);
  for (std::size_t i : deleted) {
    results[i] = appended;
    if (appended.isOk()) m_offsets[groupId].erase(partitions[i]);
  }
  return results;
}

void GroupCoordinator::tick(int64_t nowMs) {
  std::vector<std::string> ids;
  for (const auto& [id, g] : m_groups) ids.push_back(id);
  for (const std::string& id : ids) {
    if (ClassicGroup* g = findGroup(id)) deliver(id, g->tick(nowMs), nowMs);
  }
  if (nowMs - m_lastExpiryCheckMs >= kOffsetExpiryCheckMs) {
    m_lastExpiryCheckMs = nowMs;
    expireOffsets(nowMs);
  }
}

// Kafka 2.1+ (KIP-211): a group's offsets expire offsets.retention.minutes after the group
// became Empty; a simple (group-less) committer's offsets after their own commit time. Empty
// groups without offsets go at the same pass.
void GroupCoordinator::expireOffsets(int64_t nowMs) {
  for (auto it = m_offsets.begin(); it != m_offsets.end();) {
    const std::string& groupId = it->first;
    const ClassicGroup* g = findGroup(groupId);
    const bool emptyGroup = g == nullptr || g->state() == GroupState::Empty;
    std::vector<TopicPartition> expired;
    for (const auto& [tp, committed] : it->second) {
      const int64_t since = g != nullptr && !g->protocolType().empty() ? g->stateTimestampMs() : committed.commitTimestampMs;
      if (emptyGroup && nowMs - since >= m_config.offsetsRetentionMs) expired.push_back(tp);
    }
    std::vector<KeyValue> tombstones;
    for (const TopicPartition& tp : expired) {
      if (auto record = offsetRecord(groupId, tp, std::nullopt)) tombstones.push_back(std::move(*record));
    }
    if (!expired.empty() && append(groupId, tombstones, nowMs).isOk()) {
      for (const TopicPartition& tp : expired) it->second.erase(tp);
    }
    const bool gone = it->second.empty() && g != nullptr && g->state() == GroupState::Empty;
    if (gone) {
      // An Empty group without offsets is dropped, as Kafka drops it (its record stays until compacted).
      if (auto record = groupRecord(groupId, std::nullopt); record && append(groupId, {std::move(*record)}, nowMs).isOk()) {
        m_groups.erase(groupId);
        it = m_offsets.erase(it);
        continue;
      }
    }
    ++it;
  }
  // Empty groups that keep no offsets are dropped too, as Kafka's cleanup drops them.
  for (auto it = m_groups.begin(); it != m_groups.end();) {
    const bool idle = it->second.state() == GroupState::Empty && !m_offsets.contains(it->first);
    if (idle) {
      if (auto record = groupRecord(it->first, std::nullopt); record && append(it->first, {std::move(*record)}, nowMs).isOk()) {
        it = m_groups.erase(it);
        continue;
      }
    }
    ++it;
  }
}

Status GroupCoordinator::load(int64_t nowMs) {
  std::map<std::string, GroupMetadataValue> groupRecords;
  for (storage::PartitionLog* log : m_topic.existing()) {
    PIER_RETURN_IF_ERROR(loadPartition(*log, groupRecords));
  }
  for (auto& [id, record] : groupRecords) {
    m_groups.insert_or_assign(id, ClassicGroup::fromRecord(id, record, m_config.limits, nowMs));
  }
  // Groups known only by their offsets (simple committers) are listed too, as Empty.
  for (const auto& [id, offsets] : m_offsets) groupFor(id, nowMs);
  m_lastExpiryCheckMs = nowMs;
  PIER_LOG_INFO("groups loaded", {"groups", std::to_string(m_groups.size())});
  return Status::ok();
}

Status GroupCoordinator::loadPartition(storage::PartitionLog& log,
                                       std::map<std::string, GroupMetadataValue>& groupRecords) {
  Offset next = log.logStartOffset();
  while (next < log.logEndOffset()) {
    PIER_ASSIGN_OR_RETURN(storage::FetchData data, log.read(next, kLoadReadBytes, log.logEndOffset(), true));
    protocol::records::BatchIterator batches(data.records);
    bool progressed = false;
    while (true) {
      PIER_ASSIGN_OR_RETURN(auto entry, batches.next());
      if (!entry) break;
      PIER_ASSIGN_OR_RETURN(auto batch, protocol::records::decodeBatch(entry->bytes));
      next = Offset(batch.header.baseOffset.value() + batch.header.lastOffsetDelta + 1);
      progressed = true;
      if (batch.header.isControl()) continue;  // transaction markers carry no group data
      for (const auto& r : batch.records) {
        if (!r.key) continue;
        auto key = protocol::decodeConsumerOffsetsKey(*r.key);
        if (!key) continue;  // KIP-848 records and anything else this coordinator does not own
        std::optional<std::span<const uint8_t>> valueBytes;
        if (r.value) valueBytes = std::span<const uint8_t>(*r.value);
        auto value = protocol::decodeConsumerOffsetsValue(*key, valueBytes);
        if (!value) {
          PIER_LOG_WARN("undecodable __consumer_offsets value skipped", {"error", value.status().toString()});
          continue;
        }
        if (const auto* k = std::get_if<OffsetCommitKey>(&key->key)) {
          TopicPartition tp{k->topic, PartitionIndex(k->partition)};
          if (!*value) {
            m_offsets[k->group].erase(tp);
          } else {
            const auto& v = std::get<OffsetCommitValue>((*value)->value);
            m_offsets[k->group][tp] = {v.offset, v.leaderEpoch, v.metadata, v.commitTimestamp};
          }
        } else if (const auto* g = std::get_if<GroupMetadataKey>(&key->key)) {
          if (!*value) {
            groupRecords.erase(g->group);
          } else {
            groupRecords[g->group] = std::get<GroupMetadataValue>((*value)->value);
          }
        }
      }
    }
    if (!progressed) break;  // nothing more could be read (cannot happen below the log end)
  }
  std::erase_if(m_offsets, [](const auto& entry) { return entry.second.empty(); });
  return Status::ok();
}

}  // namespace pier::group
