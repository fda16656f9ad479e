#include "keeper/quorum_link.h"

#include <cstring>

namespace pier::keeper {

QuorumLink::QuorumLink(std::shared_ptr<Connection> conn, std::size_t frameBytesMax)
    : m_conn(std::move(conn)), m_frameBytesMax(frameBytesMax), m_readBuffer(64 * 1024) {}

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
  m_pending.insert(m_pending.end(), m_readBuffer.begin(),
                   m_readBuffer.begin() + static_cast<std::ptrdiff_t>(n));
  std::size_t at = 0;
  while (m_open && m_pending.size() - at >= 4) {
    const uint32_t length = (uint32_t(m_pending[at]) << 24) | (uint32_t(m_pending[at + 1]) << 16) |
                            (uint32_t(m_pending[at + 2]) << 8) | uint32_t(m_pending[at + 3]);
    if (length > m_frameBytesMax) {
      closed();
      return;
    }
    if (m_pending.size() - at - 4 < length) break;
    std::vector<uint8_t> frame(m_pending.begin() + static_cast<std::ptrdiff_t>(at + 4),
                               m_pending.begin() + static_cast<std::ptrdiff_t>(at + 4 + length));
    at += 4 + length;
    m_onFrame(std::move(frame));
  }
  m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(at));
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
