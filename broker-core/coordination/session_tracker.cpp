#include "coordination/session_tracker.h"

namespace pier::coordination {

namespace {

// java.util.Random, as far as nextBytes needs it.
class JavaRandom {
 public:
  explicit JavaRandom(int64_t seed) : m_seed((static_cast<uint64_t>(seed) ^ kMultiplier) & kMask) {}
  int32_t nextInt() {
    m_seed = (m_seed * kMultiplier + 0xBULL) & kMask;
    return static_cast<int32_t>(static_cast<uint32_t>(m_seed >> 16));
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kMask = (1ULL << 48) - 1;
  uint64_t m_seed;
};

}  // namespace

SessionTracker::SessionTracker(int64_t serverId, int32_t tickTimeMs, int64_t startMs)
    : m_tickTimeMs(tickTimeMs > 0 ? tickTimeMs : 1) {
  // SessionTrackerImpl.initializeNextSessionId: (time << 24) >>> 8, the server id on top.
  const uint64_t base = (static_cast<uint64_t>(startMs) << 24) >> 8;
  m_nextSessionId = static_cast<int64_t>(base | (static_cast<uint64_t>(serverId) << 56));
  if (m_nextSessionId == kContainerEphemeralOwner) ++m_nextSessionId;
}

int64_t SessionTracker::nextSessionId() { return m_nextSessionId++; }

void SessionTracker::track(int64_t sessionId, int32_t timeoutMs, int64_t nowMs) {
  Session& s = m_sessions[sessionId];
  s.timeoutMs = timeoutMs;
  s.closing = false;
  s.expiresAtMs = roundToTick(nowMs + timeoutMs);
}

ZkError SessionTracker::check(int64_t sessionId) const {
  // SessionTrackerImpl.checkSession: UnknownSessionException, then SessionExpiredException.
  auto it = m_sessions.find(sessionId);
  if (it == m_sessions.end()) return ZkError::UnknownSession;
  if (it->second.closing) return ZkError::SessionExpired;
  return ZkError::Ok;
}

bool SessionTracker::touch(int64_t sessionId, int64_t nowMs) {
  auto it = m_sessions.find(sessionId);
  if (it == m_sessions.end() || it->second.closing) return false;
  const int64_t expires = roundToTick(nowMs + it->second.timeoutMs);
  if (expires > it->second.expiresAtMs) it->second.expiresAtMs = expires;
  return true;
}

void SessionTracker::setClosing(int64_t sessionId) {
  auto it = m_sessions.find(sessionId);
  if (it != m_sessions.end()) it->second.closing = true;
}

void SessionTracker::remove(int64_t sessionId) { m_sessions.erase(sessionId); }

bool SessionTracker::isLive(int64_t sessionId) const { return check(sessionId) == ZkError::Ok; }

std::optional<int32_t> SessionTracker::timeoutOf(int64_t sessionId) const {
  auto it = m_sessions.find(sessionId);
  if (it == m_sessions.end()) return std::nullopt;
  return it->second.timeoutMs;
}

std::vector<int64_t> SessionTracker::expire(int64_t nowMs) {
  std::vector<int64_t> out;
  for (auto& [id, s] : m_sessions) {
    if (!s.closing && s.expiresAtMs <= nowMs) {
      s.closing = true;
      out.push_back(id);
    }
  }
  return out;
}

std::string SessionTracker::passwordFor(int64_t sessionId) {
  constexpr int64_t kSuperSecret = 0xB3415C00LL;
  JavaRandom generator(sessionId ^ kSuperSecret);
  std::string out(16, '\0');
  // Random.nextBytes: each int gives up to four bytes, low byte first.
  for (std::size_t i = 0; i < out.size();) {
    uint32_t rnd = static_cast<uint32_t>(generator.nextInt());
    for (int n = 0; n < 4 && i < out.size(); ++n, rnd >>= 8) out[i++] = static_cast<char>(rnd & 0xff);
  }
  return out;
}

}  // namespace pier::coordination
