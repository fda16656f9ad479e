#include "models/partition_table_model.h"

#include "models/health_colors.h"

#include <QLocale>
#include <QStringList>

namespace pier {

namespace {

QString joinIds(const QList<int>& ids) {
  QStringList parts;
  for (int id : ids) {
    parts.append(QString::number(id));
  }
  return parts.join(u',');  // kafka-topics.sh spells replica lists the same way
}

}  // namespace

void PartitionTableModel::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  m_snapshot = snapshot;
  rebuild();
}

void PartitionTableModel::setTopic(const QString& topic) {
  if (topic == m_topic) {
    return;
  }
  m_topic = topic;
  setRows({});  // another topic's partition 0 is not this one's: no row carries over
  rebuild();
}

void PartitionTableModel::rebuild() {
  const TopicInfo* topic = m_snapshot ? m_snapshot->findTopic(m_topic) : nullptr;
  setRows(topic ? topic->partitions : QList<PartitionInfo>());
}

int PartitionTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QVariant PartitionTableModel::display(const PartitionInfo& row, int column) const {
  const QLocale locale;
  const auto offset = [&](qint64 value) { return value < 0 ? tr("unknown") : locale.toString(value); };
  switch (column) {
    case PartitionColumn: return row.id;
    case LeaderColumn: return row.offline() ? tr("none") : QString::number(row.leader);
    case ReplicasColumn: return joinIds(row.replicas);
    case IsrColumn: return joinIds(row.isr);
    case PreferredLeaderColumn: return row.leaderIsPreferred() ? tr("Yes") : tr("No");
    case LogStartOffsetColumn: return offset(row.logStartOffset);
    case HighWatermarkColumn: return offset(row.highWatermark);
    case MessagesColumn: return offset(row.messageCount());
    case SizeColumn: return row.sizeBytes < 0 ? tr("unknown") : locale.formattedDataSize(row.sizeBytes);
    default: return {};
  }
}

QVariant PartitionTableModel::sortValue(const PartitionInfo& row, int column) const {
  switch (column) {
    case PartitionColumn: return row.id;
    case LeaderColumn: return row.leader;
    case ReplicasColumn: return joinIds(row.replicas);
    case IsrColumn: return static_cast<int>(row.isr.size());
    case PreferredLeaderColumn: return row.leaderIsPreferred();
    case LogStartOffsetColumn: return row.logStartOffset;
    case HighWatermarkColumn: return row.highWatermark;
    case MessagesColumn: return row.messageCount();
    case SizeColumn: return row.sizeBytes;
    default: return {};
  }
}

QVariant PartitionTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const PartitionInfo& row = rowAt(index.row());
  switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case SortRole: return sortValue(row, index.column());
    case Qt::TextAlignmentRole:
      return index.column() == ReplicasColumn || index.column() == IsrColumn
                 ? QVariant()
                 : QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::BackgroundRole:
      if (row.offline()) {
        return offlineBrush();
      }
      return row.underReplicated() ? QVariant(underReplicatedBrush()) : QVariant();
    case Qt::ToolTipRole:
      if (!row.error.isEmpty()) {
        return tr("The broker reports %1 for this partition.").arg(row.error);
      }
      if (row.offline()) {
        return tr("No leader: clients can neither produce to nor fetch from this partition.");
      }
      if (row.underReplicated()) {
        return tr("Under-replicated: %1 of %2 replicas are in sync.").arg(row.isr.size()).arg(row.replicas.size());
      }
      return {};
    default: return {};
  }
}

QVariant PartitionTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case PartitionColumn: return tr("Partition");
    case LeaderColumn: return tr("Leader");
    case ReplicasColumn: return tr("Replicas");
    case IsrColumn: return tr("ISR");
    case PreferredLeaderColumn: return tr("Preferred leader");
    case LogStartOffsetColumn: return tr("Log start offset");
    case HighWatermarkColumn: return tr("High watermark");
    case MessagesColumn: return tr("Messages");
    case SizeColumn: return tr("Size");
    default: return {};
  }
}

}  // namespace pier
