#pragma once
// FetchSessionCache: the incremental fetch sessions of KIP-227 (Kafka's FetchSession.scala), so a
// consumer that polls many partitions sends and receives only what changed.
//
// A session holds, per partition, what the fetcher asked (fetch offset, max bytes, the leader
// epochs it expects and last fetched) and what it was last told (high watermark, log start
// offset). A full fetch with epoch 0 creates one (the
// response carries its id; epoch 1 comes next); an incremental fetch (id, epoch >= 1) adds,
// changes and forgets partitions, and its response leaves out every partition with no new
// records, the same high watermark and log start offset and no error. Epoch -1 closes it.
// A session created by Fetch v13+ keys its partitions by topic id (usesTopicIds).
//
// Bounded by max.incremental.fetch.session.cache.slots, with Kafka's eviction rules: a session
// unused for longer than `evictionMs` (120 s) goes first; otherwise a new session may replace the
// "least valuable" evictable one (key: privileged, then partition count, then id), where a
// session is evictable by anyone once older than evictionMs and by a privileged (follower)
// fetcher at once when it is not itself privileged. Session ids: non-zero, random (the Prng
// given), never one in use.
//
// A plain data structure: no clock (now is passed in), no I/O. Owned by KafkaApis, used on the
// broker's loop; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/prng.h"
#include "protocol/kafka_wire.h"

namespace pier::broker {

struct SessionPartition {
  std::string topic;  // a session with topic ids: empty while the id names no topic
  protocol::kafka::Uuid topicId;  // a session with topic ids (Fetch v13+) only
  int32_t partition = 0;
  // From the fetcher.
  int64_t fetchOffset = 0;
  int32_t maxBytes = 0;
  int32_t currentLeaderEpoch = -1;  // v9+; -1: not checked
  int32_t lastFetchedEpoch = -1;    // v12+; -1: none
  // What the last response told the fetcher (-1: nothing yet, so the next response includes it).
  int64_t highWatermark = -1;
  int64_t logStartOffset = -1;
};

struct FetchSession {
  int32_t id = 0;
  int32_t epoch = 1;  // the epoch the next incremental fetch must carry
  bool privileged = false;
  // Created by Fetch v13+: partitions are keyed by topic id, and only v13+ may use the session.
  bool usesTopicIds = false;
  int64_t creationMs = 0;
  int64_t lastUsedMs = 0;
  std::vector<SessionPartition> partitions;  // in response order
  bool evictableByAll = false;
  bool evictableByPrivileged = false;
};

class FetchSessionCache {
 public:
  static constexpr int64_t kEvictionMs =
      120000;  // Kafka's MIN_INCREMENTAL_FETCH_SESSION_EVICTION_MS

  FetchSessionCache(std::size_t maxSlots, uint64_t seed, int64_t evictionMs = kEvictionMs);

  // A new session holding `partitions`, evicting one when full and the rules allow; its id, or
  // 0 (no session: the fetcher goes on with full fetches) when there is no room.
  int32_t maybeCreate(int64_t nowMs, bool privileged, std::vector<SessionPartition> partitions,
                      bool usesTopicIds = false);
  FetchSession* find(int32_t id);
  // Marks the session used now and recomputes whether it may be evicted.
  void touch(FetchSession& session, int64_t nowMs);
  void remove(int32_t id);

  std::size_t size() const { return m_sessions.size(); }
  std::size_t maxSlots() const { return m_maxSlots; }
  uint64_t evictions() const { return m_evictions; }

  // Kafka's epoch after `epoch`: 1 after Int32.MAX.
  static int32_t nextEpoch(int32_t epoch);

 private:
  bool tryEvict(bool privileged, std::size_t size, int64_t nowMs);
  int32_t newSessionId();

  std::size_t m_maxSlots;
  int64_t m_evictionMs;
  Prng m_prng;
  std::map<int32_t, FetchSession> m_sessions;  // by id: iteration order never depends on addresses
  uint64_t m_evictions = 0;
};

}  // namespace pier::broker
