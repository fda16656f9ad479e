#pragma once
// TopicsPage: the topic list (filter by name, internal topics hidden unless asked for) above the
// partitions of the selected topic. Create, add partitions and delete go through the session;
// their results, good or bad, appear in the page's inline banner with the broker's error name.
//
// Thread: GUI thread. Ownership: owns its widgets and models; the session is the caller's and
// must outlive the page.

#include "session/cluster_snapshot.h"
#include "session/snapshot_reader.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace pier {

class ClusterSession;
class MessageBanner;
class PartitionTableModel;
class ProduceDialog;
class ProduceTemplates;
class TopicConfigDialog;
class TopicTableModel;

class TopicsPage : public QWidget {
  Q_OBJECT

 public:
  explicit TopicsPage(ClusterSession* session, QWidget* parent = nullptr);

  void setSnapshot(const ClusterSnapshotPtr& snapshot);
  // Where the Produce dialog keeps its templates (the caller's; may stay null: no templates).
  void setProduceTemplates(ProduceTemplates* templates) { m_produceTemplates = templates; }
  QString selectedTopic() const;
  void selectTopic(const QString& name);

  TopicTableModel* topicModel() const { return m_topics; }
  PartitionTableModel* partitionModel() const { return m_partitions; }
  MessageBanner* banner() const { return m_banner; }

 public slots:
  void createTopic();
  void addPartitions();
  void deleteTopic();
  // Opens the (non-modal) Produce dialog for the selected topic.
  ProduceDialog* showProduceDialog();
  // Opens the (non-modal) config editor for the selected topic; nullptr when none is selected.
  TopicConfigDialog* showConfigDialog();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updateFilter();
  void onCurrentTopicChanged();
  void onOperationFinished(int requestId, const KafkaError& error);
  void track(int requestId, const QString& success, const QString& failure);

  struct Pending {
    QString success;
    QString failure;
  };

  ClusterSession* m_session;
  ProduceTemplates* m_produceTemplates = nullptr;
  ClusterSnapshotPtr m_snapshot;
  QHash<int, Pending> m_pending;
  TopicTableModel* m_topics = nullptr;
  QSortFilterProxyModel* m_topicFilter = nullptr;
  PartitionTableModel* m_partitions = nullptr;
  MessageBanner* m_banner = nullptr;
  QLineEdit* m_filter = nullptr;
  QCheckBox* m_showInternal = nullptr;
  QPushButton* m_createButton = nullptr;
  QPushButton* m_addPartitionsButton = nullptr;
  QPushButton* m_deleteButton = nullptr;
  QPushButton* m_produceButton = nullptr;
  QPushButton* m_configButton = nullptr;
  QTableView* m_topicView = nullptr;
  QLabel* m_partitionsHeading = nullptr;
  QTableView* m_partitionView = nullptr;
};

}  // namespace pier
