#pragma once
// KeeperConnection: one client connection to pier-keeper. Cuts frames (4-byte length, at most
// jute.maxbuffer: a longer one closes the connection, as ZooKeeper's "Len error"), reads the
// ConnectRequest first, answers four-letter words on a fresh connection, handles addAuth
// itself, and hands every other request to the KeeperServer, which answers in request order.
//
// Owned by shared_ptr (pending reads and writes hold it) and by the server's connection table;
// used on the keeper's loop.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coordination/auth.h"
#include "protocol/kafka_framing.h"
#include "runtime/network.h"

namespace pier::keeper {

class KeeperServer;

class KeeperConnection : public std::enable_shared_from_this<KeeperConnection> {
 public:
  KeeperConnection(std::shared_ptr<Connection> conn, KeeperServer& server, uint64_t id, int32_t frameBytesMax);

  void start();
  // Closes the socket; the server forgets the connection. Idempotent.
  void close();
  bool isOpen() const { return m_open; }

  // Queues one packet (length prefix added here). Packets queued while a write is in flight go
  // out together in the next write, so a batch of answers costs one or two writes, not one each.
  void send(const std::vector<uint8_t>& packet);
  // Sends what is queued, then closes (closeSession answers, expired sessions).
  void closeAfterSend();

  // Reading stops while the server has globalOutstandingLimit requests waiting (ZooKeeper's
  // throttle), and resumes when the server says so.
  void resumeReading();

  uint64_t id() const { return m_id; }
  int64_t sessionId() const { return m_sessionId; }
  void setSession(int64_t sessionId, int32_t timeoutMs);
  int32_t sessionTimeoutMs() const { return m_sessionTimeoutMs; }
  const coordination::AuthIds& auth() const { return m_auth; }
  Endpoint remote() const { return m_remote; }
  bool clientSentReadOnlyFlag() const { return m_readOnlyFlag; }
  // Counters for `cons`/`stat`.
  int64_t packetsReceived() const { return m_packetsReceived; }
  int64_t packetsSent() const { return m_packetsSent; }
  int64_t establishedMs() const { return m_establishedMs; }

 private:
  void readMore();
  void onRead(std::size_t n);
  bool maybeFourLetterWord();
  void handleFrame(std::vector<uint8_t> frame);
  void handleConnect(const std::vector<uint8_t>& frame);
  void handleAuth(int32_t xid, std::span<const uint8_t> body);
  void startWrite();

  std::shared_ptr<Connection> m_conn;
  KeeperServer& m_server;
  uint64_t m_id;
  Endpoint m_remote;
  protocol::kafka::FrameDecoder m_frames;
  std::vector<uint8_t> m_buffer;
  std::vector<uint8_t> m_firstBytes;  // until four bytes decide between a 4lw and a session
  bool m_decided = false;
  bool m_connected = false;  // ConnectRequest seen
  bool m_open = true;
  bool m_closing = false;
  bool m_readOnlyFlag = false;
  int64_t m_sessionId = 0;
  int32_t m_sessionTimeoutMs = 0;
  coordination::AuthIds m_authAdded;  // in the order addAuth added them
  coordination::AuthIds m_auth;       // in ZooKeeper's authInfo order
  int64_t m_packetsReceived = 0;
  int64_t m_packetsSent = 0;
  int64_t m_establishedMs = 0;
  bool m_writing = false;         // one write in flight at a time
  bool m_readPaused = false;      // throttled: no read posted until resumeReading()
  std::vector<uint8_t> m_out;     // framed packets waiting for the next write
};

}  // namespace pier::keeper
