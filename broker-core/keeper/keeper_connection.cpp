#include "keeper/keeper_connection.h"

#include "base/byte_reader.h"
#include "base/log.h"
#include "coordination/zk_constants.h"
#include "keeper/keeper_server.h"
#include "protocol/zookeeper/generated/jute_proto.h"

namespace pier::keeper {

namespace pz = protocol::zookeeper;

namespace {
constexpr std::size_t kReadBytes = 64 * 1024;
}  // namespace

KeeperConnection::KeeperConnection(std::shared_ptr<Connection> conn, KeeperServer& server, uint64_t id,
                                   int32_t frameBytesMax)
    : m_conn(std::move(conn)),
      m_server(server),
      m_id(id),
      m_remote(m_conn->remoteEndpoint()),
      m_frames(frameBytesMax),
      m_buffer(kReadBytes) {
  // Every connection is authenticated as its address (IPAuthenticationProvider).
  m_authAdded.push_back(pz::Id{"ip", m_remote.host});
  m_auth = coordination::authInfoOrder(m_authAdded);
}

void KeeperConnection::start() { readMore(); }

void KeeperConnection::resumeReading() {
  if (!m_readPaused || !m_open || m_closing) return;
  m_readPaused = false;
  readMore();
}

void KeeperConnection::close() {
  if (!m_open) return;
  m_open = false;
  m_conn->close();
  m_server.onClosed(this);
}

void KeeperConnection::setSession(int64_t sessionId, int32_t timeoutMs) {
  m_sessionId = sessionId;
  m_sessionTimeoutMs = timeoutMs;
}

void KeeperConnection::send(const std::vector<uint8_t>& packet) {
  if (!m_open) return;
  const auto size = static_cast<uint32_t>(packet.size());
  for (int shift = 24; shift >= 0; shift -= 8) m_out.push_back(static_cast<uint8_t>(size >> shift));
  m_out.insert(m_out.end(), packet.begin(), packet.end());
  ++m_packetsSent;
  m_server.countSent();
  if (!m_writing) startWrite();
}

void KeeperConnection::startWrite() {
  m_writing = true;
  auto self = shared_from_this();
  m_conn->write(std::exchange(m_out, {}), [self](Status written) {
    self->m_writing = false;
    if (!written) {
      self->close();
      return;
    }
    if (!self->m_out.empty()) {
      self->startWrite();
    } else if (self->m_closing) {
      self->close();
    }
  });
}

void KeeperConnection::closeAfterSend() {
  m_closing = true;
  if (!m_writing && m_out.empty()) close();
}

void KeeperConnection::readMore() {
  auto self = shared_from_this();
  m_conn->read(m_buffer, [self](Result<std::size_t> n) {
    if (!n) {
      self->close();
      return;
    }
    self->onRead(*n);
  });
}

void KeeperConnection::onRead(std::size_t n) {
  if (!m_open || m_closing) return;
  std::span<const uint8_t> chunk = std::span<const uint8_t>(m_buffer).first(n);
  if (!m_decided) {
    m_firstBytes.insert(m_firstBytes.end(), chunk.begin(), chunk.end());
    if (m_firstBytes.size() < 4) {
      readMore();
      return;
    }
    m_decided = true;
    if (maybeFourLetterWord()) return;
    chunk = m_firstBytes;
  }
  Status fed = m_frames.feed(chunk);
  m_firstBytes.clear();
  while (auto frame = m_frames.next()) {
    handleFrame(std::move(*frame));
    if (!m_open || m_closing) return;
  }
  if (!fed) {
    PIER_LOG_WARN("Len error; closing connection", {"remote", m_remote.toString()}, {"why", fed});
    close();
    return;
  }
  if (m_server.throttled()) {
    m_readPaused = true;
    m_server.waitForCapacity(shared_from_this());
    return;
  }
  readMore();
}

bool KeeperConnection::maybeFourLetterWord() {
  std::span<const uint8_t, 4> word(m_firstBytes.data(), 4);
  std::string reply = m_server.fourLetterWord(word, *this);
  if (reply.empty()) {
    // Not a four-letter word (or one whose answer is to close): a ZooKeeper session follows.
    return false;
  }
  auto self = shared_from_this();
  m_closing = true;
  m_writing = true;
  m_conn->write(std::vector<uint8_t>(reply.begin(), reply.end()), [self](Status) {
    self->m_writing = false;
    self->close();
  });
  return true;
}

void KeeperConnection::handleFrame(std::vector<uint8_t> frame) {
  ++m_packetsReceived;
  if (!m_connected) {
    handleConnect(frame);
    return;
  }
  Reader r(frame);
  auto header = pz::RequestHeader::decode(r);
  if (!header) {
    PIER_LOG_WARN("closing connection: request header does not decode", {"remote", m_remote.toString()});
    close();
    return;
  }
  std::vector<uint8_t> body(frame.begin() + static_cast<std::ptrdiff_t>(r.position()), frame.end());
  if (header->type == static_cast<int32_t>(coordination::OpCode::Auth)) {
    handleAuth(header->xid, body);
    return;
  }
  m_server.onRequest(shared_from_this(), header->xid, header->type, std::move(body));
}

void KeeperConnection::handleConnect(const std::vector<uint8_t>& frame) {
  Reader r(frame);
  auto req = pz::ConnectRequest::decode(r);
  if (!req) {
    PIER_LOG_WARN("closing connection: ConnectRequest does not decode", {"remote", m_remote.toString()});
    close();
    return;
  }
  // Clients since 3.3 append a readOnly flag; the answer carries one back only then.
  m_readOnlyFlag = !r.atEnd();
  m_connected = true;
  m_server.onConnect(shared_from_this(), *req);
}

void KeeperConnection::handleAuth(int32_t xid, std::span<const uint8_t> body) {
  Reader r(body);
  auto packet = pz::AuthPacket::decode(r);
  std::optional<pz::Id> id;
  if (packet) id = coordination::authenticate(packet->scheme, packet->auth.value_or(""), m_remote.host);
  Writer w;
  const auto err = id ? coordination::ZkError::Ok : coordination::ZkError::AuthFailed;
  pz::ReplyHeader{xid, 0, static_cast<int32_t>(err)}.encode(w);
  send(w.take());
  if (!id) {
    closeAfterSend();
    return;
  }
  if (std::find(m_authAdded.begin(), m_authAdded.end(), *id) == m_authAdded.end()) {
    m_authAdded.push_back(*id);
    m_auth = coordination::authInfoOrder(m_authAdded);
  }
}

}  // namespace pier::keeper
