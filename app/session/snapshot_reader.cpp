#include "session/snapshot_reader.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>

namespace pier {

namespace {

KafkaError errorOf(rd_kafka_resp_err_t err) {
  return {QString::fromUtf8(rd_kafka_err2name(err)), QString::fromUtf8(rd_kafka_err2str(err))};
}

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

using PartitionList =
    std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)>;

// ListOffsets for every partition with the special timestamp `which` (-2 earliest, -1 latest);
// `store` receives each answered partition's offset. Partitions that failed keep -1.
template <typename Store>
void listOffsets(rd_kafka_t* rk, const QList<TopicInfo>& topics, int64_t which, int timeoutMs,
                 Store store) {
  PartitionList list(rd_kafka_topic_partition_list_new(1), &rd_kafka_topic_partition_list_destroy);
  QList<QByteArray> names;  // keeps the UTF-8 names alive while the list is built
  for (const TopicInfo& t : topics) {
    names.append(t.name.toUtf8());
    for (const PartitionInfo& p : t.partitions) {
      if (!p.offline()) {
        rd_kafka_topic_partition_list_add(list.get(), names.last().constData(), p.id)->offset = which;
      }
    }
  }
  if (list->cnt == 0 || rd_kafka_offsets_for_times(rk, list.get(), timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return;  // offsets stay unknown; the metadata is still worth showing
  }
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    if (tp.err == RD_KAFKA_RESP_ERR_NO_ERROR && tp.offset >= 0) {
      store(QString::fromUtf8(tp.topic), tp.partition, tp.offset);
    }
  }
}

PartitionInfo* findPartition(ClusterSnapshot& snapshot, const QString& topic, int partition) {
  const TopicInfo* t = snapshot.findTopic(topic);
  if (t == nullptr) {
    return nullptr;
  }
  auto& partitions = snapshot.topics[static_cast<qsizetype>(t - snapshot.topics.constData())].partitions;
  const auto it = std::find_if(partitions.begin(), partitions.end(),
                               [&](const PartitionInfo& p) { return p.id == partition; });
  return it == partitions.end() ? nullptr : &*it;
}

}  // namespace

SnapshotResult readSnapshot(rd_kafka_t* rk, const QString& bootstrap, int timeoutMs) {
  const rd_kafka_metadata_t* md = nullptr;
  if (const auto err = rd_kafka_metadata(rk, 1, nullptr, &md, timeoutMs);
      err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return {nullptr, errorOf(err)};
  }
  auto snapshot = std::make_shared<ClusterSnapshot>();
  snapshot->bootstrap = bootstrap;
  for (int i = 0; i < md->broker_cnt; ++i) {
    snapshot->brokers.append(
        {md->brokers[i].id, QString::fromUtf8(md->brokers[i].host), md->brokers[i].port, {}});
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

  listOffsets(rk, snapshot->topics, RD_KAFKA_OFFSET_BEGINNING, timeoutMs,
              [&](const QString& topic, int partition, qint64 offset) {
                if (PartitionInfo* p = findPartition(*snapshot, topic, partition)) {
                  p->logStartOffset = offset;
                }
              });
  listOffsets(rk, snapshot->topics, RD_KAFKA_OFFSET_END, timeoutMs,
              [&](const QString& topic, int partition, qint64 offset) {
                if (PartitionInfo* p = findPartition(*snapshot, topic, partition)) {
                  p->highWatermark = offset;
                }
              });
  snapshot->takenAt = QDateTime::currentDateTimeUtc();
  return {snapshot, {}};
}

}  // namespace pier
