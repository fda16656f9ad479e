#pragma once
// ClusterSession: the console's connection to one cluster. It owns a worker thread (with the
// librdkafka client on it, see SessionWorker) that refreshes a ClusterSnapshot every
// refreshIntervalMs and runs admin requests; the GUI thread only ever receives finished results
// by queued signals, so no view waits on the network.
//
// State: Disconnected -> Connecting -> Online <-> Offline. Offline means the last refresh failed
// (lastError() says why, offlineSince() since when); the last good snapshot stays available so
// pages keep showing it, marked stale.
//
// Thread: GUI thread (the object and its signals). Ownership: owns the worker and its thread;
// the destructor closes the connection and joins the thread (at most one request timeout).

#include "session/admin_requests.h"
#include "session/cluster_snapshot.h"
#include "session/connection_settings.h"
#include "session/message_producer.h"
#include "session/snapshot_reader.h"
#include "session/topic_config_client.h"

#include <QDateTime>
#include <QThread>

#include <functional>

namespace pier {

class SessionWorker;

enum class SessionState { Disconnected, Connecting, Online, Offline };

class ClusterSession : public TopicConfigClient {
  Q_OBJECT

 public:
  static constexpr int kDefaultRefreshIntervalMs = 5000;

  explicit ClusterSession(QObject* parent = nullptr);
  ~ClusterSession() override;

  void connectTo(const ConnectionSettings& settings);
  void disconnectFromCluster();
  void refreshNow();
  void setRefreshIntervalMs(int intervalMs);
  int refreshIntervalMs() const { return m_refreshIntervalMs; }

  SessionState state() const { return m_state; }
  const ConnectionSettings& settings() const { return m_settings; }
  ClusterSnapshotPtr snapshot() const { return m_snapshot; }  // null before the first answer
  const KafkaError& lastError() const { return m_lastError; }
  QDateTime offlineSince() const { return m_offlineSince; }

  // Admin requests; each returns a request id that operationFinished() reports with the broker's
  // error (empty name: success). While disconnected the answer is an immediate _STATE error.
  int createTopic(const NewTopic& topic);
  int deleteTopic(const QString& name);
  int createPartitions(const QString& name, int totalCount);
  int deleteGroup(const QString& groupId);
  // Produces request.repeat copies of one message; produceFinished() reports where they went.
  int produce(const ProduceRequest& request);
  // TopicConfigClient: answered by topicConfigsRead() / topicConfigsAltered().
  int describeTopicConfigs(const QString& topic) override;
  int alterTopicConfigs(const QString& topic, const QList<TopicConfigChange>& changes) override;

 signals:
  void stateChanged(pier::SessionState state);
  void snapshotChanged(pier::ClusterSnapshotPtr snapshot);
  void operationFinished(int requestId, pier::KafkaError error);
  void produceFinished(int requestId, pier::ProduceResult result);

 private:
  void onSnapshotRead(quint64 generation, const ClusterSnapshotPtr& snapshot);
  void onRefreshFailed(quint64 generation, const KafkaError& error);
  void onAdminDone(quint64 generation, int requestId, const KafkaError& error);
  void onProduceDone(quint64 generation, int requestId, const ProduceResult& result);
  void onConfigsRead(quint64 generation, int requestId, const TopicConfigs& configs);
  void onConfigsAltered(quint64 generation, int requestId, const KafkaError& error);

  int startAdmin(std::function<KafkaError(struct rd_kafka_s*, int)> request);
  void setState(SessionState state);

  QThread m_thread;
  SessionWorker* m_worker = nullptr;  // lives on m_thread
  ConnectionSettings m_settings;
  quint64 m_generation = 0;
  int m_refreshIntervalMs = kDefaultRefreshIntervalMs;
  int m_nextRequestId = 1;
  SessionState m_state = SessionState::Disconnected;
  ClusterSnapshotPtr m_snapshot;
  KafkaError m_lastError;
  QDateTime m_offlineSince;
};

}  // namespace pier

Q_DECLARE_METATYPE(pier::SessionState)
