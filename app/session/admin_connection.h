#pragma once
// AdminConnection: one pier::client connection to one broker on a SocketNetwork, for the admin
// requests librdkafka 2.0 cannot make (IncrementalAlterConfigs, DescribeLogDirs, racks). Several
// connections may share one network, so a worker can ask every broker at once and wait once.
// Plaintext connections only: pier::client has no TLS or SASL yet (requirePlaintext).
//
// Thread: the session worker's (the network's). The network outlives its connections.

#include "client/kafka_client.h"
#include "session/connection_settings.h"
#include "session/kafka_error.h"
#include "session/socket_network.h"

#include <functional>
#include <memory>
#include <optional>

namespace pier {

// A failed request (not a Kafka error code) in librdkafka's words, so the hints match:
// _TIMED_OUT, _BAD_MSG (an answer that does not decode), _TRANSPORT.
KafkaError requestErrorOf(const Status& status);

// _NOT_IMPLEMENTED naming `what` when `settings` ask for a security protocol other than
// plaintext; an empty error otherwise.
KafkaError requirePlaintext(const ConnectionSettings& settings, const QString& what);

// The first of a bootstrap list ("a:1,b:2" -> "a:1").
QString firstBootstrapServer(const QString& bootstrap);

class AdminConnection {
 public:
  explicit AdminConnection(SocketNetwork& network);
  ~AdminConnection();
  AdminConnection(const AdminConnection&) = delete;
  AdminConnection& operator=(const AdminConnection&) = delete;

  // Starts connecting to `hostPort`; `then` runs (inside the network's runUntil) with an empty
  // error once connected, or with why not.
  void connect(const QString& hostPort, std::function<void(KafkaError)> then);

  // Connects to `hostPort` and waits up to `timeoutMs`.
  KafkaError open(const QString& hostPort, int timeoutMs);

  // Starts a call with `start` (handing it the callback) and waits for its answer.
  template <typename T>
  Result<T> await(const std::function<void(std::function<void(Result<T>)>)>& start, int timeoutMs) {
    auto answer = std::make_shared<std::optional<Result<T>>>();  // a late answer may outlive this frame
    start([answer](Result<T> r) { *answer = std::move(r); });
    PIER_RETURN_IF_ERROR(m_network.runUntil([&answer] { return answer->has_value(); }, timeoutMs));
    return std::move(**answer);
  }

  client::KafkaClient& client() { return *m_client; }

 private:
  SocketNetwork& m_network;
  std::shared_ptr<client::KafkaClient> m_client;
};

}  // namespace pier
