// Fetch sessions (KIP-227) against a Broker in this process on loopback, with the generated
// codecs: a full fetch (epoch 0) creates a session, incremental fetches return only partitions
// with news (records, a moved high watermark), add and forget partitions, wait for data like any
// fetch; a partition that returned records moves behind the others; a wrong epoch is
// INVALID_FETCH_SESSION_EPOCH, an unknown id FETCH_SESSION_ID_NOT_FOUND; epoch -1 is the
// sessionless full fetch of kafka-python and librdkafka (session id 0, every partition) and
// closes a session named; max.incremental.fetch.session.cache.slots bounds them.
// Fetch v13+ name topics by id (KIP-516): records by id, UNKNOWN_TOPIC_ID for an id no topic has
// (at once, without waiting), sessions keyed by id that forget topics by id and refuse another
// kind of request (FETCH_SESSION_TOPIC_ID_ERROR); Produce v10-11 append like v9.

#include <QElapsedTimer>
#include <QtTest>

#include "broker/broker.h"
#include "raw_kafka_client.h"
#include "protocol/kafka/generated/delete_topics_request.h"
#include "protocol/kafka/generated/delete_topics_response.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/kafka/generated/response_header.h"
#include "protocol/kafka_request.h"
#include "protocol/records/record_batch.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_network.h"
#include "runtime/memory_file_system.h"

using namespace pier;
using namespace pier::protocol::kafka;
using namespace std::chrono_literals;
using pier::brokertest::RawClient;
using pier::brokertest::produceTo;

namespace {

constexpr int16_t kFetchVersion = 11;
constexpr int16_t kFetchSessionIdNotFound = 70;
constexpr int16_t kInvalidFetchSessionEpoch = 71;
constexpr int16_t kUnknownTopicOrPartition = 3;
constexpr int16_t kUnknownTopicId = 100;
constexpr int16_t kFetchSessionTopicIdError = 106;

struct Part {
  std::string topic;
  int64_t fetchOffset;
};

FetchRequest fetchRequest(int32_t sessionId, int32_t epoch, const std::vector<Part>& parts,
                          int32_t maxWaitMs = 0) {
  FetchRequest f;
  f.maxWaitMs = maxWaitMs;
  f.minBytes = 1;
  f.sessionId = sessionId;
  f.sessionEpoch = epoch;
  for (const Part& part : parts) {
    FetchRequest::FetchTopic t;
    t.topic = part.topic;
    FetchRequest::FetchPartition p;
    p.partition = 0;
    p.fetchOffset = part.fetchOffset;
    p.partitionMaxBytes = 1 << 20;
    t.partitions.push_back(p);
    f.topics.push_back(t);
  }
  return f;
}

// topic -> records returned (bytes), for the partitions a response carries.
std::map<std::string, std::size_t> carried(const FetchResponse& r) {
  std::map<std::string, std::size_t> out;
  for (const auto& t : r.responses) {
    for (const auto& p : t.partitions) out[t.topic] = p.records ? p.records->size() : 0;
  }
  return out;
}

// A fetch by topic id (v13+) of partition 0 of each topic.
FetchRequest fetchByIds(int32_t sessionId, int32_t epoch, const std::vector<std::pair<Uuid, int64_t>>& parts,
                        int32_t maxWaitMs = 0) {
  FetchRequest f = fetchRequest(sessionId, epoch, {}, maxWaitMs);
  for (const auto& [id, offset] : parts) {
    FetchRequest::FetchTopic t;
    t.topicId = id;
    FetchRequest::FetchPartition p;
    p.partition = 0;
    p.fetchOffset = offset;
    p.partitionMaxBytes = 1 << 20;
    t.partitions.push_back(p);
    f.topics.push_back(t);
  }
  return f;
}

FetchRequest::ForgottenTopic forgetId(const Uuid& id) {
  FetchRequest::ForgottenTopic forget;
  forget.topicId = id;
  forget.partitions = {0};
  return forget;
}

// The base offsets of the v2 batches in `records` (each: base offset, then its length).
std::vector<int64_t> batchOffsets(const std::vector<uint8_t>& records) {
  std::vector<int64_t> out;
  Reader r(records);
  while (r.remaining() >= 12) {
    const int64_t base = *r.readInt64();
    const int32_t length = *r.readInt32();
    if (length < 0 || static_cast<std::size_t>(length) > r.remaining()) break;
    (void)r.skip(static_cast<std::size_t>(length));
    out.push_back(base);
  }
  return out;
}

// The partition data carried for `id` (partition 0), if any.
const FetchResponse::PartitionData* partitionOf(const FetchResponse& r, const Uuid& id) {
  for (const auto& t : r.responses) {
    if (t.topicId == id && !t.partitions.empty()) return &t.partitions[0];
  }
  return nullptr;
}

class Harness {
 public:
  explicit Harness(int32_t cacheSlots = 1000) : net(loop) {
    broker::BrokerConfig config;
    config.listeners = {broker::ListenerConfig{"PLAINTEXT", "127.0.0.1", 0}};
    config.logDirs = {"/logs"};
    config.maxIncrementalFetchSessionCacheSlots = cacheSlots;
    broker = std::make_unique<broker::Broker>(loop, net, fs, config, 1);
    if (!broker->start().isOk()) qFatal("start");
    client.connect(net, broker->boundEndpoints().front(), loop);
    producer.connect(net, broker->boundEndpoints().front(), loop);
    MetadataRequest metadata;
    for (const char* name : {"a", "b", "c"}) {
      MetadataRequest::MetadataRequestTopic topic;
      topic.name = name;
      if (!metadata.topics) metadata.topics.emplace();
      metadata.topics->push_back(topic);
    }
    producer.send(9, metadata);  // auto-creates them
    if (!producer.waitFor(loop, 1)) qFatal("metadata");
  }
  ~Harness() { (void)broker->shutdown(); }

  void produce(const std::string& topic) {
    producer.send(7, produceTo(topic));
    if (!producer.waitFor(loop, producer.sent)) qFatal("produce");
  }
  // Sends a fetch and returns its response (after up to `maxMs` of waiting).
  std::optional<FetchResponse> fetch(const FetchRequest& request, int maxMs = 5000, int16_t version = kFetchVersion) {
    return call<FetchResponse>(client, version, request, maxMs);
  }
  template <typename Response, typename Request>
  std::optional<Response> call(RawClient& on, int16_t version, const Request& request, int maxMs = 5000) {
    return brokertest::call<Response>(on, loop, version, request, maxMs);
  }
  // The topic's id, from a Metadata v12 answer.
  Uuid topicId(const std::string& topic) {
    MetadataRequest metadata;
    metadata.topics.emplace();
    metadata.topics->emplace_back().name = topic;
    auto resp = call<MetadataResponse>(producer, 12, metadata);
    if (!resp || resp->topics.size() != 1 || resp->topics[0].topicId == Uuid{}) qFatal("no topic id");
    return resp->topics[0].topicId;
  }

  AsioLoop loop;
  AsioNetwork net;
  MemoryFileSystem fs;
  std::unique_ptr<broker::Broker> broker;
  RawClient client;
  RawClient producer;
};

}  // namespace

class TestBrokerFetchSessions : public QObject {
  Q_OBJECT

 private slots:
  void incrementalFetchesCarryOnlyNews() {
    Harness h;
    h.produce("a");
    auto full = h.fetch(fetchRequest(0, 0, {{"a", 0}, {"b", 0}}));
    QVERIFY(full);
    QCOMPARE(full->errorCode, int16_t(0));
    const int32_t id = full->sessionId;
    QVERIFY(id != 0);
    QCOMPARE(h.broker->fetchSessionCount(), std::size_t(1));
    QCOMPARE(carried(*full).size(), std::size_t(2));
    QVERIFY(carried(*full)["a"] > 0);

    // Epoch 1: a's fetch offset moves past its record; nothing changed anywhere.
    auto quiet = h.fetch(fetchRequest(id, 1, {{"a", 1}}));
    QVERIFY(quiet);
    QCOMPARE(quiet->errorCode, int16_t(0));
    QCOMPARE(quiet->sessionId, id);
    QVERIFY(quiet->responses.empty());

    // Epoch 2, no partitions named: b got a record, only b comes back (with its new high
    // watermark).
    h.produce("b");
    auto news = h.fetch(fetchRequest(id, 2, {}));
    QVERIFY(news);
    QCOMPARE(carried(*news), (std::map<std::string, std::size_t>{{"b", carried(*news)["b"]}}));
    QVERIFY(carried(*news)["b"] > 0);
    QCOMPARE(news->responses[0].partitions[0].highWatermark, int64_t(1));

    // Epoch 3: c is added (always answered the first time), b is forgotten.
    FetchRequest addForget = fetchRequest(id, 3, {{"c", 0}});
    FetchRequest::ForgottenTopic forget;
    forget.topic = "b";
    forget.partitions = {0};
    addForget.forgottenTopicsData.push_back(forget);
    auto changed = h.fetch(addForget);
    QVERIFY(changed);
    QCOMPARE(carried(*changed), (std::map<std::string, std::size_t>{{"c", 0}}));
    h.produce("b");  // forgotten: not reported
    auto afterForget = h.fetch(fetchRequest(id, 4, {}));
    QVERIFY(afterForget);
    QVERIFY(afterForget->responses.empty());

    // Epoch 5 waits (long poll) until a produce to a session partition.
    h.client.send(kFetchVersion, fetchRequest(id, 5, {}, 5000));
    h.loop.runFor(200ms);
    QCOMPARE(h.client.responses.size(), h.client.sent - 1);
    h.produce("a");
    QVERIFY(h.client.waitFor(h.loop, h.client.sent));
    Reader r(h.client.responses.back());
    (void)r.readInt32();
    auto woken = FetchResponse::decode(r, kFetchVersion);
    QVERIFY(woken.isOk());
    QCOMPARE(woken->sessionId, id);
    QCOMPARE(carried(*woken).size(), std::size_t(1));
    QVERIFY(carried(*woken)["a"] > 0);

    // Errors: a stale epoch, an unknown id. The session survives both.
    auto stale = h.fetch(fetchRequest(id, 3, {}));
    QVERIFY(stale);
    QCOMPARE(stale->errorCode, kInvalidFetchSessionEpoch);
    QCOMPARE(stale->sessionId, 0);
    QVERIFY(stale->responses.empty());
    auto unknown = h.fetch(fetchRequest(id == 1 ? 2 : 1, 1, {}));
    QVERIFY(unknown);
    QCOMPARE(unknown->errorCode, kFetchSessionIdNotFound);
    auto next = h.fetch(fetchRequest(id, 6, {}));
    QVERIFY(next);
    QCOMPARE(next->errorCode, int16_t(0));

    // a returned records at epoch 5, so it moved behind c: with news on both, c comes first.
    h.produce("a");
    h.produce("c");
    auto both = h.fetch(fetchRequest(id, 7, {{"a", 2}}));
    QVERIFY(both);
    QCOMPARE(both->responses.size(), std::size_t(2));
    QCOMPARE(both->responses[0].topic, std::string("c"));
    QCOMPARE(both->responses[1].topic, std::string("a"));
    QVERIFY(carried(*both)["a"] > 0 && carried(*both)["c"] > 0);

    // Epoch -1 with the id: a full sessionless fetch that closes the session.
    auto closing = h.fetch(fetchRequest(id, -1, {{"a", 0}}));
    QVERIFY(closing);
    QCOMPARE(closing->sessionId, 0);
    QCOMPARE(carried(*closing).size(), std::size_t(1));
    QCOMPARE(h.broker->fetchSessionCount(), std::size_t(0));
    auto gone = h.fetch(fetchRequest(id, 8, {}));
    QVERIFY(gone);
    QCOMPARE(gone->errorCode, kFetchSessionIdNotFound);
  }

  void sessionlessFetchesAreUnchanged() {
    Harness h;
    h.produce("a");
    for (int i = 0; i < 3; ++i) {
      auto plain = h.fetch(fetchRequest(0, -1, {{"a", 0}, {"b", 0}}));
      QVERIFY(plain);
      QCOMPARE(plain->errorCode, int16_t(0));
      QCOMPARE(plain->sessionId, 0);
      QCOMPARE(carried(*plain).size(),
               std::size_t(2));  // unchanged partitions included, every time
      QVERIFY(carried(*plain)["a"] > 0);
    }
    QCOMPARE(h.broker->fetchSessionCount(), std::size_t(0));
  }

  void theCacheIsBounded() {
    Harness h(2);
    QVERIFY(h.fetch(fetchRequest(0, 0, {{"a", 0}}))->sessionId != 0);
    QVERIFY(h.fetch(fetchRequest(0, 0, {{"b", 0}}))->sessionId != 0);
    auto third = h.fetch(fetchRequest(0, 0, {{"a", 0}, {"b", 0}, {"c", 0}}));
    QVERIFY(third);
    QCOMPARE(third->sessionId, 0);  // no room: a full answer, no session
    QCOMPARE(carried(*third).size(), std::size_t(3));
    QCOMPARE(h.broker->fetchSessionCount(), std::size_t(2));
  }

  void fetchByTopicId_data() {
    QTest::addColumn<int16_t>("version");
    QTest::newRow("v13") << int16_t(13);
    QTest::newRow("v16") << int16_t(16);
  }
  void fetchByTopicId() {
    QFETCH(int16_t, version);
    Harness h;
    h.produce("a");
    h.produce("a");
    const Uuid a = h.topicId("a");
    Uuid unknown = a;
    unknown.bytes[0] ^= 0xff;

    auto resp = h.fetch(fetchByIds(0, -1, {{a, 1}, {unknown, 0}}), 5000, version);
    QVERIFY(resp);
    QCOMPARE(resp->errorCode, int16_t(0));
    QCOMPARE(resp->sessionId, 0);
    QCOMPARE(resp->responses.size(), std::size_t(2));
    QCOMPARE(resp->responses[0].topicId, a);
    const auto& data = resp->responses[0].partitions.at(0);
    QCOMPARE(data.errorCode, int16_t(0));
    QCOMPARE(data.highWatermark, int64_t(2));
    QVERIFY(data.records);
    QCOMPARE(batchOffsets(*data.records), std::vector<int64_t>{1});
    QCOMPARE(resp->responses[1].topicId, unknown);
    const auto& missing = resp->responses[1].partitions.at(0);
    QCOMPARE(missing.errorCode, kUnknownTopicId);
    QCOMPARE(missing.highWatermark, int64_t(-1));
    QVERIFY(!missing.records || missing.records->empty());
    // v16: NodeEndpoints and CurrentLeader only come with NOT_LEADER_OR_FOLLOWER or
    // FENCED_LEADER_EPOCH.
    QVERIFY(resp->nodeEndpoints.empty());
    QCOMPARE(data.currentLeader, FetchResponse::LeaderIdAndEpoch{});

    // A partition the topic does not have: the topic is known, so UNKNOWN_TOPIC_OR_PARTITION.
    FetchRequest wrongPartition = fetchByIds(0, -1, {{a, 0}});
    wrongPartition.topics[0].partitions[0].partition = 7;
    auto noPartition = h.fetch(wrongPartition, 5000, version);
    QVERIFY(noPartition);
    QCOMPARE(noPartition->responses.at(0).partitions.at(0).errorCode, kUnknownTopicOrPartition);

    // Nothing readable: answered at once, not after maxWaitMs (Kafka has no partition to wait on).
    QElapsedTimer timer;
    timer.start();
    auto onlyUnknown = h.fetch(fetchByIds(0, -1, {{unknown, 0}}, 30000), 5000, version);
    QVERIFY(onlyUnknown);
    QVERIFY(timer.elapsed() < 3000);
    QCOMPARE(onlyUnknown->responses.at(0).partitions.at(0).errorCode, kUnknownTopicId);

    // A consumer's fetch (ReplicaState left at its default from v15) waits for min.bytes as by name.
    FetchRequest waiting = fetchByIds(0, -1, {{a, 2}}, 5000);
    h.client.send(version, waiting);
    h.loop.runFor(200ms);
    QCOMPARE(h.client.responses.size(), h.client.sent - 1);  // waits for min.bytes, as by name
    h.produce("a");
    QVERIFY(h.client.waitFor(h.loop, h.client.sent));
  }

  void incrementalSessionByTopicId() {
    Harness h;
    h.produce("a");
    const Uuid a = h.topicId("a");
    const Uuid b = h.topicId("b");
    Uuid unknown = a;
    unknown.bytes[15] ^= 0x01;

    auto full = h.fetch(fetchByIds(0, 0, {{a, 0}, {b, 0}, {unknown, 0}}), 5000, 13);
    QVERIFY(full);
    QCOMPARE(full->errorCode, int16_t(0));
    const int32_t id = full->sessionId;
    QVERIFY(id != 0);
    QCOMPARE(full->responses.size(), std::size_t(3));
    QVERIFY(partitionOf(*full, a) && partitionOf(*full, a)->records && !partitionOf(*full, a)->records->empty());
    QCOMPARE(partitionOf(*full, unknown)->errorCode, kUnknownTopicId);

    // Epoch 1: a moves past its record. Only the unknown id comes back (errors every time).
    auto quiet = h.fetch(fetchByIds(id, 1, {{a, 1}}), 5000, 13);
    QVERIFY(quiet);
    QCOMPARE(quiet->errorCode, int16_t(0));
    QCOMPARE(quiet->sessionId, id);
    QCOMPARE(quiet->responses.size(), std::size_t(1));
    QCOMPARE(quiet->responses[0].topicId, unknown);
    QCOMPARE(quiet->responses[0].partitions.at(0).errorCode, kUnknownTopicId);

    // Epoch 2 forgets b and the unknown id, by id: b's new record is not reported.
    FetchRequest forget = fetchByIds(id, 2, {});
    forget.forgottenTopicsData = {forgetId(b), forgetId(unknown)};
    auto forgotten = h.fetch(forget, 5000, 13);
    QVERIFY(forgotten);
    QCOMPARE(forgotten->errorCode, int16_t(0));
    QVERIFY(forgotten->responses.empty());
    h.produce("b");
    auto afterForget = h.fetch(fetchByIds(id, 3, {}), 5000, 13);
    QVERIFY(afterForget);
    QVERIFY(afterForget->responses.empty());

    // a's news come back by id, in a v16 request continuing the same session.
    h.produce("a");
    auto news = h.fetch(fetchByIds(id, 4, {}), 5000, 16);
    QVERIFY(news);
    QCOMPARE(news->sessionId, id);
    QCOMPARE(news->responses.size(), std::size_t(1));
    QCOMPARE(news->responses[0].topicId, a);
    QCOMPARE(batchOffsets(*news->responses[0].partitions.at(0).records), std::vector<int64_t>{1});

    // A v12 request (names) may not continue a session of ids; the session survives it.
    auto byName = h.fetch(fetchRequest(id, 5, {}), 5000, 12);
    QVERIFY(byName);
    QCOMPARE(byName->errorCode, kFetchSessionTopicIdError);
    QCOMPARE(byName->sessionId, 0);
    QVERIFY(byName->responses.empty());
    auto still = h.fetch(fetchByIds(id, 5, {}), 5000, 13);
    QVERIFY(still);
    QCOMPARE(still->errorCode, int16_t(0));

    // a is deleted and made again (a new id): the session's id for a no longer names a topic.
    DeleteTopicsRequest deletion;
    deletion.topicNames = {"a"};
    deletion.timeoutMs = 5000;
    auto deleted = h.call<DeleteTopicsResponse>(h.producer, 4, deletion);
    QVERIFY(deleted && deleted->responses.size() == 1 && deleted->responses[0].errorCode == 0);
    h.produce("a");  // auto-created again
    QVERIFY(h.topicId("a") != a);
    auto gone = h.fetch(fetchByIds(id, 6, {}), 5000, 13);
    QVERIFY(gone);
    QCOMPARE(gone->responses.size(), std::size_t(1));
    QCOMPARE(gone->responses[0].topicId, a);
    QCOMPARE(gone->responses[0].partitions.at(0).errorCode, kUnknownTopicId);

    // Nor may a v13 request continue a session of names.
    auto named = h.fetch(fetchRequest(0, 0, {{"a", 0}}));
    QVERIFY(named && named->sessionId != 0);
    auto byId = h.fetch(fetchByIds(named->sessionId, 1, {}), 5000, 13);
    QVERIFY(byId);
    QCOMPARE(byId->errorCode, kFetchSessionTopicIdError);
  }

  void produceAtV10AndV11() {
    Harness h;
    for (int16_t version : {int16_t(10), int16_t(11)}) {
      auto resp = h.call<ProduceResponse>(h.producer, version, brokertest::produceTo("c"));
      QVERIFY(resp);
      QCOMPARE(resp->responses.size(), std::size_t(1));
      const auto& p = resp->responses[0].partitionResponses.at(0);
      QCOMPARE(p.errorCode, int16_t(0));
      QCOMPARE(p.baseOffset, int64_t(version - 10));
      QCOMPARE(p.logStartOffset, int64_t(0));
      QCOMPARE(p.currentLeader, ProduceResponse::LeaderIdAndEpoch{});
      QVERIFY(resp->nodeEndpoints.empty());
    }
    // Both appended, readable by name and by id.
    auto byName = h.fetch(fetchRequest(0, -1, {{"c", 0}}));
    QVERIFY(byName);
    QCOMPARE(batchOffsets(*byName->responses.at(0).partitions.at(0).records), (std::vector<int64_t>{0, 1}));
    auto byId = h.fetch(fetchByIds(0, -1, {{h.topicId("c"), 0}}), 5000, 16);
    QVERIFY(byId);
    QCOMPARE(byId->responses.at(0).partitions.at(0).highWatermark, int64_t(2));
    QCOMPARE(batchOffsets(*byId->responses.at(0).partitions.at(0).records), (std::vector<int64_t>{0, 1}));
  }
};

QTEST_APPLESS_MAIN(TestBrokerFetchSessions)
#include "tst_broker_fetch_sessions.moc"
