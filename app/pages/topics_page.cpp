#include "pages/topics_page.h"

#include "dialogs/create_topic_dialog.h"
#include "dialogs/produce_dialog.h"
#include "dialogs/topic_config_dialog.h"
#include "models/partition_table_model.h"
#include "models/topic_table_model.h"
#include "pages/error_text.h"
#include "pages/message_banner.h"
#include "pages/page_parts.h"
#include "session/cluster_session.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace pier {

namespace {

// Hides internal topics (__consumer_offsets, ...) unless asked, on top of the name filter.
class TopicFilterModel : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;

  void setShowInternal(bool show) {
    m_showInternal = show;
    invalidateFilter();
  }

 protected:
  bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
    const QModelIndex index = sourceModel()->index(row, TopicTableModel::NameColumn, parent);
    if (!m_showInternal && index.data(TopicTableModel::InternalRole).toBool()) {
      return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(row, parent);
  }

 private:
  bool m_showInternal = false;
};

}  // namespace

TopicsPage::TopicsPage(ClusterSession* session, QWidget* parent) : QWidget(parent), m_session(session) {
  m_banner = new MessageBanner(this);
  m_banner->setObjectName(QStringLiteral("topicsBanner"));
  m_filter = new QLineEdit(this);
  m_filter->setObjectName(QStringLiteral("topicFilter"));
  m_filter->setClearButtonEnabled(true);
  m_showInternal = new QCheckBox(this);
  m_showInternal->setObjectName(QStringLiteral("showInternalTopics"));
  m_createButton = new QPushButton(this);
  m_createButton->setObjectName(QStringLiteral("createTopic"));
  m_addPartitionsButton = new QPushButton(this);
  m_addPartitionsButton->setObjectName(QStringLiteral("addPartitions"));
  m_deleteButton = new QPushButton(this);
  m_deleteButton->setObjectName(QStringLiteral("deleteTopic"));
  m_produceButton = new QPushButton(this);
  m_produceButton->setObjectName(QStringLiteral("produce"));
  m_configButton = new QPushButton(this);
  m_configButton->setObjectName(QStringLiteral("editConfigs"));

  m_topics = new TopicTableModel(this);
  auto* filter = new TopicFilterModel(this);
  filter->setSourceModel(m_topics);
  filter->setSortRole(TopicTableModel::SortRole);
  filter->setFilterKeyColumn(TopicTableModel::NameColumn);
  filter->setFilterCaseSensitivity(Qt::CaseInsensitive);
  m_topicFilter = filter;
  m_topicView = makeTableView(m_topicFilter, QStringLiteral("topicTable"), this);
  m_topicView->sortByColumn(TopicTableModel::NameColumn, Qt::AscendingOrder);

  m_partitions = new PartitionTableModel(this);
  auto* sortedPartitions = new QSortFilterProxyModel(this);
  sortedPartitions->setSourceModel(m_partitions);
  sortedPartitions->setSortRole(PartitionTableModel::SortRole);
  m_partitionView = makeTableView(sortedPartitions, QStringLiteral("partitionTable"), this);
  m_partitionView->sortByColumn(PartitionTableModel::PartitionColumn, Qt::AscendingOrder);
  m_partitionsHeading = new QLabel(this);
  m_partitionsHeading->setObjectName(QStringLiteral("partitionsHeading"));

  connect(m_filter, &QLineEdit::textChanged, this, &TopicsPage::updateFilter);
  connect(m_showInternal, &QCheckBox::toggled, this, [filter](bool on) { filter->setShowInternal(on); });
  connect(m_createButton, &QPushButton::clicked, this, &TopicsPage::createTopic);
  connect(m_addPartitionsButton, &QPushButton::clicked, this, &TopicsPage::addPartitions);
  connect(m_deleteButton, &QPushButton::clicked, this, &TopicsPage::deleteTopic);
  connect(m_produceButton, &QPushButton::clicked, this, &TopicsPage::showProduceDialog);
  connect(m_configButton, &QPushButton::clicked, this, &TopicsPage::showConfigDialog);
  connect(m_topicView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          &TopicsPage::onCurrentTopicChanged);
  connect(m_session, &ClusterSession::operationFinished, this, &TopicsPage::onOperationFinished);

  auto* tools = new QHBoxLayout;
  tools->addWidget(m_filter, 1);
  tools->addWidget(m_showInternal);
  tools->addWidget(m_createButton);
  tools->addWidget(m_addPartitionsButton);
  tools->addWidget(m_configButton);
  tools->addWidget(m_deleteButton);
  tools->addWidget(m_produceButton);
  QSplitter* splitter = listAboveDetail(m_topicView, m_partitionsHeading, m_partitionView, this);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(m_banner);
  layout->addLayout(tools);
  layout->addWidget(splitter, 1);
  retranslate();
  onCurrentTopicChanged();
}

void TopicsPage::setSnapshot(const ClusterSnapshotPtr& snapshot) {
  m_snapshot = snapshot;
  m_topics->setSnapshot(snapshot);
  m_partitions->setSnapshot(snapshot);
  onCurrentTopicChanged();
}

QString TopicsPage::selectedTopic() const {
  const QModelIndex current = m_topicView->selectionModel()->currentIndex();
  if (!current.isValid()) {
    return {};
  }
  return m_topicFilter->index(current.row(), TopicTableModel::NameColumn).data(TopicTableModel::SortRole).toString();
}

void TopicsPage::selectTopic(const QString& name) {
  for (int row = 0; row < m_topicFilter->rowCount(); ++row) {
    const QModelIndex index = m_topicFilter->index(row, TopicTableModel::NameColumn);
    if (index.data(TopicTableModel::SortRole).toString() == name) {
      m_topicView->selectionModel()->setCurrentIndex(
          index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
      return;
    }
  }
}

void TopicsPage::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::LanguageChange) {
    retranslate();
  }
}

void TopicsPage::retranslate() {
  m_filter->setPlaceholderText(tr("Filter topics by name"));
  m_showInternal->setText(tr("Show &internal topics"));
  m_createButton->setText(tr("&Create Topic…"));
  m_addPartitionsButton->setText(tr("&Add Partitions…"));
  m_deleteButton->setText(tr("&Delete Topic…"));
  m_produceButton->setText(tr("&Produce…"));
  m_configButton->setText(tr("Edit C&onfigs…"));
  onCurrentTopicChanged();
}

void TopicsPage::updateFilter() {
  m_topicFilter->setFilterFixedString(m_filter->text());
}

void TopicsPage::onCurrentTopicChanged() {
  const QString topic = selectedTopic();
  m_partitions->setTopic(topic);
  m_partitionsHeading->setText(topic.isEmpty() ? tr("Select a topic to see its partitions.")
                                               : tr("Partitions of %1").arg(topic));
  m_addPartitionsButton->setEnabled(!topic.isEmpty());
  m_deleteButton->setEnabled(!topic.isEmpty());
  m_configButton->setEnabled(!topic.isEmpty());
}

void TopicsPage::createTopic() {
  CreateTopicDialog dialog(m_snapshot ? static_cast<int>(m_snapshot->brokers.size()) : 0, this);
  if (dialog.exec() != QDialog::Accepted) {
    return;
  }
  const NewTopic topic = dialog.topic();
  track(m_session->createTopic(topic), tr("Created topic %1.").arg(topic.name),
        tr("Creating topic %1 failed").arg(topic.name));
}

void TopicsPage::addPartitions() {
  const QString topic = selectedTopic();
  const TopicInfo* info = m_snapshot ? m_snapshot->findTopic(topic) : nullptr;
  if (info == nullptr) {
    return;
  }
  const int current = static_cast<int>(info->partitions.size());
  bool ok = false;
  const int total = QInputDialog::getInt(
      this, tr("Add Partitions"),
      tr("Topic %1 has %n partition(s). New total (partitions are never removed):", nullptr, current).arg(topic),
      current + 1, current + 1, 100000, 1, &ok);
  if (!ok) {
    return;
  }
  track(m_session->createPartitions(topic, total), tr("Topic %1 now has %2 partitions.").arg(topic).arg(total),
        tr("Adding partitions to %1 failed").arg(topic));
}

void TopicsPage::deleteTopic() {
  const QString topic = selectedTopic();
  if (topic.isEmpty()) {
    return;
  }
  const auto answer = QMessageBox::warning(
      this, tr("Delete Topic"),
      tr("Delete topic %1 and all its messages? This cannot be undone.").arg(topic),
      QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
  if (answer != QMessageBox::Yes) {
    return;
  }
  track(m_session->deleteTopic(topic), tr("Deleted topic %1.").arg(topic), tr("Deleting topic %1 failed").arg(topic));
}

ProduceDialog* TopicsPage::showProduceDialog() {
  QStringList names;
  if (m_snapshot) {
    for (const TopicInfo& t : m_snapshot->topics) {
      names.append(t.name);
    }
  }
  auto* dialog = new ProduceDialog(m_session, m_produceTemplates, names, selectedTopic(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->show();
  return dialog;
}

TopicConfigDialog* TopicsPage::showConfigDialog() {
  const QString topic = selectedTopic();
  if (topic.isEmpty()) {
    return nullptr;
  }
  auto* dialog = new TopicConfigDialog(m_session, topic, this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &TopicConfigDialog::altered, this, [this](const QString& name, const KafkaError& error, int count) {
    if (error.name.isEmpty()) {
      m_banner->showMessage(MessageBanner::Kind::Info, tr("Applied %n config change(s) to %1.", nullptr, count).arg(name));
    } else {
      m_banner->showMessage(MessageBanner::Kind::Error,
                            ErrorText::describe(tr("Changing the configs of %1 failed").arg(name), error));
    }
  });
  // Room for the config names and values: a share of the window, whatever the screen.
  constexpr double kConfigDialogShare = 0.7;
  dialog->resize(window()->size() * kConfigDialogShare);
  dialog->show();
  return dialog;
}

void TopicsPage::track(int requestId, const QString& success, const QString& failure) {
  m_pending.insert(requestId, {success, failure});
}

void TopicsPage::onOperationFinished(int requestId, const KafkaError& error) {
  const auto it = m_pending.find(requestId);
  if (it == m_pending.end()) {
    return;
  }
  if (error.name.isEmpty()) {
    m_banner->showMessage(MessageBanner::Kind::Info, it->success);
  } else {
    m_banner->showMessage(MessageBanner::Kind::Error, ErrorText::describe(it->failure, error));
  }
  m_pending.erase(it);
}

}  // namespace pier
