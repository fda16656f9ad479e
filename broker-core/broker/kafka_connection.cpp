#include "broker/kafka_connection.h"

#include "base/log.h"

namespace pier::broker {

using namespace protocol::kafka;

KafkaConnection::KafkaConnection(std::shared_ptr<Connection> conn, std::size_t listenerIndex, KafkaApis& apis,
                                 int32_t frameBytesMax, BrokerMetrics& metrics, const Clock& clock,
                                 std::function<void(KafkaConnection*)> onClosed)
    : m_conn(std::move(conn)), m_client{"/" + m_conn->remoteEndpoint().host, listenerIndex}, m_apis(apis),
      m_metrics(metrics), m_clock(clock), m_frames(frameBytesMax), m_onClosed(std::move(onClosed)) {}

void KafkaConnection::start() { readMore(); }

void KafkaConnection::close() {
  if (!m_open) return;
  m_open = false;
  m_conn->close();
  if (m_onClosed) m_onClosed(this);
}

void KafkaConnection::readMore() {
  auto self = shared_from_this();
  // Straight into the frame being received: a produce request's records are not copied out of
  // a read buffer.
  m_conn->read(m_frames.readBuffer(), [self](Result<std::size_t> n) {
    if (!n) {
      self->close();
      return;
    }
    self->onRead(*n);
  });
}

void KafkaConnection::onRead(std::size_t n) {
  if (!m_open) return;
  m_metrics.addNetworkBytesIn(n);
  Status fed = m_frames.commit(n);
  while (auto frame = m_frames.next()) {
    handleFrame(std::move(*frame));
    if (!m_open) return;
  }
  if (!fed) {
    PIER_LOG_WARN("Unexpected error; closing connection", {"remote", m_conn->remoteEndpoint().toString()},
                  {"why", fed});
    close();
    return;
  }
  // Back-pressure: with too many answers still owed (a fetch holding the line), stop reading
  // until writeReady() drains them, as Kafka mutes a busy channel.
  if (m_slots.size() >= kPendingResponsesMax) {
    m_readPaused = true;
    return;
  }
  readMore();
}

void KafkaConnection::handleFrame(std::vector<uint8_t> frame) {
  auto request = parseRequest(frame);
  if (!request) {
    PIER_LOG_WARN("closing connection: request does not parse", {"remote", m_conn->remoteEndpoint().toString()},
                  {"why", request.status()});
    close();
    return;
  }
  const uint64_t slotId = m_firstSlotId + m_slots.size();
  m_slots.push_back(Slot{false, std::nullopt, request->apiKey(), m_clock.now()});
  std::weak_ptr<KafkaConnection> weak = weak_from_this();
  Status handled = m_apis.handle(*request, m_client, [weak, slotId](std::optional<std::vector<uint8_t>> response) {
    if (auto self = weak.lock()) self->fill(slotId, std::move(response));
  });
  if (!handled) {
    PIER_LOG_WARN("closing connection", {"remote", m_conn->remoteEndpoint().toString()},
                  {"api", request->api->name}, {"version", request->apiVersion()}, {"why", handled});
    close();
    return;
  }
  // Handlers copy what they keep of a request (a produce is appended by now): the frame's memory
  // takes the next request.
  m_frames.recycle(std::move(frame));
}

void KafkaConnection::fill(uint64_t slotId, std::optional<std::vector<uint8_t>> response) {
  if (!m_open || slotId < m_firstSlotId || slotId - m_firstSlotId >= m_slots.size()) return;
  Slot& slot = m_slots[slotId - m_firstSlotId];
  slot.ready = true;
  m_metrics.observeRequest(slot.apiKey, std::chrono::duration<double>(m_clock.now() - slot.arrived).count());
  if (response) m_metrics.addNetworkBytesOut(response->size());
  slot.response = std::move(response);
  writeReady();
}

void KafkaConnection::writeReady() {
  while (!m_slots.empty() && m_slots.front().ready) {
    if (m_slots.front().response) {
      auto self = shared_from_this();
      m_conn->write(std::move(*m_slots.front().response), [self](Status written) {
        if (!written) self->close();
      });
    }
    m_slots.pop_front();
    ++m_firstSlotId;
  }
  if (m_readPaused && m_open && m_slots.size() < kPendingResponsesMax) {
    m_readPaused = false;
    readMore();
  }
}

}  // namespace pier::broker
