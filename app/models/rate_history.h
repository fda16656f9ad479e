#pragma once
// RateHistory: produce and consume rates derived from offsets over time, no JMX needed. Every
// snapshot is compared with the previous one: a partition's high watermark growth divided by the
// time between them is its produce rate, and a group's committed offset growth on it a consume
// rate; a topic's rate is the sum over its partitions (consumed: over every group, as a broker's
// bytes-out counts every fetch), a broker's the sum over the partitions it leads. Consume rates
// move with the consumers' commits (auto-commit: every 5 s by default), so they are averaged per
// refresh, and consumers that never commit are not seen. Each series keeps at most kPointsMax points: when full, the
// older half is thinned by averaging neighbours, so a day of refreshes fits in bounded memory
// with recent points at full resolution. Points older than a day are dropped, and with them the
// series of topics and brokers that are gone.
//
// Thread: GUI thread.

#include "models/time_series.h"
#include "session/cluster_snapshot.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace pier {

// A rate point: value is messages per second.
using RatePoint = TimePoint;

class RateHistory {
 public:
  static constexpr int kPointsMax = 2048;
  static constexpr double kRetentionSec = 24 * 3600;  // older points, and series gone quiet, go

  // Series keys: "topic:<name>" and "broker:<id>" (produced), "consumed-topic:<name>" and
  // "consumed-broker:<id>" (consumed, once some group has committed on the cluster).
  static QString topicKey(const QString& topic) { return QStringLiteral("topic:") + topic; }
  static QString brokerKey(int id) { return QStringLiteral("broker:") + QString::number(id); }
  static QString consumedTopicKey(const QString& topic) { return QStringLiteral("consumed-topic:") + topic; }
  static QString consumedBrokerKey(int id) { return QStringLiteral("consumed-broker:") + QString::number(id); }

  // Adds one point per topic and broker present in both `snapshot` and the previous one.
  void add(const ClusterSnapshot& snapshot);
  void clear();

  QStringList keys() const;  // sorted
  const QList<RatePoint>& points(const QString& key) const;
  double latest(const QString& key) const;  // 0 when the series is empty
  qsizetype pointCount() const;             // over all series

 private:
  struct Growth;
  void appendRates(const Growth& growth, double elapsed, double now, const ClusterSnapshot& snapshot,
                   QString (*topicKeyOf)(const QString&), QString (*brokerKeyOf)(int));
  void append(const QString& key, RatePoint point);
  void dropOlderThan(double timeSec);

  QHash<QString, QList<RatePoint>> m_series;
  QHash<QString, qint64> m_previousHw;         // "topic/partition" -> high watermark
  QHash<QString, qint64> m_previousCommitted;  // "group\ntopic/partition" -> committed offset
  double m_previousTimeSec = -1;
};

}  // namespace pier
