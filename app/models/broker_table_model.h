#pragma once
// BrokerTableModel: one row per broker of the current snapshot — id, host:port, rack, whether it
// is the controller, how many partitions it leads and holds replicas of, the size of its replicas
// on disk and its volumes' free space (log dirs: a tooltip lists each directory; an offline
// directory colours the row).
//
// Thread: GUI thread. Fed by setSnapshot(); rows are merged by broker id (SortedRowsModel).

#include "models/sorted_rows_model.h"
#include "session/cluster_snapshot.h"

namespace pier {

struct BrokerRow {
  BrokerInfo broker;
  bool controller = false;
  int leaders = 0;
  int replicas = 0;

  friend bool operator==(const BrokerRow&, const BrokerRow&) = default;
};

class BrokerTableModel : public SortedRowsModel<BrokerRow, int> {
  Q_OBJECT

 public:
  enum Column {
    IdColumn,
    AddressColumn,
    RackColumn,
    RoleColumn,
    LeadersColumn,
    ReplicasColumn,
    LogDirBytesColumn,
    DiskFreeColumn,
    ColumnCount
  };
  static constexpr int SortRole = Qt::UserRole;

  using SortedRowsModel::SortedRowsModel;

  // A null snapshot empties the table.
  void setSnapshot(const ClusterSnapshotPtr& snapshot);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 private:
  QVariant display(const BrokerRow& row, int column) const;
  QVariant sortValue(const BrokerRow& row, int column) const;
  QString storageTip(const BrokerRow& row) const;

 protected:
  int keyOf(const BrokerRow& row) const override { return row.broker.id; }
};

}  // namespace pier
