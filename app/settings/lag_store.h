#pragma once
// LagStore: consumer-group lag history in the console's SQLite database, so the lag chart still
// shows the past after the console restarts: one row per (cluster, group, time) with the group's
// total lag. Rows older than the retention (preference "lag/retention_hours", default 24) are
// removed as new ones arrive.
//
// Thread: GUI thread.

#include "models/time_series.h"
#include "session/cluster_snapshot.h"

#include <QString>

namespace pier {

class LagStore {
 public:
  static constexpr int kDefaultRetentionHours = 24;

  explicit LagStore(const QString& databasePath);
  ~LagStore();
  LagStore(const LagStore&) = delete;
  LagStore& operator=(const LagStore&) = delete;

  bool isOpen() const { return m_open; }
  void setRetentionHours(int hours) { m_retentionHours = hours; }
  int retentionHours() const { return m_retentionHours; }

  // One row per group with a known total lag; then the old rows go. False on a database error.
  bool record(const QString& cluster, const ClusterSnapshot& snapshot);
  // The group's total lag, oldest first, within the retention.
  QList<TimePoint> history(const QString& cluster, const QString& groupId, qint64 nowMs) const;
  QStringList groups(const QString& cluster) const;

 private:
  QString m_connectionName;
  bool m_open = false;
  int m_retentionHours = kDefaultRetentionHours;
};

}  // namespace pier
