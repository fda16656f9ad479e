#include "models/rate_history.h"

#include <algorithm>

namespace pier {

namespace {

QString partitionKey(const QString& topic, int partition) { return topic + u'/' + QString::number(partition); }

}  // namespace

void RateHistory::add(const ClusterSnapshot& snapshot) {
  const double now = static_cast<double>(snapshot.takenAt.toMSecsSinceEpoch()) / 1000.0;
  const double elapsed = now - m_previousTimeSec;
  const bool comparable = m_previousTimeSec >= 0 && elapsed > 0;
  QHash<QString, qint64> current;
  QHash<int, double> brokerMessages;
  for (const TopicInfo& t : snapshot.topics) {
    double topicMessages = 0;
    bool topicComparable = false;
    for (const PartitionInfo& p : t.partitions) {
      if (p.highWatermark < 0) {
        continue;
      }
      const QString key = partitionKey(t.name, p.id);
      current.insert(key, p.highWatermark);
      const auto previous = m_previousHw.constFind(key);
      if (!comparable || previous == m_previousHw.constEnd()) {
        continue;
      }
      // A high watermark going down (topic recreated, truncation) is not negative traffic.
      const double grown = static_cast<double>(std::max<qint64>(0, p.highWatermark - *previous));
      topicMessages += grown;
      topicComparable = true;
      if (p.leader >= 0) {
        brokerMessages[p.leader] += grown;
      }
    }
    if (topicComparable) {
      append(topicKey(t.name), {now, topicMessages / elapsed});
    }
  }
  if (comparable) {
    for (const BrokerInfo& b : snapshot.brokers) {
      append(brokerKey(b.id), {now, brokerMessages.value(b.id) / elapsed});
    }
  }
  m_previousHw = std::move(current);
  m_previousTimeSec = now;
  dropOlderThan(now - kRetentionSec);
}

void RateHistory::dropOlderThan(double timeSec) {
  for (auto it = m_series.begin(); it != m_series.end();) {
    dropBefore(*it, timeSec);
    it = it->isEmpty() ? m_series.erase(it) : std::next(it);
  }
}

void RateHistory::append(const QString& key, RatePoint point) { appendBounded(m_series[key], point, kPointsMax); }

void RateHistory::clear() {
  m_series.clear();
  m_previousHw.clear();
  m_previousTimeSec = -1;
}

QStringList RateHistory::keys() const {
  QStringList out = m_series.keys();
  out.sort();
  return out;
}

const QList<RatePoint>& RateHistory::points(const QString& key) const {
  static const QList<RatePoint> kNone;
  const auto it = m_series.constFind(key);
  return it == m_series.constEnd() ? kNone : *it;
}

double RateHistory::latest(const QString& key) const {
  const QList<RatePoint>& p = points(key);
  return p.isEmpty() ? 0 : p.last().value;
}

qsizetype RateHistory::pointCount() const {
  qsizetype n = 0;
  for (const auto& s : m_series) {
    n += s.size();
  }
  return n;
}

}  // namespace pier
