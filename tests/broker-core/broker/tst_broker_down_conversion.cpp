// Old clients against an in-process Broker on loopback (AsioLoop, MemoryFileSystem), with the
// generated codecs: Fetch v0-3 get magic 0/1 message sets converted from the stored v2 batches
// (every legacy codec, offsets kept, wrapper offsets, zstd refused, v0-2's hard partition limit
// against v3's whole first batch), and Produce v0-2 legacy message sets are CRC-checked and
// up-converted as Kafka's LogValidator does (offsets assigned, timestamps kept or LogAppendTime,
// the producer's codec kept), while Produce v3+ must carry one v2 batch.

#include <QtTest>

#include "broker/broker.h"
#include "broker/error_mapping.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/create_topics_request.h"
#include "protocol/kafka/generated/create_topics_response.h"
#include "protocol/kafka/generated/fetch_request.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"
#include "raw_kafka_client.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_network.h"
#include "runtime/memory_file_system.h"

using namespace pier;
using namespace pier::protocol::kafka;
using namespace pier::protocol::records;
using pier::brokertest::RawClient;

namespace {

std::vector<uint8_t> bytesOf(const std::string& s) { return {s.begin(), s.end()}; }

// A v2 batch of `count` records "k<i>"/"v<i>" (i from `first`), with a header each.
std::vector<uint8_t> v2Batch(int first, int count, Compression codec, int valueBytes = 0) {
  std::vector<Record> records;
  for (int i = 0; i < count; ++i) {
    Record r;
    r.offsetDelta = i;
    r.timestampDelta = i;
    r.key = bytesOf("k" + std::to_string(first + i));
    std::string value = "v" + std::to_string(first + i);
    if (valueBytes > 0) value.resize(static_cast<std::size_t>(valueBytes), 'x');
    r.value = bytesOf(value);
    r.headers.push_back(RecordHeader{"h", bytesOf("x")});
    records.push_back(std::move(r));
  }
  EncodeOptions options;
  options.compression = codec;
  return *encodeBatch(headerForRecords(Offset(0), 1700000000000, records), records, options);
}

LegacyMessage legacy(int8_t magic, int64_t offset, const std::string& value, int64_t timestamp) {
  LegacyMessage m;
  m.magic = magic;
  m.offset = offset;
  m.timestamp = magic == 0 ? kNoTimestamp : timestamp;
  m.key = bytesOf("key-" + value);
  m.value = bytesOf(value);
  return m;
}

// A compressed wrapper as a pre-0.11 producer writes it: offsets 0..n-1 inside, wrapper offset 0
// (the producer does not know offsets), xerial snappy.
std::vector<uint8_t> legacyWrapper(int8_t magic, Compression codec, const std::vector<LegacyMessage>& inner) {
  std::vector<uint8_t> set;
  for (const auto& m : inner) {
    auto b = encodeLegacyMessage(m);
    set.insert(set.end(), b.begin(), b.end());
  }
  CompressOptions options;
  options.snappyFraming = SnappyFraming::Xerial;
  options.lz4HeaderChecksum = magic == 0 ? Lz4HeaderChecksum::Kafka08 : Lz4HeaderChecksum::Correct;
  LegacyMessage w;
  w.magic = magic;
  w.timestamp = inner.back().timestamp;
  w.value = *compress(codec, set, options);
  return encodeLegacyMessage(w, static_cast<int8_t>(codec));
}

std::vector<uint8_t> concat(std::initializer_list<std::vector<uint8_t>> parts) {
  std::vector<uint8_t> out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

template <typename Response>
Response decodeResponse(const std::vector<uint8_t>& frame, int16_t version) {
  Reader r(frame);
  (void)r.readInt32();  // correlation id; header v0 for every version used here
  auto decoded = Response::decode(r, version);
  if (!decoded) qFatal("%s", decoded.status().toString().c_str());
  return *decoded;
}

struct Fixture {
  AsioLoop loop;
  AsioNetwork net{loop};
  MemoryFileSystem fs;
  std::unique_ptr<broker::Broker> broker;
  RawClient client;

  Fixture() {
    broker::BrokerConfig config;
    config.listeners = {broker::ListenerConfig{"PLAINTEXT", "127.0.0.1", 0}};
    config.logDirs = {"/logs"};
    broker = std::make_unique<broker::Broker>(loop, net, fs, config, 1);
    if (!broker->start().isOk()) qFatal("broker did not start");
    client.connect(net, broker->boundEndpoints().front(), loop);
  }

  template <typename Response, typename Request>
  Response call(int16_t version, const Request& body) {
    const std::size_t before = client.responses.size();
    client.send(version, body);
    if (!client.waitFor(loop, before + 1)) qFatal("no response");
    return decodeResponse<Response>(client.responses[before], version);
  }

  void createTopic(const std::string& name, const std::vector<std::pair<std::string, std::string>>& configs = {}) {
    CreateTopicsRequest req;
    CreateTopicsRequest::CreatableTopic t;
    t.name = name;
    t.numPartitions = 1;
    t.replicationFactor = 1;
    for (const auto& [k, v] : configs) t.configs.push_back({k, v, {}});
    req.topics.push_back(t);
    (void)call<CreateTopicsResponse>(4, req);
  }

  ProduceResponse::PartitionProduceResponse produce(int16_t version, const std::string& topic, std::vector<uint8_t> records) {
    return call<ProduceResponse>(version, brokertest::produceRecordsTo(topic, std::move(records)))
        .responses.at(0)
        .partitionResponses.at(0);
  }

  FetchResponse::PartitionData fetch(int16_t version, const std::string& topic, int64_t offset,
                                     int32_t partitionMaxBytes = 1 << 20) {
    FetchRequest f;
    f.maxWaitMs = 0;
    f.minBytes = 1;
    FetchRequest::FetchTopic t;
    t.topic = topic;
    FetchRequest::FetchPartition p;
    p.partition = 0;
    p.fetchOffset = offset;
    p.partitionMaxBytes = partitionMaxBytes;
    t.partitions.push_back(p);
    f.topics.push_back(t);
    return call<FetchResponse>(version, f).responses.at(0).partitions.at(0);
  }
};

}  // namespace

class TestBrokerDownConversion : public QObject {
  Q_OBJECT

 private slots:
  void apiVersionsAdvertisesFetchFromV0() {
    Fixture f;
    auto versions = f.call<ApiVersionsResponse>(0, ApiVersionsRequest{});
    bool found = false;
    for (const auto& api : versions.apiKeys) {
      if (api.apiKey != 1) continue;
      found = true;
      QCOMPARE(api.minVersion, int16_t{0});
      QCOMPARE(api.maxVersion, int16_t{16});
    }
    QVERIFY(found);
  }

  void fetchV0ToV3GetLegacyMessageSets() {
    Fixture f;
    f.createTopic("t");
    int first = 0;
    for (Compression codec : {Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4}) {
      auto p = f.produce(7, "t", v2Batch(first, 4, codec));
      QCOMPARE(p.errorCode, int16_t{0});
      QCOMPARE(p.baseOffset, int64_t{first});
      first += 4;
    }
    for (int16_t version = 0; version <= 3; ++version) {
      auto data = f.fetch(version, "t", 0);
      QCOMPARE(data.errorCode, int16_t{0});
      QCOMPARE(data.highWatermark, int64_t{16});
      auto set = decodeMessageSet(*data.records);
      QVERIFY2(set.isOk(), set.status().toString().c_str());
      QCOMPARE(set->messages.size(), std::size_t{16});
      for (int i = 0; i < 16; ++i) {
        const LegacyMessage& m = set->messages[static_cast<std::size_t>(i)];
        QCOMPARE(m.offset, int64_t{i});
        QCOMPARE(m.magic, static_cast<int8_t>(version <= 1 ? 0 : 1));
        QCOMPARE(m.key, std::optional(bytesOf("k" + std::to_string(i))));
        QCOMPARE(m.value, std::optional(bytesOf("v" + std::to_string(i))));
        QCOMPARE(m.timestamp, version <= 1 ? kNoTimestamp : 1700000000000 + i % 4);
        QCOMPARE(m.wrapperCompression, static_cast<Compression>(i / 4));
      }
      // From the middle of the uncompressed batch: the earlier records are not sent.
      auto mid = decodeMessageSet(*f.fetch(version, "t", 2).records);
      QCOMPARE(mid->messages.front().offset, int64_t{2});
    }
  }

  void downConversionDisabledAnswersOldFetchesUnsupported() {
    Fixture f;
    f.createTopic("modern", {{"message.downconversion.enable", "false"}});
    f.createTopic("empty-modern", {{"message.downconversion.enable", "false"}});
    QCOMPARE(f.produce(7, "modern", v2Batch(0, 3, Compression::None)).errorCode, int16_t{0});
    for (int16_t version = 0; version <= 3; ++version) {
      QCOMPARE(f.fetch(version, "modern", 0).errorCode, broker::kafka_error::kUnsupportedVersion);
      QCOMPARE(f.fetch(version, "empty-modern", 0).errorCode, broker::kafka_error::kUnsupportedVersion);
    }
    auto current = f.fetch(4, "modern", 0);  // no conversion needed: served
    QCOMPARE(current.errorCode, int16_t{0});
    QCOMPARE(current.highWatermark, int64_t{3});
  }

  void topicCompressionTypeRebuildsBatches() {
    Fixture f;
    f.createTopic("gz", {{"compression.type", "gzip"}, {"compression.gzip.level", "1"}});
    f.createTopic("plain", {{"compression.type", "uncompressed"}});
    f.createTopic("keep");  // producer: as it came
    // An idempotent producer's batch keeps its producer fields and sequence when rebuilt.
    std::vector<uint8_t> idempotent = v2Batch(0, 4, Compression::None);
    {
      RecordBatch b = *decodeBatch(idempotent);
      b.header.producerId = ProducerId(42);
      b.header.producerEpoch = ProducerEpoch(3);
      b.header.baseSequence = 0;
      idempotent = *encodeBatch(b.header, b.records);
    }
    QCOMPARE(f.produce(7, "gz", idempotent).errorCode, int16_t{0});
    QCOMPARE(f.produce(7, "gz", v2Batch(4, 2, Compression::Gzip)).baseOffset, int64_t{4});  // already gzip
    QCOMPARE(f.produce(7, "plain", v2Batch(0, 3, Compression::Lz4)).errorCode, int16_t{0});
    QCOMPARE(f.produce(7, "keep", v2Batch(0, 3, Compression::Snappy)).errorCode, int16_t{0});
    const auto stored = [&](const std::string& topic) {
      auto data = f.fetch(11, topic, 0);
      std::vector<RecordBatch> out;
      BatchIterator it(*data.records);
      for (auto entry = it.next(); entry && *entry; entry = it.next()) {
        auto batch = decodeBatch((*entry)->bytes);  // the CRC is checked here
        if (!batch) qFatal("%s", batch.status().toString().c_str());
        out.push_back(*batch);
      }
      return out;
    };
    auto gz = stored("gz");
    QCOMPARE(gz.size(), std::size_t{2});
    QCOMPARE(gz[0].header.compressionBits(), static_cast<int>(Compression::Gzip));
    QCOMPARE(gz[0].header.producerId, ProducerId(42));
    QCOMPARE(gz[0].header.producerEpoch, ProducerEpoch(3));
    QCOMPARE(gz[0].header.baseSequence, 0);
    QCOMPARE(gz[0].header.baseOffset, Offset(0));
    QCOMPARE(gz[0].header.maxTimestamp, int64_t{1700000000003});
    QCOMPARE(gz[0].records.size(), std::size_t{4});
    QCOMPARE(gz[0].records[3].key, std::optional(bytesOf("k3")));
    QCOMPARE(gz[0].records[3].value, std::optional(bytesOf("v3")));
    QCOMPARE(gz[0].records[3].headers.size(), std::size_t{1});
    QCOMPARE(gz[1].header.baseOffset, Offset(4));
    auto plain = stored("plain");
    QCOMPARE(plain.size(), std::size_t{1});
    QCOMPARE(plain[0].header.compressionBits(), static_cast<int>(Compression::None));
    QCOMPARE(plain[0].records.size(), std::size_t{3});
    QCOMPARE(stored("keep")[0].header.compressionBits(), static_cast<int>(Compression::Snappy));
    // The retried idempotent batch is still recognised as a duplicate after its rebuild.
    auto retry = f.produce(7, "gz", idempotent);
    QCOMPARE(retry.errorCode, int16_t{0});
    QCOMPARE(retry.baseOffset, int64_t{0});
    QCOMPARE(f.fetch(11, "gz", 0).highWatermark, int64_t{6});
  }

  void zstdTopicIsUnsupportedBeforeFetchV10() {
    Fixture f;
    f.createTopic("zt", {{"compression.type", "zstd"}, {"message.downconversion.enable", "false"}});
    QCOMPARE(f.produce(7, "zt", v2Batch(0, 2, Compression::Gzip)).errorCode, int16_t{0});
    for (int16_t version : {0, 3, 4, 9}) {
      QCOMPARE(f.fetch(version, "zt", 0).errorCode, broker::kafka_error::kUnsupportedCompressionType);
    }
    auto v10 = f.fetch(10, "zt", 0);
    QCOMPARE(v10.errorCode, int16_t{0});
    QCOMPARE(decodeBatchHeader(*v10.records)->compressionBits(), static_cast<int>(Compression::Zstd));
  }

  void zstdIsUnsupportedForOldFetches() {
    Fixture f;
    f.createTopic("z");
    QCOMPARE(f.produce(7, "z", v2Batch(0, 2, Compression::Gzip)).errorCode, int16_t{0});
    QCOMPARE(f.produce(7, "z", v2Batch(2, 2, Compression::Zstd)).errorCode, int16_t{0});
    auto before = f.fetch(3, "z", 0);
    QCOMPARE(before.errorCode, int16_t{0});
    QCOMPARE(decodeMessageSet(*before.records)->messages.size(), std::size_t{2});
    auto atZstd = f.fetch(1, "z", 2);
    QCOMPARE(atZstd.errorCode, broker::kafka_error::kUnsupportedCompressionType);
    QCOMPARE(atZstd.highWatermark, int64_t{-1});
    QVERIFY(atZstd.records->empty());
    QCOMPARE(f.fetch(4, "z", 2).errorCode, int16_t{0});  // v4+ get the batch as stored
  }

  void v0ToV2HaveAHardPartitionLimit() {
    Fixture f;
    f.createTopic("big");
    QCOMPARE(f.produce(7, "big", v2Batch(0, 5, Compression::None, 400)).errorCode, int16_t{0});
    // v2: the batch does not fit 1000 bytes: Kafka's 12-byte overflow entry, which old clients
    // read as "message larger than the fetch size".
    auto cut = f.fetch(2, "big", 0, 1000);
    QCOMPARE(cut.errorCode, int16_t{0});
    QCOMPARE(cut.records->size(), std::size_t{12});
    auto set = decodeMessageSet(*cut.records);
    QVERIFY(set.isOk() && set->messages.empty());
    // v3 (KIP-74): the first batch comes whole.
    auto whole = f.fetch(3, "big", 0, 1000);
    QCOMPARE(decodeMessageSet(*whole.records)->messages.size(), std::size_t{5});
  }

  void legacyProduceIsUpConverted() {
    Fixture f;
    f.createTopic("old");
    // Produce v0, magic 0: two plain messages and a gzip wrapper of three.
    auto v0 = concat({encodeLegacyMessage(legacy(0, 0, "a", 0)), encodeLegacyMessage(legacy(0, 1, "b", 0)),
                      legacyWrapper(0, Compression::Gzip, {legacy(0, 0, "c", 0), legacy(0, 1, "d", 0),
                                                           legacy(0, 2, "e", 0)})});
    auto p0 = f.produce(0, "old", v0);
    QCOMPARE(p0.errorCode, int16_t{0});
    QCOMPARE(p0.baseOffset, int64_t{0});
    // Produce v2, magic 1: a snappy wrapper (relative offsets, xerial framing) with timestamps.
    auto p2 = f.produce(2, "old", legacyWrapper(1, Compression::Snappy, {legacy(1, 0, "f", 5000), legacy(1, 1, "g", 5001)}));
    QCOMPARE(p2.errorCode, int16_t{0});
    QCOMPARE(p2.baseOffset, int64_t{5});
    QCOMPARE(p2.logAppendTimeMs, int64_t{-1});  // CreateTime topic

    // A v11 fetch sees v2 batches: consecutive offsets, magic 0 without timestamps, the
    // wrapper's codec kept.
    auto stored = f.fetch(11, "old", 0);
    std::vector<RecordBatch> batches;
    BatchIterator it(*stored.records);
    while (auto entry = it.next()) {
      if (!*entry) break;
      batches.push_back(*decodeBatch((*entry)->bytes));
    }
    QCOMPARE(batches.size(), std::size_t{2});
    QCOMPARE(batches[0].header.baseOffset, Offset(0));
    QCOMPARE(batches[0].records.size(), std::size_t{5});
    QCOMPARE(batches[0].header.compressionBits(), static_cast<int>(Compression::Gzip));
    QCOMPARE(batches[0].header.maxTimestamp, kNoTimestamp);
    QCOMPARE(batches[1].header.baseOffset, Offset(5));
    QCOMPARE(batches[1].header.compressionBits(), static_cast<int>(Compression::Snappy));
    QCOMPARE(batches[1].header.baseTimestamp, int64_t{5000});
    QCOMPARE(batches[1].header.maxTimestamp, int64_t{5001});
    QCOMPARE(batches[1].records[1].value, std::optional(bytesOf("g")));

    // And back to magic 1 for a v2 fetch: the same keys, values and offsets.
    auto back = decodeMessageSet(*f.fetch(2, "old", 0).records);
    QCOMPARE(back->messages.size(), std::size_t{7});
    const char* values[] = {"a", "b", "c", "d", "e", "f", "g"};
    for (int i = 0; i < 7; ++i) {
      QCOMPARE(back->messages[static_cast<std::size_t>(i)].offset, int64_t{i});
      QCOMPARE(back->messages[static_cast<std::size_t>(i)].value, std::optional(bytesOf(values[i])));
      QCOMPARE(back->messages[static_cast<std::size_t>(i)].key, std::optional(bytesOf(std::string("key-") + values[i])));
    }
    QCOMPARE(back->messages[5].timestamp, int64_t{5000});
  }

  void legacyProduceOnALogAppendTimeTopic() {
    Fixture f;
    f.createTopic("lat", {{"message.timestamp.type", "LogAppendTime"}});
    auto p = f.produce(2, "lat", concat({encodeLegacyMessage(legacy(1, 0, "x", 12)), encodeLegacyMessage(legacy(1, 1, "y", 13))}));
    QCOMPARE(p.errorCode, int16_t{0});
    QVERIFY(p.logAppendTimeMs > 1600000000000);
    auto back = decodeMessageSet(*f.fetch(3, "lat", 0).records);
    QCOMPARE(back->messages.size(), std::size_t{2});
    for (const auto& m : back->messages) {
      QCOMPARE(m.timestamp, p.logAppendTimeMs);
      QCOMPARE(m.timestampType, TimestampType::LogAppendTime);
    }
  }

  void legacyProduceErrorsAsKafka() {
    Fixture f;
    f.createTopic("bad");
    auto message = encodeLegacyMessage(legacy(1, 0, "x", 12));
    // A CRC that does not match: CORRUPT_MESSAGE.
    auto corrupt = message;
    corrupt.back() ^= 0xff;
    QCOMPARE(f.produce(2, "bad", corrupt).errorCode, broker::kafka_error::kCorruptMessage);
    // Produce v3+ only carries magic v2 batches: INVALID_RECORD.
    QCOMPARE(f.produce(3, "bad", message).errorCode, broker::kafka_error::kInvalidRecord);
    // Two batches in one v3+ partition: INVALID_RECORD; zstd before v7: UNSUPPORTED_COMPRESSION_TYPE.
    QCOMPARE(f.produce(7, "bad", concat({v2Batch(0, 1, Compression::None), v2Batch(1, 1, Compression::None)})).errorCode,
             broker::kafka_error::kInvalidRecord);
    QCOMPARE(f.produce(6, "bad", v2Batch(0, 1, Compression::Zstd)).errorCode,
             broker::kafka_error::kUnsupportedCompressionType);
    // A producer may not set LogAppendTime: INVALID_TIMESTAMP.
    auto lat = encodeLegacyMessage(legacy(1, 0, "x", 12), 0x08);
    QCOMPARE(f.produce(2, "bad", lat).errorCode, broker::kafka_error::kInvalidTimestamp);
    // Nothing of the above was appended.
    QCOMPARE(f.fetch(0, "bad", 0).highWatermark, int64_t{0});
  }
};

QTEST_APPLESS_MAIN(TestBrokerDownConversion)
#include "tst_broker_down_conversion.moc"
