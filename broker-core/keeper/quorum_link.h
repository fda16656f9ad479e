#pragma once
// QuorumLink: one TCP connection between two keepers of an ensemble, carrying length-prefixed
// frames (int32 big-endian length, then the frame). Election notifications and ZAB's quorum
// packets both travel this way (quorum_wire.h says what a frame holds).
//
// Reads run until the connection closes or a frame is longer than frameBytesMax; either ends the
// link and calls onClosed once. Writes are queued and go out in order, one at a time.
//
// Owned by a shared_ptr (reads and writes in flight keep it alive); used on one loop.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "protocol/kafka_framing.h"
#include "runtime/network.h"

namespace pier::keeper {

class QuorumLink : public std::enable_shared_from_this<QuorumLink> {
 public:
  using FrameHandler = std::function<void(std::vector<uint8_t> frame)>;
  using ClosedHandler = std::function<void()>;

  QuorumLink(std::shared_ptr<Connection> conn, int32_t frameBytesMax);

  // Starts reading. Requires: called once.
  void start(FrameHandler onFrame, ClosedHandler onClosed);
  void send(const std::vector<uint8_t>& frame);
  void close();
  bool isOpen() const { return m_open; }

 private:
  void readMore();
  void onRead(std::size_t n);
  void writeNext();
  void closed();

  std::shared_ptr<Connection> m_conn;
  protocol::kafka::FrameDecoder m_frames;  // the same int32-size framing as Kafka's
  FrameHandler m_onFrame;
  ClosedHandler m_onClosed;
  std::vector<uint8_t> m_readBuffer;
  std::vector<uint8_t> m_out;  // framed bytes waiting for the next write
  bool m_writing = false;
  bool m_open = true;
};

}  // namespace pier::keeper
