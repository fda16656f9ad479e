#pragma once
// GroupTableModel: one row per consumer group — state, members, assignor, partitions, total lag
// and its Burrow-style status (colour: amber for WARN and REWIND, red for STALL and STOP; the
// tooltip says what the status means and which partition decided it).
//
// Thread: GUI thread. Rows are merged by group id (SortedRowsModel).

#include "models/lag_history.h"
#include "models/sorted_rows_model.h"

namespace pier {

struct GroupRow {
  GroupInfo group;
  GroupLagStatus status;
  friend bool operator==(const GroupRow& a, const GroupRow& b) {
    return a.group == b.group && a.status.status == b.status.status && a.status.worstTopic == b.status.worstTopic &&
           a.status.worstPartition == b.status.worstPartition;
  }
};

class GroupTableModel : public SortedRowsModel<GroupRow, QString> {
  Q_OBJECT

 public:
  enum Column { GroupColumn, StateColumn, MembersColumn, AssignorColumn, PartitionsColumn, LagColumn, StatusColumn, ColumnCount };
  static constexpr int SortRole = Qt::UserRole;

  using SortedRowsModel::SortedRowsModel;

  // `rows` sorted by group id.
  void setGroups(QList<GroupRow> rows) { setRows(std::move(rows)); }
  // What a status means, for tooltips (translated).
  static QString explain(LagStatus status);

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

 protected:
  QString keyOf(const GroupRow& row) const override { return row.group.groupId; }

 private:
  QVariant display(const GroupRow& row, int column) const;
};

// The warning colour for a lag status, or an invalid QVariant for OK.
QVariant lagStatusBrush(LagStatus status);

}  // namespace pier
