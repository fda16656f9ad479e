#include "storage/leader_epoch_cache.h"

#include <algorithm>

#include "base/log.h"

namespace pier::storage {

Result<LeaderEpochCache> LeaderEpochCache::load(FileSystem& fs, const std::string& dir) {
  LeaderEpochCache cache(fs, joinPath(dir, std::string(kLeaderEpochCheckpoint)));
  PIER_ASSIGN_OR_RETURN(auto entries, readLeaderEpochCheckpoint(fs, cache.m_path));
  for (const EpochEntry& e : entries) {
    const bool ordered = cache.m_entries.empty() || (e.epoch > cache.m_entries.back().epoch &&
                                                     e.startOffset > cache.m_entries.back().startOffset);
    if (!ordered || e.epoch.value() < 0 || e.startOffset.value() < 0) {
      PIER_LOG_WARN("leader epoch checkpoint out of order; keeping the entries before it", {"file", cache.m_path},
                    {"epoch", e.epoch}, {"startOffset", e.startOffset});
      break;
    }
    cache.m_entries.push_back(e);
  }
  return cache;
}

std::optional<LeaderEpoch> LeaderEpochCache::latestEpoch() const {
  if (m_entries.empty()) return std::nullopt;
  return m_entries.back().epoch;
}

Status LeaderEpochCache::assign(LeaderEpoch epoch, Offset startOffset) {
  if (epoch.value() < 0 || (!m_entries.empty() && epoch <= m_entries.back().epoch)) return Status::ok();
  while (!m_entries.empty() && m_entries.back().startOffset >= startOffset) m_entries.pop_back();
  m_entries.push_back(EpochEntry{epoch, startOffset});
  return persist();
}

Status LeaderEpochCache::truncateFromEnd(Offset endOffset) {
  const std::size_t before = m_entries.size();
  while (!m_entries.empty() && m_entries.back().startOffset >= endOffset) m_entries.pop_back();
  return m_entries.size() == before ? Status::ok() : persist();
}

Status LeaderEpochCache::truncateFromStart(Offset startOffset) {
  auto firstAbove = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&](const EpochEntry& e) { return e.startOffset > startOffset; });
  if (firstAbove == m_entries.begin()) return Status::ok();
  auto spanning = std::prev(firstAbove);
  if (spanning == m_entries.begin() && spanning->startOffset == startOffset) return Status::ok();
  EpochEntry kept{spanning->epoch, startOffset};
  m_entries.erase(m_entries.begin(), firstAbove);
  m_entries.insert(m_entries.begin(), kept);
  return persist();
}

Status LeaderEpochCache::clear() {
  if (m_entries.empty()) return Status::ok();
  m_entries.clear();
  return persist();
}

std::optional<std::pair<LeaderEpoch, Offset>> LeaderEpochCache::endOffsetFor(LeaderEpoch requested,
                                                                            Offset logEndOffset) const {
  if (m_entries.empty() || requested.value() < 0) return std::nullopt;
  if (requested == m_entries.back().epoch) return std::make_pair(requested, logEndOffset);
  auto higher = std::upper_bound(m_entries.begin(), m_entries.end(), requested,
                                 [](LeaderEpoch e, const EpochEntry& entry) { return e < entry.epoch; });
  if (higher == m_entries.end()) return std::nullopt;  // newer than anything this log saw
  // Older than every entry: Kafka answers with the requested epoch and the first start offset.
  const LeaderEpoch found = higher == m_entries.begin() ? requested : std::prev(higher)->epoch;
  return std::make_pair(found, higher->startOffset);
}

std::optional<LeaderEpoch> LeaderEpochCache::epochForOffset(Offset offset) const {
  auto after = std::upper_bound(m_entries.begin(), m_entries.end(), offset,
                                [](Offset o, const EpochEntry& entry) { return o < entry.startOffset; });
  if (after == m_entries.begin()) return std::nullopt;
  return std::prev(after)->epoch;
}

}  // namespace pier::storage
