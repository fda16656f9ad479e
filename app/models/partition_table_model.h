#pragma once
// PartitionTableModel: the partitions of one topic of the current snapshot — leader, replicas,
// ISR, whether the leader is the preferred one, log start offset, high watermark, messages, and
// the leader replica's size on disk.
// Under-replicated rows are amber, partitions without a leader red.
//
// Thread: GUI thread. Fed by setSnapshot() and setTopic(); rows are merged by partition id, and a
// topic that disappears from the snapshot leaves the table empty.

#include "models/sorted_rows_model.h"
#include "session/cluster_snapshot.h"

namespace pier {

class PartitionTableModel : public SortedRowsModel<PartitionInfo, int> {
  Q_OBJECT

 public:
  enum Column {
    PartitionColumn,
    LeaderColumn,
    ReplicasColumn,
    IsrColumn,
    PreferredLeaderColumn,
    LogStartOffsetColumn,
    HighWatermarkColumn,
    MessagesColumn,
    SizeColumn,
    ColumnCount
  };
  static constexpr int SortRole = Qt::UserRole;

  using SortedRowsModel::SortedRowsModel;

  void setSnapshot(const ClusterSnapshotPtr& snapshot);
  void setTopic(const QString& topic);
  QString topic() const { return m_topic; }

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 protected:
  int keyOf(const PartitionInfo& row) const override { return row.id; }

 private:
  void rebuild();
  QVariant display(const PartitionInfo& row, int column) const;
  QVariant sortValue(const PartitionInfo& row, int column) const;

  ClusterSnapshotPtr m_snapshot;
  QString m_topic;
};

}  // namespace pier
