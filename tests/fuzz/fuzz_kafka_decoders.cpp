// libFuzzer entry point for the Kafka and ZooKeeper decoders. Every input is used four ways:
//  1. as a byte stream from a client: fed to FrameDecoder in chunks whose sizes come from the
//     input, each frame parsed as a request envelope and its body decoded with the generated
//     type for its api key (golden frames from tests/.../testdata/golden are good seeds);
//  2. as a direct decoder call: byte 0 picks the api key, byte 1 the version and request or
//     response, the rest is the message body.
// A third use feeds __consumer_offsets record keys and values to their decoders; a fourth
// feeds the ZooKeeper jute records: byte 0 picks one of PIER_JUTE_FOR_EACH_RECORD or the multi
// request codec (coordination/multi_request.h), the rest is the record. A fifth takes the whole
// input as a produced or stored record set: v2 batches walked and decoded (decompressed within
// small limits), the shallow validation, a legacy message set decoded and up-converted (which
// must give one valid v2 batch), and down-conversion to magic 0 and 1 (kafka-python's legacy
// sets in tests/.../testdata/kafka_python are seeds). A sixth decodes the input as a producer
// snapshot (storage/producer_snapshot.h), once as it is and once with its CRC made right, so the
// layout checks behind the CRC are reached too.
// Decoders must return errors, never crash, hang or leak (ASan), on any input. A message that
// decodes must re-encode, and its encoding must decode again.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "base/big_endian.h"
#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/crc.h"
#include "coordination/multi_request.h"
#include "protocol/consumer_offsets_record.h"
#include "protocol/kafka/generated/request_header.h"
#include "protocol/kafka/generated/response_header.h"
#include "protocol/kafka_api_dispatch.h"
#include "protocol/kafka_framing.h"
#include "protocol/kafka_request.h"
#include "protocol/records/batch_iterator.h"
#include "protocol/records/batch_validation.h"
#include "protocol/records/down_conversion.h"
#include "protocol/records/legacy_message_set.h"
#include "protocol/records/record_batch.h"
#include "protocol/zookeeper/generated/jute_records.h"
#include "storage/producer_snapshot.h"

using namespace pier;
using namespace pier::protocol::kafka;

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

template <typename T>
void decodeAndReencode(std::span<const uint8_t> bytes, int16_t version) {
  Reader r(bytes);
  Result<T> m = T::decode(r, version);
  if (!m) return;
  Writer w;
  // Decoded values can still be unencodable (a compact string longer than 32767 bytes), so an
  // encode error is allowed; what encodes must decode.
  if (!m->encode(w, version).isOk()) return;
  Reader again(w.bytes());
  require(T::decode(again, version).isOk() && again.atEnd());
}

void decodeFrames(std::span<const uint8_t> data) {
  FrameDecoder frames(1 << 20);
  const std::size_t step = data.empty() ? 1 : data[0] % 13 + 1;
  for (std::size_t at = 0; at < data.size() && !frames.failed(); at += step) {
    (void)frames.feed(data.subspan(at, std::min(step, data.size() - at)));
    while (auto frame = frames.next()) {
      Result<RequestEnvelope> req = parseRequest(*frame);
      if (!req) continue;
      (void)describeRequest(*req);
      visitApi(req->apiKey(), [&]<typename Request, typename Response>() {
        decodeAndReencode<Request>(req->body, req->apiVersion());
      });
    }
  }
}

void decodeDirect(std::span<const uint8_t> data) {
  if (data.size() < 2) return;
  const auto apiKey = static_cast<int16_t>(data[0] % (kApis.size() + 1));
  const bool response = (data[1] & 0x80) != 0;
  const auto version = static_cast<int16_t>(data[1] & 0x1f);
  const std::span<const uint8_t> body = data.subspan(2);
  visitApi(apiKey, [&]<typename Request, typename Response>() {
    if (response) {
      decodeAndReencode<Response>(body, version);
    } else {
      decodeAndReencode<Request>(body, version);
    }
  });
  if (apiKey == static_cast<int16_t>(kApis.size())) {
    decodeAndReencode<RequestHeader>(body, static_cast<int16_t>(version % 3));
    decodeAndReencode<ResponseHeader>(body, static_cast<int16_t>(version % 2));
  }
}

namespace pz = pier::protocol::zookeeper;

// Jute encoding is canonical up to null strings and vectors (read as empty) and boolean bytes
// (any non-zero is true), so what decodes must re-encode to bytes that decode to the same value.
template <typename T>
void decodeJuteRecord(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  Result<T> m = T::decode(r);
  if (!m) return;
  Writer w;
  m->encode(w);
  Reader again(w.bytes());
  Result<T> twice = T::decode(again);
  require(twice.isOk() && again.atEnd() && *twice == *m);
}

void decodeMulti(std::span<const uint8_t> bytes) {
  Reader r(bytes);
  auto ops = coordination::decodeMultiRequest(r);
  if (!ops) return;
  Writer w;
  coordination::encodeMultiRequest(w, *ops);
  Reader again(w.bytes());
  auto twice = coordination::decodeMultiRequest(again);
  require(twice.isOk() && again.atEnd() && twice->size() == ops->size());
  for (std::size_t i = 0; i < ops->size(); ++i) {
    require((*twice)[i].type == (*ops)[i].type && (*twice)[i].record == (*ops)[i].record);
  }
}

using JuteDecoder = void (*)(std::span<const uint8_t>);
#define PIER_FUZZ_JUTE_DECODER(T) &decodeJuteRecord<pz::T>,
constexpr JuteDecoder kJuteDecoders[] = {
    PIER_JUTE_FOR_EACH_RECORD(PIER_FUZZ_JUTE_DECODER) &decodeMulti};
#undef PIER_FUZZ_JUTE_DECODER

void decodeJute(std::span<const uint8_t> data) {
  if (data.empty()) return;
  kJuteDecoders[data[0] % std::size(kJuteDecoders)](data.subspan(1));
}

void decodeProducerSnapshotOnce(std::span<const uint8_t> bytes) {
  auto entries = storage::decodeProducerSnapshot(bytes);
  if (!entries) return;
  const std::string again = storage::encodeProducerSnapshot(*entries);
  auto redecoded = storage::decodeProducerSnapshot(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(again.data()), again.size()));
  require(redecoded.isOk() && *redecoded == *entries);
}

void decodeProducerSnapshots(std::span<const uint8_t> input) {
  decodeProducerSnapshotOnce(input);
  if (input.size() < 6) return;
  std::vector<uint8_t> fixed(input.begin(), input.end());
  const uint32_t crc = crc32c(std::span<const uint8_t>(fixed).subspan(6));
  storeBigEndian<uint32_t>(fixed.data() + 2, crc);
  decodeProducerSnapshotOnce(fixed);
}

}  // namespace

// __consumer_offsets records: the input split at byte 0 into a key and a value.
void decodeConsumerOffsets(std::span<const uint8_t> data) {
  if (data.empty()) return;
  const std::size_t split = std::min<std::size_t>(data[0], data.size() - 1);
  auto key = pier::protocol::decodeConsumerOffsetsKey(data.subspan(1, split));
  if (!key) return;
  (void)pier::protocol::decodeConsumerOffsetsValue(*key, data.subspan(1 + split));
}

// The input as record bytes, every way the broker reads records a client or a log gave it.
void decodeRecords(std::span<const uint8_t> data) {
  namespace records = pier::protocol::records;
  // Small limits: a decompression bomb is an error, not a slow run.
  const records::BatchLimits limits{1u << 20, 1u << 20};
  records::BatchIterator batches(data);
  for (int i = 0; i < 64; ++i) {
    auto entry = batches.next();
    if (!entry || !*entry) break;
    auto batch = records::decodeBatch((*entry)->bytes, limits);
    if (batch) (void)records::validateBatchRecords(*batch);
  }
  (void)records::validateRecordsShallow(data, limits);
  if (records::decodeMessageSet(data, limits)) {
    auto upConverted = records::upConvertMessageSet(data, limits);
    if (upConverted) require(records::validateRecordsShallow(*upConverted).isOk());
  }
  for (const int8_t magic : {int8_t{0}, int8_t{1}}) {
    records::DownConversion options;
    options.toMagic = magic;
    options.limits = limits;
    (void)records::downConvert(data, options);
  }
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::span<const uint8_t> input(data, size);
  decodeFrames(input);
  decodeDirect(input);
  decodeConsumerOffsets(input);
  decodeJute(input);
  decodeRecords(input);
  decodeProducerSnapshots(input);
  return 0;
}
