#include "models/topic_table_model.h"

#include "models/health_colors.h"

#include <QLocale>

namespace pier {

void TopicTableModel::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  QList<TopicRow> rows;
  if (snapshot) {
    for (const TopicInfo& t : snapshot->topics) {
      rows.append({t.name, t.internal, t.error, static_cast<int>(t.partitions.size()), t.replicationFactor(),
                   t.underReplicatedCount(), t.offlineCount(), t.messageCount(), t.sizeBytes()});
    }
  }
  setRows(std::move(rows));
}

int TopicTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TopicTableModel::display(const TopicRow& row, int column) const {
  const QLocale locale;
  switch (column) {
    case NameColumn: return row.error.isEmpty() ? row.name : tr("%1 (%2)").arg(row.name, row.error);
    case PartitionsColumn: return locale.toString(row.partitions);
    case ReplicationFactorColumn: return locale.toString(row.replicationFactor);
    case UnderReplicatedColumn: return locale.toString(row.underReplicated);
    case OfflineColumn: return locale.toString(row.offline);
    case MessagesColumn: return row.messages < 0 ? tr("unknown") : locale.toString(row.messages);
    case SizeColumn: return row.sizeBytes < 0 ? tr("unknown") : locale.formattedDataSize(row.sizeBytes);
    default: return {};
  }
}

QVariant TopicTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const TopicRow& row = rowAt(index.row());
  switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case SortRole:
      switch (index.column()) {
        case NameColumn: return row.name;
        case PartitionsColumn: return row.partitions;
        case ReplicationFactorColumn: return row.replicationFactor;
        case UnderReplicatedColumn: return row.underReplicated;
        case OfflineColumn: return row.offline;
        case MessagesColumn: return row.messages;
        case SizeColumn: return row.sizeBytes;
        default: return {};
      }
    case InternalRole: return row.internal;
    case Qt::TextAlignmentRole:
      return index.column() == NameColumn ? QVariant() : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
      if (row.offline > 0) {
        return offlineBrush();
      }
      return row.underReplicated > 0 ? QVariant(underReplicatedBrush()) : QVariant();
    case Qt::ToolTipRole:
      if (row.offline > 0) {
        return tr("%n partition(s) without a leader: clients cannot use them.", nullptr, row.offline);
      }
      if (row.underReplicated > 0) {
        return tr("%n partition(s) with fewer in-sync replicas than replicas.", nullptr, row.underReplicated);
      }
      if (index.column() == SizeColumn) {
        return tr("The size on disk of the partitions' leader replicas (DescribeLogDirs).");
      }
      return {};
    default: return {};
  }
}

QVariant TopicTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case NameColumn: return tr("Topic");
    case PartitionsColumn: return tr("Partitions");
    case ReplicationFactorColumn: return tr("Replication factor");
    case UnderReplicatedColumn: return tr("Under-replicated");
    case OfflineColumn: return tr("Offline");
    case MessagesColumn: return tr("Messages");
    case SizeColumn: return tr("Size");
    default: return {};
  }
}

}  // namespace pier
