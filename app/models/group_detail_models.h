#pragma once
// The two tables under a selected consumer group: GroupPartitionModel (per partition: committed
// offset, log end offset, lag, status, consumer — kafka-consumer-groups.sh --describe's
// columns) and GroupMemberModel (members with their client, host and assigned partitions).
//
// Thread: GUI thread. Rows are merged by key (SortedRowsModel).

#include "models/lag_status.h"
#include "models/sorted_rows_model.h"
#include "session/cluster_snapshot.h"

namespace pier {

struct GroupPartitionRow {
  GroupPartition partition;
  LagStatus status = LagStatus::Ok;
  QString consumer;  // "client id @ host" of the owner, empty when nobody owns it
  friend bool operator==(const GroupPartitionRow&, const GroupPartitionRow&) = default;
};

class GroupPartitionModel : public SortedRowsModel<GroupPartitionRow, QPair<QString, int>> {
  Q_OBJECT

 public:
  enum Column { TopicColumn, PartitionColumn, CurrentOffsetColumn, LogEndOffsetColumn, LagColumn, StatusColumn,
                ConsumerColumn, ColumnCount };
  static constexpr int SortRole = Qt::UserRole;

  using SortedRowsModel::SortedRowsModel;
  void setPartitions(QList<GroupPartitionRow> rows) { setRows(std::move(rows)); }

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 protected:
  QPair<QString, int> keyOf(const GroupPartitionRow& row) const override {
    return {row.partition.topic, row.partition.partition};
  }
};

class GroupMemberModel : public SortedRowsModel<GroupMember, QString> {
  Q_OBJECT

 public:
  enum Column { MemberColumn, InstanceColumn, ClientColumn, HostColumn, AssignmentColumn, ColumnCount };

  using SortedRowsModel::SortedRowsModel;
  void setMembers(QList<GroupMember> members);  // any order

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 protected:
  QString keyOf(const GroupMember& row) const override { return row.memberId; }
};

}  // namespace pier
