#pragma once
// TimeSeriesChart: lines over wall-clock time (QCustomPlot), for rates and lag. The x axis shows
// the last timeWindowSec seconds up to the newest point and follows new points; dragging or
// zooming with the wheel (time axis) stops the follow until a double click resets it. Paused,
// the chart keeps showing what it showed while new data is stored for when it resumes.
//
// Thread: GUI thread. Knows nothing about what the numbers mean.

#include <QColor>
#include <QList>
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;

namespace pier {

class TimeSeriesChart : public QWidget {
  Q_OBJECT

 public:
  struct Series {
    QString name;
    QVector<double> timeSec;  // seconds since the epoch, ascending
    QVector<double> values;
    QColor colour;
  };

  explicit TimeSeriesChart(QWidget* parent = nullptr);

  void setSeries(const QList<Series>& series);
  void setValueLabel(const QString& label);
  void setTimeWindowSec(double seconds);  // 0: all the data
  double timeWindowSec() const { return m_windowSec; }
  void setPaused(bool paused);
  bool isPaused() const { return m_paused; }
  bool isFollowing() const { return m_following; }
  void resetView();  // follow the newest points again

  int graphCount() const;
  QCustomPlot* plot() const { return m_plot; }

 private:
  void redraw();

  QCustomPlot* m_plot = nullptr;
  QList<Series> m_series;
  double m_windowSec = 300;
  bool m_paused = false;
  bool m_following = true;
};

}  // namespace pier
