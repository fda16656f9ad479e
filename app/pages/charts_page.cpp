#include "pages/charts_page.h"

#include "charts/time_series_chart.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace pier {

namespace {

constexpr int kKeyRole = Qt::UserRole;

// Distinct line colours, repeated when there are more series.
const QList<QColor> kPalette = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f)};

}  // namespace

ChartsPage::ChartsPage(QWidget* parent) : QWidget(parent) {
  m_list = new QListWidget(this);
  m_list->setObjectName(QStringLiteral("seriesList"));
  m_chart = new TimeSeriesChart(this);
  m_range = new QComboBox(this);
  m_range->setObjectName(QStringLiteral("timeRange"));
  for (const double seconds : {300.0, 3600.0, 86400.0}) {
    m_range->addItem(QString(), seconds);
  }
  m_pause = new QPushButton(this);
  m_pause->setObjectName(QStringLiteral("pauseCharts"));
  m_pause->setCheckable(true);
  m_hint = new QLabel(this);
  m_hint->setWordWrap(true);

  connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    const QString key = item->data(kKeyRole).toString();
    if (item->checkState() == Qt::Checked) {
      m_chosen.insert(key);
    } else {
      m_chosen.remove(key);
    }
    m_userChose = true;
    updateChart();
  });
  connect(m_range, &QComboBox::currentIndexChanged, this,
          [this] { m_chart->setTimeWindowSec(m_range->currentData().toDouble()); });
  connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
    m_chart->setPaused(paused);
    retranslate();
  });

  auto* tools = new QHBoxLayout;
  tools->addWidget(m_hint, 1);
  tools->addWidget(m_range);
  tools->addWidget(m_pause);
  auto* right = new QWidget(this);
  auto* rightLayout = new QVBoxLayout(right);
  rightLayout->setContentsMargins(0, 0, 0, 0);
  rightLayout->addLayout(tools);
  rightLayout->addWidget(m_chart, 1);
  auto* splitter = new QSplitter(this);
  splitter->addWidget(m_list);
  splitter->addWidget(right);
  splitter->setStretchFactor(1, 3);
  splitter->setSizes({fontMetrics().averageCharWidth() * 32, fontMetrics().averageCharWidth() * 100});
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);
  retranslate();
}

void ChartsPage::addSnapshot(const ClusterSnapshot& snapshot) {
  m_history.add(snapshot);
  if (!m_userChose) {
    // The busiest topics right now, produced or consumed.
    QStringList topics;
    for (const QString& key : m_history.keys()) {
      if (key.startsWith(u"topic:") || key.startsWith(u"consumed-topic:")) {
        topics.append(key);
      }
    }
    std::stable_sort(topics.begin(), topics.end(), [this](const QString& a, const QString& b) {
      return m_history.latest(a) > m_history.latest(b);
    });
    m_chosen = QSet<QString>(topics.begin(), topics.begin() + std::min<qsizetype>(kDefaultSeries, topics.size()));
  }
  updateList();
  updateChart();
}

void ChartsPage::clear() {
  m_history.clear();
  m_chosen.clear();
  m_userChose = false;
  updateList();
  updateChart();
}

void ChartsPage::setChosen(const QStringList& keys) {
  m_chosen = QSet<QString>(keys.begin(), keys.end());
  m_userChose = true;
  updateList();
  updateChart();
}

QStringList ChartsPage::chosen() const {
  QStringList out(m_chosen.begin(), m_chosen.end());
  out.sort();
  return out;
}

QString ChartsPage::labelFor(const QString& key) const {
  const qsizetype colon = key.indexOf(u':');
  const QString kind = key.left(colon);
  const QString name = key.mid(colon + 1);
  if (kind == u"topic") {
    return name;
  }
  if (kind == u"broker") {
    return tr("broker %1").arg(name);
  }
  if (kind == u"consumed-topic") {
    return tr("%1 (consumed)").arg(name);
  }
  return tr("broker %1 (consumed)").arg(name);
}

void ChartsPage::updateList() {
  const QSignalBlocker blocker(m_list);
  const QStringList keys = m_history.keys();
  // Rebuilt in place: same keys keep their rows (and the scroll position).
  while (m_list->count() > keys.size()) {
    delete m_list->takeItem(m_list->count() - 1);
  }
  for (qsizetype i = 0; i < keys.size(); ++i) {
    QListWidgetItem* item = i < m_list->count() ? m_list->item(static_cast<int>(i)) : new QListWidgetItem(m_list);
    item->setData(kKeyRole, keys[i]);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(m_chosen.contains(keys[i]) ? Qt::Checked : Qt::Unchecked);
    item->setText(tr("%1 — %2 msg/s").arg(labelFor(keys[i]), QLocale().toString(m_history.latest(keys[i]), 'f', 1)));
  }
}

void ChartsPage::updateChart() {
  QList<TimeSeriesChart::Series> series;
  int colour = 0;
  for (const QString& key : m_history.keys()) {
    if (!m_chosen.contains(key)) {
      continue;
    }
    TimeSeriesChart::Series s;
    s.name = labelFor(key);
    s.colour = kPalette[colour++ % kPalette.size()];
    for (const RatePoint& p : m_history.points(key)) {
      s.timeSec.append(p.timeSec);
      s.values.append(p.value);
    }
    series.append(s);
  }
  m_chart->setSeries(series);
}

void ChartsPage::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void ChartsPage::retranslate() {
  m_range->setItemText(0, tr("Last 5 minutes"));
  m_range->setItemText(1, tr("Last hour"));
  m_range->setItemText(2, tr("Last 24 hours"));
  m_pause->setText(m_pause->isChecked() ? tr("&Resume") : tr("&Pause"));
  m_hint->setText(tr("Produce rates from high watermarks and consume rates from consumer groups' committed "
                     "offsets at every refresh. Wheel or drag on the chart to zoom in time; double-click to "
                     "follow again."));
  m_chart->setValueLabel(tr("messages/s"));
  updateList();
  updateChart();
}

}  // namespace pier
