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
// Reserved for a payload on the peer's word: a whole produce request of librdkafka's default
// batch.size (1000000 bytes) fits, so it is received without reallocation. Reserved pages cost
// no memory until bytes land in them; past this the payload grows as its bytes arrive.
constexpr std::size_t kPayloadReserveMax = 1 << 20;
// The read between payloads (size prefixes, small pipelined requests).
constexpr std::size_t kScratchBytes = 64 * 1024;
// A payload with less than this left is read through the scratch area (with the frames after it).
constexpr std::size_t kDirectReadBytesMin = 16 * 1024;
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
    const std::size_t reserve = std::min(m_payloadBytes, kPayloadReserveMax);
    m_payloadFill = 0;
    if (reserve >= kDirectReadBytesMin && m_spare.capacity() >= reserve) {
      m_payload = std::move(m_spare);  // its old bytes are overwritten, not cleared (see readBuffer)
      m_spare = {};
    } else if (reserve < kDirectReadBytesMin) {
      m_spare = {};  // small requests again: give the memory back
    }
    m_payload.reserve(reserve);
    if (m_payloadBytes == 0) takePayload({});
  }
  return n;
}

std::size_t FrameDecoder::takePayload(std::span<const uint8_t> chunk) {
  const std::size_t n = std::min(m_payloadBytes - m_payloadFill, chunk.size());
  // Over the recycled frame's old bytes first, then appended.
  const std::size_t over = std::min(n, m_payload.size() - m_payloadFill);
  std::copy_n(chunk.begin(), over, m_payload.begin() + static_cast<std::ptrdiff_t>(m_payloadFill));
  m_payload.insert(m_payload.end(), chunk.begin() + static_cast<std::ptrdiff_t>(over),
                   chunk.begin() + static_cast<std::ptrdiff_t>(n));
  m_payloadFill += n;
  if (m_payloadFill == m_payloadBytes) completePayload();
  return n;
}

void FrameDecoder::completePayload() {
  m_payload.resize(m_payloadFill);  // drops what a recycled frame held past this one
  m_readyBytes += m_payload.size();
  m_ready.push_back(std::move(m_payload));
  m_payload = {};
  m_payloadFill = 0;
  m_prefixFill = 0;
  m_payloadBytes = 0;
}

void FrameDecoder::recycle(std::vector<uint8_t>&& frame) {
  if (frame.capacity() >= kDirectReadBytesMin && frame.capacity() <= kPayloadReserveMax &&
      frame.capacity() > m_spare.capacity()) {
    m_spare = std::move(frame);
  }
}

std::span<uint8_t> FrameDecoder::readBuffer() {
  const bool inPayload = m_prefixFill == kFramePrefixBytes && !failed();
  const std::size_t left = inPayload ? m_payloadBytes - m_payloadFill : 0;
  if (left >= kDirectReadBytesMin) {
    // Read into the payload itself, within what is already reserved (or as much again as has
    // arrived, for a payload past the reserve): never more than the frame still needs. The
    // vector grows (zero-filled) only past what it ever held: a recycled frame's old bytes are
    // read over as they are, so a busy producer's requests are not zero-filled first each time.
    const std::size_t have = m_payloadFill;
    const std::size_t room = m_payload.capacity() > have ? m_payload.capacity() - have : std::max(have, kScratchBytes);
    m_directBytes = std::min(left, room);
    if (m_payload.size() < have + m_directBytes) m_payload.resize(have + m_directBytes);
    return std::span<uint8_t>(m_payload).subspan(have, m_directBytes);
  }
  m_directBytes = 0;
  if (m_scratch.empty()) m_scratch.resize(kScratchBytes);
  return m_scratch;
}

Status FrameDecoder::commit(std::size_t n) {
  if (m_directBytes == 0) return feed(std::span<const uint8_t>(m_scratch).first(n));
  PIER_ASSERT(n <= m_directBytes, "commit no more than readBuffer() handed out");
  m_payloadFill += n;
  m_directBytes = 0;
  if (m_payloadFill == m_payloadBytes) completePayload();
  return Status::ok();
}

std::optional<std::vector<uint8_t>> FrameDecoder::next() {
  if (m_ready.empty()) return std::nullopt;
  std::vector<uint8_t> frame = std::move(m_ready.front());
  m_ready.pop_front();
  m_readyBytes -= frame.size();
  return frame;
}

std::size_t FrameDecoder::bufferedBytes() const {
  return m_readyBytes + m_prefixFill + m_payloadFill;
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
