// Record-batch throughput (issue 4): shallow batch validation (CRC32C) of uncompressed batches
// against the raw CRC32C speed as the ceiling (goal >= 1 GB/s), decompression per codec, and
// decode+encode of a ProduceRequest (1 KiB records) and a FetchResponse with the generated codecs.
//
// Each figure is the best of several bounded timed runs over data that stays in cache.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/crc.h"
#include "base/prng.h"
#include "bench_table.h"
#include "bench_timing.h"
#include "protocol/kafka/generated/fetch_response.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/records/batch_validation.h"
#include "protocol/records/record_batch.h"

using namespace pier;
using namespace pier::protocol::records;
namespace kafka = pier::protocol::kafka;

namespace {

using pier::bench::measureBytesPerSecond;

constexpr double kValidateGoalGBps = 1.0;

// 1 KiB records: a short key and a value of mixed text and random bytes (compressible ~2x).
std::vector<Record> makeRecords(Prng& prng, int count) {
  std::vector<Record> out;
  for (int i = 0; i < count; ++i) {
    Record rec;
    rec.offsetDelta = i;
    rec.timestampDelta = i;
    std::string key = "user-" + std::to_string(prng.below(100000));
    rec.key = std::vector<uint8_t>(key.begin(), key.end());
    std::vector<uint8_t> value(1024);
    for (std::size_t j = 0; j < value.size(); ++j) {
      value[j] = (j / 32) % 2 ? static_cast<uint8_t>(prng.below(256)) : static_cast<uint8_t>("{\"event\":"[j % 9]);
    }
    rec.value = std::move(value);
    out.push_back(std::move(rec));
  }
  return out;
}

std::vector<uint8_t> makeBatch(const std::vector<Record>& records, Compression codec) {
  return encodeBatch(headerForRecords(Offset(0), 1700000000000, records), records, {codec, {}}).valueOr({});
}

std::string mbps(double bytesPerSecond) { return bench::fixed(bytesPerSecond / 1e6, 0); }
std::string gbps(double bytesPerSecond) { return bench::fixed(bytesPerSecond / 1e9, 2); }

void validationTable(Prng& prng) {
  // 16 batches of 64 records x 1 KiB = ~1 MiB, the shape of a busy produce request.
  std::vector<uint8_t> blob;
  for (int i = 0; i < 16; ++i) {
    auto batch = makeBatch(makeRecords(prng, 64), Compression::None);
    blob.insert(blob.end(), batch.begin(), batch.end());
  }
  bench::Table table("Batch validation, uncompressed (goal: >= 1 GB/s; ceiling: raw CRC32C)",
                     {"operation", "data", "GB/s", "goal / baseline", "verdict"});
  std::string data = std::to_string(blob.size() >> 10) + " KiB, 16 batches";
  double crc = measureBytesPerSecond(blob.size(), [&] { return crc32c(blob) != 1; });
  table.addRow({"crc32c raw (ceiling)", data, gbps(crc), "-", "ceiling"});
  double shallow = measureBytesPerSecond(blob.size(), [&] { return bool(validateRecordsShallow(blob)); });
  table.addRow({"validateRecordsShallow", data, gbps(shallow), bench::fixed(kValidateGoalGBps, 1),
                shallow / 1e9 >= kValidateGoalGBps ? "meets" : "BELOW GOAL"});
  auto firstBatch = decodeBatchHeader(blob).valueOr({});
  auto first = std::span<const uint8_t>(blob).first(firstBatch.sizeBytes());
  double deep = measureBytesPerSecond(first.size(), [&] {
    auto b = decodeBatch(first);
    return b && validateBatchRecords(*b);
  });
  table.addRow({"decodeBatch + validateBatchRecords", "1 batch", gbps(deep), "-", "full decode"});
  table.print();
}

void compressionTable(Prng& prng) {
  auto records = makeRecords(prng, 512);
  bench::Table table("Decompression per codec (512 x 1 KiB records, MB/s of decompressed output)",
                     {"codec", "compressed", "decompress MB/s", "decodeBatch MB/s", "baseline"});
  for (auto codec : {Compression::None, Compression::Gzip, Compression::Snappy, Compression::Lz4, Compression::Zstd}) {
    auto batch = makeBatch(records, codec);
    auto header = decodeBatchHeader(batch).valueOr({});
    auto plain = batchRecordBytes(batch, header).valueOr({});
    auto payload = std::span<const uint8_t>(batch).subspan(kBatchHeaderBytes);
    double unpack = measureBytesPerSecond(plain.size(), [&] { return bool(decompress(codec, payload)); });
    double full = measureBytesPerSecond(plain.size(), [&] { return bool(decodeBatch(batch)); });
    table.addRow({std::string(compressionName(codec)), std::to_string(batch.size() >> 10) + " KiB", mbps(unpack),
                  mbps(full), "library speed"});
  }
  table.print();
}

kafka::ProduceRequest makeProduce(Prng& prng) {
  kafka::ProduceRequest req;
  req.acks = -1;
  req.timeoutMs = 30000;
  kafka::ProduceRequest::TopicProduceData topic;
  topic.name = "events";
  for (int p = 0; p < 4; ++p) {
    kafka::ProduceRequest::PartitionProduceData part;
    part.index = p;
    part.records = makeBatch(makeRecords(prng, 128), Compression::None);
    topic.partitionData.push_back(std::move(part));
  }
  req.topicData.push_back(std::move(topic));
  return req;
}

kafka::FetchResponse makeFetch(Prng& prng) {
  kafka::FetchResponse resp;
  kafka::FetchResponse::FetchableTopicResponse topic;
  topic.topic = "events";
  for (int p = 0; p < 4; ++p) {
    kafka::FetchResponse::PartitionData part;
    part.partitionIndex = p;
    part.highWatermark = 1000;
    part.records = makeBatch(makeRecords(prng, 128), Compression::None);
    topic.partitions.push_back(std::move(part));
  }
  resp.responses.push_back(std::move(topic));
  return resp;
}

template <typename Message>
double codecRoundTrip(const std::vector<uint8_t>& bytes, int16_t version) {
  return measureBytesPerSecond(bytes.size(), [&] {
    Reader r(bytes);
    auto m = Message::decode(r, version);
    if (!m) return false;
    Writer w(bytes.size());
    return m->encode(w, version) && w.size() == bytes.size();
  });
}

void messageTable(Prng& prng) {
  bench::Table table("Decode + encode with the generated codecs (4 partitions x 128 x 1 KiB records)",
                     {"message", "bytes", "MB/s", "goal / baseline", "note"});
  auto produce = makeProduce(prng);
  Writer pw;
  (void)produce.encode(pw, 9);
  auto produceBytes = pw.take();
  double p = codecRoundTrip<kafka::ProduceRequest>(produceBytes, 9);
  table.addRow({"ProduceRequest v9", std::to_string(produceBytes.size()), mbps(p), "-", "records kept raw"});
  double pv = measureBytesPerSecond(produceBytes.size(), [&] {
    Reader r(produceBytes);
    auto m = kafka::ProduceRequest::decode(r, 9);
    if (!m) return false;
    for (const auto& part : m->topicData[0].partitionData) {
      if (!validateRecordsShallow(part.records->bytes())) return false;
    }
    Writer w(produceBytes.size());
    return bool(m->encode(w, 9));
  });
  table.addRow({"ProduceRequest v9 + shallow validation", std::to_string(produceBytes.size()), mbps(pv), "-",
                "the broker's produce path"});
  auto fetch = makeFetch(prng);
  Writer fw;
  (void)fetch.encode(fw, 12);
  auto fetchBytes = fw.take();
  double f = codecRoundTrip<kafka::FetchResponse>(fetchBytes, 12);
  table.addRow({"FetchResponse v12", std::to_string(fetchBytes.size()), mbps(f), "-", "records kept raw"});
  table.print();
}

}  // namespace

int main() {
  Prng prng(42);
  validationTable(prng);
  compressionTable(prng);
  messageTable(prng);
  return 0;
}
