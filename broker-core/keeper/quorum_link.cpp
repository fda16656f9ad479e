#include "keeper/quorum_link.h"

namespace pier::keeper {

QuorumLink::QuorumLink(std::shared_ptr<Connection> conn, int32_t frameBytesMax)
    : m_conn(std::move(conn)), m_frames(frameBytesMax), m_readBuffer(64 * 1024) {}

void QuorumLink::start(FrameHandler onFrame, ClosedHandler onClosed) {
  m_onFrame = std::move(onFrame);
  m_onClosed = std::move(onClosed);
  readMore();
}

void QuorumLink::readMore() {
  if (!m_open) return;
  m_conn->read(m_readBuffer, [self = shared_from_this()](Result<std::size_t> n) {
    if (!n) {
      self->closed();
      return;
    }
    self->onRead(*n);
  });
}

void QuorumLink::onRead(std::size_t n) {
  const bool fed = m_frames.feed(std::span(m_readBuffer.data(), n)).isOk();
  while (m_open) {
    auto frame = m_frames.next();
    if (!frame) break;
    m_onFrame(std::move(*frame));
  }
  if (!fed) {
    closed();  // a frame longer than frameBytesMax
    return;
  }
  readMore();
}

void QuorumLink::send(const std::vector<uint8_t>& frame) {
  if (!m_open) return;
  const uint32_t length = static_cast<uint32_t>(frame.size());
  const uint8_t head[4] = {uint8_t(length >> 24), uint8_t(length >> 16), uint8_t(length >> 8),
                           uint8_t(length)};
  m_out.insert(m_out.end(), head, head + 4);
  m_out.insert(m_out.end(), frame.begin(), frame.end());
  if (!m_writing) writeNext();
}

void QuorumLink::writeNext() {
  if (m_out.empty() || !m_open) {
    m_writing = false;
    return;
  }
  m_writing = true;
  m_conn->write(std::exchange(m_out, {}), [self = shared_from_this()](Status s) {
    if (!s) {
      self->closed();
      return;
    }
    self->writeNext();
  });
}

void QuorumLink::close() {
  if (!m_open) return;
  m_open = false;
  m_conn->close();
}

void QuorumLink::closed() {
  if (!m_open) return;
  m_open = false;
  m_conn->close();
  if (m_onClosed) m_onClosed();
}

}  // namespace pier::keeper
