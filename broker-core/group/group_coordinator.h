#pragma once
// GroupCoordinator: the service that drives every group's ClassicGroup on the broker's loop and
// keeps committed offsets, persisting both in `__consumer_offsets` in Kafka's own record format
// (protocol/consumer_offsets_record.h: OffsetCommitKey/Value v1/v3, GroupMetadataKey/Value v2/v3),
// so Kafka's tools and any independent decoder read them. A group lives in partition
// partitionFor(groupId) (Java String.hashCode, made non-negative, modulo the partition count).
//
// Order: a record is appended to the log before the answer that depends on it is sent
// (persist -> send); when the append fails, the answers carry CoordinatorNotAvailable and the
// group rebalances. load() rebuilds groups and offsets from the log at start: the latest record
// per key wins, tombstones delete.
//
// Answers that wait (JoinGroup, SyncGroup) are delivered through the callbacks given with the
// request, exactly once each, from a later call (join/sync/leave/tick) or the same one.
//
// Owned by the broker; used on its loop only.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/prng.h"
#include "base/result.h"
#include "group/group_fsm.h"
#include "group/offsets_topic.h"
#include "model/topic_partition.h"

namespace pier::group {

struct CoordinatorConfig {
  GroupLimits limits;
  int64_t offsetsRetentionMs = 7LL * 24 * 3600 * 1000;  // offsets.retention.minutes
  int32_t offsetMetadataMaxBytes = 4096;                 // offset.metadata.max.bytes
};

struct CommittedOffset {
  int64_t offset = -1;
  int32_t leaderEpoch = -1;
  std::string metadata;
  int64_t commitTimestampMs = -1;
  friend bool operator==(const CommittedOffset&, const CommittedOffset&) = default;
};

struct GroupListing {
  std::string groupId;
  std::string protocolType;  // "" for groups that only commit offsets
  GroupState state = GroupState::Empty;
};

struct GroupDescription {
  GroupError error = GroupError::None;  // GroupIdNotFound is never used: Kafka describes an unknown group as Dead
  std::string groupId;
  GroupState state = GroupState::Dead;
  std::string protocolType;
  std::string protocolName;
  std::vector<MemberDescription> members;
};

class GroupCoordinator {
 public:
  using JoinCallback = std::function<void(const JoinResponse&)>;
  using SyncCallback = std::function<void(const SyncResponse&)>;

  GroupCoordinator(CoordinatorConfig config, OffsetsTopic& topic, uint64_t seed);

  // Java's String.hashCode of the group id (UTF-16 code units), non-negative, modulo `partitions`.
  static int32_t partitionFor(std::string_view groupId, int32_t partitions);
  int32_t partitionFor(std::string_view groupId) const { return partitionFor(groupId, m_topic.partitionCount()); }

  // Rebuilds every group and committed offset from the partitions that exist.
  Status load(int64_t nowMs);

  void join(const std::string& groupId, JoinRequest request, int64_t nowMs, JoinCallback done);
  void sync(const std::string& groupId, SyncRequest request, int64_t nowMs, SyncCallback done);
  GroupError heartbeat(const std::string& groupId, const MemberIdentity& member, int32_t generationId, int64_t nowMs);
  // One error per member, in order; a group-level error (unknown group) for all of them.
  std::vector<GroupError> leave(const std::string& groupId, const std::vector<MemberIdentity>& members, int64_t nowMs);

  // OffsetCommit: one Status per entry, in order (GroupError or the storage error of the append).
  std::vector<Status> commitOffsets(const std::string& groupId, const MemberIdentity& member, int32_t generationId,
                                    const std::vector<std::pair<TopicPartition, CommittedOffset>>& offsets,
                                    int64_t nowMs);
  // OffsetFetch: the committed offsets of `partitions`, or of every partition when nullopt.
  // Partitions without a commit are absent.
  std::map<TopicPartition, CommittedOffset> fetchOffsets(const std::string& groupId,
                                                         const std::optional<std::vector<TopicPartition>>& partitions) const;

  std::vector<GroupListing> listGroups() const;  // by group id
  GroupDescription describeGroup(const std::string& groupId) const;
  // DeleteGroups: tombstones for the group and its offsets, then it is gone.
  Status deleteGroup(const std::string& groupId, int64_t nowMs);
  // OffsetDelete: per partition; GroupSubscribedToTopic when a member's subscription names the
  // topic (consumer protocol only), GroupIdNotFound for an unknown group.
  std::vector<Status> deleteOffsets(const std::string& groupId, const std::vector<TopicPartition>& partitions,
                                    int64_t nowMs);

  // Session expiry, rebalance deadlines, offset expiry (offsets.retention.minutes after a group
  // became Empty).
  void tick(int64_t nowMs);
  std::size_t groupCount() const { return m_groups.size(); }

 private:
  ClassicGroup& groupFor(const std::string& groupId, int64_t nowMs);
  ClassicGroup* findGroup(const std::string& groupId);
  const ClassicGroup* findGroup(const std::string& groupId) const;
  void deliver(const std::string& groupId, GroupOutput out, int64_t nowMs);
  Status persistGroup(const ClassicGroup& group, int64_t nowMs);
  // Appends one batch of (key, value) records to the group's partition; nullopt value = tombstone.
  Status append(const std::string& groupId,
                const std::vector<std::pair<std::vector<uint8_t>, std::optional<std::vector<uint8_t>>>>& records,
                int64_t nowMs);
  Status loadPartition(storage::PartitionLog& log,
                       std::map<std::string, protocol::kafka::GroupMetadataValue>& groupRecords);
  void expireOffsets(int64_t nowMs);
  RequestToken nextToken() { return ++m_lastToken; }

  CoordinatorConfig m_config;
  OffsetsTopic& m_topic;
  Prng m_prng;
  std::map<std::string, ClassicGroup> m_groups;
  std::map<std::string, std::map<TopicPartition, CommittedOffset>> m_offsets;
  std::map<RequestToken, JoinCallback> m_joinWaiters;
  std::map<RequestToken, SyncCallback> m_syncWaiters;
  RequestToken m_lastToken = 0;
  int64_t m_lastExpiryCheckMs = 0;
};

}  // namespace pier::group
