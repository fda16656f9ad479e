#pragma once
// readGroups: the consumer groups of a cluster through librdkafka's Admin API — ListConsumerGroups,
// DescribeConsumerGroups (members and their assignments) and ListConsumerGroupOffsets (one
// request per group) — with each committed partition's log end offset taken from `snapshot`
// (which the same refresh just read), so lag needs no request of its own.
//
// Thread: the session worker's. Blocks for up to (2 + groups) times `timeoutMs`.

#include "session/cluster_snapshot.h"
#include "session/kafka_error.h"

struct rd_kafka_s;

namespace pier {

struct GroupsResult {
  QList<GroupInfo> groups;  // sorted by group id
  KafkaError error;         // listing failed (the groups are then empty)
};

GroupsResult readGroups(rd_kafka_s* rk, const ClusterSnapshot& snapshot, int timeoutMs);

// DeleteGroups for one group (only an Empty group can be deleted).
KafkaError deleteGroup(rd_kafka_s* rk, const QString& groupId, int timeoutMs);

}  // namespace pier
