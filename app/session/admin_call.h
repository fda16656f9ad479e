#pragma once
// runAdminCall: one librdkafka Admin API request on a private queue, waited for: `send` issues
// it with the options and queue given, `read` turns the result event into the broker's error
// (empty name: success). The shared shape of every admin call the session makes.
//
// Thread: the caller's worker thread; blocks up to `timeoutMs` plus librdkafka's margin.

#include "session/snapshot_reader.h"

#include <librdkafka/rdkafka.h>

#include <functional>

namespace pier {

KafkaError runAdminCall(rd_kafka_t* rk, rd_kafka_admin_op_t op, int timeoutMs, bool validateOnly,
                        const std::function<void(rd_kafka_AdminOptions_t*, rd_kafka_queue_t*)>& send,
                        const std::function<KafkaError(rd_kafka_event_t*)>& read);

}  // namespace pier
