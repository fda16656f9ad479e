#include "protocol/kafka_framing.h"

#include <algorithm>
#include <limits>
#include <string>

#include "base/assert.h"

namespace pier::protocol::kafka {

std::string_view describe(FramingError e) {
  switch (e) {
    case FramingError::InvalidSize: return "InvalidSize";
    case FramingError::Failed: return "Failed";
    case FramingError::UnknownApiKey: return "UnknownApiKey";
    case FramingError::TrailingBytes: return "TrailingBytes";
    case FramingError::FrameTooLarge: return "FrameTooLarge";
  }
  return "Unknown";
}

namespace {
// Grow the partial frame by what arrives, but no more than this up front: the declared size
// is the peer's claim, not bytes we have seen.
constexpr std::size_t kPayloadReserveMax = 64 * 1024;
}  // namespace

FrameDecoder::FrameDecoder(int32_t frameBytesMax) : m_frameBytesMax(frameBytesMax) {
  PIER_ASSERT(frameBytesMax >= 0, "frameBytesMax >= 0");
}

Status FrameDecoder::feed(std::span<const uint8_t> chunk) {
  if (failed()) {
    return Status(FramingError::Failed, "frame decoder failed earlier: " + m_error.message());
  }
  while (!chunk.empty()) {
    const std::size_t used =
        m_prefixFill < kFramePrefixBytes ? takePrefix(chunk) : takePayload(chunk);
    if (failed()) return m_error;
    chunk = chunk.subspan(used);
  }
  return Status::ok();
}

std::size_t FrameDecoder::takePrefix(std::span<const uint8_t> chunk) {
  const std::size_t n = std::min(kFramePrefixBytes - m_prefixFill, chunk.size());
  std::copy_n(chunk.begin(), n, m_prefix + m_prefixFill);
  m_prefixFill += n;
  if (m_prefixFill < kFramePrefixBytes) return n;
  const uint32_t raw = (uint32_t{m_prefix[0]} << 24) | (uint32_t{m_prefix[1]} << 16) |
                       (uint32_t{m_prefix[2]} << 8) | uint32_t{m_prefix[3]};
  const auto size = static_cast<int32_t>(raw);
  // Kafka's NetworkReceive wording, so operators can grep for the same line.
  if (size < 0) {
    m_error = Status(FramingError::InvalidSize,
                     "Invalid receive (size = " + std::to_string(size) + ")");
  } else if (size > m_frameBytesMax) {
    m_error = Status(FramingError::InvalidSize,
                     "Invalid receive (size = " + std::to_string(size) + " larger than " +
                         std::to_string(m_frameBytesMax) + ")");
  } else {
    m_payloadBytes = static_cast<std::size_t>(size);
    m_payload.reserve(std::min(m_payloadBytes, kPayloadReserveMax));
    if (m_payloadBytes == 0) takePayload({});
  }
  return n;
}

std::size_t FrameDecoder::takePayload(std::span<const uint8_t> chunk) {
  const std::size_t n = std::min(m_payloadBytes - m_payload.size(), chunk.size());
  m_payload.insert(m_payload.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(n));
  if (m_payload.size() == m_payloadBytes) {
    m_readyBytes += m_payload.size();
    m_ready.push_back(std::move(m_payload));
    m_payload = {};
    m_prefixFill = 0;
    m_payloadBytes = 0;
  }
  return n;
}

std::optional<std::vector<uint8_t>> FrameDecoder::next() {
  if (m_ready.empty()) return std::nullopt;
  std::vector<uint8_t> frame = std::move(m_ready.front());
  m_ready.pop_front();
  m_readyBytes -= frame.size();
  return frame;
}

std::size_t FrameDecoder::bufferedBytes() const {
  return m_readyBytes + m_prefixFill + m_payload.size();
}

std::size_t beginFrame(Writer& w) { return w.reserve(kFramePrefixBytes); }

Status finishFrame(Writer& w, std::size_t prefixAt) {
  PIER_ASSERT(prefixAt + kFramePrefixBytes <= w.size(), "prefix reserved by beginFrame");
  const std::size_t payloadBytes = w.size() - prefixAt - kFramePrefixBytes;
  if (payloadBytes > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
    return Status(FramingError::FrameTooLarge,
                  "frame payload of " + std::to_string(payloadBytes) + " bytes");
  }
  w.patchInt32(prefixAt, static_cast<int32_t>(payloadBytes));
  return Status::ok();
}

Result<std::vector<uint8_t>> encodeFrame(std::span<const uint8_t> payload) {
  Writer w(kFramePrefixBytes + payload.size());
  const std::size_t at = beginFrame(w);
  w.writeRaw(payload);
  PIER_RETURN_IF_ERROR(finishFrame(w, at));
  return w.take();
}

}  // namespace pier::protocol::kafka
