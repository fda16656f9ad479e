#pragma once
// ChartsPage: live produce and consume rates per topic and per broker, derived from high
// watermarks and committed offsets between refreshes (RateHistory). A list of series with their
// latest rate, checkable; the five busiest topic series are shown until the user picks. Time range (5 minutes, 1 hour, 24 hours), pause, and
// zoom by wheel/drag on the chart (double click to follow again).
//
// Thread: GUI thread. Ownership: owns its widgets and the history.

#include "models/rate_history.h"
#include "session/cluster_snapshot.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

namespace pier {

class TimeSeriesChart;

class ChartsPage : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kDefaultSeries = 5;

  explicit ChartsPage(QWidget* parent = nullptr);

  void addSnapshot(const ClusterSnapshot& snapshot);
  void clear();  // a new connection: history starts over
  // Shows exactly these series (keys as RateHistory names them).
  void setChosen(const QStringList& keys);
  QStringList chosen() const;

  const RateHistory& history() const { return m_history; }
  TimeSeriesChart* chart() const { return m_chart; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateList();
  void updateChart();
  QString labelFor(const QString& key) const;

  RateHistory m_history;
  QSet<QString> m_chosen;
  bool m_userChose = false;
  QListWidget* m_list = nullptr;
  TimeSeriesChart* m_chart = nullptr;
  QComboBox* m_range = nullptr;
  QPushButton* m_pause = nullptr;
  QLabel* m_hint = nullptr;
};

}  // namespace pier
