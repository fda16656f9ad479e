#include "pages/groups_page.h"

#include "charts/time_series_chart.h"
#include "models/group_detail_models.h"
#include "models/group_table_model.h"
#include "pages/error_text.h"
#include "pages/message_banner.h"
#include "pages/page_parts.h"
#include "session/cluster_session.h"
#include "settings/lag_store.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace pier {

namespace {

enum Tab { PartitionsTab, MembersTab, LagTab };

QTableView* makeSortedTable(QAbstractItemModel* model, int sortRole, QWidget* parent, const QString& name) {
  auto* sorted = new QSortFilterProxyModel(parent);
  sorted->setSourceModel(model);
  sorted->setSortRole(sortRole);
  QTableView* view = makeTableView(sorted, name, parent);
  view->sortByColumn(0, Qt::AscendingOrder);
  return view;
}

}  // namespace

GroupsPage::GroupsPage(ClusterSession* session, LagStore* store, QWidget* parent)
    : QWidget(parent), m_session(session), m_store(store) {
  m_banner = new MessageBanner(this);
  m_banner->setObjectName(QStringLiteral("groupsBanner"));
  m_filter = new QLineEdit(this);
  m_filter->setObjectName(QStringLiteral("groupFilter"));
  m_filter->setClearButtonEnabled(true);
  m_deleteButton = new QPushButton(this);
  m_deleteButton->setObjectName(QStringLiteral("deleteGroup"));

  m_groups = new GroupTableModel(this);
  m_groupView = makeSortedTable(m_groups, GroupTableModel::SortRole, this, QStringLiteral("groupTable"));
  m_groupFilter = static_cast<QSortFilterProxyModel*>(m_groupView->model());
  m_groupFilter->setFilterKeyColumn(GroupTableModel::GroupColumn);
  m_groupFilter->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_partitions = new GroupPartitionModel(this);
  m_members = new GroupMemberModel(this);
  m_chart = new TimeSeriesChart(this);
  m_chart->setTimeWindowSec(0);  // everything the store kept
  m_detailHeading = new QLabel(this);
  m_tabs = new QTabWidget(this);
  m_tabs->addTab(makeSortedTable(m_partitions, GroupPartitionModel::SortRole, this, QStringLiteral("groupPartitionTable")), QString());
  m_tabs->addTab(makeSortedTable(m_members, Qt::DisplayRole, this, QStringLiteral("groupMemberTable")), QString());
  m_tabs->addTab(m_chart, QString());

  connect(m_filter, &QLineEdit::textChanged, m_groupFilter, &QSortFilterProxyModel::setFilterFixedString);
  connect(m_deleteButton, &QPushButton::clicked, this, &GroupsPage::deleteGroup);
  connect(m_groupView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &GroupsPage::updateDetails);
  connect(m_session, &ClusterSession::operationFinished, this, &GroupsPage::onOperationFinished);

  auto* tools = new QHBoxLayout;
  tools->addWidget(m_filter, 1);
  tools->addWidget(m_deleteButton);
  QSplitter* splitter = listAboveDetail(m_groupView, m_detailHeading, m_tabs, this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  layout->addLayout(tools);
  layout->addWidget(splitter, 1);
  retranslate();
  updateDetails();
}

void GroupsPage::setConnection(const QString& cluster) {
  m_cluster = cluster;
  m_history.clear();
  if (m_store != nullptr && !cluster.isEmpty()) {
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    for (const QString& group : m_store->groups(cluster)) {
      m_history.seed(group, m_store->history(cluster, group, nowMs));
    }
  }
  setSnapshot(nullptr);
}

void GroupsPage::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  const bool fresh = snapshot && snapshot != m_snapshot;
  m_snapshot = snapshot;
  QList<GroupRow> rows;
  if (snapshot) {
    if (fresh) {
      m_history.add(*snapshot);
      if (m_store != nullptr) {
        m_store->record(m_cluster, *snapshot);
      }
    }
    const qint64 nowMs = snapshot->takenAt.toMSecsSinceEpoch();
    for (const GroupInfo& g : snapshot->groups) {
      rows.append({g, m_history.groupStatus(g, nowMs)});
    }
    if (!snapshot->groupsError.isEmpty()) {
      m_banner->showMessage(MessageBanner::Kind::Warning,
                            tr("Consumer groups could not be read: %1. %2")
                                .arg(snapshot->groupsError, ErrorText::hint(snapshot->groupsError)));
    }
  }
  m_groups->setGroups(std::move(rows));
  updateDetails();
}

QString GroupsPage::selectedGroup() const {
  const QModelIndex current = m_groupView->selectionModel()->currentIndex();
  return current.isValid() ? m_groups->rowAt(m_groupFilter->mapToSource(current).row()).group.groupId : QString();
}

void GroupsPage::selectGroup(const QString& groupId) {
  for (int row = 0; row < m_groupFilter->rowCount(); ++row) {
    const QModelIndex index = m_groupFilter->index(row, GroupTableModel::GroupColumn);
    if (m_groups->rowAt(m_groupFilter->mapToSource(index).row()).group.groupId == groupId) {
      m_groupView->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
      return;
    }
  }
}

void GroupsPage::updateDetails() {
  const QModelIndex current = m_groupView->selectionModel()->currentIndex();
  const GroupRow* row = current.isValid() ? &m_groups->rowAt(m_groupFilter->mapToSource(current).row()) : nullptr;
  m_deleteButton->setEnabled(row != nullptr);
  if (row == nullptr) {
    m_detailHeading->setText(tr("Select a group to see its partitions, members and lag."));
    m_partitions->setPartitions({});
    m_members->setMembers({});
    m_chart->setSeries({});
    return;
  }
  const GroupInfo& g = row->group;
  m_detailHeading->setText(tr("Group %1 · %2 · %3").arg(g.groupId, g.state, lagStatusName(row->status.status)));
  const qint64 nowMs = m_snapshot ? m_snapshot->takenAt.toMSecsSinceEpoch() : 0;
  QList<GroupPartitionRow> partitions;
  for (const GroupPartition& p : g.partitions) {
    QString consumer;
    for (const GroupMember& m : g.members) {
      if (m.memberId == p.memberId) {
        consumer = tr("%1 @ %2").arg(m.clientId, m.host);
      }
    }
    partitions.append({p, m_history.partitionStatus(g, p, nowMs), consumer});
  }
  m_partitions->setPartitions(std::move(partitions));
  m_members->setMembers(g.members);
  TimeSeriesChart::Series lag;
  lag.name = tr("total lag of %1").arg(g.groupId);
  lag.colour = QColor(0xd6, 0x27, 0x28);
  for (const TimePoint& p : m_history.totalLag(g.groupId)) {
    lag.timeSec.append(p.timeSec);
    lag.values.append(p.value);
  }
  m_chart->setSeries({lag});
}

void GroupsPage::deleteGroup() {
  const QString group = selectedGroup();
  if (group.isEmpty()) {
    return;
  }
  if (QMessageBox::warning(this, tr("Delete Group"),
                           tr("Delete consumer group %1 and its committed offsets? Only a group without members "
                              "can be deleted.")
                               .arg(group),
                           QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) != QMessageBox::Yes) {
    return;
  }
  m_pendingDeletes.insert(m_session->deleteGroup(group), group);
}

void GroupsPage::onOperationFinished(int requestId, const KafkaError& error) {
  const auto it = m_pendingDeletes.find(requestId);
  if (it == m_pendingDeletes.end()) {
    return;
  }
  if (error.name.isEmpty()) {
    m_banner->showMessage(MessageBanner::Kind::Info, tr("Deleted group %1.").arg(*it));
  } else {
    m_banner->showMessage(MessageBanner::Kind::Error, ErrorText::describe(tr("Deleting group %1 failed").arg(*it), error));
  }
  m_pendingDeletes.erase(it);
}

void GroupsPage::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void GroupsPage::retranslate() {
  m_filter->setPlaceholderText(tr("Filter groups by name"));
  m_deleteButton->setText(tr("&Delete Group…"));
  m_tabs->setTabText(PartitionsTab, tr("Partitions"));
  m_tabs->setTabText(MembersTab, tr("Members"));
  m_tabs->setTabText(LagTab, tr("Lag over time"));
  m_chart->setValueLabel(tr("messages behind"));
  updateDetails();
}

}  // namespace pier
