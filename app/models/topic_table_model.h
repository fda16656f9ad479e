#pragma once
// TopicTableModel: one row per topic of the current snapshot — name, partitions, replication
// factor, under-replicated and offline partitions, and messages (high watermark minus log start,
// summed). Rows with under-replicated or offline partitions get the warning colours.
//
// Thread: GUI thread. Fed by setSnapshot(); rows are merged by topic name (SortedRowsModel).

#include "models/sorted_rows_model.h"
#include "session/cluster_snapshot.h"

namespace pier {

struct TopicRow {
  QString name;
  bool internal = false;
  QString error;
  int partitions = 0;
  int replicationFactor = 0;
  int underReplicated = 0;
  int offline = 0;
  qint64 messages = -1;  // -1: offsets not known
  qint64 sizeBytes = -1;  // the partitions' leader replicas on disk; -1: not known

  friend bool operator==(const TopicRow&, const TopicRow&) = default;
};

class TopicTableModel : public SortedRowsModel<TopicRow, QString> {
  Q_OBJECT

 public:
  enum Column {
    NameColumn,
    PartitionsColumn,
    ReplicationFactorColumn,
    UnderReplicatedColumn,
    OfflineColumn,
    MessagesColumn,
    SizeColumn,
    ColumnCount
  };
  static constexpr int SortRole = Qt::UserRole;
  static constexpr int InternalRole = Qt::UserRole + 1;  // bool: an internal topic (__name)

  using SortedRowsModel::SortedRowsModel;

  void setSnapshot(const ClusterSnapshotPtr& snapshot);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 protected:
  QString keyOf(const TopicRow& row) const override { return row.name; }

 private:
  QVariant display(const TopicRow& row, int column) const;
};

}  // namespace pier
