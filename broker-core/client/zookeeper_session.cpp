#include "client/zookeeper_session.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "base/log.h"
#include "runtime/runtime_error.h"

namespace pier::client {

namespace pz = protocol::zookeeper;

namespace {
constexpr int64_t kAttemptTimeoutMinMs = 1000;
constexpr int64_t kRetryDelayFirstMs = 50;
constexpr int64_t kRetryDelayMaxMs = 1000;
constexpr int64_t kCloseWaitMaxMs = 2000;
constexpr std::size_t kReadBufferBytes = 64 * 1024;
}  // namespace

std::string_view describe(ZooKeeperSessionEvent::Kind kind) {
  using Kind = ZooKeeperSessionEvent::Kind;
  switch (kind) {
    case Kind::Connected: return "Connected";
    case Kind::Reconnected: return "Reconnected";
    case Kind::Disconnected: return "Disconnected";
    case Kind::Expired: return "Expired";
  }
  return "Unknown";
}

std::shared_ptr<ZooKeeperSession> ZooKeeperSession::create(Loop& loop, Network& network, Options options,
                                                           EventHandler onEvent) {
  PIER_ASSERT(!options.servers.empty(), "a ZooKeeper session needs at least one server");
  return std::shared_ptr<ZooKeeperSession>(new ZooKeeperSession(loop, network, std::move(options), std::move(onEvent)));
}

ZooKeeperSession::ZooKeeperSession(Loop& loop, Network& network, Options options, EventHandler onEvent)
    : m_loop(loop), m_network(network), m_options(std::move(options)), m_onEvent(std::move(onEvent)),
      m_readBuffer(std::make_shared<std::vector<uint8_t>>(kReadBufferBytes)) {}

ZooKeeperSession::~ZooKeeperSession() = default;

std::string ZooKeeperSession::serverList() const {
  std::string out;
  for (const Endpoint& e : m_options.servers) out += (out.empty() ? "" : ",") + e.toString();
  return out;
}

int64_t ZooKeeperSession::sinceMs(MonoTime then) const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(m_loop.clock().now() - then).count();
}

TimerId ZooKeeperSession::after(int64_t delayMs, std::function<void(ZooKeeperSession&)> task) {
  std::weak_ptr<ZooKeeperSession> weak = weak_from_this();
  return m_loop.after(std::chrono::milliseconds(std::max<int64_t>(delayMs, 0)), [weak, task = std::move(task)] {
    if (auto self = weak.lock(); self && self->m_state != State::Closed) task(*self);
  });
}

void ZooKeeperSession::cancel(std::optional<TimerId>& timer) {
  if (timer) m_loop.cancel(*timer);
  timer.reset();
}

void ZooKeeperSession::start() {
  if (m_state != State::Idle) return;
  connectNext();
}

void ZooKeeperSession::connectNext() {
  m_retryTimer.reset();
  m_server = m_options.servers[m_nextServer % m_options.servers.size()];
  m_nextServer = (m_nextServer + 1) % m_options.servers.size();
  m_state = State::Connecting;
  const uint64_t generation = ++m_generation;
  m_frames = protocol::kafka::FrameDecoder(kZooKeeperFrameBytesMax);
  const int64_t attemptMs = std::max<int64_t>(
      kAttemptTimeoutMinMs, m_options.sessionTimeoutMs / static_cast<int64_t>(m_options.servers.size()));
  m_attemptTimer = after(attemptMs, [generation, attemptMs](ZooKeeperSession& self) {
    if (!self.current(generation)) return;
    self.m_attemptTimer.reset();
    self.attemptFailed(Status(RuntimeError::TimedOut, fmt::format("{}: no session within {} ms",
                                                                  self.m_server.toString(), attemptMs)));
  });
  std::weak_ptr<ZooKeeperSession> weak = weak_from_this();
  m_network.connect(m_server, [weak, generation](Result<std::shared_ptr<Connection>> conn) {
    auto self = weak.lock();
    if (self && self->current(generation)) {
      self->onConnected(generation, std::move(conn));
    } else if (conn) {
      (*conn)->close();
    }
  });
}

void ZooKeeperSession::onConnected(uint64_t generation, Result<std::shared_ptr<Connection>> conn) {
  if (!conn) {
    attemptFailed(conn.status());
    return;
  }
  m_conn = std::move(*conn);
  m_state = State::Handshaking;
  send(connectFrame(m_options.sessionTimeoutMs, m_sessionId, m_password, m_lastZxid));
  readMore(generation);
}

void ZooKeeperSession::readMore(uint64_t generation) {
  std::weak_ptr<ZooKeeperSession> weak = weak_from_this();
  auto buffer = m_readBuffer;
  m_conn->read(std::span<uint8_t>(*buffer), [weak, generation, buffer](Result<std::size_t> bytes) {
    if (auto self = weak.lock(); self && self->current(generation)) self->onRead(generation, bytes);
  });
}

void ZooKeeperSession::onRead(uint64_t generation, Result<std::size_t> bytes) {
  if (!bytes) {
    const Status why = bytes.status().withContext(m_server.toString());
    m_state == State::Handshaking ? attemptFailed(why) : connectionBroken(why);
    return;
  }
  m_lastReceive = m_loop.clock().now();
  Status fed = m_frames.feed(std::span<const uint8_t>(m_readBuffer->data(), *bytes));
  while (auto frame = m_frames.next()) {
    handleFrame(*frame);
    if (!current(generation)) return;  // the frame ended this connection (or the session)
  }
  if (!fed) {
    connectionBroken(fed.withContext(m_server.toString()));
    return;
  }
  readMore(generation);
}

void ZooKeeperSession::handleFrame(const std::vector<uint8_t>& frame) {
  if (m_state == State::Handshaking) {
    onHandshake(frame);
  } else {
    onReply(frame);
  }
}

void ZooKeeperSession::onHandshake(const std::vector<uint8_t>& frame) {
  auto response = decodeConnectReply(frame);
  if (!response) {
    attemptFailed(response.status().withContext(m_server.toString()));
    return;
  }
  cancel(m_attemptTimer);
  if (response->timeOut <= 0) {
    if (m_sessionId == 0) {
      attemptFailed(Status(CoordinationError::Io, m_server.toString() + ": refused to open a session"));
      return;
    }
    // The server no longer knows the session: it expired while we were away.
    const int64_t gone = m_sessionId;
    m_sessionId = 0;
    m_password.clear();
    dropConnection();
    m_lastError = fmt::format("session 0x{:x} expired", gone);
    notify(ZooKeeperSessionEvent::Kind::Expired, gone, m_lastError);
    if (m_state == State::Closed) return;
    connectNext();
    return;
  }
  const bool resumed = m_sessionId != 0 && response->sessionId == m_sessionId;
  m_sessionId = response->sessionId;
  m_password = response->passwd.value_or("");
  m_negotiatedTimeoutMs = response->timeOut;
  m_state = State::Connected;
  m_failedInRound = 0;
  m_retryDelayMs = 0;
  m_lastError.clear();
  armPing();
  armReadTimeout();
  notify(resumed ? ZooKeeperSessionEvent::Kind::Reconnected : ZooKeeperSessionEvent::Kind::Connected, m_sessionId);
}

void ZooKeeperSession::onReply(const std::vector<uint8_t>& frame) {
  auto reply = decodeReply(frame);
  if (!reply) {
    connectionBroken(reply.status().withContext(m_server.toString()));
    return;
  }
  const int32_t xid = reply->header.xid;
  if (reply->header.zxid > 0) m_lastZxid = std::max(m_lastZxid, reply->header.zxid);
  if (xid == pz::kPingXid || xid == pz::kNotificationXid || xid == pz::kAuthXid || xid == pz::kSetWatchesXid) return;
  if (m_pending.empty() || m_pending.front().xid != xid) {
    connectionBroken(Status(CoordinationError::Io,
                            fmt::format("{}: reply xid {} out of order (expected {})", m_server.toString(), xid,
                                        m_pending.empty() ? std::string("none") : std::to_string(m_pending.front().xid))));
    return;
  }
  Pending answered = std::move(m_pending.front());
  m_pending.pop_front();
  answered.done(std::move(*reply));
  if (m_state == State::Closing && m_pending.empty()) finishClose();
}

void ZooKeeperSession::send(std::vector<uint8_t> frame) {
  m_lastSend = m_loop.clock().now();
  std::weak_ptr<ZooKeeperSession> weak = weak_from_this();
  const uint64_t generation = m_generation;
  m_conn->write(std::move(frame), [weak, generation](Status written) {
    auto self = weak.lock();
    if (written || !self || !self->current(generation)) return;
    const Status why = written.withContext(self->m_server.toString());
    self->m_state == State::Handshaking ? self->attemptFailed(why) : self->connectionBroken(why);
  });
}

void ZooKeeperSession::submit(pz::OpCode op, std::vector<uint8_t> record, ReplyHandler done) {
  if (m_state != State::Connected) {
    done(Status(CoordinationError::ConnectionLoss,
                fmt::format("not connected to ZooKeeper ({}){}", serverList(),
                            m_lastError.empty() ? std::string() : ": " + m_lastError)));
    return;
  }
  const int32_t xid = m_nextXid;
  m_nextXid = m_nextXid == INT32_MAX ? 1 : m_nextXid + 1;
  m_pending.push_back(Pending{xid, std::move(done)});
  send(requestFrame(xid, op, record));
}

void ZooKeeperSession::attemptFailed(const Status& why) {
  if (m_state == State::Closing) {
    finishClose();
    return;
  }
  dropConnection();
  m_lastError = why.message();
  PIER_LOG_DEBUG("ZooKeeper connection attempt failed", {"server", m_server.toString()}, {"why", why});
  m_failedInRound += 1;
  scheduleReconnect();
}

void ZooKeeperSession::connectionBroken(const Status& why) {
  const bool wasConnected = m_state == State::Connected;
  dropConnection();
  failPending(Status(CoordinationError::ConnectionLoss, why.message()));
  if (m_state == State::Closing) {
    finishClose();
    return;
  }
  m_lastError = why.message();
  if (wasConnected) notify(ZooKeeperSessionEvent::Kind::Disconnected, m_sessionId, why.message());
  if (m_state == State::Closed) return;
  scheduleReconnect();
}

void ZooKeeperSession::dropConnection() {
  ++m_generation;
  if (m_conn) {
    m_conn->close();
    m_conn.reset();
  }
  cancel(m_attemptTimer);
  cancel(m_pingTimer);
  cancel(m_readTimer);
  if (m_state != State::Closing && m_state != State::Closed) m_state = State::Idle;
}

void ZooKeeperSession::scheduleReconnect() {
  if (m_failedInRound < m_options.servers.size()) {
    connectNext();
    return;
  }
  // Every server failed once: wait before the next round instead of spinning on refusals.
  m_failedInRound = 0;
  m_retryDelayMs = m_retryDelayMs == 0 ? kRetryDelayFirstMs : std::min(m_retryDelayMs * 2, kRetryDelayMaxMs);
  m_retryTimer = after(m_retryDelayMs, [](ZooKeeperSession& self) {
    if (self.m_state == State::Idle) self.connectNext();
  });
}

void ZooKeeperSession::armPing() {
  const int64_t intervalMs = std::max(m_negotiatedTimeoutMs / 3, 1);
  const uint64_t generation = m_generation;
  m_pingTimer = after(intervalMs - sinceMs(m_lastSend), [generation, intervalMs](ZooKeeperSession& self) {
    if (!self.current(generation) || self.m_state != State::Connected) return;
    if (self.sinceMs(self.m_lastSend) >= intervalMs) {
      self.send(requestFrame(pz::kPingXid, pz::OpCode::Ping, {}));
    }
    self.armPing();
  });
}

void ZooKeeperSession::armReadTimeout() {
  const int64_t readTimeoutMs = std::max(m_negotiatedTimeoutMs * 2 / 3, 1);
  const uint64_t generation = m_generation;
  m_readTimer = after(readTimeoutMs - sinceMs(m_lastReceive), [generation, readTimeoutMs](ZooKeeperSession& self) {
    if (!self.current(generation)) return;
    if (self.sinceMs(self.m_lastReceive) >= readTimeoutMs) {
      self.m_readTimer.reset();
      self.connectionBroken(Status(RuntimeError::TimedOut, fmt::format("{}: nothing received for {} ms",
                                                                       self.m_server.toString(), readTimeoutMs)));
      return;
    }
    self.armReadTimeout();
  });
}

void ZooKeeperSession::failPending(const Status& why) {
  std::deque<Pending> failed = std::move(m_pending);
  m_pending.clear();
  for (Pending& p : failed) p.done(why);
}

void ZooKeeperSession::close(std::function<void()> done) {
  if (m_state == State::Closed) {
    if (done) done();
    return;
  }
  if (m_state == State::Closing) {  // a second close: both hear the end
    m_closeDone = [first = std::move(m_closeDone), second = std::move(done)] {
      if (first) first();
      if (second) second();
    };
    return;
  }
  m_closeDone = std::move(done);
  if (m_state != State::Connected) {
    finishClose();
    return;
  }
  // CloseSession last, after whatever is in flight; its reply (or the server closing the
  // connection, or the wait running out) ends the session.
  const int32_t xid = m_nextXid;
  m_nextXid = m_nextXid == INT32_MAX ? 1 : m_nextXid + 1;
  m_pending.push_back(Pending{xid, [](Result<ZooKeeperReply>) {}});
  send(requestFrame(xid, pz::OpCode::CloseSession, {}));
  m_state = State::Closing;
  m_closeTimer = after(std::min<int64_t>(kCloseWaitMaxMs, std::max(m_negotiatedTimeoutMs, 1)),
                       [](ZooKeeperSession& self) {
                         self.m_closeTimer.reset();
                         self.finishClose();
                       });
}

void ZooKeeperSession::finishClose() {
  if (m_state == State::Closed) return;
  m_state = State::Closing;
  dropConnection();
  cancel(m_retryTimer);
  cancel(m_closeTimer);
  failPending(Status(CoordinationError::ConnectionLoss, "the ZooKeeper session was closed"));
  m_state = State::Closed;
  m_onEvent = nullptr;
  if (auto done = std::move(m_closeDone)) done();
}

void ZooKeeperSession::notify(ZooKeeperSessionEvent::Kind kind, int64_t sessionId, std::string detail) {
  if (m_onEvent) m_onEvent(ZooKeeperSessionEvent{kind, sessionId, m_server, std::move(detail)});
}

}  // namespace pier::client
