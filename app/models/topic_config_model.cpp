#include "models/topic_config_model.h"

#include <QFont>

#include <algorithm>

namespace pier {

void TopicConfigModel::setConfigs(QList<TopicConfigEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const auto& a, const auto& b) { return a.name == b.name; }),
                entries.end());
  setRows(std::move(entries));
  const qsizetype before = m_edits.size();
  m_edits.removeIf([this](const auto& it) { return rowOf(it.key()) < 0; });
  if (m_edits.size() != before) {
    emit editsChanged();
  }
}

int TopicConfigModel::rowOf(const QString& name) const {
  const auto it =
      std::lower_bound(rows().begin(), rows().end(), name,
                       [](const TopicConfigEntry& e, const QString& n) { return e.name < n; });
  return it != rows().end() && it->name == name ? static_cast<int>(it - rows().begin()) : -1;
}

bool TopicConfigModel::resetToDefault(int row) {
  if (row < 0 || row >= rowCount() || rowAt(row).readOnly) {
    return false;
  }
  const TopicConfigEntry& entry = rowAt(row);
  bool changed = false;
  if (entry.source == ConfigSource::TopicOverride) {
    const auto it = m_edits.constFind(entry.name);
    changed = it == m_edits.cend() || !it->reset;
    m_edits.insert(entry.name, {true, {}});
  } else {
    changed = m_edits.remove(entry.name) > 0;
  }
  if (changed) {
    rowChanged(row);
  }
  return changed;
}

void TopicConfigModel::discardEdits() {
  if (m_edits.isEmpty()) {
    return;
  }
  m_edits.clear();
  if (rowCount() > 0) {
    emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
  }
  emit editsChanged();
}

QList<TopicConfigChange> TopicConfigModel::changes() const {
  QList<TopicConfigChange> out;
  for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
    out.append({it.key(), it->reset, it->value});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

void TopicConfigModel::rowChanged(int row) {
  emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
  emit editsChanged();
}

int TopicConfigModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

QString TopicConfigModel::sourceText(ConfigSource source) {
  switch (source) {
    case ConfigSource::TopicOverride:
      return tr("topic override");
    case ConfigSource::DynamicBroker:
      return tr("broker (dynamic)");
    case ConfigSource::StaticBroker:
      return tr("broker (server.properties)");
    case ConfigSource::Default:
      return tr("default");
    case ConfigSource::Unknown:
      break;
  }
  return tr("unknown");
}

QVariant TopicConfigModel::display(const TopicConfigEntry& row, int column) const {
  const auto edit = m_edits.constFind(row.name);
  switch (column) {
    case NameColumn:
      return row.name;
    case ValueColumn:
      if (edit != m_edits.cend()) {
        return edit->reset ? tr("(default after apply)") : edit->value;
      }
      return row.hasValue ? row.value : (row.sensitive ? tr("(hidden)") : tr("(none)"));
    case SourceColumn:
      if (edit != m_edits.cend()) {
        return edit->reset ? tr("default (pending)") : tr("topic override (pending)");
      }
      return sourceText(row.source);
    case NotesColumn: {
      QStringList notes;
      if (row.readOnly) {
        notes.append(tr("read-only"));
      }
      if (row.sensitive) {
        notes.append(tr("sensitive"));
      }
      return notes.join(QStringLiteral(", "));
    }
    default:
      return {};
  }
}

QVariant TopicConfigModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return {};
  }
  const TopicConfigEntry& row = rowAt(index.row());
  const auto edit = m_edits.constFind(row.name);
  switch (role) {
    case Qt::DisplayRole:
      return display(row, index.column());
    case Qt::EditRole:
      if (index.column() != ValueColumn) {
        return display(row, index.column());
      }
      return edit != m_edits.cend() && !edit->reset ? edit->value : row.value;
    case ChangedRole:
      return edit != m_edits.cend();
    case Qt::FontRole:
      if (edit != m_edits.cend() || row.source == ConfigSource::TopicOverride) {
        QFont font;
        font.setBold(edit != m_edits.cend());
        font.setItalic(edit == m_edits.cend());
        return font;
      }
      return {};
    case Qt::ToolTipRole:
      return row.readOnly ? tr("The broker does not allow changing %1.").arg(row.name)
                          : tr("Double-click the value to change it.");
    default:
      return {};
  }
}

bool TopicConfigModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || index.column() != ValueColumn ||
      !checkIndex(index, CheckIndexOption::IndexIsValid)) {
    return false;
  }
  const TopicConfigEntry& row = rowAt(index.row());
  if (row.readOnly) {
    return false;
  }
  const QString text = value.toString();
  if (row.hasValue && text == row.value) {
    // Back to what the broker has: nothing to send (an override stays as it is).
    if (m_edits.remove(row.name) == 0) {
      return true;
    }
  } else {
    m_edits.insert(row.name, {false, text});
  }
  rowChanged(index.row());
  return true;
}

Qt::ItemFlags TopicConfigModel::flags(const QModelIndex& index) const {
  Qt::ItemFlags f = QAbstractTableModel::flags(index);
  if (index.isValid() && index.column() == ValueColumn && !rowAt(index.row()).readOnly) {
    f |= Qt::ItemIsEditable;
  }
  return f;
}

QVariant TopicConfigModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
    return {};
  }
  switch (section) {
    case NameColumn:
      return tr("Config");
    case ValueColumn:
      return tr("Value");
    case SourceColumn:
      return tr("Source");
    case NotesColumn:
      return tr("Notes");
    default:
      return {};
  }
}

}  // namespace pier
