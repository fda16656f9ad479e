#pragma once
// KafkaHandle: one librdkafka client (rd_kafka_t) configured from ConnectionSettings. The
// session worker uses a consumer-type handle without a group for metadata, offsets, admin
// requests and reading messages, and a producer-type one (delivery reports to
// produceMessages) for producing. rd_kafka_destroy runs in the destructor.
//
// Thread: created, used and destroyed on the session's worker thread (librdkafka's own threads
// are internal to it). Requires: librdkafka calls made through it may block up to their timeout.

#include "session/connection_settings.h"

#include <QString>

#include <memory>

struct rd_kafka_s;

namespace pier {

class KafkaHandle {
 public:
  enum class Kind { Consumer, Producer };

  // A handle, or nullptr with `error` set to a message naming the bad property and value.
  static std::unique_ptr<KafkaHandle> create(const ConnectionSettings& settings, QString* error,
                                             Kind kind = Kind::Consumer);
  ~KafkaHandle();
  KafkaHandle(const KafkaHandle&) = delete;
  KafkaHandle& operator=(const KafkaHandle&) = delete;

  rd_kafka_s* get() const { return m_rk; }

 private:
  explicit KafkaHandle(rd_kafka_s* rk) : m_rk(rk) {}
  rd_kafka_s* m_rk;
};

}  // namespace pier
