#include "models/lag_history.h"

namespace pier {

QString LagHistory::partitionKey(const QString& groupId, const QString& topic, int partition) {
  return groupId + u'\n' + topic + u'\n' + QString::number(partition);
}

void LagHistory::add(const ClusterSnapshot& snapshot) {
  const qint64 nowMs = snapshot.takenAt.toMSecsSinceEpoch();
  for (const GroupInfo& g : snapshot.groups) {
    for (const GroupPartition& p : g.partitions) {
      QList<LagSample>& w = m_windows[partitionKey(g.groupId, p.topic, p.partition)];
      w.append({nowMs, p.committedOffset, p.logEndOffset});
      if (w.size() > kLagWindowSamples) {
        w.removeFirst();
      }
    }
    if (const qint64 total = g.totalLag(); total >= 0) {
      appendBounded(m_totals[g.groupId], {static_cast<double>(nowMs) / 1000.0, static_cast<double>(total)}, kPointsMax);
    }
  }
}

void LagHistory::clear() {
  m_windows.clear();
  m_totals.clear();
}

void LagHistory::seed(const QString& groupId, const QList<TimePoint>& totalLag) {
  QList<TimePoint>& series = m_totals[groupId];
  for (const TimePoint& p : totalLag) {
    appendBounded(series, p, kPointsMax);
  }
}

LagStatus LagHistory::partitionStatus(const GroupInfo& group, const GroupPartition& partition, qint64 nowMs) const {
  const auto it = m_windows.constFind(partitionKey(group.groupId, partition.topic, partition.partition));
  return it == m_windows.constEnd() ? LagStatus::Ok : evaluatePartition(*it, nowMs, !partition.memberId.isEmpty());
}

GroupLagStatus LagHistory::groupStatus(const GroupInfo& group, qint64 nowMs) const {
  GroupLagStatus result;
  for (const GroupPartition& p : group.partitions) {
    const LagStatus s = partitionStatus(group, p, nowMs);
    if (worse(s, result.status) != result.status) {
      result = {s, p.topic, p.partition};
    }
  }
  return result;
}

const QList<TimePoint>& LagHistory::totalLag(const QString& groupId) const {
  static const QList<TimePoint> kNone;
  const auto it = m_totals.constFind(groupId);
  return it == m_totals.constEnd() ? kNone : *it;
}

}  // namespace pier
