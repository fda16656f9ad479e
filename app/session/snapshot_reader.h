#pragma once
// readSnapshot: one round of questions to a cluster through librdkafka — Metadata for all topics,
// the cluster id, the controller, and the log start offset and high watermark of every partition
// (two batched ListOffsets rounds, earliest and latest) — folded into a ClusterSnapshot.
//
// Thread: the session worker's. Blocks for up to about three times `timeoutMs`.

#include "session/cluster_snapshot.h"
#include "session/kafka_error.h"

#include <QString>

struct rd_kafka_s;

namespace pier {

struct SnapshotResult {
  ClusterSnapshotPtr snapshot;  // null when `error` is set
  KafkaError error;
};

SnapshotResult readSnapshot(rd_kafka_s* rk, const QString& bootstrap, int timeoutMs);

}  // namespace pier
