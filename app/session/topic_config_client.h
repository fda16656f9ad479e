#pragma once
// TopicConfigClient: what the config editor asks for a topic's configs and sends changes
// through. ClusterSession is the real one (the calls run on its worker thread); tests give the
// editor a fake. Every call returns a request id at once; the answer comes later by signal, with
// that id, on the GUI thread.
//
// Thread: GUI thread.

#include "session/kafka_error.h"
#include "session/topic_configs.h"

#include <QList>
#include <QObject>

namespace pier {

class TopicConfigClient : public QObject {
  Q_OBJECT

 public:
  using QObject::QObject;

  virtual int describeTopicConfigs(const QString& topic) = 0;
  // Sends exactly `changes` (IncrementalAlterConfigs): SET for values, DELETE for resets.
  virtual int alterTopicConfigs(const QString& topic,
                                const QList<pier::TopicConfigChange>& changes) = 0;

 signals:
  void topicConfigsRead(int requestId, pier::TopicConfigs configs);
  // Empty error name: the broker applied every change.
  void topicConfigsAltered(int requestId, pier::KafkaError error);
};

}  // namespace pier
