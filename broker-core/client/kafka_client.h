#pragma once
// KafkaClient: one connection to one Kafka broker (Pier's or Apache Kafka's) that sends requests
// built with the generated codecs and hands each decoded response to its callback, matched by
// correlation id. What pierctl and the console use for the admin APIs; a broker will use it for
// replication later.
//
// Asynchronous on the caller's Loop/Network: the caller drives its loop until the callbacks it
// waits for have run. The API versions are the caller's choice (no ApiVersions negotiation yet).
// A connection that fails (the broker closed it or went away) is dropped: every call waiting gets
// the error, later calls fail at once (connected() is false), and connect() may be called again
// to reconnect the same client (what its users hold on to). Not thread-safe; used on the loop
// that owns `network`.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/result.h"
#include "protocol/kafka_framing.h"
#include "protocol/kafka_request.h"
#include "runtime/network.h"

namespace pier::client {

class KafkaClient : public std::enable_shared_from_this<KafkaClient> {
 public:
  static std::shared_ptr<KafkaClient> create(Network& network, std::string clientId);

  // Connects (again, after a lost connection: the old one is dropped first).
  void connect(const Endpoint& broker, std::function<void(Status)> done);
  void close();
  // A connection is up: connect() succeeded and the connection has not failed or been closed.
  bool connected() const { return m_conn != nullptr; }

  // Sends `request` at `version`; `done` gets the decoded response, or the error that ended the
  // connection (every call still waiting gets it).
  template <typename Request, typename Response>
  void call(const Request& request, int16_t version, std::function<void(Result<Response>)> done) {
    const int32_t correlationId = m_nextCorrelationId;
    auto frame = frameFor(request, version);
    if (!frame) {
      done(frame.status());
      return;
    }
    m_waiting[correlationId] = [done, version](Result<std::vector<uint8_t>> body) {
      if (!body) {
        done(body.status());
        return;
      }
      done(decodeResponse<Response>(*body, version));
    };
    send(std::move(*frame));
  }

  // Sends `request` at `version` when the broker answers nothing (Produce with acks=0);
  // `written` gets the outcome of the write, once the frame is handed to the socket.
  template <typename Request>
  void sendOneWay(const Request& request, int16_t version, std::function<void(Status)> written) {
    auto frame = frameFor(request, version);
    if (!frame) {
      written(frame.status());
      return;
    }
    send(std::move(*frame), std::move(written));
  }

 private:
  // The request framed with the next correlation id (which it takes).
  template <typename Request>
  Result<std::vector<uint8_t>> frameFor(const Request& request, int16_t version) {
    protocol::kafka::RequestHeader header;
    header.requestApiVersion = version;
    header.correlationId = m_nextCorrelationId++;
    header.clientId = m_clientId;
    return protocol::kafka::encodeRequestFrame(header, request);
  }

  KafkaClient(Network& network, std::string clientId) : m_network(network), m_clientId(std::move(clientId)) {}
  void send(std::vector<uint8_t> frame, std::function<void(Status)> written = {});
  void readMore();
  void failAll(const Status& why);
  // Drops the connection (when it is still `conn`) and fails every waiting call with `why`.
  void drop(const std::shared_ptr<Connection>& conn, const Status& why);

  // The body after the response header (v0, or v1 for flexible versions).
  template <typename Response>
  static Result<Response> decodeResponse(const std::vector<uint8_t>& frame, int16_t version) {
    const auto* api = protocol::kafka::findApi(Response::kApiKey);
    Reader r(frame);
    PIER_RETURN_IF_ERROR(
        protocol::kafka::ResponseHeader::decode(r, protocol::kafka::responseHeaderVersion(*api, version)).status());
    return protocol::kafka::decodeBody<Response>(r.rest(), version);
  }

  Network& m_network;
  std::string m_clientId;
  std::shared_ptr<Connection> m_conn;
  protocol::kafka::FrameDecoder m_frames;
  std::vector<uint8_t> m_buffer = std::vector<uint8_t>(64 * 1024);
  int32_t m_nextCorrelationId = 1;
  std::map<int32_t, std::function<void(Result<std::vector<uint8_t>>)>> m_waiting;
};

}  // namespace pier::client
