// Hand-checked byte layouts from the Kafka protocol guide (kafka.apache.org/protocol):
// request/response headers, classic vs compact strings and arrays, null arrays, tagged fields,
// and the encode-time rules (nullability per version, non-ignorable fields).
#include <QtTest>

#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/kafka/generated/api_table.h"
#include "protocol/kafka/generated/api_versions_request.h"
#include "protocol/kafka/generated/api_versions_response.h"
#include "protocol/kafka/generated/metadata_request.h"
#include "protocol/kafka/generated/request_header.h"
#include "protocol/kafka/generated/response_header.h"
#include "protocol/protocol_error.h"

using namespace pier::protocol::kafka;  // NOLINT: test brevity
using pier::protocol::ProtocolError;
using Bytes = std::vector<uint8_t>;

namespace {

template <typename T>
Bytes encode(const T& m, int16_t version) {
  pier::Writer w;
  const pier::Status s = m.encode(w, version);
  if (!s.isOk()) qFatal("encode failed: %s", s.toString().c_str());
  return w.take();
}

template <typename T>
T decodeAll(const Bytes& bytes, int16_t version) {
  pier::Reader r(bytes);
  auto m = T::decode(r, version);
  if (!m.isOk()) qFatal("decode failed: %s", m.status().toString().c_str());
  if (!r.atEnd()) qFatal("decode left %zu bytes", r.remaining());
  return std::move(*m);
}

}  // namespace

class TestKafkaLayouts : public QObject {
  Q_OBJECT

 private slots:
  // Request header v2 (flexible) still writes client_id as a classic nullable string.
  void requestHeaderV2WithApiVersionsV3Body() {
    RequestHeader h;
    h.requestApiKey = 18;
    h.requestApiVersion = 3;
    h.correlationId = 7;
    h.clientId = "rdkafka";
    const Bytes header = encode(h, 2);
    const Bytes wantHeader = {0x00, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x07,
                              0x00, 0x07, 'r',  'd',  'k',  'a',  'f',  'k',  'a',
                              0x00};  // empty tagged fields
    QCOMPARE(header, wantHeader);

    ApiVersionsRequest req;
    req.clientSoftwareName = "kcat";
    req.clientSoftwareVersion = "1.7.0";
    const Bytes body = encode(req, 3);
    const Bytes wantBody = {0x05, 'k', 'c', 'a', 't',                 // compact string: len+1
                            0x06, '1', '.', '7', '.', '0', 0x00};
    QCOMPARE(body, wantBody);
    QCOMPARE(decodeAll<ApiVersionsRequest>(body, 3), req);
    QCOMPARE(decodeAll<RequestHeader>(header, 2), h);
  }

  void requestHeaderV0HasNoClientIdAndV1NullClientId() {
    RequestHeader h;
    h.requestApiKey = 7;
    h.requestApiVersion = 0;
    h.correlationId = 1;
    h.clientId = std::nullopt;  // the spec default is "", as in Kafka
    QCOMPARE(encode(h, 0), (Bytes{0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01}));
    QCOMPARE(encode(h, 1), (Bytes{0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xff}));
    // ClientId is ignorable: v0 simply drops it.
    h.clientId = "x";
    QCOMPARE(encode(h, 0).size(), std::size_t{8});
  }

  void responseHeaderV1HasTaggedFields() {
    ResponseHeader h;
    h.correlationId = 0x01020304;
    QCOMPARE(encode(h, 0), (Bytes{0x01, 0x02, 0x03, 0x04}));
    QCOMPARE(encode(h, 1), (Bytes{0x01, 0x02, 0x03, 0x04, 0x00}));
  }

  // Metadata v1: a null topic array (int32 -1) means "all topics"; v0 cannot say null.
  void metadataV1NullTopicsMeansAllTopics() {
    MetadataRequest all;
    all.topics = std::nullopt;
    QCOMPARE(encode(all, 1), (Bytes{0xff, 0xff, 0xff, 0xff}));
    pier::Writer w;
    const pier::Status s = all.encode(w, 0);
    QVERIFY(s.is(ProtocolError::NullNotAllowed));

    MetadataRequest one;
    one.topics.emplace().emplace_back().name = "t";
    QCOMPARE(encode(one, 1), (Bytes{0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 't'}));
    QVERIFY(!decodeAll<MetadataRequest>(Bytes{0xff, 0xff, 0xff, 0xff}, 1).topics.has_value());
    pier::Reader r0(Bytes{0xff, 0xff, 0xff, 0xff});
    QVERIFY(!MetadataRequest::decode(r0, 0).isOk());
  }

  // AllowAutoTopicCreation (v4+, default true) is not ignorable: false cannot go out as v3.
  void nonIgnorableFieldInOlderVersionIsAnError() {
    MetadataRequest m;
    m.allowAutoTopicCreation = false;
    pier::Writer w;
    QVERIFY(m.encode(w, 3).is(ProtocolError::FieldNotInVersion));
    QVERIFY(m.encode(w, 4).isOk());
  }

  // ApiVersions v3 response: compact array, nested tagged-field sections and a known tagged
  // field (ZkMigrationReady, tag 3) in the top-level section.
  void flexibleResponseWithTaggedField() {
    ApiVersionsResponse resp;
    auto& key = resp.apiKeys.emplace_back();
    key.apiKey = 18;
    key.minVersion = 0;
    key.maxVersion = 3;
    resp.zkMigrationReady = true;
    const Bytes want = {0x00, 0x00,                                      // error_code
                        0x02,                                            // 1 api key (+1)
                        0x00, 0x12, 0x00, 0x00, 0x00, 0x03, 0x00,        // key, min, max, tags
                        0x00, 0x00, 0x00, 0x00,                          // throttle_time_ms
                        0x01, 0x03, 0x01, 0x01};                         // 1 tag: #3, 1 byte, true
    QCOMPARE(encode(resp, 3), want);
    QCOMPARE(decodeAll<ApiVersionsResponse>(want, 3), resp);
    // v2 has neither the tag section nor the field; it is ignorable so it is dropped.
    QCOMPARE(encode(resp, 2).size(), std::size_t{2 + 4 + 6 + 4});
  }

  // An unknown tag is kept and re-emitted in tag order among the known ones.
  void unknownTaggedFieldsSurviveRoundTrip() {
    const Bytes in = {0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
                      0x02,                    // two tags
                      0x03, 0x01, 0x00,        // #3 ZkMigrationReady=false (explicitly sent)
                      0x09, 0x02, 0xab, 0xcd}; // #9 unknown
    pier::Reader r(in);
    auto m = ApiVersionsResponse::decode(r, 3);
    QVERIFY(m.isOk());
    QCOMPARE(m->unknownTaggedFields.size(), std::size_t{1});
    QCOMPARE(m->unknownTaggedFields[0].tag, 9u);
    // ZkMigrationReady=false equals its default, so Kafka (and we) do not write it back.
    const Bytes out = encode(*m, 3);
    QCOMPARE(out, (Bytes{0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02, 0xab, 0xcd}));
    QVERIFY(m->debugString().find("unknownTags=[9:bytes[2]:abcd]") != std::string::npos);
  }

  void debugStringIsCompact() {
    MetadataRequest m;
    m.topics.emplace().emplace_back().name = "orders";
    QCOMPARE(QString::fromStdString(m.debugString()),
             QString("MetadataRequest{topics=[{topicId=AAAAAAAAAAAAAAAAAAAAAA name=\"orders\"}] "
                     "allowAutoTopicCreation=true includeClusterAuthorizedOperations=false "
                     "includeTopicAuthorizedOperations=false}"));
  }

  void apiTableDrivesApiVersions() {
    const ApiInfo* produce = findApi(0);
    QVERIFY(produce);
    QCOMPARE(produce->name, std::string_view("Produce"));
    QCOMPARE(produce->flexibleFromVersion, int16_t{9});
    const ApiInfo* apiVersions = findApi(18);
    QVERIFY(apiVersions);
    QCOMPARE(apiVersions->maxVersion, ApiVersionsRequest::kMaxVersion);
    QVERIFY(findApi(-1) == nullptr);
  }
};

QTEST_APPLESS_MAIN(TestKafkaLayouts)
#include "tst_kafka_layouts.moc"
