// AsioLoop and AsioNetwork over real loopback sockets: echo with many clients and pipelined
// writes, end of stream, cancellation, refused connections, address in use, socket buffer sizes
// on accepted sockets, and timers.
// Every run is bounded by runFor().

#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <map>
#include <thread>

#include "base/prng.h"
#include "runtime/asio/asio_network.h"
#include "runtime/runtime_error.h"

using namespace pier;
using namespace std::chrono_literals;

namespace {

const Endpoint kAnyLoopback{"127.0.0.1", 0};

uint16_t portOf(const sockaddr_in& a) { return ntohs(a.sin_port); }

// The SO_SNDBUF and SO_RCVBUF of this process's socket from `local` to `remote`.
std::pair<int, int> bufferSizesOf(const Endpoint& local, const Endpoint& remote) {
  for (int fd = 0; fd < 1024; ++fd) {
    sockaddr_in me{}, peer{};
    socklen_t meLen = sizeof me, peerLen = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&me), &meLen) != 0 || me.sin_family != AF_INET) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peerLen) != 0) continue;
    if (portOf(me) != local.port || portOf(peer) != remote.port) continue;
    int send = 0, receive = 0;
    socklen_t len = sizeof send;
    getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &send, &len);
    len = sizeof receive;
    getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive, &len);
    return {send, receive};
  }
  return {-1, -1};
}

// Echoes every byte back on every accepted connection.
class EchoServer {
 public:
  explicit EchoServer(Network& net) {
    m_listener = std::move(net.listen(kAnyLoopback, [this](Result<std::shared_ptr<Connection>> c) {
                                 if (c) echo(*c, std::make_shared<std::vector<uint8_t>>(8192));
                               }).value());
  }
  Endpoint endpoint() const { return m_listener->localEndpoint(); }

 private:
  void echo(std::shared_ptr<Connection> c, std::shared_ptr<std::vector<uint8_t>> buf) {
    c->read(*buf, [this, c, buf](Result<std::size_t> n) {
      if (!n) return;
      c->write(std::vector<uint8_t>(buf->begin(), buf->begin() + static_cast<std::ptrdiff_t>(*n)),
               [](Status) {});
      echo(c, buf);
    });
  }

  std::unique_ptr<Listener> m_listener;
};

// Sends `payload` in pipelined chunks and collects the echo.
struct EchoClient {
  std::vector<uint8_t> payload;
  std::vector<uint8_t> received;
  std::vector<uint8_t> buf = std::vector<uint8_t>(4096);
  std::shared_ptr<Connection> conn;
  Status error;

  void start(Network& net, const Endpoint& to, std::function<void()> onDone) {
    net.connect(to, [this, onDone](Result<std::shared_ptr<Connection>> c) {
      if (!c) {
        error = c.status();
        onDone();
        return;
      }
      conn = *c;
      for (std::size_t at = 0; at < payload.size(); at += 4096) {
        auto end = std::min(payload.size(), at + 4096);
        conn->write(std::vector<uint8_t>(payload.begin() + static_cast<std::ptrdiff_t>(at),
                                         payload.begin() + static_cast<std::ptrdiff_t>(end)),
                    [](Status) {});
      }
      readMore(onDone);
    });
  }

  void readMore(std::function<void()> onDone) {
    conn->read(buf, [this, onDone](Result<std::size_t> n) {
      if (!n) {
        error = n.status();
        onDone();
        return;
      }
      received.insert(received.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
      if (received.size() >= payload.size()) {
        onDone();
      } else {
        readMore(onDone);
      }
    });
  }
};

}  // namespace

class TestAsioNetwork : public QObject {
  Q_OBJECT

 private slots:
  void echoManyClients() {
    AsioLoop loop;
    AsioNetwork net(loop);
    EchoServer server(net);
    Prng prng(1);
    std::vector<EchoClient> clients(8);
    int done = 0;
    for (auto& c : clients) {
      c.payload = prng.bytes(256 * 1024);
      c.start(net, server.endpoint(), [&] {
        if (++done == static_cast<int>(clients.size())) loop.stop();
      });
    }
    QVERIFY2(loop.runFor(10s), "echo did not finish within 10 s");
    for (auto& c : clients) {
      QVERIFY2(c.error.isOk(), c.error.toString().c_str());
      QVERIFY(c.received == c.payload);
    }
  }

  // A write issued from inside another write's completion handler (how a connection that
  // coalesces its replies sends the next batch) goes out once, in order. A regression test:
  // the next queued buffer used to be started twice, so its bytes arrived twice.
  void writeFromWriteCompletion() {
    AsioLoop loop;
    AsioNetwork net(loop);
    EchoServer server(net);
    constexpr int kChunks = 50;
    std::vector<uint8_t> expected;
    std::vector<uint8_t> received;
    std::vector<uint8_t> buf(4096);
    std::shared_ptr<Connection> conn;
    std::function<void(int)> writeChunk = [&](int i) {
      std::vector<uint8_t> chunk(100, static_cast<uint8_t>(i));
      expected.insert(expected.end(), chunk.begin(), chunk.end());
      conn->write(std::move(chunk), [&, i](Status s) {
        QVERIFY(s.isOk());
        if (i + 1 < kChunks) writeChunk(i + 1);
      });
    };
    std::function<void()> readMore = [&] {
      conn->read(buf, [&](Result<std::size_t> n) {
        if (!n) {
          loop.stop();
          return;
        }
        received.insert(received.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
        if (received.size() >= 100u * (kChunks + 1)) loop.stop();
        readMore();  // keep reading: duplicated bytes would still arrive
      });
    };
    net.connect(server.endpoint(), [&](Result<std::shared_ptr<Connection>> c) {
      QVERIFY(c.isOk());
      conn = *c;
      writeChunk(0);
      // A second write queued behind the first from outside any handler, too.
      std::vector<uint8_t> extra(100, 0xee);
      conn->write(extra, [](Status) {});
      readMore();
    });
    QVERIFY2(loop.runFor(10s), "echo did not finish within 10 s");
    QVERIFY(!loop.runFor(200ms));  // nothing more may arrive
    QCOMPARE(received.size(), 100u * (kChunks + 1));
    // Chunk 0, then the extra write, then chunks 1.. in order.
    std::vector<uint8_t> order(expected.begin(), expected.begin() + 100);
    order.insert(order.end(), 100, 0xee);
    order.insert(order.end(), expected.begin() + 100, expected.end());
    QVERIFY(received == order);
  }

  void peerCloseIsEndOfStream() {
    AsioLoop loop;
    AsioNetwork net(loop);
    auto listener = std::move(net.listen(kAnyLoopback, [](Result<std::shared_ptr<Connection>> c) {
                                    if (c) (*c)->close();
                                  }).value());
    Status readStatus;
    std::vector<uint8_t> buf(16);
    std::shared_ptr<Connection> client;
    net.connect(listener->localEndpoint(), [&](Result<std::shared_ptr<Connection>> c) {
      QVERIFY(c.isOk());
      client = *c;
      client->read(buf, [&](Result<std::size_t> n) {
        readStatus = n.status();
        loop.stop();
      });
    });
    QVERIFY(loop.runFor(5s));
    QVERIFY2(readStatus.is(RuntimeError::Closed), readStatus.toString().c_str());
  }

  void closeCancelsPendingRead() {
    AsioLoop loop;
    AsioNetwork net(loop);
    std::shared_ptr<Connection> accepted;
    auto listener = std::move(net.listen(kAnyLoopback, [&](Result<std::shared_ptr<Connection>> c) {
                                    accepted = *c;
                                  }).value());
    Status readStatus;
    std::vector<uint8_t> buf(16);
    net.connect(listener->localEndpoint(), [&](Result<std::shared_ptr<Connection>> c) {
      auto client = *c;
      client->read(buf, [&](Result<std::size_t> n) {
        readStatus = n.status();
        loop.stop();
      });
      loop.after(20ms, [client] { client->close(); });
    });
    QVERIFY(loop.runFor(5s));
    QVERIFY2(readStatus.is(RuntimeError::Cancelled), readStatus.toString().c_str());
  }

  void connectRefused() {
    AsioLoop loop;
    AsioNetwork net(loop);
    Endpoint closed;
    {
      auto listener = std::move(net.listen(kAnyLoopback, [](auto) {}).value());
      closed = listener->localEndpoint();
    }
    Status s;
    net.connect(closed, [&](Result<std::shared_ptr<Connection>> c) {
      s = c.status();
      loop.stop();
    });
    QVERIFY(loop.runFor(5s));
    QVERIFY2(s.is(RuntimeError::ConnectionRefused), s.toString().c_str());
    QVERIFY(s.message().find(closed.toString()) != std::string::npos);
  }

  void acceptedSocketsGetTheListenersBufferSizes() {
    AsioLoop loop;
    AsioNetwork net(loop);
    std::pair<int, int> sized{0, 0}, unsized{0, 0};
    auto check = [&](const SocketBuffers& buffers, std::pair<int, int>& out) {
      std::shared_ptr<Connection> accepted;
      auto listener = std::move(net.listen(kAnyLoopback, buffers, [&](Result<std::shared_ptr<Connection>> c) {
                                      accepted = *c;
                                      out = bufferSizesOf(accepted->localEndpoint(), accepted->remoteEndpoint());
                                      loop.stop();
                                    }).value());
      std::shared_ptr<Connection> client;
      net.connect(listener->localEndpoint(), [&](Result<std::shared_ptr<Connection>> c) { client = *c; });
      QVERIFY(loop.runFor(5s));
    };
    check(SocketBuffers{65536, 32768}, sized);
    check(SocketBuffers{}, unsized);
    // Linux keeps twice what was asked for (bookkeeping overhead), as socket(7) says.
    QCOMPARE(sized.first, 2 * 65536);
    QCOMPARE(sized.second, 2 * 32768);
    QVERIFY2(unsized.first != 2 * 65536 && unsized.second != 2 * 32768,
             qPrintable(QString("%1 %2").arg(unsized.first).arg(unsized.second)));
  }

  void addressInUse() {
    AsioLoop loop;
    AsioNetwork net(loop);
    auto first = std::move(net.listen(kAnyLoopback, [](auto) {}).value());
    auto second = net.listen(first->localEndpoint(), [](auto) {});
    QVERIFY(second.status().is(RuntimeError::AddressInUse));
    QVERIFY(second.status().message().find(first->localEndpoint().toString()) != std::string::npos);
  }

  void timersFireInOrderAndCancel() {
    AsioLoop loop;
    std::vector<std::string> fired;
    loop.after(30ms, [&] {
      fired.push_back("late");
      loop.stop();
    });
    loop.after(10ms, [&] { fired.push_back("early"); });
    TimerId cancelled = loop.after(5ms, [&] { fired.push_back("cancelled"); });
    QVERIFY(loop.cancel(cancelled));
    QVERIFY(!loop.cancel(cancelled));
    MonoTime start = loop.clock().now();
    QVERIFY(loop.runFor(5s));
    QCOMPARE(fired, (std::vector<std::string>{"early", "late"}));
    QVERIFY(loop.clock().now() - start >= 30ms);
  }

  void postFromAnotherThread() {
    AsioLoop loop;
    std::thread::id ranOn;
    std::thread poster([&] { loop.post([&] { ranOn = std::this_thread::get_id(); loop.stop(); }); });
    QVERIFY(loop.runFor(5s));
    poster.join();
    QCOMPARE(ranOn, std::this_thread::get_id());
  }

  void runForTimesOut() {
    AsioLoop loop;
    QVERIFY(!loop.runFor(20ms));
  }
};

QTEST_APPLESS_MAIN(TestAsioNetwork)
#include "tst_asio_network.moc"
