#pragma once
// KafkaConnection: one client connection: reads, cuts frames (socket.request.max.bytes), hands
// each request to KafkaApis and writes the responses in request order, even when a later
// request is answered first (a Fetch waiting for data holds back what follows it, as in Kafka).
//
// A frame over the limit, an unknown API or version, or a request that does not decode closes
// this connection only, logged the way Kafka logs it; other connections are unaffected. With
// kPendingResponsesMax answers owed, the connection stops reading until they drain.
//
// Owned by shared_ptr (pending reads and replies hold it); used on the broker's loop.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "broker/broker_metrics.h"
#include "broker/kafka_apis.h"
#include "runtime/clock.h"
#include "protocol/kafka_framing.h"
#include "runtime/network.h"

namespace pier::broker {

class KafkaConnection : public std::enable_shared_from_this<KafkaConnection> {
 public:
  // Requests read but not yet answered on one connection (Kafka's queued.max.requests is 500
  // for the whole broker; this bounds each connection).
  static constexpr std::size_t kPendingResponsesMax = 256;

  // `listenerIndex`: which of the broker's listeners accepted `conn`.
  KafkaConnection(std::shared_ptr<Connection> conn, std::size_t listenerIndex, KafkaApis& apis, int32_t frameBytesMax,
                  BrokerMetrics& metrics, const Clock& clock, std::function<void(KafkaConnection*)> onClosed);

  void start();
  void close();
  bool isOpen() const { return m_open; }

 private:
  struct Slot {
    bool ready = false;
    std::optional<std::vector<uint8_t>> response;
    int16_t apiKey = -1;
    MonoTime arrived{};
  };

  void readMore();
  void onRead(std::size_t n);
  void handleFrame(std::vector<uint8_t> frame);
  void fill(uint64_t slotId, std::optional<std::vector<uint8_t>> response);
  void writeReady();

  std::shared_ptr<Connection> m_conn;
  ClientInfo m_client;
  KafkaApis& m_apis;
  BrokerMetrics& m_metrics;
  const Clock& m_clock;
  protocol::kafka::FrameDecoder m_frames;
  std::function<void(KafkaConnection*)> m_onClosed;
  std::deque<Slot> m_slots;      // responses not yet written, oldest first
  uint64_t m_firstSlotId = 0;    // the id of m_slots.front()
  bool m_open = true;
  bool m_readPaused = false;  // too many responses owed: reading resumes as they go out
};

}  // namespace pier::broker
