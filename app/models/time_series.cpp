#include "models/time_series.h"

#include <algorithm>

namespace pier {

void appendBounded(QList<TimePoint>& series, TimePoint point, qsizetype pointsMax) {
  series.append(point);
  if (series.size() <= pointsMax) {
    return;
  }
  const qsizetype half = series.size() / 2;
  QList<TimePoint> thinned;
  thinned.reserve(pointsMax);
  for (qsizetype i = 0; i + 1 < half; i += 2) {
    thinned.append({(series[i].timeSec + series[i + 1].timeSec) / 2, (series[i].value + series[i + 1].value) / 2});
  }
  const qsizetype from = half - (half % 2);  // an odd point left over stays as it is
  for (qsizetype i = from; i < series.size(); ++i) {
    thinned.append(series[i]);
  }
  series = std::move(thinned);
}

void dropBefore(QList<TimePoint>& series, double timeSec) {
  const auto keep = std::find_if(series.begin(), series.end(), [&](const TimePoint& p) { return p.timeSec >= timeSec; });
  series.erase(series.begin(), keep);
}

}  // namespace pier
