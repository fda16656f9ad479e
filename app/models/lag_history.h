#pragma once
// LagHistory: what the console remembers of each consumer group's lag while connected. Every
// snapshot adds one sample per group partition (kept: the last kLagWindowSamples, what the
// Burrow-style status needs) and one point of the group's total lag to a bounded series for the
// chart (seeded from the SQLite LagStore when a connection opens).
//
// Thread: GUI thread.

#include "models/lag_status.h"
#include "models/time_series.h"
#include "session/cluster_snapshot.h"

#include <QHash>
#include <QString>

namespace pier {

struct GroupLagStatus {
  LagStatus status = LagStatus::Ok;
  QString worstTopic;  // the partition that decided the status (empty when OK)
  int worstPartition = -1;
};

class LagHistory {
 public:
  static constexpr qsizetype kPointsMax = 2048;

  void add(const ClusterSnapshot& snapshot);
  void clear();
  void seed(const QString& groupId, const QList<TimePoint>& totalLag);

  GroupLagStatus groupStatus(const GroupInfo& group, qint64 nowMs) const;
  LagStatus partitionStatus(const GroupInfo& group, const GroupPartition& partition, qint64 nowMs) const;
  const QList<TimePoint>& totalLag(const QString& groupId) const;

 private:
  static QString partitionKey(const QString& groupId, const QString& topic, int partition);

  QHash<QString, QList<LagSample>> m_windows;  // "group\ntopic\npartition" -> recent samples
  QHash<QString, QList<TimePoint>> m_totals;   // group -> total lag over time
};

}  // namespace pier
