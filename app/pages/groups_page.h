#pragma once
// GroupsPage: consumer groups and their lag. The group list (state, members, assignor, total lag
// and a Burrow-style status: OK, WARN, STALL, STOP, REWIND, explained in its tooltip) above the
// selected group's partitions (kafka-consumer-groups.sh --describe's columns), its members, and
// its lag over time (kept in SQLite through LagStore, so the chart survives a restart).
// Delete Group works on Empty groups, with the broker's error by name otherwise.
//
// Thread: GUI thread. Ownership: owns its widgets, models and the in-memory lag history; the
// session and the lag store are the caller's and outlive the page.

#include "models/lag_history.h"
#include "session/cluster_snapshot.h"
#include "session/kafka_error.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;

namespace pier {

class ClusterSession;
class GroupMemberModel;
class GroupPartitionModel;
class GroupTableModel;
class LagStore;
class MessageBanner;
class TimeSeriesChart;

class GroupsPage : public QWidget {
  Q_OBJECT

 public:
  GroupsPage(ClusterSession* session, LagStore* store, QWidget* parent = nullptr);

  // A new connection (its name keys the stored history); empty: disconnected.
  void setConnection(const QString& cluster);
  void setSnapshot(const ClusterSnapshotPtr& snapshot);
  QString selectedGroup() const;
  void selectGroup(const QString& groupId);

  GroupTableModel* groupModel() const { return m_groups; }
  GroupPartitionModel* partitionModel() const { return m_partitions; }
  GroupMemberModel* memberModel() const { return m_members; }
  TimeSeriesChart* lagChart() const { return m_chart; }
  MessageBanner* banner() const { return m_banner; }
  const LagHistory& history() const { return m_history; }

 public slots:
  void deleteGroup();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateDetails();
  void onOperationFinished(int requestId, const KafkaError& error);

  ClusterSession* m_session;
  LagStore* m_store;
  QString m_cluster;
  ClusterSnapshotPtr m_snapshot;
  LagHistory m_history;
  QHash<int, QString> m_pendingDeletes;  // request id -> group
  MessageBanner* m_banner = nullptr;
  QLineEdit* m_filter = nullptr;
  QPushButton* m_deleteButton = nullptr;
  GroupTableModel* m_groups = nullptr;
  QSortFilterProxyModel* m_groupFilter = nullptr;
  QTableView* m_groupView = nullptr;
  QLabel* m_detailHeading = nullptr;
  QTabWidget* m_tabs = nullptr;
  GroupPartitionModel* m_partitions = nullptr;
  GroupMemberModel* m_members = nullptr;
  TimeSeriesChart* m_chart = nullptr;
};

}  // namespace pier
