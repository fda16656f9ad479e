#include "broker/fetch_session_cache.h"

#include <limits>
#include <tuple>

namespace pier::broker {

FetchSessionCache::FetchSessionCache(std::size_t maxSlots, uint64_t seed, int64_t evictionMs)
    : m_maxSlots(maxSlots), m_evictionMs(evictionMs), m_prng(seed) {}

int32_t FetchSessionCache::nextEpoch(int32_t epoch) {
  if (epoch < 0) return epoch;
  return epoch == std::numeric_limits<int32_t>::max() ? 1 : epoch + 1;
}

int32_t FetchSessionCache::newSessionId() {
  for (;;) {
    const auto id = static_cast<int32_t>(
        m_prng.below(static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) + 1);
    if (!m_sessions.count(id)) return id;
  }
}

int32_t FetchSessionCache::maybeCreate(int64_t nowMs, bool privileged,
                                       std::vector<SessionPartition> partitions, bool usesTopicIds) {
  if (m_maxSlots == 0) return 0;
  if (m_sessions.size() >= m_maxSlots && !tryEvict(privileged, partitions.size(), nowMs)) return 0;
  const int32_t id = newSessionId();
  FetchSession& session = m_sessions[id];
  session.id = id;
  session.epoch = nextEpoch(0);
  session.privileged = privileged;
  session.usesTopicIds = usesTopicIds;
  session.creationMs = nowMs;
  session.partitions = std::move(partitions);
  touch(session, nowMs);
  return id;
}

FetchSession* FetchSessionCache::find(int32_t id) {
  auto it = m_sessions.find(id);
  return it == m_sessions.end() ? nullptr : &it->second;
}

void FetchSessionCache::touch(FetchSession& session, int64_t nowMs) {
  session.lastUsedMs = nowMs;
  const bool old = nowMs - session.creationMs > m_evictionMs;
  session.evictableByPrivileged = !session.privileged || old;
  session.evictableByAll = old;
}

void FetchSessionCache::remove(int32_t id) {
  m_sessions.erase(id);
}

bool FetchSessionCache::tryEvict(bool privileged, std::size_t size, int64_t nowMs) {
  // A stale session (unused for longer than evictionMs) goes first: the least recently used.
  const FetchSession* lru = nullptr;
  for (const auto& [id, s] : m_sessions) {
    if (!lru || s.lastUsedMs < lru->lastUsedMs) lru = &s;
  }
  if (!lru) return false;
  if (nowMs - lru->lastUsedMs > m_evictionMs) {
    m_sessions.erase(lru->id);
    ++m_evictions;
    return true;
  }
  // Otherwise the least valuable evictable one, if the new session is worth at least as much.
  using Key = std::tuple<bool, std::size_t, int32_t>;
  const FetchSession* victim = nullptr;
  for (const auto& [id, s] : m_sessions) {
    if (!(privileged ? s.evictableByPrivileged : s.evictableByAll)) continue;
    if (!victim || Key{s.privileged, s.partitions.size(), s.id} <
                       Key{victim->privileged, victim->partitions.size(), victim->id}) {
      victim = &s;
    }
  }
  if (!victim ||
      Key{privileged, size, 0} < Key{victim->privileged, victim->partitions.size(), victim->id}) {
    return false;
  }
  m_sessions.erase(victim->id);
  ++m_evictions;
  return true;
}

}  // namespace pier::broker
