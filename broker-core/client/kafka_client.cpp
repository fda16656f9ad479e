#include "client/kafka_client.h"

#include "runtime/runtime_error.h"

namespace pier::client {

std::shared_ptr<KafkaClient> KafkaClient::create(Network& network, std::string clientId) {
  return std::shared_ptr<KafkaClient>(new KafkaClient(network, std::move(clientId)));
}

void KafkaClient::connect(const Endpoint& broker, std::function<void(Status)> done) {
  if (m_conn) drop(m_conn, Status(RuntimeError::Cancelled, "reconnecting"));
  auto self = shared_from_this();
  m_network.connect(broker, [self, done](Result<std::shared_ptr<Connection>> conn) {
    if (!conn) {
      done(conn.status());
      return;
    }
    self->m_conn = *conn;
    self->m_frames = protocol::kafka::FrameDecoder();
    self->readMore();
    done(Status::ok());
  });
}

void KafkaClient::close() {
  if (m_conn) {
    m_conn->close();
    m_conn.reset();
  }
  failAll(Status(RuntimeError::Closed, "client closed"));
}

void KafkaClient::send(std::vector<uint8_t> frame, std::function<void(Status)> written) {
  if (!m_conn) {
    Status closed(RuntimeError::Closed, "not connected");
    failAll(closed);
    if (written) written(closed);
    return;
  }
  auto self = shared_from_this();
  std::shared_ptr<Connection> conn = m_conn;
  m_conn->write(std::move(frame), [self, conn, written](Status outcome) {
    if (!outcome) self->drop(conn, outcome);
    if (written) written(outcome);
  });
}

void KafkaClient::readMore() {
  auto self = shared_from_this();
  std::shared_ptr<Connection> conn = m_conn;
  m_conn->read(m_buffer, [self, conn](Result<std::size_t> n) {
    if (self->m_conn != conn) return;  // a connection dropped or replaced since
    if (!n) {
      self->drop(conn, n.status());
      return;
    }
    Status fed = self->m_frames.feed(std::span<const uint8_t>(self->m_buffer).first(*n));
    while (auto frame = self->m_frames.next()) {
      Reader r(*frame);
      auto correlationId = r.readInt32();
      auto it = correlationId ? self->m_waiting.find(*correlationId) : self->m_waiting.end();
      if (it == self->m_waiting.end()) continue;  // a response nobody waits for
      auto callback = std::move(it->second);
      self->m_waiting.erase(it);
      callback(std::move(*frame));
      if (self->m_conn != conn) return;  // the callback closed or reconnected the client
    }
    if (!fed) {
      self->drop(conn, fed);
      return;
    }
    self->readMore();
  });
}

void KafkaClient::drop(const std::shared_ptr<Connection>& conn, const Status& why) {
  if (m_conn != conn) return;
  m_conn->close();
  m_conn.reset();
  failAll(why);
}

void KafkaClient::failAll(const Status& why) {
  auto waiting = std::move(m_waiting);
  m_waiting.clear();
  for (auto& [id, callback] : waiting) callback(why);
}

}  // namespace pier::client
