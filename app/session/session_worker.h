#pragma once
// SessionWorker: the part of a ClusterSession that lives on the session's worker thread. It owns
// the librdkafka handle, refreshes the cluster snapshot on a timer and runs admin requests, all
// of which may block; results go back to the GUI thread as queued signals, tagged with the
// connection generation they belong to so the session can drop answers from an old connection.
//
// Thread: every method runs on the worker thread (called through queued invocations).
// Ownership: owned by ClusterSession, deleted on the worker thread when that thread finishes.

#include "session/cluster_snapshot.h"
#include "session/connection_settings.h"
#include "session/message_producer.h"
#include "session/snapshot_reader.h"
#include "session/topic_configs.h"

#include <QObject>

#include <functional>
#include <memory>

class QTimer;
struct rd_kafka_s;

namespace pier {

class KafkaHandle;

// The answer to a request made while there is no connection (error name _STATE).
KafkaError notConnectedError();

class SessionWorker : public QObject {
  Q_OBJECT

 public:
  // How long one librdkafka request may take before the cluster counts as not answering.
  static constexpr int kRequestTimeoutMs = 5000;
  // How long each refresh waits for the brokers' log directories and racks (storage_reader.h);
  // a broker slower than that shows its storage as not known until the next refresh.
  static constexpr int kStorageTimeoutMs = 2000;

  SessionWorker();
  ~SessionWorker() override;

  void open(const ConnectionSettings& settings, quint64 generation);
  void close();
  void refresh();
  void setRefreshIntervalMs(int intervalMs);
  // Runs `request` with the handle, then refreshes the snapshot so its effect shows.
  void runAdmin(int requestId, const std::function<KafkaError(rd_kafka_s*, int timeoutMs)>& request);
  // Produces with a producer handle made on first use (and dropped with the connection).
  void runProduce(int requestId, const ProduceRequest& request);
  // A topic's configs, and changes to them, through pier::client (topic_configs.h).
  void runDescribeConfigs(int requestId, const QString& topic);
  void runAlterConfigs(int requestId, const QString& topic, const QList<TopicConfigChange>& changes);

 signals:
  void snapshotRead(quint64 generation, pier::ClusterSnapshotPtr snapshot);
  void refreshFailed(quint64 generation, pier::KafkaError error);
  void adminDone(quint64 generation, int requestId, pier::KafkaError error);
  void produceDone(quint64 generation, int requestId, pier::ProduceResult result);
  void configsRead(quint64 generation, int requestId, pier::TopicConfigs configs);
  void configsAltered(quint64 generation, int requestId, pier::KafkaError error);

 private:
  QTimer* timer();

  std::unique_ptr<KafkaHandle> m_handle;
  std::unique_ptr<KafkaHandle> m_producer;
  ConnectionSettings m_settings;
  quint64 m_generation = 0;
  int m_refreshIntervalMs = 5000;
  QTimer* m_timer = nullptr;  // created on first use, so on the worker thread
};

}  // namespace pier
