#pragma once
// MessageReader: the message browser's connection. Its own worker thread holds a librdkafka
// handle tuned for reading pages (small prefetch) and runs reads one after another; results come
// back to the GUI thread as signals. Separate from ClusterSession so that a slow page never
// delays the cluster refresh, nor the other way round.
//
// Thread: GUI thread (object and signals). Ownership: owns its thread and handle; the destructor
// joins the thread (at most one read timeout). Results of reads asked for before the last
// open()/close() are dropped.

#include "session/connection_settings.h"
#include "session/message_fetch.h"
#include "session/message_record.h"

#include <QMap>
#include <QObject>
#include <QThread>

#include <functional>

struct rd_kafka_s;

namespace pier {

class MessageReader : public QObject {
  Q_OBJECT

 public:
  static constexpr int kReadTimeoutMs = 5000;

  explicit MessageReader(QObject* parent = nullptr);
  ~MessageReader() override;

  void open(const ConnectionSettings& settings);
  void close();

  void readPage(const QString& topic, int partition, qint64 startOffset, qint64 endOffset);
  void resolveRanges(const QString& topic, const QList<int>& partitions, BrowseStart start, qint64 value);
  void readHighWatermarks(const QString& topic, const QList<int>& partitions);

 signals:
  void pageRead(const pier::MessagePage& page);
  void rangesResolved(const pier::RangesResult& result);
  void highWatermarksRead(const QString& topic, const QMap<int, qint64>& highWatermarks);

 private:
  // Runs `job` on the worker thread with the handle (null when open() failed or after close()).
  void post(std::function<void(rd_kafka_s*)> job);
  // Runs `deliver` on the GUI thread unless the connection changed meanwhile.
  void deliver(quint64 generation, std::function<void()> deliver);

  QThread m_thread;
  QObject* m_worker = nullptr;  // lives on m_thread; owns the handle
  quint64 m_generation = 0;
};

}  // namespace pier

Q_DECLARE_METATYPE(pier::RangesResult)
