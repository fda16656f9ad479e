#include "session/cluster_snapshot.h"

#include <algorithm>

namespace pier {

qint64 PartitionInfo::messageCount() const {
  if (logStartOffset < 0 || highWatermark < 0) {
    return -1;
  }
  return std::max<qint64>(0, highWatermark - logStartOffset);
}

namespace {

// The sum of `field` over `dirs`; -1 when there is no directory or one does not know it.
template <typename Field>
qint64 sumOf(const QList<LogDirUsage>& dirs, Field field) {
  if (dirs.isEmpty()) {
    return -1;
  }
  qint64 total = 0;
  for (const LogDirUsage& d : dirs) {
    const qint64 n = field(d);
    if (n < 0) {
      return -1;
    }
    total += n;
  }
  return total;
}

}  // namespace

qint64 BrokerInfo::logDirBytes() const {
  return sumOf(logDirs, [](const LogDirUsage& d) { return d.replicaBytes; });
}

qint64 BrokerInfo::totalBytes() const {
  return sumOf(logDirs, [](const LogDirUsage& d) { return d.totalBytes; });
}

qint64 BrokerInfo::usableBytes() const {
  return sumOf(logDirs, [](const LogDirUsage& d) { return d.usableBytes; });
}

int TopicInfo::replicationFactor() const {
  return partitions.isEmpty() ? 0 : static_cast<int>(partitions.first().replicas.size());
}

int TopicInfo::underReplicatedCount() const {
  return static_cast<int>(std::count_if(partitions.begin(), partitions.end(),
                                        [](const PartitionInfo& p) { return p.underReplicated(); }));
}

int TopicInfo::offlineCount() const {
  return static_cast<int>(std::count_if(partitions.begin(), partitions.end(),
                                        [](const PartitionInfo& p) { return p.offline(); }));
}

qint64 TopicInfo::messageCount() const {
  qint64 total = -1;
  for (const PartitionInfo& p : partitions) {
    if (const qint64 n = p.messageCount(); n >= 0) {
      total = std::max<qint64>(total, 0) + n;
    }
  }
  return total;
}

qint64 TopicInfo::sizeBytes() const {
  qint64 total = -1;
  for (const PartitionInfo& p : partitions) {
    if (p.sizeBytes >= 0) {
      total = std::max<qint64>(total, 0) + p.sizeBytes;
    }
  }
  return total;
}

int ClusterSnapshot::partitionCount() const {
  int n = 0;
  for (const TopicInfo& t : topics) {
    n += static_cast<int>(t.partitions.size());
  }
  return n;
}

int ClusterSnapshot::underReplicatedCount() const {
  int n = 0;
  for (const TopicInfo& t : topics) {
    n += t.underReplicatedCount();
  }
  return n;
}

int ClusterSnapshot::offlineCount() const {
  int n = 0;
  for (const TopicInfo& t : topics) {
    n += t.offlineCount();
  }
  return n;
}

int ClusterSnapshot::leaderCount(int brokerId) const {
  int n = 0;
  for (const TopicInfo& t : topics) {
    for (const PartitionInfo& p : t.partitions) {
      n += p.leader == brokerId ? 1 : 0;
    }
  }
  return n;
}

int ClusterSnapshot::replicaCount(int brokerId) const {
  int n = 0;
  for (const TopicInfo& t : topics) {
    for (const PartitionInfo& p : t.partitions) {
      n += p.replicas.contains(brokerId) ? 1 : 0;
    }
  }
  return n;
}

const TopicInfo* ClusterSnapshot::findTopic(const QString& name) const {
  const auto it = std::lower_bound(topics.begin(), topics.end(), name,
                                   [](const TopicInfo& t, const QString& n) { return t.name < n; });
  return it != topics.end() && it->name == name ? &*it : nullptr;
}

qint64 GroupInfo::totalLag() const {
  qint64 total = -1;
  for (const GroupPartition& p : partitions) {
    if (const qint64 lag = p.lag(); lag >= 0) {
      total = std::max<qint64>(total, 0) + lag;
    }
  }
  return total;
}

const GroupInfo* ClusterSnapshot::findGroup(const QString& groupId) const {
  const auto it = std::lower_bound(groups.begin(), groups.end(), groupId,
                                   [](const GroupInfo& g, const QString& id) { return g.groupId < id; });
  return it != groups.end() && it->groupId == groupId ? &*it : nullptr;
}

qint64 ClusterSnapshot::highWatermark(const QString& topic, int partition) const {
  const TopicInfo* t = findTopic(topic);
  if (t == nullptr) {
    return -1;
  }
  for (const PartitionInfo& p : t->partitions) {
    if (p.id == partition) {
      return p.highWatermark;
    }
  }
  return -1;
}

}  // namespace pier
