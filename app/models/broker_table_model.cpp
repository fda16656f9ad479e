#include "models/broker_table_model.h"

#include "models/health_colors.h"

#include <QLocale>
#include <QStringList>

#include <algorithm>

namespace pier {

namespace {

bool hasOfflineDir(const BrokerInfo& b) {
  return std::any_of(b.logDirs.begin(), b.logDirs.end(), [](const LogDirUsage& d) { return !d.error.isEmpty(); });
}

}  // namespace

void BrokerTableModel::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  QList<BrokerRow> rows;
  if (snapshot) {
    for (const BrokerInfo& b : snapshot->brokers) {
      rows.append({b, b.id == snapshot->controllerId, snapshot->leaderCount(b.id), snapshot->replicaCount(b.id)});
    }
  }
  setRows(std::move(rows));
}

int BrokerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant BrokerTableModel::display(const BrokerRow& row, int column) const {
  const QLocale locale;
  const BrokerInfo& b = row.broker;
  switch (column) {
    case IdColumn: return b.id;
    case AddressColumn: return QStringLiteral("%1:%2").arg(b.host).arg(b.port);
    case RackColumn: return b.rack;
    case RoleColumn: return row.controller ? tr("Controller") : QString();
    case LeadersColumn: return locale.toString(row.leaders);
    case ReplicasColumn: return locale.toString(row.replicas);
    case LogDirBytesColumn: return b.logDirBytes() < 0 ? tr("unknown") : locale.formattedDataSize(b.logDirBytes());
    case DiskFreeColumn:
      if (b.usableBytes() < 0 || b.totalBytes() < 0) {
        return tr("unknown");
      }
      return tr("%1 of %2").arg(locale.formattedDataSize(b.usableBytes()), locale.formattedDataSize(b.totalBytes()));
    default: return {};
  }
}

QVariant BrokerTableModel::sortValue(const BrokerRow& row, int column) const {
  switch (column) {
    case IdColumn: return row.broker.id;
    case AddressColumn: return QStringLiteral("%1:%2").arg(row.broker.host).arg(row.broker.port);
    case RackColumn: return row.broker.rack;
    case RoleColumn: return row.controller ? 1 : 0;
    case LeadersColumn: return row.leaders;
    case ReplicasColumn: return row.replicas;
    case LogDirBytesColumn: return row.broker.logDirBytes();
    case DiskFreeColumn: return row.broker.usableBytes();
    default: return {};
  }
}

QString BrokerTableModel::storageTip(const BrokerRow& row) const {
  const BrokerInfo& b = row.broker;
  if (b.logDirs.isEmpty()) {
    return b.storageError.isEmpty() ? tr("The broker reported no log directory.")
                                    : tr("Log directories not known: %1").arg(b.storageError);
  }
  const QLocale locale;
  QStringList lines;
  for (const LogDirUsage& d : b.logDirs) {
    if (!d.error.isEmpty()) {
      lines << tr("%1: offline (%2)").arg(d.path, d.error);
      continue;
    }
    QString line = tr("%1: %n replica(s), %2", nullptr, d.replicas).arg(d.path, locale.formattedDataSize(d.replicaBytes));
    if (d.totalBytes >= 0 && d.usableBytes >= 0) {
      line += tr("; %1 free of %2").arg(locale.formattedDataSize(d.usableBytes), locale.formattedDataSize(d.totalBytes));
    }
    lines << line;
  }
  return lines.join(u'\n');
}

QVariant BrokerTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const BrokerRow& row = rowAt(index.row());
  const bool storageColumn = index.column() == LogDirBytesColumn || index.column() == DiskFreeColumn;
  switch (role) {
    case Qt::DisplayRole: return display(row, index.column());
    case SortRole: return sortValue(row, index.column());
    case Qt::ToolTipRole: return storageColumn ? QVariant(storageTip(row)) : QVariant();
    case Qt::BackgroundRole: return hasOfflineDir(row.broker) ? QVariant(offlineBrush()) : QVariant();
    case Qt::TextAlignmentRole:
      if (index.column() == AddressColumn || index.column() == RackColumn || index.column() == RoleColumn) {
        return {};
      }
      return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
  }
}

QVariant BrokerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return QAbstractTableModel::headerData(section, orientation, role);
  }
  switch (section) {
    case IdColumn: return tr("Broker");
    case AddressColumn: return tr("Host:Port");
    case RackColumn: return tr("Rack");
    case RoleColumn: return tr("Role");
    case LeadersColumn: return tr("Leaders");
    case ReplicasColumn: return tr("Replicas");
    case LogDirBytesColumn: return tr("Log dirs");
    case DiskFreeColumn: return tr("Disk free");
    default: return {};
  }
}

}  // namespace pier
