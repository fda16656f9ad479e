#include "session/session_worker.h"

#include "session/kafka_handle.h"
#include "session/storage_reader.h"

#include <QCoreApplication>
#include <QTimer>

namespace pier {

KafkaError notConnectedError() {
  return {QStringLiteral("_STATE"), QCoreApplication::translate("pier::ClusterSession", "Not connected to a cluster.")};
}

SessionWorker::SessionWorker() = default;
SessionWorker::~SessionWorker() = default;

QTimer* SessionWorker::timer() {
  if (m_timer == nullptr) {
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, &SessionWorker::refresh);
  }
  return m_timer;
}

void SessionWorker::open(const ConnectionSettings& settings, quint64 generation) {
  close();
  m_generation = generation;
  m_settings = settings;
  QString why;
  m_handle = KafkaHandle::create(settings, &why);
  if (!m_handle) {
    emit refreshFailed(generation, {QStringLiteral("_INVALID_ARG"), why});
    return;
  }
  refresh();
  timer()->start(m_refreshIntervalMs);
}

void SessionWorker::close() {
  if (m_timer != nullptr) {
    m_timer->stop();
  }
  m_producer.reset();
  m_handle.reset();
}

void SessionWorker::refresh() {
  if (!m_handle) {
    return;
  }
  SnapshotResult result = readSnapshot(m_handle->get(), m_settings.bootstrap, kRequestTimeoutMs);
  if (result.snapshot) {
    auto withStorage = std::make_shared<ClusterSnapshot>(*result.snapshot);
    foldStorage(*withStorage,
                readClusterStorage(m_settings, withStorage->brokers, kStorageTimeoutMs));
    emit snapshotRead(m_generation, std::move(withStorage));
  } else {
    emit refreshFailed(m_generation, result.error);
  }
}

void SessionWorker::setRefreshIntervalMs(int intervalMs) {
  m_refreshIntervalMs = intervalMs;
  if (m_timer != nullptr && m_timer->isActive()) {
    m_timer->start(intervalMs);
  }
}

void SessionWorker::runAdmin(int requestId,
                             const std::function<KafkaError(rd_kafka_s*, int timeoutMs)>& request) {
  if (!m_handle) {
    emit adminDone(m_generation, requestId, notConnectedError());
    return;
  }
  emit adminDone(m_generation, requestId, request(m_handle->get(), kRequestTimeoutMs));
  refresh();
}

}  // namespace pier

namespace pier {

void SessionWorker::runProduce(int requestId, const ProduceRequest& request) {
  if (!m_handle) {
    emit produceDone(m_generation, requestId, {notConnectedError(), 0, {}});
    return;
  }
  if (!m_producer) {
    QString why;
    m_producer = KafkaHandle::create(m_settings, &why, KafkaHandle::Kind::Producer);
    if (!m_producer) {
      emit produceDone(m_generation, requestId, {{QStringLiteral("_INVALID_ARG"), why}, 0, {}});
      return;
    }
  }
  emit produceDone(m_generation, requestId, produceMessages(m_producer->get(), request, kRequestTimeoutMs * 2));
  refresh();
}

}  // namespace pier

namespace pier {

void SessionWorker::runDescribeConfigs(int requestId, const QString& topic) {
  if (!m_handle) {
    emit configsRead(m_generation, requestId, {topic, notConnectedError(), {}});
    return;
  }
  emit configsRead(m_generation, requestId, readTopicConfigs(m_settings, topic, kRequestTimeoutMs));
}

void SessionWorker::runAlterConfigs(int requestId, const QString& topic, const QList<TopicConfigChange>& changes) {
  if (!m_handle) {
    emit configsAltered(m_generation, requestId, notConnectedError());
    return;
  }
  emit configsAltered(m_generation, requestId, alterTopicConfigs(m_settings, topic, changes, kRequestTimeoutMs));
}

}  // namespace pier
