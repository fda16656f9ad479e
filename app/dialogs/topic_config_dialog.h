#pragma once
// TopicConfigDialog: a topic's configs (DescribeConfigs: value, source, read-only and sensitive
// flags) in an editable table. The user changes values or resets overrides to their defaults;
// Apply sends only those keys (IncrementalAlterConfigs: SET / DELETE), then reads the configs
// again. The broker's error, by name with a hint, shows in the dialog's banner and goes out by
// altered() so the page's banner shows it too; the edits stay so the user can fix them.
//
// Thread: GUI thread. The client (the session, or a fake in tests) is the caller's and must
// outlive the dialog.

#include "session/kafka_error.h"
#include "session/topic_configs.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace pier {

class MessageBanner;
class TopicConfigClient;
class TopicConfigModel;

class TopicConfigDialog : public QDialog {
  Q_OBJECT

 public:
  TopicConfigDialog(TopicConfigClient* client, const QString& topic, QWidget* parent = nullptr);

  TopicConfigModel* model() const { return m_model; }
  MessageBanner* banner() const { return m_banner; }
  QTableView* view() const { return m_view; }
  bool busy() const { return m_pendingRead != 0 || m_pendingAlter != 0; }

 public slots:
  void reload();
  void apply();
  // Resets the selected row's override (DELETE on apply).
  void resetSelected();

 signals:
  // After each Apply: the broker's answer (empty name: every change applied).
  void altered(const QString& topic, const pier::KafkaError& error, int changeCount);

 private:
  void onRead(int requestId, const TopicConfigs& configs);
  void onAltered(int requestId, const KafkaError& error);
  void updateButtons();

  TopicConfigClient* m_client;
  QString m_topic;
  int m_pendingRead = 0;
  int m_pendingAlter = 0;
  int m_sentCount = 0;
  TopicConfigModel* m_model = nullptr;
  QSortFilterProxyModel* m_filtered = nullptr;
  MessageBanner* m_banner = nullptr;
  QLineEdit* m_filter = nullptr;
  QTableView* m_view = nullptr;
  QLabel* m_status = nullptr;
  QPushButton* m_reset = nullptr;
  QPushButton* m_discard = nullptr;
  QPushButton* m_apply = nullptr;
  QPushButton* m_reload = nullptr;
};

}  // namespace pier
