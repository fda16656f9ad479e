#pragma once
// BrokerSession: pierctl's one connection to a broker (the first host of --bootstrap-server),
// with blocking calls over the asynchronous client::KafkaClient: each call drives a private
// AsioLoop until its answer arrives, at most 30 s. What `pierctl topics`, `pierctl
// consumer-groups` and the console producer and consumer talk through; a command line tool may
// block, the console may not.
//
// Owns its loop, network and client; closes the client when destroyed. Not thread-safe: one
// command, one thread.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "client/kafka_client.h"
#include "runtime/asio/asio_loop.h"
#include "runtime/asio/asio_network.h"

namespace pier::pierctl {

class BrokerSession {
 public:
  // `clientId`: what the broker sees in every request header ("console-producer", ...).
  explicit BrokerSession(const std::string& clientId = "pierctl");
  ~BrokerSession();
  BrokerSession(const BrokerSession&) = delete;
  BrokerSession& operator=(const BrokerSession&) = delete;

  // Connects to the first "host:port" of a comma-separated bootstrap list.
  Status connect(const std::string& bootstrap);
  // The client connected to `at`: client() when that is where connect() went, else a second
  // connection on the same loop (a group's coordinator on another broker), closed with this.
  Result<client::KafkaClient*> clientFor(const Endpoint& at);
  // Connects again every client of this session whose connection was lost (the broker restarted,
  // say), each to where it was: the same client objects, so whoever holds one keeps using it.
  // Ok when all are connected; else the first failure (ConnectionRefused while the broker is down).
  Status reconnect();
  // Where connect() went.
  const std::optional<Endpoint>& bootstrapEndpoint() const { return m_connectedTo; }

  // Sends one request and waits for its response.
  template <typename Request, typename Response>
  Result<Response> call(const Request& request, int16_t version) {
    return await<Response>([&](std::function<void(Result<Response>)> done) {
      m_client->call<Request, Response>(request, version, std::move(done));
    });
  }

  // Runs an asynchronous client call (`start` hands its callback to it) and waits for it.
  template <typename T>
  Result<T> await(const std::function<void(std::function<void(Result<T>)>)>& start) {
    // Shared with the callback, which may outlive this frame when the answer is late.
    auto answer = std::make_shared<std::optional<Result<T>>>();
    start([answer](Result<T> r) { *answer = std::move(r); });
    PIER_RETURN_IF_ERROR(waitFor([&answer] { return answer->has_value(); }));
    return std::move(**answer);
  }

  // Runs the loop until `done()` (answers to calls made without waiting arrive meanwhile), at
  // most 30 s in all; TimedOut after that.
  Status waitUntil(const std::function<bool()>& done) { return waitFor(done); }

  // The loop's clock (real time): what the console tools stamp records and time out with.
  const Clock& clock() const { return m_loop.clock(); }

  client::KafkaClient& client() { return *m_client; }
  const std::shared_ptr<client::KafkaClient>& sharedClient() { return m_client; }

 private:
  // Runs the loop until `done()`, at most 30 s in all.
  Status waitFor(const std::function<bool()>& done);
  // Connects `client` to `at` and waits for the outcome.
  Status connectClient(client::KafkaClient& client, const Endpoint& at);

  AsioLoop m_loop;
  AsioNetwork m_network;
  std::string m_clientId;
  std::shared_ptr<client::KafkaClient> m_client;
  std::optional<Endpoint> m_connectedTo;
  std::vector<std::pair<Endpoint, std::shared_ptr<client::KafkaClient>>> m_others;
};

}  // namespace pier::pierctl
