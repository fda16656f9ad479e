#pragma once
// Pieces the list pages share: a sortable, row-selecting table view, and the "list above the
// selected item's details" splitter (Topics and Groups pages).
//
// Thread: GUI thread.

class QAbstractItemModel;
class QSplitter;
class QString;
class QTableView;
class QWidget;

namespace pier {

// A table over `model` (usually a sort/filter proxy): sorting on, whole rows selected one at a
// time, no row numbers, the last column stretched, columns fitted to the first rows that arrive
// (afterwards the user's widths stay, and big tables are not measured on every refresh).
QTableView* makeTableView(QAbstractItemModel* model, const QString& objectName, QWidget* parent);

// `list` above `heading` + `detail`, in a vertical splitter whose parts never collapse.
QSplitter* listAboveDetail(QWidget* list, QWidget* heading, QWidget* detail, QWidget* parent);

}  // namespace pier
