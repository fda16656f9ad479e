#include "session/message_reader.h"

#include "session/kafka_handle.h"

#include <memory>

namespace pier {

namespace {

// Holds the handle on the worker thread; destroyed there when the thread finishes.
class ReaderWorker : public QObject {
 public:
  std::unique_ptr<KafkaHandle> handle;
  QString openError;
};

// The browser reads a page at a time: keep librdkafka from prefetching far beyond it.
const QList<QPair<QString, QString>> kReaderProperties = {
    {QStringLiteral("client.id"), QStringLiteral("pier-console-browser")},
    {QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("4096")},
    {QStringLiteral("fetch.wait.max.ms"), QStringLiteral("100")},
};

}  // namespace

MessageReader::MessageReader(QObject* parent) : QObject(parent) {
  qRegisterMetaType<MessagePage>();
  qRegisterMetaType<RangesResult>();
  m_thread.setObjectName(QStringLiteral("pier-browser"));
  m_worker = new ReaderWorker;
  m_worker->moveToThread(&m_thread);
  connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
  m_thread.start();
}

MessageReader::~MessageReader() {
  close();
  m_thread.quit();
  m_thread.wait();
}

void MessageReader::open(const ConnectionSettings& settings) {
  ++m_generation;
  ConnectionSettings tuned = settings;
  tuned.properties = kReaderProperties + settings.properties;  // the user's own values win
  QMetaObject::invokeMethod(m_worker, [w = static_cast<ReaderWorker*>(m_worker), tuned] {
    w->handle.reset();
    w->handle = KafkaHandle::create(tuned, &w->openError);
  });
}

void MessageReader::close() {
  ++m_generation;
  QMetaObject::invokeMethod(m_worker, [w = static_cast<ReaderWorker*>(m_worker)] { w->handle.reset(); });
}

void MessageReader::post(std::function<void(rd_kafka_s*)> job) {
  QMetaObject::invokeMethod(m_worker, [w = static_cast<ReaderWorker*>(m_worker), job = std::move(job)] {
    job(w->handle ? w->handle->get() : nullptr);
  });
}

void MessageReader::deliver(quint64 generation, std::function<void()> deliverOnGuiThread) {
  QMetaObject::invokeMethod(this, [this, generation, d = std::move(deliverOnGuiThread)] {
    if (generation == m_generation) {
      d();
    }
  });
}

void MessageReader::readPage(const QString& topic, int partition, qint64 startOffset, qint64 endOffset) {
  post([this, g = m_generation, topic, partition, startOffset, endOffset](rd_kafka_s* rk) {
    MessagePage page{topic, partition, startOffset, endOffset, {}, QStringLiteral("_STATE"), {}};
    if (rk != nullptr) {
      page = pier::readPage(rk, topic, partition, startOffset, endOffset, kReadTimeoutMs);
    }
    deliver(g, [this, page] { emit pageRead(page); });
  });
}

void MessageReader::resolveRanges(const QString& topic, const QList<int>& partitions, BrowseStart start,
                                  qint64 value) {
  post([this, g = m_generation, topic, partitions, start, value](rd_kafka_s* rk) {
    RangesResult result{{}, {QStringLiteral("_STATE"), {}}};
    if (rk != nullptr) {
      result = pier::resolveRanges(rk, topic, partitions, start, value, kReadTimeoutMs);
    }
    deliver(g, [this, result] { emit rangesResolved(result); });
  });
}

void MessageReader::readHighWatermarks(const QString& topic, const QList<int>& partitions) {
  post([this, g = m_generation, topic, partitions](rd_kafka_s* rk) {
    QMap<int, qint64> highWatermarks;
    if (rk != nullptr) {
      highWatermarks = pier::readHighWatermarks(rk, topic, partitions, kReadTimeoutMs);
    }
    deliver(g, [this, topic, highWatermarks] { emit highWatermarksRead(topic, highWatermarks); });
  });
}

}  // namespace pier
