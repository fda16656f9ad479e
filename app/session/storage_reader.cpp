#include "session/storage_reader.h"

#include "client/cluster_describe.h"
#include "client/kafka_error.h"
#include "session/admin_connection.h"

#include <QCoreApplication>

#include <memory>
#include <vector>

namespace pier {

namespace {

constexpr int16_t kDescribeLogDirsKey = 35;
constexpr int16_t kDescribeLogDirsNewest = 4;  // v4: the volume's total and usable bytes

QString textOf(const KafkaError& e) { return e.message.isEmpty() ? e.name : e.name + QStringLiteral(": ") + e.message; }

// One broker being asked: connect, ApiVersions, DescribeLogDirs (and, for the first broker that
// answers, the racks). Every step's callback starts the next; `finished` ends the wait.
struct BrokerAsk {
  int id = -1;
  QString hostPort;
  bool finished = false;
  BrokerStorage storage;
  std::unique_ptr<AdminConnection> conn;  // last: destroyed first, while the fields above live
};

class StorageRead {
 public:
  StorageRead(ClusterStorage& out, SocketNetwork& network) : m_out(out), m_network(network) {}

  void start(const BrokerInfo& broker) {
    auto ask = std::make_unique<BrokerAsk>();
    ask->id = broker.id;
    // Endpoint's own text: an IPv6 host gets its brackets.
    ask->hostPort = QString::fromStdString(
        Endpoint{broker.host.toStdString(), static_cast<uint16_t>(broker.port)}.toString());
    ask->conn = std::make_unique<AdminConnection>(m_network);
    BrokerAsk* a = ask.get();
    m_asks.push_back(std::move(ask));
    a->conn->connect(a->hostPort, [this, a](const KafkaError& e) {
      if (!e.name.isEmpty()) {
        return fail(*a, e);
      }
      client::apiVersions(a->conn->client(), [this, a](Result<std::vector<client::ApiVersionRange>> served) {
        if (!served) {
          return fail(*a, requestErrorOf(served.status()));
        }
        askLogDirs(*a, *served);
        if (!m_racksAsked) {
          m_racksAsked = true;
          askRacks(*a);
        }
      });
    });
  }

  bool allDone() const {
    for (const auto& a : m_asks) {
      if (!a->finished) {
        return false;
      }
    }
    return !m_racksAsked || m_racksDone;
  }

  // Brokers that did not answer in time get `why`.
  void finish(const KafkaError& why) {
    for (auto& a : m_asks) {
      if (!a->finished) {
        a->storage.error = textOf(why);
      }
      m_out.brokers.insert(a->id, a->storage);
    }
  }

 private:
  void fail(BrokerAsk& a, const KafkaError& e) {
    if (!a.finished) {
      a.storage.error = textOf(e);
      a.finished = true;
    }
  }

  void askLogDirs(BrokerAsk& a, const std::vector<client::ApiVersionRange>& served) {
    const auto version = client::commonVersion(served, kDescribeLogDirsKey, kDescribeLogDirsNewest);
    if (!version) {
      return fail(a, {QStringLiteral("_UNSUPPORTED_FEATURE"),
                      QCoreApplication::translate("pier::StorageReader",
                                                  "The broker does not serve DescribeLogDirs.")});
    }
    client::describeLogDirs(a.conn->client(), *version, [this, &a](Result<std::vector<client::LogDirInfo>> dirs) {
      if (!dirs) {
        return fail(a, requestErrorOf(dirs.status()));
      }
      for (const client::LogDirInfo& d : *dirs) {
        LogDirUsage usage{QString::fromStdString(d.path),
                          d.errorCode == 0 ? QString() : kafkaErrorOf(d.errorCode).name,
                          0, 0, d.totalBytes, d.usableBytes};
        for (const client::ReplicaSize& r : d.replicas) {
          if (r.future) {
            continue;  // a copy being moved in: the current replica is counted where it is
          }
          usage.replicaBytes += r.sizeBytes;
          ++usage.replicas;
          m_out.replicaBytes.insert({QString::fromStdString(r.topic), r.partition, a.id}, r.sizeBytes);
        }
        a.storage.logDirs.append(usage);
      }
      a.finished = true;
    });
  }

  void askRacks(BrokerAsk& a) {
    client::describeBrokers(a.conn->client(), [this](Result<std::vector<client::BrokerNode>> nodes) {
      m_racksDone = true;
      if (!nodes) {
        return;  // racks stay unknown; the log dirs tell their own errors
      }
      for (const client::BrokerNode& n : *nodes) {
        if (n.rack && !n.rack->empty()) {
          m_out.racks.insert(n.id, QString::fromStdString(*n.rack));
        }
      }
    });
  }

  ClusterStorage& m_out;
  SocketNetwork& m_network;
  bool m_racksAsked = false;
  bool m_racksDone = false;
  // Last: destroyed first, so callbacks a closing connection still runs find the rest alive.
  std::vector<std::unique_ptr<BrokerAsk>> m_asks;
};

}  // namespace

ClusterStorage readClusterStorage(const ConnectionSettings& settings, const QList<BrokerInfo>& brokers,
                                  int timeoutMs) {
  ClusterStorage out;
  if (KafkaError refused = requirePlaintext(
          settings, QCoreApplication::translate("pier::StorageReader", "Reading log directories"));
      !refused.name.isEmpty()) {
    out.error = textOf(refused);
    return out;
  }
  SocketNetwork network;  // first: destroyed last, after the connections
  StorageRead read(out, network);
  for (const BrokerInfo& b : brokers) {
    read.start(b);
  }
  Status waited = network.runUntil([&read] { return read.allDone(); }, timeoutMs);
  read.finish(waited ? KafkaError{} : requestErrorOf(waited));
  return out;
}

void foldStorage(ClusterSnapshot& snapshot, const ClusterStorage& storage) {
  for (BrokerInfo& b : snapshot.brokers) {
    if (const auto rack = storage.racks.constFind(b.id); rack != storage.racks.cend()) {
      b.rack = *rack;
    }
    if (const auto s = storage.brokers.constFind(b.id); s != storage.brokers.cend()) {
      b.logDirs = s->logDirs;
      b.storageError = s->error;
    } else {
      b.storageError = storage.error;
    }
  }
  for (TopicInfo& t : snapshot.topics) {
    for (PartitionInfo& p : t.partitions) {
      const int holder = p.leader >= 0 ? p.leader : (p.replicas.isEmpty() ? -1 : p.replicas.first());
      p.sizeBytes = storage.replicaBytes.value({t.name, p.id, holder}, -1);
    }
  }
}

}  // namespace pier
