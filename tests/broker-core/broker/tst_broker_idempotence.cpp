// The idempotent producer across broker restarts, against a Broker in this process on loopback:
// a retried batch is answered with its first offsets and not appended again and a gap is
// OUT_OF_ORDER_SEQUENCE_NUMBER, also after a restart and after DeleteRecords removed every batch the producer wrote (its state comes from the
// producer snapshot then: the log holds nothing to rebuild it from); DescribeProducers shows the
// producers a partition knows.

#include <QtTest>

#include "broker/broker.h"
#include "protocol/kafka/generated/delete_records_request.h"
#include "protocol/kafka/generated/delete_records_response.h"
#include "protocol/kafka/generated/describe_producers_request.h"
#include "protocol/kafka/generated/describe_producers_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/metadata_response.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/kafka_error_codes.h"
#include "protocol/records/record_batch.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_network.h"
#include "runtime/memory_file_system.h"
#include "raw_kafka_client.h"

using namespace pier;
using namespace pier::brokertest;
using namespace pier::protocol::kafka;
namespace records = pier::protocol::records;

namespace {

constexpr int64_t kPid = 12;
const std::string kTopic = "idem";

// `count` records of producer kPid at `epoch`, sequences from `firstSeq`.
std::vector<uint8_t> producerBatch(int32_t firstSeq, int count, int16_t epoch = 0) {
  std::vector<records::Record> rs(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    rs[i].offsetDelta = i;
    rs[i].value = std::vector<uint8_t>(300, static_cast<uint8_t>('a' + (firstSeq + i) % 26));
  }
  records::BatchHeader h = records::headerForRecords(Offset(0), 1700000000000, rs);
  h.producerId = ProducerId(kPid);
  h.producerEpoch = ProducerEpoch(epoch);
  h.baseSequence = firstSeq;
  return *records::encodeBatch(h, rs, {});
}

// One record without a producer id.
std::vector<uint8_t> plainBatch() {
  std::vector<records::Record> rs(1);
  rs[0].value = std::vector<uint8_t>(600, 'p');
  return *records::encodeBatch(records::headerForRecords(Offset(0), 1700000000000, rs), rs, {});
}

struct Answer {
  int16_t errorCode = -100;
  int64_t baseOffset = -1;
};

// One broker life on a file system that outlives it.
class BrokerLife {
 public:
  explicit BrokerLife(MemoryFileSystem& fs) : net(loop) {
    broker::BrokerConfig config;
    config.listeners = {broker::ListenerConfig{"PLAINTEXT", "127.0.0.1", 0}};
    config.logDirs = {"/logs"};
    config.logDefaults.segmentBytes = 16384;  // a few batches per segment
    broker = std::make_unique<broker::Broker>(loop, net, fs, config, 1);
    if (!broker->start().isOk()) qFatal("start");
    client.connect(net, broker->boundEndpoints().front(), loop);
    MetadataRequest metadata;
    metadata.topics.emplace().emplace_back().name = kTopic;  // auto-created
    if (!call<MetadataResponse>(client, loop, 9, metadata)) qFatal("metadata");
  }
  ~BrokerLife() { (void)broker->shutdown(); }

  Answer produce(std::vector<uint8_t> batch) {
    auto resp = call<ProduceResponse>(client, loop, 9, produceRecordsTo(kTopic, std::move(batch)));
    if (!resp || resp->responses.size() != 1 || resp->responses[0].partitionResponses.size() != 1) return {};
    const auto& p = resp->responses[0].partitionResponses[0];
    return {p.errorCode, p.baseOffset};
  }
  int16_t deleteRecordsBefore(int64_t offset) {
    DeleteRecordsRequest req;
    req.timeoutMs = 1000;
    auto& topic = req.topics.emplace_back();
    topic.name = kTopic;
    auto& partition = topic.partitions.emplace_back();
    partition.partitionIndex = 0;
    partition.offset = offset;
    auto resp = call<DeleteRecordsResponse>(client, loop, 2, req);
    if (!resp || resp->topics.size() != 1 || resp->topics[0].partitions.size() != 1) return -100;
    return resp->topics[0].partitions[0].errorCode;
  }

  std::optional<DescribeProducersResponse> describeProducers(const std::vector<int32_t>& partitions) {
    DescribeProducersRequest req;
    auto& topic = req.topics.emplace_back();
    topic.name = kTopic;
    topic.partitionIndexes = partitions;
    return call<DescribeProducersResponse>(client, loop, 0, req);
  }

  AsioLoop loop;
  AsioNetwork net;
  std::unique_ptr<broker::Broker> broker;
  RawClient client;
};

}  // namespace

class TestBrokerIdempotence : public QObject {
  Q_OBJECT

 private slots:
  void retriesAreAnsweredOnceAcrossRestarts() {
    MemoryFileSystem fs;
    int64_t lastBase = -1;
    int64_t end = -1;
    {
      BrokerLife life(fs);
      for (int b = 0; b < 4; ++b) {
        Answer a = life.produce(producerBatch(b * 5, 5));
        QCOMPARE(a.errorCode, kafka_error::kNone);
        QCOMPARE(a.baseOffset, int64_t{b * 5});
        lastBase = a.baseOffset;
      }
      // A retry of the last batch: its offsets again, nothing appended.
      Answer retry = life.produce(producerBatch(15, 5));
      QCOMPARE(retry.errorCode, kafka_error::kNone);
      QCOMPARE(retry.baseOffset, lastBase);
      QCOMPARE(life.produce(producerBatch(25, 5)).errorCode, kafka_error::kOutOfOrderSequenceNumber);
      // Other data rolls segments past the producer's batches; DeleteRecords removes them all.
      for (int i = 0; i < 40; ++i) QCOMPARE(life.produce(plainBatch()).errorCode, kafka_error::kNone);
      end = 60;
      QCOMPARE(life.deleteRecordsBefore(-1), kafka_error::kNone);  // -1: up to the high watermark
    }
    {
      BrokerLife life(fs);
      Answer retry = life.produce(producerBatch(15, 5));
      QCOMPARE(retry.errorCode, kafka_error::kNone);
      QCOMPARE(retry.baseOffset, lastBase);
      QCOMPARE(life.produce(producerBatch(25, 5)).errorCode, kafka_error::kOutOfOrderSequenceNumber);
      Answer next = life.produce(producerBatch(20, 5));
      QCOMPARE(next.errorCode, kafka_error::kNone);
      QCOMPARE(next.baseOffset, end);
      // kafka-transactions.sh describe-producers' view: the producer, its epoch and last sequence.
      auto described = life.describeProducers({0, 7});
      QVERIFY(described && described->topics.size() == 1 && described->topics[0].partitions.size() == 2);
      const auto& p0 = described->topics[0].partitions[0];
      QCOMPARE(p0.errorCode, kafka_error::kNone);
      QCOMPARE(p0.activeProducers.size(), std::size_t{1});
      QCOMPARE(p0.activeProducers[0].producerId, ProducerId(kPid));
      QCOMPARE(p0.activeProducers[0].producerEpoch, 0);
      QCOMPARE(p0.activeProducers[0].lastSequence, 24);
      QCOMPARE(p0.activeProducers[0].lastTimestamp, int64_t{1700000000000});
      QCOMPARE(p0.activeProducers[0].coordinatorEpoch, -1);
      QCOMPARE(p0.activeProducers[0].currentTxnStartOffset, int64_t{-1});
      QCOMPARE(described->topics[0].partitions[1].errorCode, kafka_error::kUnknownTopicOrPartition);
    }
  }
};

QTEST_APPLESS_MAIN(TestBrokerIdempotence)
#include "tst_broker_idempotence.moc"
