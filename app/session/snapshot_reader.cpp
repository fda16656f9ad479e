#include "session/snapshot_reader.h"

#include "session/group_reader.h"
#include "session/list_offsets.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>

namespace pier {

namespace {

QList<int> toList(const int32_t* ids, int count) {
  QList<int> out;
  out.reserve(count);
  for (int i = 0; i < count; ++i) {
    out.append(ids[i]);
  }
  return out;
}

TopicInfo topicFrom(const rd_kafka_metadata_topic_t& mt) {
  TopicInfo topic;
  topic.name = QString::fromUtf8(mt.topic);
  topic.internal = topic.name.startsWith(u"__");
  if (mt.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    topic.error = QString::fromUtf8(rd_kafka_err2name(mt.err));
  }
  for (int i = 0; i < mt.partition_cnt; ++i) {
    const rd_kafka_metadata_partition_t& mp = mt.partitions[i];
    PartitionInfo p;
    p.id = mp.id;
    p.leader = mp.leader;
    p.replicas = toList(mp.replicas, mp.replica_cnt);
    p.isr = toList(mp.isrs, mp.isr_cnt);
    if (mp.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      p.error = QString::fromUtf8(rd_kafka_err2name(mp.err));
    }
    topic.partitions.append(p);
  }
  std::sort(topic.partitions.begin(), topic.partitions.end(),
            [](const PartitionInfo& a, const PartitionInfo& b) { return a.id < b.id; });
  return topic;
}

}  // namespace

SnapshotResult readSnapshot(rd_kafka_t* rk, const QString& bootstrap, int timeoutMs) {
  const rd_kafka_metadata_t* md = nullptr;
  if (const auto err = rd_kafka_metadata(rk, 1, nullptr, &md, timeoutMs);
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {nullptr, kafkaErrorOf(err)};
  }
  auto snapshot = std::make_shared<ClusterSnapshot>();
  snapshot->bootstrap = bootstrap;
  for (int i = 0; i < md->broker_cnt; ++i) {
    snapshot->brokers.append(
        {md->brokers[i].id, QString::fromUtf8(md->brokers[i].host), md->brokers[i].port, {}, {}, {}});
  }
  for (int i = 0; i < md->topic_cnt; ++i) {
    snapshot->topics.append(topicFrom(md->topics[i]));
  }
  rd_kafka_metadata_destroy(md);
  std::sort(snapshot->brokers.begin(), snapshot->brokers.end(),
            [](const BrokerInfo& a, const BrokerInfo& b) { return a.id < b.id; });
  std::sort(snapshot->topics.begin(), snapshot->topics.end(),
            [](const TopicInfo& a, const TopicInfo& b) { return a.name < b.name; });

  // The Metadata answer above carried both; these calls return librdkafka's cached copies.
  if (char* id = rd_kafka_clusterid(rk, 0)) {
    snapshot->clusterId = QString::fromUtf8(id);
    rd_kafka_mem_free(rk, id);
  }
  snapshot->controllerId = rd_kafka_controllerid(rk, 0);

  // Offsets of partitions without a leader cannot be asked for; they stay unknown (-1), as do
  // those of a failed round: the metadata is still worth showing.
  QList<TopicPartitionKey> online;
  for (const TopicInfo& t : snapshot->topics) {
    for (const PartitionInfo& p : t.partitions) {
      if (!p.offline()) {
        online.append({t.name, p.id});
      }
    }
  }
  const auto starts = listOffsets(rk, online, kEarliestOffset, timeoutMs);
  const auto ends = listOffsets(rk, online, kLatestOffset, timeoutMs);
  for (TopicInfo& t : snapshot->topics) {
    for (PartitionInfo& p : t.partitions) {
      p.logStartOffset = starts.value({t.name, p.id}, -1);
      p.highWatermark = ends.value({t.name, p.id}, -1);
    }
  }
  GroupsResult groups = readGroups(rk, *snapshot, timeoutMs);
  snapshot->groups = std::move(groups.groups);
  snapshot->groupsError = groups.error.name;
  snapshot->takenAt = QDateTime::currentDateTimeUtc();
  return {snapshot, {}};
}

}  // namespace pier
