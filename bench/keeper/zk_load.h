#pragma once
// ZooKeeper load for bench_keeper, through the ZooKeeper C client (libzookeeper_mt, async API):
// a pool of sessions, each keeping a fixed number of requests in flight (the next request is
// issued from the completion of the previous one), timed per request on the client side.
//
// Threads: the C client runs two threads per session (I/O and completion); completions of one
// session run one after another on its completion thread, so each session records its own
// latencies without locks. Every phase is bounded by a request count AND a time limit.

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace pier::bench {

using ZkClock = std::chrono::steady_clock;

enum class ZkOp { Create, SetData, GetData };
const char* zkOpName(ZkOp op);

// What one phase did. Latencies are request-to-completion on the client, microseconds.
struct PhaseFigures {
  uint64_t ok = 0;
  uint64_t errors = 0;
  std::string firstError;  // zerror() of the first failed request
  std::string error;       // the phase itself could not run or did not finish
  double seconds = 0;
  double p50Us = 0;
  double p99Us = 0;
  double opsPerSecond() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
};

struct PhaseSpec {
  ZkOp op = ZkOp::Create;
  std::string parent;                    // nodes are <parent>/n<i>
  uint64_t opsMax = 0;                   // requests issued at most
  std::chrono::milliseconds timeMax{0};  // no request is issued after this
  uint64_t keys = 0;  // SetData/GetData: i runs over [0, keys); Create: i = 0, 1, 2 ...
};

// N sessions to one server, each with `inFlight` requests outstanding during a phase.
// Owned by one thread (the bench's main thread); phases run one at a time.
class ZkSessionPool {
 public:
  ZkSessionPool(int inFlightPerSession, std::size_t valueBytes);
  ~ZkSessionPool();  // closes every session (bounded by the C client's own close)
  ZkSessionPool(const ZkSessionPool&) = delete;
  ZkSessionPool& operator=(const ZkSessionPool&) = delete;

  // Opens `sessions` sessions and waits (<= timeout) until all are connected; "" on success.
  std::string open(const std::string& hosts, int sessions, std::chrono::milliseconds timeout);
  // The same, session i to hostsEach[i % size] only: sessions spread evenly over the servers.
  std::string open(const std::vector<std::string>& hostsEach, int sessions,
                   std::chrono::milliseconds timeout);
  // A persistent node with no data, synchronously; an existing node is fine. "" on success.
  std::string ensureNode(const std::string& path);
  PhaseFigures run(const PhaseSpec& spec);

 private:
  struct Session;
  struct Slot;
  struct Phase;

  void issue(Slot& slot);
  static void onCreated(int rc, const char* value, const void* data);
  static void onSet(int rc, const struct Stat* stat, const void* data);
  static void onGot(int rc, const char* value, int valueLen, const struct Stat* stat,
                    const void* data);
  static void completed(int rc, const void* data);
  void closeAll();

  int m_inFlight;
  std::string m_value;
  std::vector<std::unique_ptr<Session>> m_sessions;
  std::unique_ptr<Phase> m_phase;
  bool m_broken = false;  // a phase did not drain: no further phase runs
};

// One session for synchronous calls (zoo_create, zoo_exists), made by the constructor, which
// waits until it is connected; closed by the destructor. Owned by one thread. The C client
// reconnects it on its own after a lost connection (to the same hosts), keeping the session.
class ZkSyncSession {
 public:
  ZkSyncSession(const std::string& hosts, int sessionTimeoutMs,
                std::chrono::milliseconds connectTimeout);
  ~ZkSyncSession();
  ZkSyncSession(const ZkSyncSession&) = delete;
  ZkSyncSession& operator=(const ZkSyncSession&) = delete;
  // Null when the session did not connect within connectTimeout.
  zhandle_t* handle() const { return m_connected ? m_zh : nullptr; }

 private:
  struct Wait;
  std::unique_ptr<Wait> m_wait;  // the watcher's context: lives as long as the handle
  zhandle_t* m_zh = nullptr;
  bool m_connected = false;
};

// Synchronous zoo_create of 100-byte nodes <parent>/s<i>, one at a time, on a session of its own.
PhaseFigures syncCreates(const std::string& hosts, const std::string& parent,
                         std::size_t valueBytes, uint64_t opsMax,
                         std::chrono::milliseconds timeMax);

// From `since` (the server's spawn) until a fresh session's zoo_exists("/") succeeded, seconds;
// negative (with `error`) when that did not happen within `timeout` or `alive()` turned false.
// Polls the TCP port every millisecond, then opens a session (retried if the server drops it).
double secondsToFirstRequest(int port, ZkClock::time_point since, std::chrono::milliseconds timeout,
                             const std::function<bool()>& alive, std::string& error);

}  // namespace pier::bench
