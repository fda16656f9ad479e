#pragma once
// SocketNetwork: the runtime Network interface (what client::KafkaClient talks through) over
// QTcpSocket, driven by the caller instead of an event loop: operations are queued, and
// runUntil() does the socket I/O and runs their handlers on the calling thread until a condition
// holds or a deadline passes. So a worker thread can make pier::client calls one at a time and
// block on them, as it does on librdkafka's. Client connections only: listen() is refused.
//
// Thread: made, used and destroyed on one thread (the session worker's); handlers run inside
// runUntil() on that thread. Ownership: connections are shared with their users; the network
// keeps weak references and drops queued handlers when destroyed.

#include "client/kafka_client.h"

#include <QDeadlineTimer>

#include <deque>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

namespace pier {

enum class SocketError { ConnectFailed, Closed, Cancelled, TimedOut, Unsupported };
std::string_view describe(SocketError e);

}  // namespace pier

PIER_ERROR_DOMAIN(pier::SocketError, "socket");

namespace pier {

class SocketConnection;

class SocketNetwork : public Network {
 public:
  SocketNetwork();
  ~SocketNetwork() override;
  SocketNetwork(const SocketNetwork&) = delete;
  SocketNetwork& operator=(const SocketNetwork&) = delete;

  using Network::listen;
  Result<std::unique_ptr<Listener>> listen(const Endpoint& at, const SocketBuffers& buffers,
                                           AcceptHandler onAccept) override;
  // Connects during the next runUntil(), within its deadline.
  void connect(const Endpoint& to, ConnectHandler done) override;

  // Runs queued handlers and socket reads until `done()` holds (ok) or `timeoutMs` passes
  // (SocketError::TimedOut naming the wait).
  Status runUntil(const std::function<bool()>& done, int timeoutMs);

  // For connections: queue a handler to run in runUntil(), never inside the caller's call.
  void post(std::function<void()> task) { m_ready.push_back(std::move(task)); }
  const QDeadlineTimer& deadline() const { return m_deadline; }

 private:
  bool pollReads(int sliceMs);

  std::deque<std::function<void()>> m_ready;
  std::vector<std::weak_ptr<SocketConnection>> m_connections;
  QDeadlineTimer m_deadline;
};

}  // namespace pier
