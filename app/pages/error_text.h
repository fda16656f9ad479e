#pragma once
// The console's words for errors from the cluster: librdkafka/Kafka error names (TOPIC_ALREADY_
// EXISTS, _TRANSPORT, ...) stay visible as they are, followed by the broker's message and a
// translated hint on what to do.
//
// Thread: any (pure functions over strings).

#include "session/snapshot_reader.h"

#include <QCoreApplication>
#include <QString>

namespace pier {

class ErrorText {
  Q_DECLARE_TR_FUNCTIONS(ErrorText)

 public:
  // A hint for the error named `name`, or an empty string when there is none.
  static QString hint(const QString& name);
  // "<what failed>: NAME: message. Hint" in one line.
  static QString describe(const QString& whatFailed, const KafkaError& error);
};

}  // namespace pier
