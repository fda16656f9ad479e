#include "pages/overview_page.h"

#include "models/broker_table_model.h"
#include "models/health_colors.h"

#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace pier {

namespace {

// Rows of the summary form, in order; their values live in m_values at the same index.
enum Field { ClusterIdField, ControllerField, BrokersField, TopicsField, PartitionsField,
             UnderReplicatedField, OfflineField, RefreshedField, FieldCount };

void setWarning(QLabel* label, bool on, const QBrush& brush) {
  label->setAutoFillBackground(on);
  QPalette palette = label->parentWidget()->palette();
  if (on) {
    palette.setBrush(QPalette::Window, brush);
  }
  label->setPalette(palette);
}

}  // namespace

OverviewPage::OverviewPage(QWidget* parent) : QWidget(parent) {
  m_form = new QFormLayout;
  const char* names[FieldCount] = {"clusterId",       "controller",     "brokerCount",
                                   "topicCount",      "partitionCount", "underReplicatedCount",
                                   "offlineCount",    "refreshedAt"};
  for (const char* name : names) {
    m_form->addRow(new QLabel(this), addValue(QString::fromLatin1(name)));
  }

  m_brokers = new BrokerTableModel(this);
  auto* sorted = new QSortFilterProxyModel(this);
  sorted->setSourceModel(m_brokers);
  sorted->setSortRole(BrokerTableModel::SortRole);
  m_brokerView = new QTableView(this);
  m_brokerView->setObjectName(QStringLiteral("brokerTable"));
  m_brokerView->setModel(sorted);
  m_brokerView->setSortingEnabled(true);
  m_brokerView->sortByColumn(BrokerTableModel::IdColumn, Qt::AscendingOrder);
  m_brokerView->setSelectionBehavior(QAbstractItemView::SelectRows);
  m_brokerView->verticalHeader()->hide();
  m_brokerView->horizontalHeader()->setStretchLastSection(true);
  m_brokerView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);  // few rows

  m_brokersHeading = new QLabel(this);
  QFont heading = font();
  heading.setBold(true);
  m_brokersHeading->setFont(heading);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(m_form);
  layout->addSpacing(fontMetrics().height() / 2);
  layout->addWidget(m_brokersHeading);
  layout->addWidget(m_brokerView, 1);
  retranslate();
}

QLabel* OverviewPage::addValue(const QString& objectName) {
  auto* value = new QLabel(this);
  value->setObjectName(objectName);
  value->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_values.append(value);
  return value;
}

void OverviewPage::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  m_snapshot = snapshot;
  m_brokers->setSnapshot(snapshot);
  updateValues();
}

void OverviewPage::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void OverviewPage::retranslate() {
  const QString labels[FieldCount] = {tr("Cluster ID:"),      tr("Controller:"),       tr("Brokers:"),
                                      tr("Topics:"),          tr("Partitions:"),       tr("Under-replicated:"),
                                      tr("Offline:"),         tr("Last refresh:")};
  for (int i = 0; i < FieldCount; ++i) {
    static_cast<QLabel*>(m_form->itemAt(i, QFormLayout::LabelRole)->widget())->setText(labels[i]);
  }
  m_brokersHeading->setText(tr("Brokers"));
  updateValues();
}

void OverviewPage::updateValues() {
  const QLocale locale;
  const ClusterSnapshot* s = m_snapshot.get();
  const QString none = tr("–");
  const int underReplicated = s ? s->underReplicatedCount() : 0;
  const int offline = s ? s->offlineCount() : 0;
  m_values[ClusterIdField]->setText(s && !s->clusterId.isEmpty() ? s->clusterId : none);
  m_values[ControllerField]->setText(s && s->controllerId >= 0 ? tr("broker %1").arg(s->controllerId) : none);
  m_values[BrokersField]->setText(s ? locale.toString(s->brokers.size()) : none);
  m_values[TopicsField]->setText(s ? locale.toString(s->topics.size()) : none);
  m_values[PartitionsField]->setText(s ? locale.toString(s->partitionCount()) : none);
  m_values[UnderReplicatedField]->setText(s ? locale.toString(underReplicated) : none);
  m_values[OfflineField]->setText(s ? locale.toString(offline) : none);
  m_values[RefreshedField]->setText(s ? locale.toString(s->takenAt.toLocalTime(), QLocale::LongFormat) : none);
  setWarning(m_values[UnderReplicatedField], underReplicated > 0, underReplicatedBrush());
  setWarning(m_values[OfflineField], offline > 0, offlineBrush());
}

}  // namespace pier
