#pragma once
// MessagesPage: the message browser. Choose a topic, one partition or all, and where to start —
// earliest, latest, an offset, a timestamp or the newest N — then scroll: rows are (partition,
// offset) pairs from MessageListModel, read page by page through the page's own MessageReader
// as they come into view. Follow keeps appending new messages (live tail) until paused. The
// selected message is shown in full below the list.
//
// Thread: GUI thread. Ownership: owns its widgets, model and reader.

#include "session/cluster_snapshot.h"
#include "session/connection_settings.h"
#include "session/message_fetch.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace pier {

class MessageBanner;
class MessageDetailView;
class MessageListModel;
class MessageReader;

class MessagesPage : public QWidget {
  Q_OBJECT

 public:
  static constexpr int kFollowIntervalMs = 1000;

  explicit MessagesPage(QWidget* parent = nullptr);
  ~MessagesPage() override;

  void setConnection(const ConnectionSettings& settings);  // empty bootstrap: disconnected
  void setSnapshot(const ClusterSnapshotPtr& snapshot);

  // What the controls say; `partition` -1 is all partitions. `value`: offset, ms since the
  // epoch, or count, as `start` needs.
  void setQuery(const QString& topic, int partition, BrowseStart start, qint64 value = 0);

  MessageListModel* model() const { return m_model; }
  QTableView* view() const { return m_view; }
  MessageDetailView* detail() const { return m_detail; }
  MessageBanner* banner() const { return m_banner; }
  bool following() const;

 public slots:
  void browse();
  void setFollowing(bool on);

 signals:
  // The rows of a browse are known (not yet their contents).
  void browseReady();

 protected:
  void changeEvent(QEvent* event) override;

 private:
  void retranslate();
  void updatePartitions();
  void updateStartControls();
  void updateStatus();
  void onRangesResolved(const RangesResult& result);
  void onCurrentRowChanged();
  QList<int> chosenPartitions() const;

  ClusterSnapshotPtr m_snapshot;
  MessageReader* m_reader = nullptr;
  MessageListModel* m_model = nullptr;
  QTimer* m_followTimer = nullptr;
  bool m_connected = false;

  MessageBanner* m_banner = nullptr;
  QComboBox* m_topic = nullptr;
  QComboBox* m_partition = nullptr;
  QComboBox* m_start = nullptr;
  QLineEdit* m_number = nullptr;
  QDateTimeEdit* m_time = nullptr;
  QPushButton* m_go = nullptr;
  QPushButton* m_follow = nullptr;
  QTableView* m_view = nullptr;
  MessageDetailView* m_detail = nullptr;
  QLabel* m_status = nullptr;
};

}  // namespace pier
