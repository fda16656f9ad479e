// Kafka framing: a client's bytes arrive in whatever pieces TCP gives; the broker must see the
// same requests whatever the split, reject sizes Kafka rejects with Kafka's words, and keep
// the request envelope (header versions) exactly as Kafka's ApiMessageType defines it.
#include <QtTest>

#include <algorithm>
#include <span>
#include <string>
#include <vector>

#include "base/byte_writer.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/produce_response.h"
#include "protocol/kafka_framing.h"
#include "protocol/kafka_request.h"

using namespace pier::protocol::kafka;
using Bytes = std::vector<uint8_t>;

namespace {

Bytes payload(std::size_t n, uint8_t seed) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + i * 7);
  return b;
}

// Three frames of different sizes (one empty) back to back, as a pipelining client sends them.
std::vector<Bytes> samplePayloads() { return {payload(5, 1), payload(0, 0), payload(300, 9)}; }

Bytes concatFrames(const std::vector<Bytes>& payloads) {
  Bytes out;
  for (const Bytes& p : payloads) {
    Bytes f = *encodeFrame(p);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

std::vector<Bytes> drain(FrameDecoder& d) {
  std::vector<Bytes> out;
  while (auto f = d.next()) out.push_back(std::move(*f));
  return out;
}

Bytes prefix(int32_t size) {
  pier::Writer w;
  w.writeInt32(size);
  return w.take();
}

}  // namespace

class TestFraming : public QObject {
  Q_OBJECT

 private slots:
  void encodeFrameWritesBigEndianSize() {
    const Bytes f = *encodeFrame(payload(258, 0));
    QCOMPARE(f.size(), std::size_t{262});
    QCOMPARE(f[0], uint8_t{0});
    QCOMPARE(f[1], uint8_t{0});
    QCOMPARE(f[2], uint8_t{1});
    QCOMPARE(f[3], uint8_t{2});
  }

  void pipelinedFramesInOneChunk() {
    FrameDecoder d;
    QVERIFY(d.feed(concatFrames(samplePayloads())).isOk());
    QCOMPARE(d.readyFrames(), std::size_t{3});
    QCOMPARE(drain(d), samplePayloads());
    QCOMPARE(d.bufferedBytes(), std::size_t{0});
  }

  // Every two-way split, and byte-at-a-time, gives the same frames in order.
  void everySplitPoint() {
    const Bytes stream = concatFrames(samplePayloads());
    for (std::size_t cut = 0; cut <= stream.size(); ++cut) {
      FrameDecoder d;
      std::vector<Bytes> got;
      QVERIFY(d.feed({stream.data(), cut}).isOk());
      for (Bytes& f : drain(d)) got.push_back(std::move(f));
      QVERIFY(d.feed({stream.data() + cut, stream.size() - cut}).isOk());
      for (Bytes& f : drain(d)) got.push_back(std::move(f));
      QVERIFY2(got == samplePayloads(), qPrintable(QString("cut at %1").arg(cut)));
    }
    FrameDecoder d;
    for (uint8_t b : stream) QVERIFY(d.feed({&b, 1}).isOk());
    QCOMPARE(drain(d), samplePayloads());
  }

  // Reading through readBuffer()/commit() (a socket read straight into the frame) gives the
  // same frames as feed(), whatever each read returns: large payloads (read in place, one past
  // the 1 MiB reserve) between small pipelined ones, reads cut short anywhere.
  void readBufferAndCommitGiveTheSameFrames() {
    const std::vector<Bytes> small = {payload(3, 1), payload(20000, 2), payload(0, 0), payload(40, 3)};
    std::vector<Bytes> large = small;
    large.push_back(payload((1 << 20) + 70000, 4));
    large.push_back(payload(17000, 5));
    for (std::size_t readMax : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, std::size_t{65536},
                                std::size_t{3} << 20}) {
      const std::vector<Bytes>& payloads = readMax < 4096 ? small : large;
      const Bytes stream = concatFrames(payloads);
      FrameDecoder d;
      std::vector<Bytes> got;
      std::size_t at = 0;
      while (at < stream.size()) {
        std::span<uint8_t> into = d.readBuffer();
        QVERIFY(!into.empty());
        const std::size_t n = std::min({into.size(), readMax, stream.size() - at});
        std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(at), n, into.begin());
        at += n;
        QVERIFY(d.commit(n).isOk());
        for (Bytes& f : drain(d)) got.push_back(std::move(f));
      }
      QVERIFY2(got == payloads, qPrintable(QString("reads of at most %1 bytes").arg(readMax)));
      QCOMPARE(d.bufferedBytes(), std::size_t{0});
    }
  }

  // A frame handed back with recycle() takes the next large payload with its old bytes still in
  // it (they are read over, not zero-filled first): each later frame is exactly its own bytes,
  // whether it is smaller or larger than the recycled one and whether its bytes come by
  // readBuffer()/commit() or feed().
  void recycledFramesGiveExactlyTheirBytes() {
    const std::vector<Bytes> payloads = {payload(300000, 1), payload(100000, 2), payload(500000, 3),
                                         payload(20000, 4),  payload(5, 5),      payload(70000, 6)};
    for (const bool direct : {true, false}) {
      FrameDecoder d;
      const Bytes stream = concatFrames(payloads);
      std::vector<Bytes> got;
      std::size_t at = 0;
      while (at < stream.size()) {
        const std::size_t readMax = direct ? 65536 : 7000;
        std::size_t n = 0;
        if (direct) {
          std::span<uint8_t> into = d.readBuffer();
          n = std::min({into.size(), readMax, stream.size() - at});
          std::copy_n(stream.begin() + static_cast<std::ptrdiff_t>(at), n, into.begin());
          QVERIFY(d.commit(n).isOk());
        } else {
          n = std::min(readMax, stream.size() - at);
          QVERIFY(d.feed({stream.data() + at, n}).isOk());
        }
        at += n;
        while (auto f = d.next()) {
          got.push_back(*f);
          std::fill(f->begin(), f->end(), uint8_t{0xEE});  // as a produce's offsets are written in place
          d.recycle(std::move(*f));
        }
      }
      QVERIFY2(got == payloads, direct ? "readBuffer/commit" : "feed");
      QCOMPARE(d.bufferedBytes(), std::size_t{0});
    }
  }

  void partialFrameIsHeldNotYielded() {
    FrameDecoder d;
    const Bytes f = *encodeFrame(payload(10, 3));
    QVERIFY(d.feed({f.data(), 2}).isOk());  // half the size prefix
    QVERIFY(!d.next());
    QVERIFY(d.feed({f.data() + 2, 7}).isOk());
    QVERIFY(!d.next());
    QCOMPARE(d.bufferedBytes(), std::size_t{9});
    QVERIFY(d.feed({f.data() + 9, f.size() - 9}).isOk());
    QCOMPARE(*d.next(), payload(10, 3));
  }

  void oversizedFrameFailsWithKafkasText() {
    FrameDecoder d(1000);
    const Bytes good = *encodeFrame(payload(4, 1));
    Bytes stream = good;
    const Bytes bad = prefix(1001);
    stream.insert(stream.end(), bad.begin(), bad.end());
    stream.resize(stream.size() + 50, 0xAB);
    const pier::Status s = d.feed(stream);
    QVERIFY(s.is(FramingError::InvalidSize));
    QCOMPARE(QString::fromStdString(s.message()),
             QString("Invalid receive (size = 1001 larger than 1000)"));
    QVERIFY(d.failed());
    // The frame before the bad size was whole and is still delivered; nothing after it.
    QCOMPARE(*d.next(), payload(4, 1));
    QVERIFY(!d.next());
    // Stays failed: later bytes, even a valid frame, are refused.
    QVERIFY(d.feed(good).is(FramingError::Failed));
    QVERIFY(!d.next());
  }

  void defaultMaximumIsSocketRequestMaxBytes() {
    FrameDecoder d;
    QCOMPARE(d.frameBytesMax(), 104857600);
    const pier::Status s = d.feed(prefix(104857601));
    QCOMPARE(QString::fromStdString(s.message()),
             QString("Invalid receive (size = 104857601 larger than 104857600)"));
    // A legal huge size is not allocated up front: only what arrived is held.
    FrameDecoder ok;
    QVERIFY(ok.feed(prefix(104857600)).isOk());
    QCOMPARE(ok.bufferedBytes(), std::size_t{4});
  }

  void negativeSizeFails() {
    FrameDecoder d;
    const pier::Status s = d.feed(prefix(-1));
    QVERIFY(s.is(FramingError::InvalidSize));
    QCOMPARE(QString::fromStdString(s.message()), QString("Invalid receive (size = -1)"));
    QVERIFY(d.failed());
  }

  void sizeExactlyAtLimitIsAccepted() {
    FrameDecoder d(16);
    QVERIFY(d.feed(*encodeFrame(payload(16, 5))).isOk());
    QCOMPARE(*d.next(), payload(16, 5));
    QVERIFY(d.feed(prefix(17)).is(FramingError::InvalidSize));
  }

  void requestHeaderVersions_data() {
    QTest::addColumn<int>("apiKey");
    QTest::addColumn<int>("apiVersion");
    QTest::addColumn<int>("requestHeader");
    QTest::addColumn<int>("responseHeader");
    QTest::newRow("Produce v8") << 0 << 8 << 1 << 0;
    QTest::newRow("Produce v9") << 0 << 9 << 2 << 1;
    QTest::newRow("Metadata v12") << 3 << 12 << 2 << 1;
    QTest::newRow("ControlledShutdown v0") << 7 << 0 << 0 << 0;
    QTest::newRow("ControlledShutdown v1") << 7 << 1 << 1 << 0;
    QTest::newRow("ControlledShutdown v3") << 7 << 3 << 2 << 1;
    QTest::newRow("ApiVersions v2") << 18 << 2 << 1 << 0;
    QTest::newRow("ApiVersions v3") << 18 << 3 << 2 << 0;
    QTest::newRow("ApiVersions v4 (newer client)") << 18 << 4 << 2 << 0;
    QTest::newRow("SaslHandshake v1 (never flexible)") << 17 << 1 << 1 << 0;
  }
  void requestHeaderVersions() {
    QFETCH(int, apiKey);
    QFETCH(int, apiVersion);
    QFETCH(int, requestHeader);
    QFETCH(int, responseHeader);
    const ApiInfo* api = findApi(static_cast<int16_t>(apiKey));
    QVERIFY(api);
    QCOMPARE(requestHeaderVersion(*api, static_cast<int16_t>(apiVersion)), requestHeader);
    QCOMPARE(responseHeaderVersion(*api, static_cast<int16_t>(apiVersion)), responseHeader);
  }

  void requestEnvelopeRoundTrip() {
    RequestHeader h;
    h.requestApiVersion = 12;
    h.correlationId = 77;
    h.clientId = "rdkafka";
    MetadataRequest m;
    m.topics = std::vector<MetadataRequest::MetadataRequestTopic>(1);
    (*m.topics)[0].name = "golden";
    const Bytes frame = *encodeRequestFrame(h, m);
    FrameDecoder d;
    QVERIFY(d.feed(frame).isOk());
    Bytes body = *d.next();
    const auto env = parseRequest(body);
    QVERIFY2(env.isOk(), qPrintable(QString::fromStdString(env.status().toString())));
    QCOMPARE(env->apiKey(), int16_t{3});
    QCOMPARE(env->headerVersion, int16_t{2});
    QCOMPARE(env->header.correlationId, 77);
    QVERIFY(env->versionSupported());
    const auto back = decodeBody<MetadataRequest>(env->body, env->apiVersion());
    QVERIFY(back.isOk());
    QCOMPARE(*back, m);
    const auto text = describeRequest(*env);
    QVERIFY(text.isOk());
    QVERIFY(text->find("golden") != std::string::npos);
  }

  // A produce's records are decoded as a view of the request frame, not a copy, and the broker
  // gets them writable through the envelope (offsets are assigned where the batches arrived).
  // A client's request owns its records; both compare by content.
  void produceRecordsAreAViewOfTheFrame() {
    ProduceRequest sent;
    sent.acks = 1;
    sent.timeoutMs = 1000;
    auto& data = sent.topicData.emplace_back();
    data.name = "t";
    auto& part = data.partitionData.emplace_back();
    part.records = payload(5000, 7);
    QVERIFY(!part.records->borrowed());
    for (const int16_t version : {int16_t{3}, int16_t{9}}) {
      RequestHeader h;
      h.requestApiVersion = version;
      const Bytes stream = *encodeRequestFrame(h, sent);
      FrameDecoder d;
      QVERIFY(d.feed(stream).isOk());
      Bytes frame = *d.next();
      const auto env = parseRequest(frame);
      QVERIFY(env.isOk());
      auto got = decodeRequestBody<ProduceRequest>(env->body, version);
      QVERIFY(got.isOk());
      QCOMPARE(*got, sent);
      const pier::protocol::kafka::RecordBytes& records = *got->topicData[0].partitionData[0].records;
      QVERIFY(records.borrowed());
      QVERIFY(records.bytes().data() > frame.data() && records.bytes().data() + 5000 <= frame.data() + frame.size());
      std::span<uint8_t> writable = env->writable(records.bytes());
      QCOMPARE(static_cast<const void*>(writable.data()), static_cast<const void*>(records.bytes().data()));
      QCOMPARE(writable.size(), std::size_t{5000});
      writable[0] ^= 0xff;
      QCOMPARE(records.bytes()[0], static_cast<uint8_t>(payload(5000, 7)[0] ^ 0xff));
      QVERIFY(!(*got == sent));
    }
  }

  void unknownApiKeyAndTrailingBytesAreErrors() {
    pier::Writer w;
    w.writeInt16(999);
    w.writeInt16(0);
    w.writeInt32(1);
    w.writeString("c");
    Bytes unknown = w.take();
    QVERIFY(parseRequest(unknown).status().is(FramingError::UnknownApiKey));
    Bytes tooShort{0, 18};
    QVERIFY(!parseRequest(tooShort).isOk());  // shorter than api key + version

    RequestHeader h;
    h.requestApiVersion = 3;
    Bytes frame = *encodeRequestFrame(h, ApiVersionsRequest{});
    frame.push_back(0);
    const auto env = parseRequest({frame.data() + 4, frame.size() - 4});
    QVERIFY(env.isOk());
    QVERIFY(decodeBody<ApiVersionsRequest>(env->body, 3).status().is(FramingError::TrailingBytes));
    // A broker reads past them, as Kafka does (librdkafka 2.0.2's ListGroups v4 carries one).
    QVERIFY(decodeRequestBody<ApiVersionsRequest>(env->body, 3).isOk());
  }

  void apiVersionsResponseAlwaysUsesHeaderV0() {
    // Flexible ProduceResponse v9 gets header v1 (a tagged-field byte); ApiVersions v3 not.
    const Bytes produce = *encodeResponseFrame(5, 9, ProduceResponse{});
    // size(4) correlation(4) tags(1) responses(1) throttle(4) tags(1)
    QCOMPARE(produce.size(), std::size_t{15});
    // size(4) correlation(4) | errorCode(2) apiKeys(1) throttle(4) tags(1): no header tags.
    const Bytes versions = *encodeResponseFrame(5, 3, ApiVersionsResponse{});
    QCOMPARE(versions.size(), std::size_t{16});
    QCOMPARE(versions[8], uint8_t{0});  // errorCode right after the correlation id
  }
};

QTEST_APPLESS_MAIN(TestFraming)
#include "tst_framing.moc"
