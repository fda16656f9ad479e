#include "models/group_table_model.h"

#include "models/health_colors.h"

#include <QCoreApplication>
#include <QLocale>

namespace pier {

QVariant lagStatusBrush(LagStatus status) {
  switch (status) {
    case LagStatus::Ok: return {};
    case LagStatus::Warn:
    case LagStatus::Rewind: return underReplicatedBrush();
    case LagStatus::Stall:
    case LagStatus::Stop: return offlineBrush();
  }
  return {};
}

QString GroupTableModel::explain(LagStatus status) {
  switch (status) {
    case LagStatus::Ok: return tr("OK: the consumers keep up with their partitions.");
    case LagStatus::Warn: return tr("WARN: the consumers commit, but their lag did not shrink over the last samples.");
    case LagStatus::Stall:
      return tr("STALL: a partition has lag and an owner, but its committed offset does not move: the consumer is stuck.");
    case LagStatus::Stop:
      return tr("STOP: a partition has lag and its committed offset stopped moving with nobody consuming it.");
    case LagStatus::Rewind: return tr("REWIND: a committed offset went backwards (an offset reset, or re-reading).");
  }
  return {};
}

int GroupTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant GroupTableModel::display(const GroupRow& row, int column) const {
  const GroupInfo& g = row.group;
  const QLocale locale;
  switch (column) {
    case GroupColumn: return g.error.isEmpty() ? g.groupId : tr("%1 (%2)").arg(g.groupId, g.error);
    case StateColumn: return g.simple ? tr("%1 (offsets only)").arg(g.state) : g.state;
    case MembersColumn: return locale.toString(g.members.size());
    case AssignorColumn: return g.assignor;
    case PartitionsColumn: return locale.toString(g.partitions.size());
    case LagColumn: return g.totalLag() < 0 ? tr("unknown") : locale.toString(g.totalLag());
    case StatusColumn: return lagStatusName(row.status.status);
    default: return {};
  }
}

QVariant GroupTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const GroupRow& row = rowAt(index.row());
  switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case SortRole:
      switch (index.column()) {
        case MembersColumn: return static_cast<int>(row.group.members.size());
        case PartitionsColumn: return static_cast<int>(row.group.partitions.size());
        case LagColumn: return row.group.totalLag();
        case StatusColumn: return static_cast<int>(row.status.status);
        default: return display(row, index.column());
      }
    case Qt::TextAlignmentRole:
      return index.column() == MembersColumn || index.column() == PartitionsColumn || index.column() == LagColumn
                 ? QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter)
                 : QVariant();
    case Qt::BackgroundRole: return index.column() == StatusColumn ? lagStatusBrush(row.status.status) : QVariant();
    case Qt::ToolTipRole:
      if (index.column() != StatusColumn) {
        return {};
      }
      if (row.status.status == LagStatus::Ok) {
        return explain(row.status.status);
      }
      return tr("%1\nDecided by %2, partition %3.")
          .arg(explain(row.status.status), row.status.worstTopic)
          .arg(row.status.worstPartition);
    default: return {};
  }
}

QVariant GroupTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case GroupColumn: return tr("Group");
    case StateColumn: return tr("State");
    case MembersColumn: return tr("Members");
    case AssignorColumn: return tr("Assignor");
    case PartitionsColumn: return tr("Partitions");
    case LagColumn: return tr("Lag");
    case StatusColumn: return tr("Status");
    default: return {};
  }
}

}  // namespace pier
