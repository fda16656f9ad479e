#include "session/cluster_session.h"

#include "session/group_reader.h"
#include "session/session_worker.h"

#include <QTimer>

namespace pier {

ClusterSession::ClusterSession(QObject* parent) : TopicConfigClient(parent) {
  qRegisterMetaType<ClusterSnapshotPtr>();
  qRegisterMetaType<KafkaError>();
  qRegisterMetaType<SessionState>();
  qRegisterMetaType<ProduceResult>();
  qRegisterMetaType<TopicConfigs>();
  m_thread.setObjectName(QStringLiteral("pier-session"));
  m_worker = new SessionWorker;
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  connect(m_worker, &SessionWorker::snapshotRead, this, &ClusterSession::onSnapshotRead);
  connect(m_worker, &SessionWorker::refreshFailed, this, &ClusterSession::onRefreshFailed);
  connect(m_worker, &SessionWorker::adminDone, this, &ClusterSession::onAdminDone);
  connect(m_worker, &SessionWorker::produceDone, this, &ClusterSession::onProduceDone);
  connect(m_worker, &SessionWorker::configsRead, this, &ClusterSession::onConfigsRead);
  connect(m_worker, &SessionWorker::configsAltered, this, &ClusterSession::onConfigsAltered);
  m_thread.start();
}

ClusterSession::~ClusterSession() {
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->close(); });
  m_thread.quit();
  m_thread.wait();
}

void ClusterSession::connectTo(const ConnectionSettings& settings) {
  m_settings = settings;
  m_snapshot.reset();
  m_lastError = {};
  m_offlineSince = {};
  const quint64 generation = ++m_generation;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, settings, generation, ms = m_refreshIntervalMs] {
    w->setRefreshIntervalMs(ms);
    w->open(settings, generation);
  });
  setState(SessionState::Connecting);
  emit snapshotChanged(m_snapshot);
}

void ClusterSession::disconnectFromCluster() {
  ++m_generation;  // whatever the worker is still doing for the old connection is dropped
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->close(); });
  m_settings = {};
  m_snapshot.reset();
  m_lastError = {};
  m_offlineSince = {};
  setState(SessionState::Disconnected);
  emit snapshotChanged(m_snapshot);
}

void ClusterSession::refreshNow() {
  QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->refresh(); });
}

void ClusterSession::setRefreshIntervalMs(int intervalMs) {
  m_refreshIntervalMs = intervalMs;
  QMetaObject::invokeMethod(m_worker, [w = m_worker, intervalMs] { w->setRefreshIntervalMs(intervalMs); });
}

int ClusterSession::createTopic(const NewTopic& topic) {
  return startAdmin([topic](rd_kafka_s* rk, int timeoutMs) { return pier::createTopic(rk, topic, timeoutMs); });
}

int ClusterSession::deleteTopic(const QString& name) {
  return startAdmin([name](rd_kafka_s* rk, int timeoutMs) { return pier::deleteTopic(rk, name, timeoutMs); });
}

int ClusterSession::createPartitions(const QString& name, int totalCount) {
  return startAdmin([name, totalCount](rd_kafka_s* rk, int timeoutMs) {
    return pier::createPartitions(rk, name, totalCount, timeoutMs);
  });
}

int ClusterSession::deleteGroup(const QString& groupId) {
  return startAdmin([groupId](rd_kafka_s* rk, int timeoutMs) { return pier::deleteGroup(rk, groupId, timeoutMs); });
}

int ClusterSession::startAdmin(std::function<KafkaError(rd_kafka_s*, int)> request) {
  const int requestId = m_nextRequestId++;
  if (m_state == SessionState::Disconnected) {
    // Answered after the caller has the id, like every other answer.
    QTimer::singleShot(0, this, [this, requestId] { emit operationFinished(requestId, notConnectedError()); });
    return requestId;
  }
  QMetaObject::invokeMethod(m_worker, [w = m_worker, requestId, request = std::move(request)] {
    w->runAdmin(requestId, request);
  });
  return requestId;
}

int ClusterSession::produce(const ProduceRequest& request) {
  const int requestId = m_nextRequestId++;
  if (m_state == SessionState::Disconnected) {
    QTimer::singleShot(0, this, [this, requestId] { emit produceFinished(requestId, {notConnectedError(), 0, {}}); });
    return requestId;
  }
  QMetaObject::invokeMethod(m_worker, [w = m_worker, requestId, request] { w->runProduce(requestId, request); });
  return requestId;
}

int ClusterSession::describeTopicConfigs(const QString& topic) {
  const int requestId = m_nextRequestId++;
  if (m_state == SessionState::Disconnected) {
    QTimer::singleShot(0, this, [this, requestId, topic] {
      emit topicConfigsRead(requestId, {topic, notConnectedError(), {}});
    });
    return requestId;
  }
  QMetaObject::invokeMethod(m_worker, [w = m_worker, requestId, topic] { w->runDescribeConfigs(requestId, topic); });
  return requestId;
}

int ClusterSession::alterTopicConfigs(const QString& topic, const QList<TopicConfigChange>& changes) {
  const int requestId = m_nextRequestId++;
  if (m_state == SessionState::Disconnected) {
    QTimer::singleShot(0, this, [this, requestId] { emit topicConfigsAltered(requestId, notConnectedError()); });
    return requestId;
  }
  QMetaObject::invokeMethod(m_worker, [w = m_worker, requestId, topic, changes] {
    w->runAlterConfigs(requestId, topic, changes);
  });
  return requestId;
}

void ClusterSession::onConfigsRead(quint64 generation, int requestId, const TopicConfigs& configs) {
  if (generation == m_generation) {
    emit topicConfigsRead(requestId, configs);
  }
}

void ClusterSession::onConfigsAltered(quint64 generation, int requestId, const KafkaError& error) {
  if (generation == m_generation) {
    emit topicConfigsAltered(requestId, error);
  }
}

void ClusterSession::onSnapshotRead(quint64 generation, const ClusterSnapshotPtr& snapshot) {
  if (generation != m_generation) {
    return;
  }
  m_snapshot = snapshot;
  m_lastError = {};
  m_offlineSince = {};
  setState(SessionState::Online);
  emit snapshotChanged(m_snapshot);
}

void ClusterSession::onRefreshFailed(quint64 generation, const KafkaError& error) {
  if (generation != m_generation) {
    return;
  }
  m_lastError = error;
  if (m_state != SessionState::Offline) {
    m_offlineSince = QDateTime::currentDateTimeUtc();
  }
  setState(SessionState::Offline);
}

void ClusterSession::onAdminDone(quint64 generation, int requestId, const KafkaError& error) {
  if (generation != m_generation) {
    return;
  }
  emit operationFinished(requestId, error);
}

void ClusterSession::onProduceDone(quint64 generation, int requestId, const ProduceResult& result) {
  if (generation == m_generation) {
    emit produceFinished(requestId, result);
  }
}

void ClusterSession::setState(SessionState state) {
  const bool changed = state != m_state;
  m_state = state;
  // Offline is re-announced on every failed refresh: the error may have changed.
  if (changed || state == SessionState::Offline) {
    emit stateChanged(state);
  }
}

}  // namespace pier
