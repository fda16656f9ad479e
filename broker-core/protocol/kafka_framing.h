#pragma once
// Kafka framing: every request and response on a Kafka connection is a 4-byte big-endian size
// followed by that many bytes. FrameDecoder turns the arbitrary chunks a socket read returns
// (a size split across reads, many pipelined requests in one read) into whole frames; the
// encode helpers write the prefix. No I/O: the connection owner feeds bytes in.
//
// Limits: a declared size above frameBytesMax (Kafka's socket.request.max.bytes, default
// 104857600) or below zero is an error value, checked as soon as the four size bytes are in,
// before any payload is buffered; the decoder then stays failed (Kafka closes the connection).
// Memory: one partial frame (at most kPayloadReserveMax reserved on the strength of the
// declared size alone, the rest grown as bytes arrive), plus the complete frames not yet taken
// by next(). Draining next() after every feed() keeps that to one read chunk plus one frame.
//
// Two ways in: feed() copies a chunk the caller read; readBuffer() + commit() let the caller read
// from the socket straight into the frame being received (while a payload is in progress, the
// span is that payload's unfilled part, so large requests are never copied from a read buffer;
// otherwise a scratch area of kScratchBytes for size prefixes and small pipelined frames).
//
// Ownership: owns its buffers; frames are handed out by value. Not thread-safe: one per
// connection, used on that connection's loop.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "base/byte_writer.h"
#include "base/result.h"
#include "base/status.h"

namespace pier::protocol::kafka {

// Errors of the frame and request-envelope layer.
enum class FramingError {
  InvalidSize,    // a negative size, or one larger than the maximum frame size
  Failed,         // the decoder already failed; the connection must be closed
  UnknownApiKey,  // a request header naming an API Kafka 3.8 does not define
  TrailingBytes,  // bytes left after a message that should have filled the frame
  FrameTooLarge,  // an encoded payload longer than a size prefix can hold
};

std::string_view describe(FramingError e);

}  // namespace pier::protocol::kafka

PIER_ERROR_DOMAIN(pier::protocol::kafka::FramingError, "protocol");

namespace pier::protocol::kafka {

// Kafka's socket.request.max.bytes default.
inline constexpr int32_t kFrameBytesMaxDefault = 104857600;
inline constexpr std::size_t kFramePrefixBytes = 4;

class FrameDecoder {
 public:
  // Requires: frameBytesMax >= 0.
  explicit FrameDecoder(int32_t frameBytesMax = kFrameBytesMaxDefault);

  // Appends the bytes of one read. Complete frames become available from next(). On an
  // invalid size returns the error ("Invalid receive (size = N larger than M)", as Kafka logs
  // it) and every later feed() returns FramingError::Failed; frames completed before the bad
  // size stay available.
  Status feed(std::span<const uint8_t> chunk);
  // The next complete frame's payload (without the size prefix), oldest first.
  std::optional<std::vector<uint8_t>> next();

  // Where the next read should put its bytes, then commit(n) with how many it got (n <= the
  // span's size). No other call may come in between. Errors as feed().
  std::span<uint8_t> readBuffer();
  Status commit(std::size_t n);
  // Hands back a frame next() gave out, once its bytes are no longer needed: its memory takes
  // the next large payload (kept only while payloads are large, at most kPayloadReserveMax), so
  // a busy producer's requests land in pages already mapped instead of fresh ones every time.
  void recycle(std::vector<uint8_t>&& frame);

  bool failed() const { return !m_error.isOk(); }
  // The error that failed the decoder, or ok.
  const Status& error() const { return m_error; }
  int32_t frameBytesMax() const { return m_frameBytesMax; }
  // Bytes held: the partial frame (prefix included) and the frames waiting in next().
  std::size_t bufferedBytes() const;
  std::size_t readyFrames() const { return m_ready.size(); }

 private:
  // Consumes size bytes from `chunk`; returns how many it took, or fails the decoder.
  std::size_t takePrefix(std::span<const uint8_t> chunk);
  std::size_t takePayload(std::span<const uint8_t> chunk);
  void completePayload();

  int32_t m_frameBytesMax;
  uint8_t m_prefix[kFramePrefixBytes] = {};
  std::size_t m_prefixFill = 0;
  std::size_t m_payloadBytes = 0;  // the declared size, once the prefix is complete
  std::vector<uint8_t> m_payload;        // the frame being received; may hold more than
  std::size_t m_payloadFill = 0;         // this many bytes of it (a recycled frame's old ones)
  std::vector<uint8_t> m_scratch;        // readBuffer() between payloads; allocated on first use
  std::vector<uint8_t> m_spare;          // a recycled frame for the next large payload
  std::size_t m_directBytes = 0;         // readBuffer() handed out the payload's tail: its size
  std::deque<std::vector<uint8_t>> m_ready;
  std::size_t m_readyBytes = 0;
  Status m_error;
};

// Starts a frame in `w`: reserves the size prefix and returns its position for finishFrame().
std::size_t beginFrame(Writer& w);
// Writes the size of everything after the prefix at `prefixAt`. FrameTooLarge when that does
// not fit in an int32.
Status finishFrame(Writer& w, std::size_t prefixAt);
// A whole frame: size prefix + payload.
Result<std::vector<uint8_t>> encodeFrame(std::span<const uint8_t> payload);

}  // namespace pier::protocol::kafka
