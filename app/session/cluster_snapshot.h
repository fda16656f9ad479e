#pragma once
// What the console knows about one cluster at one moment: brokers, topics, partitions (leader,
// replicas, ISR, log start offset, high watermark). Built by the session worker, handed to the
// GUI thread as `ClusterSnapshotPtr` (shared, immutable), and read by the models.
//
// Thread: built on the session's worker thread, then only read (any thread).

#include <QDateTime>
#include <QList>
#include <QPair>
#include <QMetaType>
#include <QString>

#include <algorithm>
#include <memory>

namespace pier {

// One log directory of a broker, as DescribeLogDirs reports it.
struct LogDirUsage {
  QString path;
  QString error;             // the broker's error name for the directory (KAFKA_STORAGE_ERROR), empty when none
  qint64 replicaBytes = 0;   // the replicas in it, together
  int replicas = 0;
  qint64 totalBytes = -1;    // the volume's size and free space; -1: not known (brokers before Kafka 3.3)
  qint64 usableBytes = -1;

  friend bool operator==(const LogDirUsage&, const LogDirUsage&) = default;
};

struct BrokerInfo {
  int id = -1;
  QString host;
  int port = 0;
  QString rack;  // empty: the broker has none, or the cluster did not say
  QList<LogDirUsage> logDirs;  // empty when not known; `storageError` says why
  QString storageError;        // why the log dirs could not be read (error name: message)

  // Sums over logDirs; -1 when not known (no directory read, or a volume size missing).
  qint64 logDirBytes() const;
  qint64 totalBytes() const;
  qint64 usableBytes() const;

  friend bool operator==(const BrokerInfo&, const BrokerInfo&) = default;
};

struct PartitionInfo {
  int id = -1;
  int leader = -1;  // -1: no leader (offline)
  QList<int> replicas;
  QList<int> isr;
  qint64 logStartOffset = -1;  // -1: not known (offsets not fetched or the request failed)
  qint64 highWatermark = -1;
  qint64 sizeBytes = -1;  // the leader's replica on disk (the first replica's without a leader); -1: not known
  QString error;  // the broker's error name for this partition, empty when none

  bool offline() const { return leader < 0; }
  bool underReplicated() const { return isr.size() < replicas.size(); }
  // The preferred leader is the first replica (Kafka's rule for preferred-leader election).
  bool leaderIsPreferred() const { return !replicas.isEmpty() && leader == replicas.first(); }
  // Messages between log start and high watermark (an upper bound on compacted topics); -1 when
  // offsets are not known.
  qint64 messageCount() const;

  friend bool operator==(const PartitionInfo&, const PartitionInfo&) = default;
};

struct TopicInfo {
  QString name;
  bool internal = false;
  QString error;  // the broker's error name for the whole topic, empty when none
  QList<PartitionInfo> partitions;  // sorted by id

  int replicationFactor() const;  // of partition 0 (Kafka's topics tools show the same)
  int underReplicatedCount() const;
  int offlineCount() const;
  qint64 messageCount() const;  // -1 when no partition's offsets are known
  qint64 sizeBytes() const;     // of the partitions' sizes; -1 when none is known

  friend bool operator==(const TopicInfo&, const TopicInfo&) = default;
};

struct GroupMember {
  QString memberId;
  QString instanceId;  // group.instance.id of a static member, empty otherwise
  QString clientId;
  QString host;
  QList<QPair<QString, int>> assignment;  // (topic, partition)

  friend bool operator==(const GroupMember&, const GroupMember&) = default;
};

struct GroupPartition {
  QString topic;
  int partition = -1;
  qint64 committedOffset = -1;  // -1: nothing committed
  qint64 logEndOffset = -1;     // the partition's high watermark; -1: not known
  QString memberId;             // who has it assigned, empty when nobody

  qint64 lag() const { return committedOffset < 0 || logEndOffset < 0 ? -1 : std::max<qint64>(0, logEndOffset - committedOffset); }
  friend bool operator==(const GroupPartition&, const GroupPartition&) = default;
};

struct GroupInfo {
  QString groupId;
  QString state;     // Kafka's names: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead
  QString assignor;  // the selected protocol (range, roundrobin, cooperative-sticky, ...)
  bool simple = false;  // only commits offsets, never joined (assign()-mode consumers)
  QString error;        // the broker's error name for this group, empty when none
  QList<GroupMember> members;
  QList<GroupPartition> partitions;  // sorted by topic, partition

  qint64 totalLag() const;  // -1 when no partition's lag is known

  friend bool operator==(const GroupInfo&, const GroupInfo&) = default;
};

struct ClusterSnapshot {
  QString bootstrap;        // what the session was asked to connect to
  QString clusterId;        // empty when the cluster did not say (old brokers)
  int controllerId = -1;    // -1 when not known
  QList<BrokerInfo> brokers;  // sorted by id
  QList<TopicInfo> topics;    // sorted by name
  QList<GroupInfo> groups;    // sorted by group id
  QString groupsError;        // why groups could not be read (e.g. a broker without group APIs)
  QDateTime takenAt;

  int partitionCount() const;
  int underReplicatedCount() const;
  int offlineCount() const;
  int leaderCount(int brokerId) const;
  int replicaCount(int brokerId) const;
  const TopicInfo* findTopic(const QString& name) const;
  const GroupInfo* findGroup(const QString& groupId) const;
  qint64 highWatermark(const QString& topic, int partition) const;  // -1 when not known
};

using ClusterSnapshotPtr = std::shared_ptr<const ClusterSnapshot>;

}  // namespace pier

Q_DECLARE_METATYPE(pier::ClusterSnapshotPtr)
