#pragma once
// SortedRowsModel<Row>: a table model over rows kept sorted by a key, updated by merging in the
// next sorted list: rows that left are removed, new ones inserted, changed ones reported with
// dataChanged — never a reset — so selection, current index and scroll position survive every
// refresh. Contiguous inserts and removals go out as one range each.
//
// Row needs operator== ; Key needs operator<. Subclasses say how to get a row's key and how to
// present cells. Thread: GUI thread.

#include <QAbstractTableModel>
#include <QList>

namespace pier {

template <typename Row, typename Key>
class SortedRowsModel : public QAbstractTableModel {
 public:
  using QAbstractTableModel::QAbstractTableModel;

  int rowCount(const QModelIndex& parent = {}) const override {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
  }
  const Row& rowAt(int row) const { return m_rows.at(row); }
  const QList<Row>& rows() const { return m_rows; }

 protected:
  virtual Key keyOf(const Row& row) const = 0;

  // `next` must be sorted by key with no duplicates.
  void setRows(QList<Row> next) {
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < m_rows.size() || j < next.size()) {
      if (j == next.size() || (i < m_rows.size() && keyOf(m_rows[i]) < keyOf(next[j]))) {
        removeRun(i, next, j);
      } else if (i == m_rows.size() || keyOf(next[j]) < keyOf(m_rows[i])) {
        j = insertRun(i, next, j);
      } else {
        if (!(m_rows[i] == next[j])) {
          m_rows[i] = std::move(next[j]);
          emit dataChanged(index(static_cast<int>(i), 0), index(static_cast<int>(i), columnCount() - 1));
        }
        ++i;
        ++j;
      }
    }
  }

 private:
  // Removes the run of current rows from `i` whose keys sort before next[j] (or all the rest).
  void removeRun(qsizetype i, const QList<Row>& next, qsizetype j) {
    qsizetype end = i;
    while (end < m_rows.size() && (j == next.size() || keyOf(m_rows[end]) < keyOf(next[j]))) {
      ++end;
    }
    beginRemoveRows({}, static_cast<int>(i), static_cast<int>(end - 1));
    m_rows.remove(i, end - i);
    endRemoveRows();
  }

  // Inserts at current position `i` the run of next rows from `j` that sort before m_rows[i] (or
  // all the rest); moves `i` past them and returns the next j.
  qsizetype insertRun(qsizetype& i, QList<Row>& next, qsizetype j) {
    qsizetype end = j;
    while (end < next.size() && (i == m_rows.size() || keyOf(next[end]) < keyOf(m_rows[i]))) {
      ++end;
    }
    beginInsertRows({}, static_cast<int>(i), static_cast<int>(i + (end - j) - 1));
    for (qsizetype k = j; k < end; ++k) {
      m_rows.insert(i++, std::move(next[k]));
    }
    endInsertRows();
    return end;
  }

  QList<Row> m_rows;
};

}  // namespace pier
