#include "models/group_detail_models.h"

#include "models/group_table_model.h"

#include <QLocale>

#include <algorithm>

namespace pier {

int GroupPartitionModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant GroupPartitionModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const GroupPartitionRow& row = rowAt(index.row());
  const GroupPartition& p = row.partition;
  const QLocale locale;
  // kafka-consumer-groups.sh shows "-" for what is not known.
  const auto number = [&](qint64 v) { return v < 0 ? QStringLiteral("-") : locale.toString(v); };
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case TopicColumn: return p.topic;
      case PartitionColumn: return p.partition;
      case CurrentOffsetColumn: return number(p.committedOffset);
      case LogEndOffsetColumn: return number(p.logEndOffset);
      case LagColumn: return number(p.lag());
      case StatusColumn: return lagStatusName(row.status);
      case ConsumerColumn: return row.consumer.isEmpty() ? QStringLiteral("-") : row.consumer;
      default: return {};
    }
  }
  if (role == SortRole) {
    switch (index.column()) {
      case CurrentOffsetColumn: return p.committedOffset;
      case LogEndOffsetColumn: return p.logEndOffset;
      case LagColumn: return p.lag();
      case StatusColumn: return static_cast<int>(row.status);
      default: return data(index, Qt::DisplayRole);
    }
  }
  if (role == Qt::TextAlignmentRole && index.column() >= PartitionColumn && index.column() <= LagColumn) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  if (role == Qt::BackgroundRole && index.column() == StatusColumn) {
    return lagStatusBrush(row.status);
  }
  if (role == Qt::ToolTipRole && index.column() == StatusColumn) {
    return GroupTableModel::explain(row.status);
  }
  return {};
}

QVariant GroupPartitionModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case TopicColumn: return tr("Topic");
    case PartitionColumn: return tr("Partition");
    case CurrentOffsetColumn: return tr("Current offset");
    case LogEndOffsetColumn: return tr("Log end offset");
    case LagColumn: return tr("Lag");
    case StatusColumn: return tr("Status");
    case ConsumerColumn: return tr("Consumer");
    default: return {};
  }
}

void GroupMemberModel::setMembers(QList<GroupMember> members) {
  std::sort(members.begin(), members.end(), [](const GroupMember& a, const GroupMember& b) { return a.memberId < b.memberId; });
  setRows(std::move(members));
}

int GroupMemberModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant GroupMemberModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid) || role != Qt::DisplayRole) {
    return {};
  }
  const GroupMember& m = rowAt(index.row());
  switch (index.column()) {
    case MemberColumn: return m.memberId;
    case InstanceColumn: return m.instanceId.isEmpty() ? QStringLiteral("-") : m.instanceId;
    case ClientColumn: return m.clientId;
    case HostColumn: return m.host;
    case AssignmentColumn: {
      QStringList parts;
      for (const auto& [topic, partition] : m.assignment) {
        parts.append(QStringLiteral("%1-%2").arg(topic).arg(partition));  // Kafka's TopicPartition spelling
      }
      return parts.join(QStringLiteral(", "));
    }
    default: return {};
  }
}

QVariant GroupMemberModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case MemberColumn: return tr("Member");
    case InstanceColumn: return tr("Instance");
    case ClientColumn: return tr("Client");
    case HostColumn: return tr("Host");
    case AssignmentColumn: return tr("Assigned partitions");
    default: return {};
  }
}

}  // namespace pier
