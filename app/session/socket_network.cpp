#include "session/socket_network.h"

#include <QTcpSocket>

#include <algorithm>
#include <span>

namespace pier {

std::string_view describe(SocketError e) {
  switch (e) {
    case SocketError::ConnectFailed:
      return "ConnectFailed";
    case SocketError::Closed:
      return "Closed";
    case SocketError::Cancelled:
      return "Cancelled";
    case SocketError::TimedOut:
      return "TimedOut";
    case SocketError::Unsupported:
      return "Unsupported";
  }
  return "Unknown";
}

// One QTcpSocket. A read waits in m_pendingRead until the network's runUntil() polls it; writes
// go out at once (bounded by the network's deadline) and report in the next runUntil() round.
class SocketConnection : public Connection {
 public:
  SocketConnection(SocketNetwork& network, std::unique_ptr<QTcpSocket> socket, Endpoint remote)
      : m_network(network), m_socket(std::move(socket)), m_remote(std::move(remote)) {}

  void read(std::span<uint8_t> buffer, ReadHandler done) override {
    m_pendingBuffer = buffer;
    m_pendingRead = std::move(done);
  }

  void write(std::vector<uint8_t> bytes, WriteHandler done) override {
    Status outcome = writeNow(bytes);
    m_network.post([done = std::move(done), outcome] { done(outcome); });
  }

  void close() override {
    m_socket->abort();
    if (m_pendingRead) {
      m_network.post([done = std::exchange(m_pendingRead, {})] {
        done(Status(SocketError::Cancelled, "connection closed"));
      });
    }
  }

  bool isOpen() const override { return m_socket->state() == QAbstractSocket::ConnectedState; }
  Endpoint localEndpoint() const override {
    return {m_socket->localAddress().toString().toStdString(), m_socket->localPort()};
  }
  Endpoint remoteEndpoint() const override { return m_remote; }

  bool wantsRead() const { return static_cast<bool>(m_pendingRead); }

  // Completes the pending read when bytes arrive within `sliceMs` or the socket ends; true
  // when it did.
  bool pollRead(int sliceMs) {
    if (!m_pendingRead) {
      return false;
    }
    if (m_socket->bytesAvailable() == 0 && isOpen()) {
      m_socket->waitForReadyRead(sliceMs);
    }
    if (m_socket->bytesAvailable() > 0) {
      const qint64 n = m_socket->read(reinterpret_cast<char*>(m_pendingBuffer.data()),
                                      static_cast<qint64>(m_pendingBuffer.size()));
      std::exchange(m_pendingRead, {})(static_cast<std::size_t>(std::max<qint64>(n, 0)));
      return true;
    }
    if (!isOpen()) {
      std::exchange(m_pendingRead,
                    {})(Status(SocketError::Closed, "the broker closed the connection: " +
                                                        m_socket->errorString().toStdString()));
      return true;
    }
    return false;
  }

 private:
  Status writeNow(const std::vector<uint8_t>& bytes) {
    if (!isOpen()) {
      return Status(SocketError::Closed, "not connected");
    }
    m_socket->write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size()));
    while (m_socket->bytesToWrite() > 0) {
      const int leftMs =
          static_cast<int>(std::max<qint64>(m_network.deadline().remainingTime(), 0));
      if (leftMs == 0 || !m_socket->waitForBytesWritten(leftMs)) {
        return Status(SocketError::Closed,
                      "write failed: " + m_socket->errorString().toStdString());
      }
    }
    return Status::ok();
  }

  SocketNetwork& m_network;
  std::unique_ptr<QTcpSocket> m_socket;
  Endpoint m_remote;
  std::span<uint8_t> m_pendingBuffer;
  ReadHandler m_pendingRead;
};

SocketNetwork::SocketNetwork() = default;

SocketNetwork::~SocketNetwork() {
  m_ready.clear();
}

Result<std::unique_ptr<Listener>> SocketNetwork::listen(const Endpoint& /*at*/, const SocketBuffers& /*buffers*/,
                                                        AcceptHandler /*onAccept*/) {
  return Status(SocketError::Unsupported, "SocketNetwork makes client connections only");
}

void SocketNetwork::connect(const Endpoint& to, ConnectHandler done) {
  post([this, to, done = std::move(done)] {
    auto socket = std::make_unique<QTcpSocket>();
    socket->connectToHost(QString::fromStdString(to.host), to.port);
    const int leftMs = static_cast<int>(std::max<qint64>(m_deadline.remainingTime(), 0));
    if (!socket->waitForConnected(leftMs)) {
      done(Status(SocketError::ConnectFailed, "cannot connect to " + to.toString() + ": " +
                                                  socket->errorString().toStdString()));
      return;
    }
    auto conn = std::make_shared<SocketConnection>(*this, std::move(socket), to);
    m_connections.push_back(conn);
    done(std::shared_ptr<Connection>(conn));
  });
}

bool SocketNetwork::pollReads(int sliceMs) {
  bool progressed = false;
  std::erase_if(m_connections, [](const auto& weak) { return weak.expired(); });
  const auto live = m_connections;  // a handler may connect again
  for (const auto& weak : live) {
    if (auto conn = weak.lock(); conn && conn->wantsRead()) {
      progressed = conn->pollRead(sliceMs) || progressed;
    }
  }
  return progressed;
}

Status SocketNetwork::runUntil(const std::function<bool()>& done, int timeoutMs) {
  constexpr int kSliceMs = 50;
  m_deadline = QDeadlineTimer(timeoutMs);
  while (true) {
    while (!m_ready.empty()) {
      auto task = std::move(m_ready.front());
      m_ready.pop_front();
      task();
    }
    if (done()) {
      return Status::ok();
    }
    if (m_deadline.hasExpired()) {
      return Status(SocketError::TimedOut,
                    "no answer from the broker within " + std::to_string(timeoutMs) + " ms");
    }
    const int sliceMs =
        static_cast<int>(std::clamp<qint64>(m_deadline.remainingTime(), 1, kSliceMs));
    if (!pollReads(sliceMs) && m_ready.empty()) {
      bool anyReading = false;
      for (const auto& weak : m_connections) {
        auto conn = weak.lock();
        anyReading = anyReading || (conn && conn->wantsRead());
      }
      if (!anyReading) {
        return Status(SocketError::Closed, "nothing left to wait for");
      }
    }
  }
}

}  // namespace pier
