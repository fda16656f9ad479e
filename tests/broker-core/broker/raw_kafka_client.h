#pragma once
// What the in-process broker tests share: a raw Kafka client on the broker's own loop (writes
// request frames, collects whole response frames) and a one-record Produce request.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QtGlobal>

#include "base/ids.h"
#include "base/byte_reader.h"
#include "protocol/kafka/generated/produce_request.h"
#include "protocol/kafka/generated/response_header.h"
#include "protocol/kafka_framing.h"
#include "protocol/kafka_request.h"
#include "protocol/records/record_batch.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/network.h"

namespace pier::brokertest {

struct RawClient {
  std::shared_ptr<Connection> conn;
  std::vector<uint8_t> buf = std::vector<uint8_t>(65536);
  protocol::kafka::FrameDecoder frames;
  std::vector<std::vector<uint8_t>> responses;
  bool closed = false;
  std::size_t sent = 0;

  void connect(Network& net, const Endpoint& to, AsioLoop& loop) {
    net.connect(to, [this](Result<std::shared_ptr<Connection>> c) {
      if (!c) qFatal("connect: %s", c.status().toString().c_str());
      conn = *c;
      readMore();
    });
    for (int i = 0; i < 500 && !conn; ++i) loop.runFor(std::chrono::milliseconds(10));
  }
  void readMore() {
    conn->read(buf, [this](Result<std::size_t> n) {
      if (!n) {
        closed = true;
        return;
      }
      (void)frames.feed(std::span<const uint8_t>(buf).first(*n));
      while (auto f = frames.next()) responses.push_back(std::move(*f));
      readMore();
    });
  }
  void send(std::vector<uint8_t> frame) {
    conn->write(std::move(frame), [](Status) {});
  }
  // `body` at `version`, correlation ids counting from 0.
  template <typename Request>
  void send(int16_t version, const Request& body) {
    protocol::kafka::RequestHeader h;
    h.requestApiVersion = version;
    h.correlationId = static_cast<int32_t>(sent++);
    h.clientId = "broker-test";
    send(*protocol::kafka::encodeRequestFrame(h, body));
  }
  bool waitFor(AsioLoop& loop, std::size_t count, int maxMs = 5000) {
    for (int i = 0; i < maxMs / 10 && responses.size() < count; ++i)
      loop.runFor(std::chrono::milliseconds(10));
    return responses.size() >= count;
  }
};

// `request` at `version` on `on`, its response decoded (header v1 for flexible versions);
// std::nullopt when no answer came within maxMs or it does not decode.
template <typename Response, typename Request>
std::optional<Response> call(RawClient& on, AsioLoop& loop, int16_t version, const Request& request, int maxMs = 5000) {
  on.send(version, request);
  if (!on.waitFor(loop, on.sent, maxMs)) return std::nullopt;
  Reader r(on.responses.back());
  const auto* api = protocol::kafka::findApi(Response::kApiKey);
  if (!protocol::kafka::ResponseHeader::decode(r, protocol::kafka::responseHeaderVersion(*api, version))) {
    return std::nullopt;
  }
  auto decoded = Response::decode(r, version);
  if (!decoded) return std::nullopt;
  return std::move(*decoded);
}

// `records` (batches or a legacy message set) for partition 0 of `topic`, acks=1.
inline protocol::kafka::ProduceRequest produceRecordsTo(const std::string& topic, std::vector<uint8_t> records) {
  using protocol::kafka::ProduceRequest;
  ProduceRequest p;
  p.acks = 1;
  p.timeoutMs = 1000;
  ProduceRequest::TopicProduceData t;
  t.name = topic;
  ProduceRequest::PartitionProduceData d;
  d.index = 0;
  d.records = std::move(records);
  t.partitionData.push_back(std::move(d));
  p.topicData.push_back(std::move(t));
  return p;
}

// One record "hi" for partition 0 of `topic`, acks=1.
inline protocol::kafka::ProduceRequest produceTo(const std::string& topic) {
  namespace records = protocol::records;
  records::Record r;
  r.value = std::vector<uint8_t>{'h', 'i'};
  std::vector<records::Record> rs{r};
  return produceRecordsTo(topic, *records::encodeBatch(records::headerForRecords(Offset(0), 1000, rs), rs));
}

}  // namespace pier::brokertest
