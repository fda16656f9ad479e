#pragma once
// readClusterStorage: what librdkafka 2.0 cannot tell the console about a cluster, asked through
// pier::client: every broker's log directories with the size of each replica (DescribeLogDirs,
// at the newest version both sides speak after ApiVersions) and the brokers' racks (Metadata v1).
// Every broker is asked at once over one SocketNetwork; the whole read takes at most
// `timeoutMs`, and a broker that does not answer in time only misses its own figures.
// foldStorage puts the answers into a snapshot: racks and log dirs on the brokers, and each
// partition's size (its leader's replica).
//
// Thread: the session worker's (readClusterStorage blocks); foldStorage is a pure function.

#include "session/cluster_snapshot.h"
#include "session/connection_settings.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>

#include <tuple>

namespace pier {

struct ReplicaKey {
  QString topic;
  int partition = -1;
  int broker = -1;

  friend bool operator==(const ReplicaKey&, const ReplicaKey&) = default;
  friend size_t qHash(const ReplicaKey& k, size_t seed = 0) { return qHashMulti(seed, k.topic, k.partition, k.broker); }
};

struct BrokerStorage {
  QList<LogDirUsage> logDirs;
  QString error;  // "NAME: message" when the directories could not be read
};

struct ClusterStorage {
  QString error;                    // why nothing was read (e.g. not a plaintext connection)
  QMap<int, QString> racks;         // broker id -> rack, for brokers that have one
  QMap<int, BrokerStorage> brokers;  // by broker id, for every broker asked
  QHash<ReplicaKey, qint64> replicaBytes;  // current replicas only (not future ones being moved)
};

ClusterStorage readClusterStorage(const ConnectionSettings& settings, const QList<BrokerInfo>& brokers,
                                  int timeoutMs);

void foldStorage(ClusterSnapshot& snapshot, const ClusterStorage& storage);

}  // namespace pier
