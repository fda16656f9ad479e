#include "runtime/asio/asio_network.h"

#include <asio.hpp>
#include <deque>

#include "runtime/runtime_error.h"

namespace pier {
namespace {

using asio::ip::tcp;

Status fromAsio(const asio::error_code& ec, const std::string& what) {
  if (ec == asio::error::eof) return Status(RuntimeError::Closed, what + ": end of stream");
  if (ec == asio::error::operation_aborted) return Status(RuntimeError::Cancelled, what + ": cancelled");
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe) {
    return Status(RuntimeError::Closed, what + ": " + ec.message());
  }
  if (ec == asio::error::host_not_found || ec == asio::error::host_not_found_try_again) {
    return Status(RuntimeError::AddressNotFound, what + ": " + ec.message());
  }
  if (ec.category() == asio::system_category()) return statusFromErrno(ec.value(), what);
  return Status(RuntimeError::Io, what + ": " + ec.message());
}

Endpoint toEndpoint(const tcp::endpoint& e) {
  return Endpoint{e.address().to_string(), e.port()};
}

class AsioConnection final : public Connection, public std::enable_shared_from_this<AsioConnection> {
 public:
  explicit AsioConnection(tcp::socket socket) : m_socket(std::move(socket)) {
    asio::error_code ec;
    m_socket.set_option(tcp::no_delay(true), ec);
    m_local = toEndpoint(m_socket.local_endpoint(ec));
    m_remote = toEndpoint(m_socket.remote_endpoint(ec));
  }

  void read(std::span<uint8_t> buffer, ReadHandler done) override {
    m_socket.async_read_some(asio::buffer(buffer.data(), buffer.size()),
                             [self = shared_from_this(), done = std::move(done)](
                                 const asio::error_code& ec, std::size_t n) {
                               if (ec) {
                                 done(fromAsio(ec, "read from " + self->m_remote.toString()));
                               } else {
                                 done(n);
                               }
                             });
  }

  void write(std::vector<uint8_t> bytes, WriteHandler done) override {
    m_writes.push_back({std::move(bytes), std::move(done)});
    if (!m_writing) startWrite();
  }

  void close() override {
    asio::error_code ec;
    m_socket.shutdown(tcp::socket::shutdown_both, ec);
    m_socket.close(ec);
  }

  bool isOpen() const override { return m_socket.is_open(); }
  Endpoint localEndpoint() const override { return m_local; }
  Endpoint remoteEndpoint() const override { return m_remote; }

 private:
  struct PendingWrite {
    std::vector<uint8_t> bytes;
    WriteHandler done;
  };

  void startWrite() {
    m_writing = true;
    asio::async_write(m_socket, asio::buffer(m_writes.front().bytes),
                      [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
                        self->finishWrite(ec);
                      });
  }

  void finishWrite(const asio::error_code& ec) {
    m_writing = false;
    PendingWrite finished = std::move(m_writes.front());
    m_writes.pop_front();
    if (ec) {
      // Later writes cannot go out in order any more: fail them all.
      Status error = fromAsio(ec, "write to " + m_remote.toString());
      std::deque<PendingWrite> rest = std::move(m_writes);
      m_writes.clear();
      finished.done(error);
      for (auto& w : rest) w.done(error);
      return;
    }
    // The next write starts before the handler runs: a handler that writes again (from inside
    // this completion) only queues, and no buffer is ever written twice.
    if (!m_writes.empty()) startWrite();
    finished.done(Status::ok());
  }

  tcp::socket m_socket;
  Endpoint m_local;
  Endpoint m_remote;
  std::deque<PendingWrite> m_writes;
  bool m_writing = false;  // an async_write is in flight for m_writes.front()
};

class AsioListener final : public Listener {
 public:
  AsioListener(asio::io_context& io, tcp::acceptor acceptor, int32_t sendBufferBytes, Network::AcceptHandler onAccept)
      : m_state(std::make_shared<State>(io, std::move(acceptor), sendBufferBytes, std::move(onAccept))) {
    asio::error_code ec;
    m_local = toEndpoint(m_state->acceptor.local_endpoint(ec));
    acceptNext(m_state);
  }
  ~AsioListener() override { close(); }

  Endpoint localEndpoint() const override { return m_local; }

  void close() override {
    m_state->open = false;
    asio::error_code ec;
    m_state->acceptor.close(ec);
    m_state->retry.cancel();
  }

 private:
  struct State {
    State(asio::io_context& io, tcp::acceptor a, int32_t sendBytes, Network::AcceptHandler h)
        : acceptor(std::move(a)), sendBufferBytes(sendBytes), onAccept(std::move(h)), retry(io) {}
    tcp::acceptor acceptor;
    int32_t sendBufferBytes;  // -1: the OS's
    Network::AcceptHandler onAccept;
    asio::steady_timer retry;
    bool open = true;
  };

  static void acceptNext(const std::shared_ptr<State>& state) {
    state->acceptor.async_accept([state](const asio::error_code& ec, tcp::socket socket) {
      if (!state->open) return;
      if (!ec) {
        if (state->sendBufferBytes >= 0) {
          asio::error_code optionEc;  // a size the OS refuses leaves its own, as Java's socket does
          socket.set_option(asio::socket_base::send_buffer_size(state->sendBufferBytes), optionEc);
        }
        state->onAccept(std::shared_ptr<Connection>(std::make_shared<AsioConnection>(std::move(socket))));
        acceptNext(state);
        return;
      }
      state->onAccept(fromAsio(ec, "accept"));
      // Out of file descriptors and similar: back off instead of spinning on the error.
      state->retry.expires_after(std::chrono::milliseconds(100));
      state->retry.async_wait([state](const asio::error_code& waitEc) {
        if (!waitEc && state->open) acceptNext(state);
      });
    });
  }

  std::shared_ptr<State> m_state;
  Endpoint m_local;
};

}  // namespace

Result<std::unique_ptr<Listener>> AsioNetwork::listen(const Endpoint& at, const SocketBuffers& buffers,
                                                      AcceptHandler onAccept) {
  asio::io_context& io = m_loop.context();
  asio::error_code ec;
  tcp::resolver resolver(io);
  auto results = resolver.resolve(at.host, std::to_string(at.port),
                                  tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec || results.empty()) return fromAsio(ec ? ec : asio::error::host_not_found, "listen on " + at.toString());
  tcp::endpoint endpoint = results.begin()->endpoint();
  tcp::acceptor acceptor(io);
  std::string what = "listen on " + at.toString();
  if (acceptor.open(endpoint.protocol(), ec)) return fromAsio(ec, what);
  acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (buffers.receiveBytes >= 0) acceptor.set_option(asio::socket_base::receive_buffer_size(buffers.receiveBytes), ec);
  if (acceptor.bind(endpoint, ec)) return fromAsio(ec, what);
  if (acceptor.listen(asio::socket_base::max_listen_connections, ec)) return fromAsio(ec, what);
  return std::unique_ptr<Listener>(
      std::make_unique<AsioListener>(io, std::move(acceptor), buffers.sendBytes, std::move(onAccept)));
}

void AsioNetwork::connect(const Endpoint& to, ConnectHandler done) {
  asio::io_context& io = m_loop.context();
  auto resolver = std::make_shared<tcp::resolver>(io);
  std::string what = "connect to " + to.toString();
  resolver->async_resolve(
      to.host, std::to_string(to.port), tcp::resolver::numeric_service,
      [&io, resolver, what, done = std::move(done)](const asio::error_code& ec,
                                                    const tcp::resolver::results_type& results) mutable {
        if (ec) {
          done(fromAsio(ec, what));
          return;
        }
        auto socket = std::make_shared<tcp::socket>(io);
        asio::async_connect(*socket, results,
                            [socket, what, done = std::move(done)](const asio::error_code& connectEc,
                                                                   const tcp::endpoint&) {
                              if (connectEc) {
                                done(fromAsio(connectEc, what));
                                return;
                              }
                              done(std::shared_ptr<Connection>(
                                  std::make_shared<AsioConnection>(std::move(*socket))));
                            });
      });
}

}  // namespace pier
