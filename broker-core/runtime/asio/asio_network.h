#pragma once
// AsioNetwork: Network over TCP sockets on an AsioLoop. Connections get TCP_NODELAY (Kafka
// clients and brokers expect prompt small responses). Handlers run on the loop's thread.
//
// Requires: the AsioLoop outlives this object and every Connection and Listener it made.

#include "runtime/asio/asio_loop.h"
#include "runtime/network.h"

namespace pier {

class AsioNetwork final : public Network {
 public:
  explicit AsioNetwork(AsioLoop& loop) : m_loop(loop) {}

  using Network::listen;
  Result<std::unique_ptr<Listener>> listen(const Endpoint& at, const SocketBuffers& buffers,
                                           AcceptHandler onAccept) override;
  void connect(const Endpoint& to, ConnectHandler done) override;

 private:
  AsioLoop& m_loop;
};

}  // namespace pier
