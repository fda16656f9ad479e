#pragma once
// Network: listening, accepting, connecting, reading and writing bytes over TCP.
//
// All handlers run on the loop the Network was made for. Connections are shared_ptr because
// asynchronous operations in flight keep them alive. close() cancels pending reads and writes:
// their handlers run with RuntimeError::Cancelled. End of stream is RuntimeError::Closed.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"

namespace pier {

struct Endpoint {
  std::string host;  // IP literal or host name
  uint16_t port = 0;

  // "127.0.0.1:9092", "[::1]:9092".
  std::string toString() const;
  // Parses "host:port" and "[v6]:port". The error names the text.
  static Result<Endpoint> parse(std::string_view text);
  friend bool operator==(const Endpoint&, const Endpoint&) = default;
};

class Connection {
 public:
  using ReadHandler = std::function<void(Result<std::size_t>)>;
  using WriteHandler = std::function<void(Status)>;

  virtual ~Connection() = default;

  // Reads at least one byte into `buffer`. At most one read in flight.
  // Requires: `buffer` stays valid until the handler runs.
  virtual void read(std::span<uint8_t> buffer, ReadHandler done) = 0;
  // Writes all of `bytes`; writes complete in the order they were issued.
  virtual void write(std::vector<uint8_t> bytes, WriteHandler done) = 0;
  virtual void close() = 0;
  virtual bool isOpen() const = 0;
  virtual Endpoint localEndpoint() const = 0;
  virtual Endpoint remoteEndpoint() const = 0;
};

class Listener {
 public:
  virtual ~Listener() = default;  // closes
  virtual Endpoint localEndpoint() const = 0;  // the real port when 0 was asked for
  // Stops accepting; the accept handler is not called again.
  virtual void close() = 0;
};

// Socket buffer sizes a listener applies; -1: the OS's own (Linux autotunes them).
struct SocketBuffers {
  int32_t sendBytes = -1;
  int32_t receiveBytes = -1;
};

class Network {
 public:
  using AcceptHandler = std::function<void(Result<std::shared_ptr<Connection>>)>;
  using ConnectHandler = std::function<void(Result<std::shared_ptr<Connection>>)>;

  virtual ~Network() = default;

  // Listens on `at` (port 0: any free port) and calls onAccept for every connection until the
  // Listener is closed or destroyed.
  Result<std::unique_ptr<Listener>> listen(const Endpoint& at, AcceptHandler onAccept) {
    return listen(at, SocketBuffers{}, std::move(onAccept));
  }
  // The same with `buffers`, as Kafka's Acceptor sets them: receiveBytes (SO_RCVBUF) on the
  // listening socket before it listens, so accepted sockets inherit it and TCP's window scale
  // is agreed from it; sendBytes (SO_SNDBUF) on each accepted socket.
  virtual Result<std::unique_ptr<Listener>> listen(const Endpoint& at, const SocketBuffers& buffers,
                                                   AcceptHandler onAccept) = 0;
  virtual void connect(const Endpoint& to, ConnectHandler done) = 0;
};

}  // namespace pier
