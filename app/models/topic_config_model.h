#pragma once
// TopicConfigModel: a topic's configs (name, value, where the value comes from, read-only and
// sensitive flags), one row per key sorted by name, and the user's pending edits on top: a new
// value for a key, or a reset of a topic override to the broker's default. changes() is what to
// send: only keys whose value differs from the one read (SET) and resets of overrides (DELETE);
// editing a value back to what it was drops the edit.
//
// Thread: GUI thread. Fed by setConfigs(); rows are merged by name (SortedRowsModel), and edits
// of keys that are still there survive a refresh.

#include "models/sorted_rows_model.h"
#include "session/topic_configs.h"

#include <QHash>

namespace pier {

class TopicConfigModel : public SortedRowsModel<TopicConfigEntry, QString> {
  Q_OBJECT

 public:
  enum Column { NameColumn, ValueColumn, SourceColumn, NotesColumn, ColumnCount };
  static constexpr int ChangedRole = Qt::UserRole;  // bool: the row has a pending edit

  using SortedRowsModel::SortedRowsModel;

  void setConfigs(QList<TopicConfigEntry> entries);

  // Marks the override at `row` for DELETE, or drops the pending edit of a key that is not
  // overridden. False when there was nothing to reset.
  bool resetToDefault(int row);
  void discardEdits();
  bool hasChanges() const { return !m_edits.isEmpty(); }
  // The operations to send, sorted by key.
  QList<TopicConfigChange> changes() const;
  // The row of `name`, or -1.
  int rowOf(const QString& name) const;

  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

  static QString sourceText(ConfigSource source);

 signals:
  void editsChanged();

 protected:
  QString keyOf(const TopicConfigEntry& row) const override { return row.name; }

 private:
  struct Edit {
    bool reset = false;
    QString value;
  };
  QVariant display(const TopicConfigEntry& row, int column) const;
  void rowChanged(int row);

  QHash<QString, Edit> m_edits;
};

}  // namespace pier
