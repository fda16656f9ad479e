#include "charts/time_series_chart.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

#include <algorithm>

namespace pier {

TimeSeriesChart::TimeSeriesChart(QWidget* parent) : QWidget(parent) {
  m_plot = new QCustomPlot(this);
  m_plot->setObjectName(QStringLiteral("timeSeriesPlot"));
  auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
  ticker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
  ticker->setDateTimeSpec(Qt::LocalTime);
  m_plot->xAxis->setTicker(ticker);
  m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
  m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
  m_plot->legend->setVisible(true);
  m_plot->legend->setBrush(QColor(255, 255, 255, 200));
  m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
  // A drag or a wheel zoom is the user taking over the time axis.
  connect(m_plot, &QCustomPlot::mousePress, this, [this] { m_following = false; });
  connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_following = false; });
  connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &TimeSeriesChart::resetView);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(m_plot);
}

void TimeSeriesChart::setSeries(const QList<Series>& series) {
  m_series = series;
  if (!m_paused) {
    redraw();
  }
}

void TimeSeriesChart::setValueLabel(const QString& label) {
  m_plot->yAxis->setLabel(label);
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimeSeriesChart::setTimeWindowSec(double seconds) {
  m_windowSec = seconds;
  resetView();
}

void TimeSeriesChart::setPaused(bool paused) {
  m_paused = paused;
  if (!paused) {
    redraw();
  }
}

void TimeSeriesChart::resetView() {
  m_following = true;
  redraw();
}

int TimeSeriesChart::graphCount() const { return m_plot->graphCount(); }

void TimeSeriesChart::redraw() {
  m_plot->clearGraphs();
  double newest = 0;
  double oldest = 0;
  double highest = 0;
  for (const Series& s : m_series) {
    QCPGraph* graph = m_plot->addGraph();
    graph->setName(s.name);
    graph->setPen(QPen(s.colour, 2));
    graph->setData(s.timeSec, s.values, true);
    if (!s.timeSec.isEmpty()) {
      newest = std::max(newest, s.timeSec.last());
      oldest = oldest == 0 ? s.timeSec.first() : std::min(oldest, s.timeSec.first());
    }
    for (double v : s.values) {
      highest = std::max(highest, v);
    }
  }
  if (m_following && newest > 0) {
    m_plot->xAxis->setRange(m_windowSec > 0 ? newest - m_windowSec : oldest, newest);
  }
  // Rates start at zero; a little headroom keeps the top line off the frame.
  m_plot->yAxis->setRange(0, highest > 0 ? highest * 1.1 : 1);
  m_plot->legend->setVisible(!m_series.isEmpty());
  m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace pier
