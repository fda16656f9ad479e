#include "models/rate_history.h"

#include <algorithm>

namespace pier {

namespace {

QString partitionKey(const QString& topic, int partition) { return topic + u'/' + QString::number(partition); }

}  // namespace

// How much counters grew between two snapshots, summed per topic and per leading broker.
struct RateHistory::Growth {
  QHash<QString, double> topics;  // only topics with at least one partition seen both times
  QHash<int, double> brokers;
  bool any = false;

  // Counts `value` against the previous value under `key` (kept in `current` for next time).
  void add(const QHash<QString, qint64>& previous, QHash<QString, qint64>& current, const QString& key,
           qint64 value, const QString& topic, int leader, bool comparable) {
    current.insert(key, value);
    const auto before = previous.constFind(key);
    if (!comparable || before == previous.constEnd()) {
      return;
    }
    // A counter going down (topic recreated, truncation, offsets reset) is not negative traffic.
    const double grown = static_cast<double>(std::max<qint64>(0, value - *before));
    topics[topic] += grown;
    if (leader >= 0) {
      brokers[leader] += grown;
    }
    any = true;
  }
};

void RateHistory::add(const ClusterSnapshot& snapshot) {
  const double now = static_cast<double>(snapshot.takenAt.toMSecsSinceEpoch()) / 1000.0;
  const double elapsed = now - m_previousTimeSec;
  const bool comparable = m_previousTimeSec >= 0 && elapsed > 0;
  QHash<QString, qint64> highWatermarks;
  QHash<QString, int> leaders;  // "topic/partition" -> leader
  Growth produced;
  for (const TopicInfo& t : snapshot.topics) {
    for (const PartitionInfo& p : t.partitions) {
      const QString key = partitionKey(t.name, p.id);
      leaders.insert(key, p.leader);
      if (p.highWatermark >= 0) {
        produced.add(m_previousHw, highWatermarks, key, p.highWatermark, t.name, p.leader, comparable);
      }
    }
  }
  QHash<QString, qint64> committed;
  Growth consumed;
  for (const GroupInfo& g : snapshot.groups) {
    for (const GroupPartition& gp : g.partitions) {
      if (gp.committedOffset >= 0) {
        const QString key = partitionKey(gp.topic, gp.partition);
        consumed.add(m_previousCommitted, committed, g.groupId + u'\n' + key, gp.committedOffset, gp.topic,
                     leaders.value(key, -1), comparable);
      }
    }
  }
  if (comparable) {
    appendRates(produced, elapsed, now, snapshot, &RateHistory::topicKey, &RateHistory::brokerKey);
    if (consumed.any) {
      appendRates(consumed, elapsed, now, snapshot, &RateHistory::consumedTopicKey, &RateHistory::consumedBrokerKey);
    }
  }
  m_previousHw = std::move(highWatermarks);
  m_previousCommitted = std::move(committed);
  m_previousTimeSec = now;
  dropOlderThan(now - kRetentionSec);
}

void RateHistory::appendRates(const Growth& growth, double elapsed, double now, const ClusterSnapshot& snapshot,
                              QString (*topicKeyOf)(const QString&), QString (*brokerKeyOf)(int)) {
  for (auto it = growth.topics.constBegin(); it != growth.topics.constEnd(); ++it) {
    append(topicKeyOf(it.key()), {now, *it / elapsed});
  }
  for (const BrokerInfo& b : snapshot.brokers) {
    append(brokerKeyOf(b.id), {now, growth.brokers.value(b.id) / elapsed});
  }
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
  m_previousCommitted.clear();
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
