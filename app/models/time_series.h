#pragma once
// TimePoint and appendBounded: a series of (time, value) points that keeps at most pointsMax
// points: when full, its older half is thinned by averaging neighbours, so a day of samples fits
// in bounded memory while the recent ones keep full resolution. Rates and lag histories use it.

#include <QList>

namespace pier {

struct TimePoint {
  double timeSec = 0;  // seconds since the epoch
  double value = 0;
  friend bool operator==(const TimePoint&, const TimePoint&) = default;
};

void appendBounded(QList<TimePoint>& series, TimePoint point, qsizetype pointsMax);
// Drops the points older than `timeSec`.
void dropBefore(QList<TimePoint>& series, double timeSec);

}  // namespace pier
