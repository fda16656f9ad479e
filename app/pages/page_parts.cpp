#include "pages/page_parts.h"

#include <QAbstractItemModel>
#include <QHeaderView>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace pier {

QTableView* makeTableView(QAbstractItemModel* model, const QString& objectName, QWidget* parent) {
  auto* view = new QTableView(parent);
  view->setObjectName(objectName);
  view->setModel(model);
  view->setSortingEnabled(true);
  view->setSelectionBehavior(QAbstractItemView::SelectRows);
  view->setSelectionMode(QAbstractItemView::SingleSelection);
  view->verticalHeader()->hide();
  view->horizontalHeader()->setStretchLastSection(true);
  QObject::connect(model, &QAbstractItemModel::rowsInserted, view, [view](const QModelIndex&, int first, int) {
    if (first == 0) {
      view->resizeColumnsToContents();
    }
  });
  return view;
}

QSplitter* listAboveDetail(QWidget* list, QWidget* heading, QWidget* detail, QWidget* parent) {
  auto* lower = new QWidget(parent);
  auto* lowerLayout = new QVBoxLayout(lower);
  lowerLayout->setContentsMargins(0, 0, 0, 0);
  lowerLayout->addWidget(heading);
  lowerLayout->addWidget(detail, 1);
  auto* splitter = new QSplitter(Qt::Vertical, parent);
  splitter->addWidget(list);
  splitter->addWidget(lower);
  splitter->setChildrenCollapsible(false);
  return splitter;
}

}  // namespace pier
