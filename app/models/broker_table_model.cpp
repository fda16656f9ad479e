#include "models/broker_table_model.h"

#include <QLocale>

namespace pier {

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

QVariant BrokerTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const BrokerRow& row = rowAt(index.row());
  const QString address = QStringLiteral("%1:%2").arg(row.broker.host).arg(row.broker.port);
  if (role == Qt::DisplayRole) {
    switch (index.column()) {
      case IdColumn: return row.broker.id;
      case AddressColumn: return address;
      case RackColumn: return row.broker.rack;
      case RoleColumn: return row.controller ? tr("Controller") : QString();
      case LeadersColumn: return QLocale().toString(row.leaders);
      case ReplicasColumn: return QLocale().toString(row.replicas);
      default: return {};
    }
  }
  if (role == SortRole) {
    switch (index.column()) {
      case IdColumn: return row.broker.id;
      case AddressColumn: return address;
      case RackColumn: return row.broker.rack;
      case RoleColumn: return row.controller ? 1 : 0;
      case LeadersColumn: return row.leaders;
      case ReplicasColumn: return row.replicas;
      default: return {};
    }
  }
  if (role == Qt::TextAlignmentRole && index.column() != AddressColumn && index.column() != RackColumn &&
      index.column() != RoleColumn) {
    return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
  }
  return {};
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
    default: return {};
  }
}

}  // namespace pier
