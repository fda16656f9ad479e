#include "zk_failover.h"

#include <atomic>
#include <thread>

#include "zk_load.h"

namespace pier::bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kSessionTimeoutMs = 4000;  // minSessionTimeout = 2 x tickTime (2000)
constexpr auto kBeforeTime = 1s;         // writes before the kill (they must work)
constexpr uint64_t kBeforeOps = 5000;
constexpr auto kAfterTimeMax = 30s;  // after the kill: give up on a write or a leader
constexpr uint64_t kAfterOpsMax = 100000;
constexpr auto kPollInterval = 5ms;
constexpr auto kSrvrTimeout = 200ms;
const char* const kParent = "/pier-failover";

double secondsBetween(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// One create of a fresh node under kParent, synchronously; the value is small on purpose: the
// figure is about the ensemble's recovery, not about bytes.
class Writer {
 public:
  explicit Writer(zhandle_t* zh) : m_zh(zh) {}
  int createNext() {
    const std::string path = std::string(kParent) + "/n" + std::to_string(m_next++);
    return zoo_create(m_zh, path.c_str(), "x", 1, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
  }

 private:
  zhandle_t* m_zh;
  uint64_t m_next = 0;
};

// Polls `srvr` on the survivors until one says leader or the time is up; on its own thread so
// that the writer's blocking creates do not delay it.
class LeaderWatch {
 public:
  LeaderWatch(const ZkEnsemble& ensemble, std::vector<int> survivors, Clock::time_point killedAt)
      : m_thread([this, &ensemble, survivors = std::move(survivors), killedAt] {
          while (!m_stop && Clock::now() < killedAt + kAfterTimeMax) {
            for (const int i : survivors) {
              if (ensemble.mode(i, kSrvrTimeout) == "leader") {
                m_seconds = secondsBetween(killedAt, Clock::now());
                m_leader = i;
                return;
              }
            }
            std::this_thread::sleep_for(kPollInterval);
          }
        }) {}
  ~LeaderWatch() { stop(); }
  // Waits for the watch to end (a leader found or the time up): the leader's index (-1: none)
  // and the seconds from the kill.
  void join(int& leader, double& seconds) {
    if (m_thread.joinable()) m_thread.join();
    leader = m_leader;
    seconds = m_seconds;
  }
  void stop() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
  }

 private:
  std::atomic<bool> m_stop{false};
  int m_leader = -1;  // written by the thread, read after join()
  double m_seconds = -1;
  std::thread m_thread;
};

// Writes until the first create that answers ok; false when none did in time.
bool writeUntilOk(Writer& writer, Clock::time_point killedAt, FailoverFigures& f) {
  for (uint64_t i = 0; i < kAfterOpsMax && Clock::now() < killedAt + kAfterTimeMax; ++i) {
    const int rc = writer.createNext();
    if (rc == ZOK) {
      f.toWriteSeconds = secondsBetween(killedAt, Clock::now());
      return true;
    }
    if (f.failedWrites++ == 0) f.firstError = zerror(rc);
    // The session is gone for good (expired, or the handle closed): no later create can work.
    if (rc == ZSESSIONEXPIRED || rc == ZINVALIDSTATE || rc == ZAUTHFAILED) return false;
    // A lost connection answers at once; the next create waits for the C client's reconnect.
    std::this_thread::sleep_for(1ms);
  }
  return false;
}

void collectLogLines(const ZkEnsemble& ensemble, const std::vector<int>& survivors,
                     const std::vector<uint64_t>& logFrom, FailoverFigures& f) {
  for (std::size_t k = 0; k < survivors.size(); ++k) {
    const ZkServerChild& m = ensemble.member(survivors[k]);
    for (const std::string& line : m.logLines({" ERROR ", " warn ", " error "}, 6, logFrom[k])) {
      f.logLines.push_back("member " + std::to_string(m.myid()) + ": " + line);
    }
  }
}

}  // namespace

FailoverFigures measureFailover(ZkEnsemble& ensemble) {
  FailoverFigures f;
  f.name = ensemble.name();
  const int leader = ensemble.leader();
  if (leader < 0) {
    f.error = "no member says it leads";
    return f;
  }
  // The follower with the lowest id: with equal zxids the survivor with the highest id is
  // elected, so the session stays on a follower and its writes go to the new leader.
  std::vector<int> survivors;
  for (int i = 0; i < ZkEnsemble::kMembers; ++i) {
    if (i != leader) survivors.push_back(i);
  }
  const int client = survivors.front();
  f.killedId = leader + 1;
  f.clientId = client + 1;
  const ZkSyncSession session(ensemble.hosts(client), kSessionTimeoutMs, 10s);
  zhandle_t* zh = session.handle();
  if (!zh) {
    f.error = "the session to member " + std::to_string(f.clientId) + " did not connect";
    return f;
  }
  if (const int rc = zoo_create(zh, kParent, nullptr, -1, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
      rc != ZOK && rc != ZNODEEXISTS) {
    f.error = std::string("create ") + kParent + ": " + zerror(rc);
    return f;
  }
  Writer writer(zh);
  for (const auto start = Clock::now();
       f.writesBefore < kBeforeOps && Clock::now() < start + kBeforeTime;) {
    if (const int rc = writer.createNext(); rc != ZOK) {
      f.error = std::string("a create before the kill failed: ") + zerror(rc);
      return f;
    }
    ++f.writesBefore;
  }
  std::vector<uint64_t> logFrom;
  for (const int i : survivors) logFrom.push_back(ensemble.member(i).logBytes());

  const Clock::time_point killedAt = Clock::now();
  ensemble.member(leader).kill9();
  LeaderWatch watch(ensemble, survivors, killedAt);
  const bool wrote = writeUntilOk(writer, killedAt, f);
  int newLeader = -1;
  watch.join(newLeader, f.toLeaderSeconds);
  f.newLeaderId = newLeader + 1;
  if (!wrote) f.error = "no create answered ok after the kill (" + f.firstError + ")";
  if (newLeader < 0)
    f.error += std::string(f.error.empty() ? "" : "; ") + "no survivor said leader within 30 s";
  collectLogLines(ensemble, survivors, logFrom, f);
  return f;
}

}  // namespace pier::bench
