// Leader epochs (KIP-320) against a Broker in this process on loopback, with the generated
// codecs. The broker adopts a partition folder led in epochs 2 (offsets 0-2), 4 (3-4) and 7 (5),
// as Apache Kafka leaves one after two leader changes, so its current leader epoch is 7:
// Metadata says so, produce stamps it, OffsetForLeaderEpoch answers every kind of epoch from the
// history (older than the first, recorded, unrecorded between two, the current one: the log end
// offset, newer than any), and Fetch, ListOffsets and OffsetForLeaderEpoch answer an older
// CurrentLeaderEpoch FENCED_LEADER_EPOCH and a newer one UNKNOWN_LEADER_EPOCH, per partition, -1
// checking nothing. Fetch v12+ answers a LastFetchedEpoch whose log diverged with DivergingEpoch,
// v16 a fenced partition with its current leader and this broker's endpoint; a fetch session
// keeps the epochs its fetcher sent. A new partition is in epoch 0 from its first offset.

#include <QtTest>

#include "broker/broker.h"
#include "leader_epoch_history.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/list_offsets_request.h"
#include "protocol/kafka/generated/list_offsets_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"
#include "protocol/kafka/generated/offset_for_leader_epoch_request.h"
#include "protocol/kafka/generated/offset_for_leader_epoch_response.h"
#include "protocol/kafka_request.h"
#include "protocol/records/batch_header.h"
#include "raw_kafka_client.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_network.h"
#include "protocol/kafka_error_codes.h"
#include "runtime/memory_file_system.h"
#include "storage/atomic_file.h"

using namespace pier;
using namespace pier::protocol::kafka;
using pier::brokertest::RawClient;

namespace {

using kafka_error::kFencedLeaderEpoch;
using kafka_error::kOffsetOutOfRange;
using kafka_error::kUnknownLeaderEpoch;
using kafka_error::kUnknownTopicOrPartition;
constexpr int32_t kBrokerId = 3;
constexpr int32_t kCurrentEpoch = 7;
constexpr int64_t kLogEndOffset = 6;
const char* const kTopicIdBase64 = "AAAAAAAAAAAAAAAAAAAAAQ";  // 15 zero bytes, then 0x01

Uuid historyTopicId() {
  Uuid id;
  id.bytes[15] = 0x01;
  return id;
}

OffsetForLeaderEpochRequest epochRequest(const std::string& topic, int32_t leaderEpoch, int32_t currentLeaderEpoch = -1,
                                         int32_t partition = 0) {
  OffsetForLeaderEpochRequest r;
  r.replicaId = NodeId(-1);
  auto& t = r.topics.emplace_back();
  t.topic = topic;
  auto& p = t.partitions.emplace_back();
  p.partition = partition;
  p.currentLeaderEpoch = currentLeaderEpoch;
  p.leaderEpoch = leaderEpoch;
  return r;
}

FetchRequest fetchRequest(const std::string& topic, int64_t fetchOffset, int32_t currentLeaderEpoch,
                          int32_t lastFetchedEpoch = -1, int32_t maxWaitMs = 0) {
  FetchRequest f;
  f.maxWaitMs = maxWaitMs;
  f.minBytes = 1;
  f.maxBytes = 1 << 20;
  f.sessionEpoch = -1;
  auto& t = f.topics.emplace_back();
  t.topic = topic;
  t.topicId = historyTopicId();
  auto& p = t.partitions.emplace_back();
  p.fetchOffset = fetchOffset;
  p.partitionMaxBytes = 1 << 20;
  p.currentLeaderEpoch = currentLeaderEpoch;
  p.lastFetchedEpoch = lastFetchedEpoch;
  return f;
}

ListOffsetsRequest listOffsets(const std::string& topic, int64_t timestamp, int32_t currentLeaderEpoch) {
  ListOffsetsRequest r;
  r.replicaId = NodeId(-1);
  auto& t = r.topics.emplace_back();
  t.name = topic;
  auto& p = t.partitions.emplace_back();
  p.timestamp = timestamp;
  p.currentLeaderEpoch = currentLeaderEpoch;
  return r;
}

// Each v2 batch in `records`: its base offset and partitionLeaderEpoch.
std::vector<std::pair<int64_t, int32_t>> batchEpochs(const std::vector<uint8_t>& records) {
  std::vector<std::pair<int64_t, int32_t>> out;
  std::span<const uint8_t> rest(records);
  while (rest.size() >= protocol::records::kBatchHeaderBytes) {
    auto header = protocol::records::decodeBatchHeader(rest);
    if (!header || header->sizeBytes() > rest.size()) break;
    out.emplace_back(header->baseOffset.value(), header->partitionLeaderEpoch.value());
    rest = rest.subspan(header->sizeBytes());
  }
  return out;
}

class Harness {
 public:
  Harness() : net(loop) {
    brokertest::writeEpochHistory(fs, "/logs", TopicPartition{"history", PartitionIndex(0)}, {{2, 3}, {4, 2}, {7, 1}},
                                  kTopicIdBase64);
    broker::BrokerConfig config;
    config.brokerId = NodeId(kBrokerId);
    config.listeners = {broker::ListenerConfig{"PLAINTEXT", "127.0.0.1", 0}};
    config.logDirs = {"/logs"};
    broker = std::make_unique<broker::Broker>(loop, net, fs, config, 1);
    if (!broker->start().isOk()) qFatal("start");
    client.connect(net, broker->boundEndpoints().front(), loop);
    metadataEpoch("fresh");  // auto-creates it, empty
  }
  ~Harness() { (void)broker->shutdown(); }

  template <typename Response, typename Request>
  std::optional<Response> call(int16_t version, const Request& request) {
    return brokertest::call<Response>(client, loop, version, request);
  }
  // The one partition answered to an OffsetForLeaderEpoch request of one partition.
  OffsetForLeaderEpochResponse::EpochEndOffset endOffset(const OffsetForLeaderEpochRequest& request,
                                                         int16_t version = 4) {
    auto resp = call<OffsetForLeaderEpochResponse>(version, request);
    if (!resp || resp->topics.size() != 1 || resp->topics[0].partitions.size() != 1) qFatal("OffsetForLeaderEpoch");
    return resp->topics[0].partitions[0];
  }
  FetchResponse::PartitionData fetchOne(const FetchRequest& request, int16_t version) {
    auto resp = call<FetchResponse>(version, request);
    if (!resp || resp->responses.size() != 1 || resp->responses[0].partitions.size() != 1) qFatal("Fetch");
    return resp->responses[0].partitions[0];
  }
  ListOffsetsResponse::ListOffsetsPartitionResponse listOne(const ListOffsetsRequest& request, int16_t version) {
    auto resp = call<ListOffsetsResponse>(version, request);
    if (!resp || resp->topics.size() != 1 || resp->topics[0].partitions.size() != 1) qFatal("ListOffsets");
    return resp->topics[0].partitions[0];
  }
  int32_t metadataEpoch(const std::string& topic) {
    MetadataRequest metadata;
    metadata.topics.emplace();
    metadata.topics->emplace_back().name = topic;
    metadata.allowAutoTopicCreation = true;
    auto resp = call<MetadataResponse>(12, metadata);
    if (!resp || resp->topics.size() != 1 || resp->topics[0].partitions.size() != 1) qFatal("Metadata");
    return resp->topics[0].partitions[0].leaderEpoch;
  }
  void produce(const std::string& topic) {
    client.send(9, brokertest::produceTo(topic));
    if (!client.waitFor(loop, client.sent)) qFatal("produce");
  }

  AsioLoop loop;
  AsioNetwork net;
  MemoryFileSystem fs;
  std::unique_ptr<broker::Broker> broker;
  RawClient client;
};

}  // namespace

class TestBrokerLeaderEpochs : public QObject {
  Q_OBJECT

 private slots:
  void offsetForLeaderEpochIsAdvertised() {
    Harness h;
    auto resp = h.call<ApiVersionsResponse>(3, ApiVersionsRequest{});
    QVERIFY(resp);
    bool found = false;
    for (const auto& api : resp->apiKeys) {
      if (api.apiKey != 23) continue;
      found = true;
      QCOMPARE(api.minVersion, int16_t(0));
      QCOMPARE(api.maxVersion, int16_t(4));
    }
    QVERIFY(found);
  }

  void theStoredPartitionStateKeepsTheEpoch() {
    // What zkCli.sh get /brokers/topics/history/partitions/0/state would show.
    Harness h;
    QVERIFY(h.broker->shutdown().isOk());  // persists the store
    auto stored = storage::readSmallFile(h.fs, "/logs/pier-metadata.json");
    QVERIFY(stored.isOk() && stored->has_value());
    const QString text = QString::fromStdString(**stored);
    // Node data is kept in hex there.
    QVERIFY(text.contains(QByteArray(R"("leader_epoch":7)").toHex()));  // the adopted log's
    QVERIFY(text.contains(QByteArray(R"("leader_epoch":0)").toHex()));  // "fresh"
  }

  void metadataAndProduceUseTheCurrentEpoch() {
    Harness h;
    QCOMPARE(h.metadataEpoch("history"), kCurrentEpoch);
    QCOMPARE(h.metadataEpoch("fresh"), 0);  // a new partition: epoch 0

    // A produced batch is stamped with the epoch Metadata reports, and extends that epoch.
    h.produce("history");
    h.produce("fresh");
    auto history = h.fetchOne(fetchRequest("history", 0, -1), 12);
    QCOMPARE(batchEpochs(*history.records),
             (std::vector<std::pair<int64_t, int32_t>>{{0, 2}, {1, 2}, {2, 2}, {3, 4}, {4, 4}, {5, 7}, {6, 7}}));
    QCOMPARE(h.endOffset(epochRequest("history", kCurrentEpoch)).endOffset, kLogEndOffset + 1);
    QCOMPARE(h.metadataEpoch("history"), kCurrentEpoch);
    auto fresh = h.fetchOne(fetchRequest("fresh", 0, 0), 12);
    QCOMPARE(fresh.errorCode, int16_t(0));
    QCOMPARE(batchEpochs(*fresh.records), (std::vector<std::pair<int64_t, int32_t>>{{0, 0}}));
  }

  void offsetForLeaderEpochAnswers_data() {
    QTest::addColumn<int32_t>("leaderEpoch");
    QTest::addColumn<int32_t>("currentLeaderEpoch");
    QTest::addColumn<int16_t>("error");
    QTest::addColumn<int32_t>("epoch");
    QTest::addColumn<int64_t>("endOffset");
    QTest::newRow("older than the first epoch: itself, ending at the first start") << 1 << -1 << int16_t(0) << 1
                                                                                  << int64_t(0);
    QTest::newRow("the first epoch: ends where epoch 4 starts") << 2 << -1 << int16_t(0) << 2 << int64_t(3);
    QTest::newRow("unknown epoch between two: the one below it") << 3 << -1 << int16_t(0) << 2 << int64_t(3);
    QTest::newRow("a recorded epoch") << 4 << -1 << int16_t(0) << 4 << int64_t(5);
    QTest::newRow("unknown epoch below the current") << 6 << -1 << int16_t(0) << 4 << int64_t(5);
    QTest::newRow("the current epoch: the log end offset") << 7 << -1 << int16_t(0) << 7 << kLogEndOffset;
    QTest::newRow("newer than any: undefined") << 8 << -1 << int16_t(0) << -1 << int64_t(-1);
    QTest::newRow("negative: undefined") << -1 << -1 << int16_t(0) << -1 << int64_t(-1);
    QTest::newRow("current epoch expected: answered") << 4 << kCurrentEpoch << int16_t(0) << 4 << int64_t(5);
    QTest::newRow("older current epoch: fenced") << 4 << 6 << kFencedLeaderEpoch << -1 << int64_t(-1);
    QTest::newRow("newer current epoch: unknown") << 4 << 8 << kUnknownLeaderEpoch << -1 << int64_t(-1);
  }
  void offsetForLeaderEpochAnswers() {
    QFETCH(int32_t, leaderEpoch);
    QFETCH(int32_t, currentLeaderEpoch);
    QFETCH(int16_t, error);
    QFETCH(int32_t, epoch);
    QFETCH(int64_t, endOffset);
    Harness h;
    const auto answer = h.endOffset(epochRequest("history", leaderEpoch, currentLeaderEpoch));
    QCOMPARE(answer.partition, 0);
    QCOMPARE(answer.errorCode, error);
    QCOMPARE(answer.leaderEpoch, epoch);
    QCOMPARE(answer.endOffset, endOffset);
  }

  void offsetForLeaderEpochVersions() {
    Harness h;
    for (int16_t version = 0; version <= 4; ++version) {
      const auto latest = h.endOffset(epochRequest("history", kCurrentEpoch, 6), version);
      QCOMPARE(latest.errorCode, version >= 2 ? kFencedLeaderEpoch : int16_t(0));  // v0-1 carry no current epoch
      if (version < 2) QCOMPARE(latest.endOffset, kLogEndOffset);
      const auto older = h.endOffset(epochRequest("history", 3), version);
      QCOMPARE(older.endOffset, int64_t(3));
      QCOMPARE(older.leaderEpoch, version >= 1 ? 2 : -1);  // v0 answers no epoch
    }
  }

  void offsetForLeaderEpochOfUnknownPartitions() {
    Harness h;
    OffsetForLeaderEpochRequest request = epochRequest("history", 4);
    request.topics[0].partitions.emplace_back().partition = 5;
    auto& missing = request.topics.emplace_back();
    missing.topic = "no-such-topic";
    missing.partitions.emplace_back().leaderEpoch = 0;
    auto resp = h.call<OffsetForLeaderEpochResponse>(4, request);
    QVERIFY(resp);
    QCOMPARE(resp->topics.size(), std::size_t(2));
    QCOMPARE(resp->topics[0].partitions.size(), std::size_t(2));
    QCOMPARE(resp->topics[0].partitions[0].errorCode, int16_t(0));
    QCOMPARE(resp->topics[0].partitions[0].endOffset, int64_t(5));
    QCOMPARE(resp->topics[0].partitions[1].partition, 5);
    QCOMPARE(resp->topics[0].partitions[1].errorCode, kUnknownTopicOrPartition);
    QCOMPARE(resp->topics[1].topic, std::string("no-such-topic"));
    QCOMPARE(resp->topics[1].partitions[0].errorCode, kUnknownTopicOrPartition);
  }

  void aNewPartitionIsInEpochZero() {
    Harness h;
    QCOMPARE(h.metadataEpoch("fresh"), 0);
    // Kafka's new leader has (0, 0) in its cache before any append: so does this broker's answer.
    auto empty = h.endOffset(epochRequest("fresh", 0, 0));
    QCOMPARE(empty.errorCode, int16_t(0));
    QCOMPARE(empty.leaderEpoch, 0);
    QCOMPARE(empty.endOffset, int64_t(0));
    QCOMPARE(h.listOne(listOffsets("fresh", -2, 0), 7).leaderEpoch, 0);
    QCOMPARE(h.endOffset(epochRequest("fresh", 0, 1)).errorCode, kUnknownLeaderEpoch);
    h.produce("fresh");
    QCOMPARE(h.endOffset(epochRequest("fresh", 0)).endOffset, int64_t(1));
    QCOMPARE(h.endOffset(epochRequest("fresh", 1)).endOffset, int64_t(-1));
  }

  void fetchFencesStaleEpochs_data() {
    QTest::addColumn<int16_t>("version");
    QTest::addColumn<int32_t>("currentLeaderEpoch");
    QTest::addColumn<int16_t>("error");
    for (int16_t version : {int16_t(9), int16_t(12), int16_t(16)}) {
      const QByteArray v = "v" + QByteArray::number(version);
      QTest::newRow(v + " no check") << version << -1 << int16_t(0);
      QTest::newRow(v + " current") << version << kCurrentEpoch << int16_t(0);
      QTest::newRow(v + " older: fenced") << version << 6 << kFencedLeaderEpoch;
      QTest::newRow(v + " newer: unknown") << version << 8 << kUnknownLeaderEpoch;
    }
  }
  void fetchFencesStaleEpochs() {
    QFETCH(int16_t, version);
    QFETCH(int32_t, currentLeaderEpoch);
    QFETCH(int16_t, error);
    Harness h;
    h.produce("fresh");
    // Two partitions: the history one checked against `currentLeaderEpoch`, fresh's unchecked.
    FetchRequest request = fetchRequest("history", 5, currentLeaderEpoch, -1, 30000);
    auto& fresh = request.topics.emplace_back();
    fresh.topic = "fresh";
    auto& freshPartition = fresh.partitions.emplace_back();
    freshPartition.partitionMaxBytes = 1 << 20;
    if (version >= 13) {
      MetadataRequest metadata;
      metadata.topics.emplace();
      metadata.topics->emplace_back().name = "fresh";
      auto resp = h.call<MetadataResponse>(12, metadata);
      QVERIFY(resp);
      fresh.topicId = resp->topics.at(0).topicId;
    }
    QElapsedTimer timer;
    timer.start();
    auto resp = h.call<FetchResponse>(version, request);
    QVERIFY(resp);
    QVERIFY(timer.elapsed() < 3000);  // data or an error: answered at once
    QCOMPARE(resp->responses.size(), std::size_t(2));
    const auto& history = resp->responses[0].partitions.at(0);
    QCOMPARE(history.errorCode, error);
    QCOMPARE(resp->responses[1].partitions.at(0).errorCode, int16_t(0));
    QVERIFY(!resp->responses[1].partitions.at(0).records->empty());
    if (error != 0) {
      QVERIFY(!history.records || history.records->empty());
      QCOMPARE(history.highWatermark, int64_t(-1));
    } else {
      QCOMPARE(history.highWatermark, kLogEndOffset);
      QCOMPARE(batchEpochs(*history.records), (std::vector<std::pair<int64_t, int32_t>>{{5, 7}}));
    }
    // v16: a fenced partition is told its leader and epoch, with that broker's endpoint.
    if (version >= 16 && error == kFencedLeaderEpoch) {
      QCOMPARE(history.currentLeader.leaderId, NodeId(kBrokerId));
      QCOMPARE(history.currentLeader.leaderEpoch, kCurrentEpoch);
      QCOMPARE(resp->nodeEndpoints.size(), std::size_t(1));
      QCOMPARE(resp->nodeEndpoints[0].nodeId, NodeId(kBrokerId));
      QCOMPARE(resp->nodeEndpoints[0].host, std::string("127.0.0.1"));
      QCOMPARE(resp->nodeEndpoints[0].port, int32_t(h.broker->boundEndpoints().front().port));
    } else {
      QCOMPARE(history.currentLeader, FetchResponse::LeaderIdAndEpoch{});
      QVERIFY(resp->nodeEndpoints.empty());
    }
    // Alone at the log end offset, a checked partition waits for data; a fenced one does not.
    if (error != 0) {
      timer.restart();
      QCOMPARE(h.fetchOne(fetchRequest("history", kLogEndOffset, currentLeaderEpoch, -1, 30000), version).errorCode,
               error);
      QVERIFY(timer.elapsed() < 3000);
    }
  }

  void fetchChecksTheLastFetchedEpoch_data() {
    QTest::addColumn<int64_t>("fetchOffset");
    QTest::addColumn<int32_t>("lastFetchedEpoch");
    QTest::addColumn<int16_t>("error");
    QTest::addColumn<int32_t>("divergingEpoch");  // -1: records from fetchOffset
    QTest::addColumn<int64_t>("divergingEndOffset");
    QTest::newRow("consumer: none sent") << int64_t(3) << -1 << int16_t(0) << -1 << int64_t(-1);
    QTest::newRow("same history") << int64_t(5) << 4 << int16_t(0) << -1 << int64_t(-1);
    QTest::newRow("same history, current epoch") << int64_t(6) << 7 << int16_t(0) << -1 << int64_t(-1);
    QTest::newRow("epoch this log never had") << int64_t(5) << 3 << int16_t(0) << 2 << int64_t(3);
    QTest::newRow("epoch ends below the fetch offset") << int64_t(5) << 2 << int16_t(0) << 2 << int64_t(3);
    QTest::newRow("newer than the current epoch") << int64_t(5) << 8 << kOffsetOutOfRange << -1 << int64_t(-1);
  }
  void fetchChecksTheLastFetchedEpoch() {
    QFETCH(int64_t, fetchOffset);
    QFETCH(int32_t, lastFetchedEpoch);
    QFETCH(int16_t, error);
    QFETCH(int32_t, divergingEpoch);
    QFETCH(int64_t, divergingEndOffset);
    Harness h;
    QElapsedTimer timer;
    timer.start();
    const auto data = h.fetchOne(fetchRequest("history", fetchOffset, kCurrentEpoch, lastFetchedEpoch, 2000), 12);
    QCOMPARE(data.errorCode, error);
    QCOMPARE(data.divergingEpoch.epoch, divergingEpoch);
    QCOMPARE(data.divergingEpoch.endOffset, divergingEndOffset);
    if (error == 0 && divergingEpoch < 0 && fetchOffset < kLogEndOffset) {
      QCOMPARE(batchEpochs(*data.records).front().first, fetchOffset);
    } else {
      QVERIFY(!data.records || data.records->empty());
    }
    if (divergingEpoch >= 0) {
      QVERIFY(timer.elapsed() < 1500);  // a diverged log is told at once
      QCOMPARE(data.highWatermark, kLogEndOffset);
    }
  }

  void listOffsetsFencesStaleEpochs_data() {
    QTest::addColumn<int16_t>("version");
    QTest::addColumn<int64_t>("timestamp");
    QTest::addColumn<int32_t>("currentLeaderEpoch");
    QTest::addColumn<int16_t>("error");
    QTest::addColumn<int64_t>("offset");
    QTest::addColumn<int32_t>("epoch");
    for (int16_t version : {int16_t(4), int16_t(7)}) {
      const QByteArray v = "v" + QByteArray::number(version);
      QTest::newRow(v + " latest, no check") << version << int64_t(-1) << -1 << int16_t(0) << kLogEndOffset
                                             << kCurrentEpoch;
      QTest::newRow(v + " latest, current") << version << int64_t(-1) << kCurrentEpoch << int16_t(0) << kLogEndOffset
                                            << kCurrentEpoch;
      QTest::newRow(v + " earliest: the first epoch") << version << int64_t(-2) << kCurrentEpoch << int16_t(0)
                                                      << int64_t(0) << 2;
      QTest::newRow(v + " by time: epoch of the offset") << version << int64_t(1003) << kCurrentEpoch << int16_t(0)
                                                         << int64_t(3) << 4;
      QTest::newRow(v + " older: fenced") << version << int64_t(-1) << 6 << kFencedLeaderEpoch << int64_t(-1) << -1;
      QTest::newRow(v + " newer: unknown") << version << int64_t(-2) << 8 << kUnknownLeaderEpoch << int64_t(-1) << -1;
    }
  }
  void listOffsetsFencesStaleEpochs() {
    QFETCH(int16_t, version);
    QFETCH(int64_t, timestamp);
    QFETCH(int32_t, currentLeaderEpoch);
    QFETCH(int16_t, error);
    QFETCH(int64_t, offset);
    QFETCH(int32_t, epoch);
    Harness h;
    const auto answer = h.listOne(listOffsets("history", timestamp, currentLeaderEpoch), version);
    QCOMPARE(answer.errorCode, error);
    QCOMPARE(answer.offset, offset);
    QCOMPARE(answer.leaderEpoch, epoch);
    if (error != 0) QCOMPARE(answer.timestamp, int64_t(-1));
  }

  void listOffsetsChecksEachPartition() {
    Harness h;
    ListOffsetsRequest request = listOffsets("history", -1, 6);
    auto& fresh = request.topics.emplace_back();
    fresh.name = "fresh";
    h.metadataEpoch("fresh");  // creates it
    fresh.partitions.emplace_back().timestamp = -1;
    auto resp = h.call<ListOffsetsResponse>(7, request);
    QVERIFY(resp);
    QCOMPARE(resp->topics.at(0).partitions.at(0).errorCode, kFencedLeaderEpoch);
    QCOMPARE(resp->topics.at(1).partitions.at(0).errorCode, int16_t(0));
    QCOMPARE(resp->topics.at(1).partitions.at(0).offset, int64_t(0));
  }

  void fetchSessionsKeepTheEpochs() {
    Harness h;
    FetchRequest full = fetchRequest("history", kLogEndOffset, kCurrentEpoch);
    full.sessionEpoch = 0;
    auto opened = h.call<FetchResponse>(12, full);
    QVERIFY(opened && opened->sessionId != 0);
    const int32_t id = opened->sessionId;
    // The error of the partition an incremental fetch answers, or "none answered" (std::nullopt).
    auto incremental = [&](int32_t epoch, std::optional<int32_t> currentLeaderEpoch) -> std::optional<int16_t> {
      FetchRequest f = fetchRequest("history", kLogEndOffset, currentLeaderEpoch.value_or(-1));
      f.sessionId = id;
      f.sessionEpoch = epoch;
      if (!currentLeaderEpoch) f.topics.clear();  // the partition as the session remembers it
      auto resp = h.call<FetchResponse>(12, f);
      if (!resp || resp->errorCode != 0) qFatal("incremental fetch");
      if (resp->responses.empty()) return std::nullopt;
      return resp->responses.at(0).partitions.at(0).errorCode;
    };
    QCOMPARE(incremental(1, std::nullopt), std::nullopt);  // nothing new
    // The fetcher now expects epoch 6: fenced, and so every time until it says otherwise.
    QCOMPARE(incremental(2, 6), std::optional<int16_t>(kFencedLeaderEpoch));
    QCOMPARE(incremental(3, std::nullopt), std::optional<int16_t>(kFencedLeaderEpoch));
    QCOMPARE(incremental(4, kCurrentEpoch), std::optional<int16_t>(0));
    QCOMPARE(incremental(5, std::nullopt), std::nullopt);
  }
};

QTEST_APPLESS_MAIN(TestBrokerLeaderEpochs)
#include "tst_broker_leader_epochs.moc"
