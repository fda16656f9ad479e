// A Broker in this process on real loopback sockets (AsioLoop, MemoryFileSystem): pipelined
// requests on one connection are answered in request order even when the first is a Fetch
// waiting for data (long poll), the waiting Fetch is answered as soon as a Produce on another
// connection appends, and a frame over socket.request.max.bytes closes only its connection.

#include <QtTest>

#include <map>

#include "broker/broker.h"
#include "raw_kafka_client.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/describe_configs_request.h"
#include "protocol/kafka/generated/describe_configs_response.h"
#include "protocol/kafka/generated/incremental_alter_configs_request.h"
#include "protocol/kafka/generated/incremental_alter_configs_response.h"
#include "protocol/kafka/generated/delete_records_request.h"
#include "protocol/kafka/generated/delete_records_response.h"
#include "protocol/kafka/generated/describe_cluster_request.h"
#include "protocol/kafka/generated/describe_cluster_response.h"
#include "protocol/kafka/generated/describe_log_dirs_request.h"
#include "protocol/kafka/generated/describe_log_dirs_response.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/produce_request.h"
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

int32_t correlationOf(const std::vector<uint8_t>& response) {
  Reader r(response);
  return r.readInt32().valueOr(-1);
}

template <typename Request>
std::vector<uint8_t> request(int16_t version, int32_t correlationId, const Request& body) {
  RequestHeader h;
  h.requestApiVersion = version;
  h.correlationId = correlationId;
  h.clientId = "pipelining-test";
  return *encodeRequestFrame(h, body);
}

FetchRequest fetchFrom(const std::string& topic, int32_t maxWaitMs) {
  FetchRequest f;
  f.maxWaitMs = maxWaitMs;
  f.minBytes = 1;
  FetchRequest::FetchTopic t;
  t.topic = topic;
  FetchRequest::FetchPartition p;
  p.partition = 0;
  p.fetchOffset = 0;
  p.partitionMaxBytes = 1 << 20;
  t.partitions.push_back(p);
  f.topics.push_back(t);
  return f;
}

}  // namespace

class TestBrokerPipelining : public QObject {
  Q_OBJECT

 private slots:
  void waitingFetchHoldsLaterResponsesAndWakesOnProduce() {
    AsioLoop loop;
    AsioNetwork net(loop);
    MemoryFileSystem fs;
    broker::BrokerConfig config;
    config.listeners = {broker::ListenerConfig{"PLAINTEXT", "127.0.0.1", 0}};
    config.logDirs = {"/logs"};
    broker::Broker broker(loop, net, fs, config, 1);
    QVERIFY(broker.start().isOk());
    const Endpoint at = broker.boundEndpoints().front();

    RawClient consumer;
    consumer.connect(net, at, loop);
    MetadataRequest metadata;
    MetadataRequest::MetadataRequestTopic topic;
    topic.name = "t";
    metadata.topics = std::vector<MetadataRequest::MetadataRequestTopic>{topic};
    consumer.send(request(9, 1, metadata));  // auto-creates "t"
    for (int i = 0; i < 500 && consumer.responses.size() < 1; ++i) loop.runFor(10ms);
    QCOMPARE(consumer.responses.size(), std::size_t{1});
    // A fetch that has to wait, then an ApiVersions right behind it on the same connection.
    consumer.send(request(11, 2, fetchFrom("t", 5000)));
    consumer.send(request(3, 3, ApiVersionsRequest{}));
    loop.runFor(200ms);
    QCOMPARE(consumer.responses.size(), std::size_t{1});  // ApiVersions is ready but must wait its turn

    RawClient producer;
    producer.connect(net, at, loop);
    producer.send(request(7, 10, produceTo("t")));
    for (int i = 0; i < 500 && consumer.responses.size() < 3; ++i) loop.runFor(10ms);
    QCOMPARE(consumer.responses.size(), std::size_t{3});
    QCOMPARE(correlationOf(consumer.responses[1]), 2);  // the fetch first, woken by the produce
    QCOMPARE(correlationOf(consumer.responses[2]), 3);
    Reader r(consumer.responses[1]);
    (void)r.readInt32();  // correlation id (header v0 for Fetch v11)
    auto fetched = FetchResponse::decode(r, 11);
    QVERIFY(fetched.isOk());
    QVERIFY(!fetched->responses.at(0).partitions.at(0).records->empty());
    QCOMPARE(producer.responses.size(), std::size_t{1});

    // Back-pressure: behind a waiting fetch, 300 more requests; the connection stops reading at
    // KafkaConnection::kPendingResponsesMax owed answers and resumes once the fetch is answered:
    // every answer still arrives, once, in request order.
    RawClient busy;
    busy.connect(net, at, loop);
    FetchRequest tail = fetchFrom("t", 5000);
    tail.topics[0].partitions[0].fetchOffset = 1;  // the log end offset: nothing to return yet
    busy.send(request(11, 100, tail));
    for (int i = 0; i < 300; ++i) busy.send(request(3, 101 + i, ApiVersionsRequest{}));
    loop.runFor(300ms);
    QCOMPARE(busy.responses.size(), std::size_t{0});
    RawClient second;
    second.connect(net, at, loop);
    second.send(request(7, 1, produceTo("t")));
    for (int i = 0; i < 1000 && busy.responses.size() < 301; ++i) loop.runFor(10ms);
    QCOMPARE(busy.responses.size(), std::size_t{301});
    QCOMPARE(correlationOf(busy.responses.front()), 100);
    QCOMPARE(correlationOf(busy.responses.back()), 400);

    // An oversized frame closes only its own connection.
    RawClient rogue;
    rogue.connect(net, at, loop);
    rogue.send(std::vector<uint8_t>{0x7f, 0xff, 0xff, 0xff});
    for (int i = 0; i < 500 && !rogue.closed; ++i) loop.runFor(10ms);
    QVERIFY(rogue.closed);
    consumer.send(request(3, 4, ApiVersionsRequest{}));
    for (int i = 0; i < 500 && consumer.responses.size() < 4; ++i) loop.runFor(10ms);
    QCOMPARE(consumer.responses.size(), std::size_t{4});

    // DescribeCluster and DescribeLogDirs (no Debian client of this era sends them).
    DescribeLogDirsRequest dirs;
    dirs.topics = std::nullopt;  // every partition
    consumer.send(request(1, 5, DescribeClusterRequest{}));
    consumer.send(request(4, 6, dirs));
    for (int i = 0; i < 500 && consumer.responses.size() < 6; ++i) loop.runFor(10ms);
    QCOMPARE(consumer.responses.size(), std::size_t{6});
    Reader clusterReader(consumer.responses[4]);
    (void)clusterReader.readInt32();
    (void)clusterReader.readUnsignedVarint();  // header v1 tagged fields
    auto cluster = DescribeClusterResponse::decode(clusterReader, 1);
    QVERIFY(cluster.isOk());
    QCOMPARE(cluster->brokers.size(), std::size_t{1});
    QCOMPARE(cluster->brokers[0].port, static_cast<int32_t>(at.port));
    Reader dirsReader(consumer.responses[5]);
    (void)dirsReader.readInt32();
    (void)dirsReader.readUnsignedVarint();
    auto described = DescribeLogDirsResponse::decode(dirsReader, 4);
    QVERIFY(described.isOk());
    QCOMPARE(described->results.size(), std::size_t{1});
    QCOMPARE(described->results[0].logDir, std::string("/logs"));
    QCOMPARE(described->results[0].topics.at(0).name, std::string("t"));
    QVERIFY(described->results[0].topics[0].partitions.at(0).partitionSize > 0);

    // DeleteRecords up to the high watermark (-1), then beyond it (OFFSET_OUT_OF_RANGE).
    DeleteRecordsRequest del;
    DeleteRecordsRequest::DeleteRecordsTopic delTopic;
    delTopic.name = "t";
    delTopic.partitions.push_back(DeleteRecordsRequest::DeleteRecordsPartition{0, -1, {}});
    delTopic.partitions.push_back(DeleteRecordsRequest::DeleteRecordsPartition{0, 99, {}});
    del.topics.push_back(delTopic);
    consumer.send(request(2, 7, del));
    for (int i = 0; i < 500 && consumer.responses.size() < 7; ++i) loop.runFor(10ms);
    QCOMPARE(consumer.responses.size(), std::size_t{7});
    Reader delReader(consumer.responses[6]);
    (void)delReader.readInt32();
    (void)delReader.readUnsignedVarint();
    auto deleted = DeleteRecordsResponse::decode(delReader, 2);
    QVERIFY(deleted.isOk());
    QCOMPARE(deleted->topics.at(0).partitions.at(0).errorCode, int16_t{0});
    QCOMPARE(deleted->topics.at(0).partitions.at(0).lowWatermark, int64_t{2});  // two records produced above
    QCOMPARE(deleted->topics.at(0).partitions.at(1).errorCode, int16_t{1});  // OFFSET_OUT_OF_RANGE

    // IncrementalAlterConfigs: SET, APPEND to cleanup.policy, then a bad value refused.
    auto alter = [&](int32_t correlation, std::vector<std::tuple<std::string, int8_t, std::string>> ops) {
      IncrementalAlterConfigsRequest a;
      IncrementalAlterConfigsRequest::AlterConfigsResource res;
      res.resourceType = 2;
      res.resourceName = "t";
      for (const auto& [name, op, value] : ops) {
        IncrementalAlterConfigsRequest::AlterableConfig c;
        c.name = name;
        c.configOperation = op;
        c.value = value;
        res.configs.push_back(c);
      }
      a.resources.push_back(res);
      consumer.send(request(1, correlation, a));
      const std::size_t want = consumer.responses.size() + 1;
      for (int i = 0; i < 500 && consumer.responses.size() < want; ++i) loop.runFor(10ms);
      Reader rd(consumer.responses.back());
      (void)rd.readInt32();
      (void)rd.readUnsignedVarint();
      return IncrementalAlterConfigsResponse::decode(rd, 1).value().responses.at(0).errorCode;
    };
    QCOMPARE(alter(8, {{"retention.ms", 0, "1000"}, {"cleanup.policy", 2, "compact"}}), int16_t{0});
    QCOMPARE(alter(9, {{"retention.ms", 0, "never"}}), int16_t{40});  // INVALID_CONFIG
    DescribeConfigsRequest describe;
    DescribeConfigsRequest::DescribeConfigsResource what;
    what.resourceType = 2;
    what.resourceName = "t";
    what.configurationKeys = std::vector<std::string>{"cleanup.policy", "retention.ms"};
    describe.resources.push_back(what);
    consumer.send(request(4, 10, describe));
    const std::size_t want = consumer.responses.size() + 1;
    for (int i = 0; i < 500 && consumer.responses.size() < want; ++i) loop.runFor(10ms);
    Reader dr(consumer.responses.back());
    (void)dr.readInt32();
    (void)dr.readUnsignedVarint();
    auto describedConfigs = DescribeConfigsResponse::decode(dr, 4);
    QVERIFY(describedConfigs.isOk());
    const auto& configs = describedConfigs->results.at(0).configs;
    QCOMPARE(configs.size(), std::size_t{2});
    QCOMPARE(*configs[0].value, std::string("delete,compact"));
    QCOMPARE(configs[0].configSource, int8_t{1});  // TOPIC_CONFIG
    QCOMPARE(*configs[1].value, std::string("1000"));

    QVERIFY(broker.shutdown().isOk());
    QVERIFY(*fs.exists("/logs/.kafka_cleanshutdown"));
  }
};

QTEST_APPLESS_MAIN(TestBrokerPipelining)
#include "tst_broker_pipelining.moc"
