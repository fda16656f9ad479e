#pragma once
// OverviewPage: the cluster at a glance — cluster id, controller, broker/topic/partition counts,
// under-replicated and offline partitions (in the warning colours when non-zero), when the
// snapshot was taken, and the broker table.
//
// Thread: GUI thread. Ownership: owns its widgets and the broker model.

#include "session/cluster_snapshot.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QTableView;

namespace pier {

class BrokerTableModel;

class OverviewPage : public QWidget {
  Q_OBJECT

 public:
  explicit OverviewPage(QWidget* parent = nullptr);

  void setSnapshot(const ClusterSnapshotPtr& snapshot);
  BrokerTableModel* brokerModel() const { return m_brokers; }

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateValues();
  QLabel* addValue(const QString& objectName);

  ClusterSnapshotPtr m_snapshot;
  BrokerTableModel* m_brokers = nullptr;
  QTableView* m_brokerView = nullptr;
  QFormLayout* m_form = nullptr;
  QLabel* m_brokersHeading = nullptr;
  QList<QLabel*> m_values;  // in form order: see kFields in the .cpp
};

}  // namespace pier
