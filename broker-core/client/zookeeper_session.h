#pragma once
// ZooKeeperSession: one ZooKeeper session over a list of servers, asynchronous on one Loop.
//
// It connects to the servers in turn and opens a session (the server clamps the asked timeout,
// by default to 2..20 ticks: the negotiated timeout). Connected, it pings whenever nothing was
// sent for a third of the negotiated timeout, and drops a connection that has been silent for
// two thirds of it. A broken connection is followed at once by one to the next server with the
// same session id and password, so the session (and its ephemeral nodes) survives a server
// going away while another answers within the timeout. A connection attempt gets
// max(1 s, timeout / servers) (ZooKeeper's connectTimeout); after every server failed once the
// next round waits 50 ms, doubling to 1 s.
// When a server answers a reconnect with timeout 0, the session is gone: that is reported as
// Expired and a new session is opened at once, reported as Connected (Kafka does the same, then
// registers its ephemeral nodes again).
//
// Requests go out only while connected: one made otherwise fails at once with ConnectionLoss,
// and those in flight when a connection breaks fail with ConnectionLoss (they may or may not
// have been applied, as in ZooKeeper). Replies come in request order; a reply out of order is a
// broken connection. Each `done` runs exactly once, on the loop. Watch notifications are read
// and dropped (no watches are set).
//
// Thread: everything on `loop` (handlers and events included); not thread-safe. Held by
// shared_ptr: in-flight I/O and timers hold weak references. close() ends it (after a
// CloseSession round trip when connected, so the server drops the ephemeral nodes at once):
// no handler or event runs after close's `done`. Requires: loop and network outlive it; the
// event handler does not call close().

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "client/zookeeper_wire.h"
#include "protocol/kafka_framing.h"
#include "runtime/loop.h"
#include "runtime/network.h"

namespace pier::client {

struct ZooKeeperSessionEvent {
  enum class Kind {
    Connected,     // a new session is open: the first one, or the one after Expired
    Reconnected,   // the same session on a new connection
    Disconnected,  // the connection broke; reconnecting
    Expired,       // the server says the session is gone, ephemeral nodes with it
  };
  Kind kind = Kind::Connected;
  int64_t sessionId = 0;  // Expired: the session that is gone
  Endpoint server;        // the server this is about
  std::string detail;     // why, for Disconnected and Expired
};

std::string_view describe(ZooKeeperSessionEvent::Kind kind);

class ZooKeeperSession : public std::enable_shared_from_this<ZooKeeperSession> {
 public:
  struct Options {
    std::vector<Endpoint> servers;     // Requires: not empty
    int32_t sessionTimeoutMs = 18000;  // asked for (Kafka's zookeeper.session.timeout.ms)
  };
  using EventHandler = std::function<void(const ZooKeeperSessionEvent&)>;
  using ReplyHandler = std::function<void(Result<ZooKeeperReply>)>;

  static std::shared_ptr<ZooKeeperSession> create(Loop& loop, Network& network, Options options,
                                                  EventHandler onEvent);
  ~ZooKeeperSession();

  void start();
  // Sends `record` (a jute record's bytes) as request `op`; `done` gets the whole reply (its
  // header's err may be a ZooKeeper error) or ConnectionLoss.
  void submit(protocol::zookeeper::OpCode op, std::vector<uint8_t> record, ReplyHandler done);
  void close(std::function<void()> done);

  bool isConnected() const { return m_state == State::Connected; }
  int64_t sessionId() const { return m_sessionId; }
  int32_t negotiatedTimeoutMs() const { return m_negotiatedTimeoutMs; }
  // Why the last connection attempt or connection failed ("" when none did).
  const std::string& lastError() const { return m_lastError; }
  std::string serverList() const;

 private:
  enum class State { Idle, Connecting, Handshaking, Connected, Closing, Closed };
  struct Pending {
    int32_t xid;
    ReplyHandler done;
  };

  ZooKeeperSession(Loop& loop, Network& network, Options options, EventHandler onEvent);
  bool current(uint64_t generation) const { return generation == m_generation && m_state != State::Closed; }
  void connectNext();
  void onConnected(uint64_t generation, Result<std::shared_ptr<Connection>> conn);
  void readMore(uint64_t generation);
  void onRead(uint64_t generation, Result<std::size_t> bytes);
  void handleFrame(const std::vector<uint8_t>& frame);
  void onHandshake(const std::vector<uint8_t>& frame);
  void onReply(const std::vector<uint8_t>& frame);
  void send(std::vector<uint8_t> frame);
  void attemptFailed(const Status& why);
  void connectionBroken(const Status& why);
  void dropConnection();
  void scheduleReconnect();
  void armPing();
  void armReadTimeout();
  void failPending(const Status& why);
  void finishClose();
  void notify(ZooKeeperSessionEvent::Kind kind, int64_t sessionId, std::string detail = {});
  TimerId after(int64_t delayMs, std::function<void(ZooKeeperSession&)> task);
  void cancel(std::optional<TimerId>& timer);
  int64_t sinceMs(MonoTime then) const;

  Loop& m_loop;
  Network& m_network;
  Options m_options;
  EventHandler m_onEvent;
  State m_state = State::Idle;
  std::shared_ptr<Connection> m_conn;
  uint64_t m_generation = 0;  // bumped whenever a connection ends: stale handlers see a mismatch
  protocol::kafka::FrameDecoder m_frames{kZooKeeperFrameBytesMax};
  std::shared_ptr<std::vector<uint8_t>> m_readBuffer;
  Endpoint m_server;
  std::size_t m_nextServer = 0;
  std::size_t m_failedInRound = 0;
  int64_t m_retryDelayMs = 0;
  int64_t m_sessionId = 0;
  std::string m_password;
  int32_t m_negotiatedTimeoutMs = 0;
  int64_t m_lastZxid = 0;
  int32_t m_nextXid = 1;
  std::deque<Pending> m_pending;
  MonoTime m_lastSend{};
  MonoTime m_lastReceive{};
  std::optional<TimerId> m_attemptTimer;
  std::optional<TimerId> m_pingTimer;
  std::optional<TimerId> m_readTimer;
  std::optional<TimerId> m_retryTimer;
  std::optional<TimerId> m_closeTimer;
  std::string m_lastError;
  std::function<void()> m_closeDone;
};

}  // namespace pier::client
