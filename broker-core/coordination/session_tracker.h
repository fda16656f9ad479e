#pragma once
// SessionTracker: ZooKeeper's SessionTrackerImpl as a pure state machine. Sessions expire in
// buckets of tickTime (an expiry time is rounded up to the next multiple of tickTime, as
// ExpiryQueue does), every request on a session touches it, and a session being closed answers
// SESSIONEXPIRED to anything that follows. Session ids carry the server id in their top byte and
// a start time below it (initializeNextSessionId); passwords are Java's Random(sessionId ^
// 0xB3415C00) bytes, so they match what a ZooKeeper server would hand out.
//
// Time is passed in (monotonic ms); no clock is read. Single-threaded.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coordination/zk_constants.h"

namespace pier::coordination {

class SessionTracker {
 public:
  // `startMs` seeds the session id counter as ZooKeeper seeds it from its clock.
  SessionTracker(int64_t serverId, int32_t tickTimeMs, int64_t startMs);

  int64_t nextSessionId();
  // Adds (or re-adds after a restart) a live session.
  void track(int64_t sessionId, int32_t timeoutMs, int64_t nowMs);
  // Ok; UnknownSession when not tracked (never, or already removed); SessionExpired when closing.
  ZkError check(int64_t sessionId) const;
  // False when the session is unknown or closing.
  bool touch(int64_t sessionId, int64_t nowMs);
  void setClosing(int64_t sessionId);
  void remove(int64_t sessionId);
  bool isLive(int64_t sessionId) const;
  std::optional<int32_t> timeoutOf(int64_t sessionId) const;
  // Sessions whose expiry time has passed (ascending id); each is marked closing.
  std::vector<int64_t> expire(int64_t nowMs);
  std::size_t size() const { return m_sessions.size(); }

  static std::string passwordFor(int64_t sessionId);

 private:
  struct Session {
    int32_t timeoutMs = 0;
    int64_t expiresAtMs = 0;
    bool closing = false;
  };
  int64_t roundToTick(int64_t ms) const { return (ms / m_tickTimeMs + 1) * m_tickTimeMs; }

  int32_t m_tickTimeMs;
  int64_t m_nextSessionId;
  std::map<int64_t, Session> m_sessions;
};

}  // namespace pier::coordination
