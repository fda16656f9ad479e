#include "zk_load.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace pier::bench {

namespace {

constexpr int kSessionTimeoutMs = 10000;

// Session events of one handle (the C client calls the watcher on its completion thread).
struct ConnectWait {
  std::mutex mu;
  std::condition_variable cv;
  bool connected = false;
};

void onSessionEvent(zhandle_t*, int type, int state, const char*, void* context) {
  if (type != ZOO_SESSION_EVENT) return;
  auto* wait = static_cast<ConnectWait*>(context);
  std::lock_guard lock(wait->mu);
  wait->connected = state == ZOO_CONNECTED_STATE;
  wait->cv.notify_all();
}

zhandle_t* startSession(const std::string& hosts, ConnectWait& wait,
                        int sessionTimeoutMs = kSessionTimeoutMs) {
  return zookeeper_init(hosts.c_str(), onSessionEvent, sessionTimeoutMs, nullptr, &wait, 0);
}

bool waitConnected(ConnectWait& wait, std::chrono::milliseconds timeout) {
  std::unique_lock lock(wait.mu);
  return wait.cv.wait_for(lock, timeout, [&] { return wait.connected; });
}

double microsSince(ZkClock::time_point t) {
  return std::chrono::duration<double, std::micro>(ZkClock::now() - t).count();
}

void setPercentiles(std::vector<float>& latenciesUs, PhaseFigures& f) {
  if (latenciesUs.empty()) return;
  auto at = [&](double q) {
    const auto index = static_cast<std::size_t>(std::ceil(q * latenciesUs.size())) - 1;
    std::nth_element(latenciesUs.begin(), latenciesUs.begin() + index, latenciesUs.end());
    return static_cast<double>(latenciesUs[index]);
  };
  f.p50Us = at(0.50);
  f.p99Us = at(0.99);
}

bool tcpAccepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

const char* zkOpName(ZkOp op) {
  switch (op) {
    case ZkOp::Create:
      return "create";
    case ZkOp::SetData:
      return "setData";
    case ZkOp::GetData:
      return "getData";
  }
  return "?";
}

struct ZkSessionPool::Session {
  ConnectWait wait;
  zhandle_t* zh = nullptr;
  std::vector<float> latenciesUs;  // written only by this session's completion thread
};

struct ZkSessionPool::Slot {
  ZkSessionPool* pool = nullptr;
  Session* session = nullptr;
  ZkClock::time_point sent;
  std::string path;
};

struct ZkSessionPool::Phase {
  PhaseSpec spec;
  ZkClock::time_point start;
  ZkClock::time_point deadline;
  std::atomic<uint64_t> issued{0};
  std::atomic<uint64_t> errors{0};
  std::atomic<int> firstErrorRc{ZOK};
  std::atomic<bool> stopping{false};
  std::vector<Slot> slots;
  std::mutex mu;
  std::condition_variable cv;
  std::size_t active = 0;  // slots still issuing
  ZkClock::time_point end;
};

ZkSessionPool::ZkSessionPool(int inFlightPerSession, std::size_t valueBytes)
    : m_inFlight(inFlightPerSession), m_value(valueBytes, 'x') {}

ZkSessionPool::~ZkSessionPool() {
  closeAll();
}

void ZkSessionPool::closeAll() {
  for (auto& s : m_sessions) {
    if (s->zh) zookeeper_close(s->zh);
    s->zh = nullptr;
  }
}

std::string ZkSessionPool::open(const std::string& hosts, int sessions,
                                std::chrono::milliseconds timeout) {
  return open(std::vector<std::string>{hosts}, sessions, timeout);
}

std::string ZkSessionPool::open(const std::vector<std::string>& hostsEach, int sessions,
                                std::chrono::milliseconds timeout) {
  if (hostsEach.empty()) return "no hosts";
  for (int i = 0; i < sessions; ++i) {
    auto s = std::make_unique<Session>();
    s->zh = startSession(hostsEach[static_cast<std::size_t>(i) % hostsEach.size()], s->wait);
    if (!s->zh) return "zookeeper_init failed";
    m_sessions.push_back(std::move(s));
  }
  const auto deadline = ZkClock::now() + timeout;
  for (auto& s : m_sessions) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ZkClock::now());
    if (!waitConnected(s->wait, std::max(left, std::chrono::milliseconds(0))))
      return "a session did not connect within " + std::to_string(timeout.count()) + " ms";
  }
  return "";
}

std::string ZkSessionPool::ensureNode(const std::string& path) {
  if (m_sessions.empty() || m_broken) return "no session";
  const int rc = zoo_create(m_sessions.front()->zh, path.c_str(), nullptr, -1, &ZOO_OPEN_ACL_UNSAFE,
                            0, nullptr, 0);
  return rc == ZOK || rc == ZNODEEXISTS ? "" : std::string("create ") + path + ": " + zerror(rc);
}

PhaseFigures ZkSessionPool::run(const PhaseSpec& spec) {
  PhaseFigures f;
  if (m_broken || m_sessions.empty()) {
    f.error = "sessions unusable after an earlier phase";
    return f;
  }
  m_phase = std::make_unique<Phase>();
  Phase& ph = *m_phase;
  ph.spec = spec;
  for (auto& s : m_sessions) {
    s->latenciesUs.clear();
    s->latenciesUs.reserve(spec.opsMax / m_sessions.size() + m_inFlight);
    for (int i = 0; i < m_inFlight; ++i) ph.slots.push_back(Slot{this, s.get(), {}, {}});
  }
  ph.active = ph.slots.size();
  ph.start = ZkClock::now();
  ph.deadline = ph.start + spec.timeMax;
  for (Slot& slot : ph.slots) issue(slot);
  std::unique_lock lock(ph.mu);
  // Every request issued before the deadline gets 15 s more to be answered.
  if (!ph.cv.wait_until(lock, ph.deadline + std::chrono::seconds(15),
                        [&] { return ph.active == 0; })) {
    lock.unlock();
    ph.stopping = true;
    m_broken = true;
    closeAll();  // completes what is outstanding with ZCLOSING; no callback runs after this
    f.error = "requests still unanswered 15 s after the phase's time limit";
    return f;
  }
  f.seconds = std::chrono::duration<double>(ph.end - ph.start).count();
  f.errors = ph.errors;
  if (f.errors > 0) f.firstError = zerror(ph.firstErrorRc);
  std::vector<float> all;
  for (auto& s : m_sessions) all.insert(all.end(), s->latenciesUs.begin(), s->latenciesUs.end());
  f.ok = all.size();
  setPercentiles(all, f);
  return f;
}

void ZkSessionPool::issue(Slot& slot) {
  Phase& ph = *m_phase;
  const uint64_t i = ph.issued.fetch_add(1);
  int rc = ZOK;
  if (!ph.stopping && i < ph.spec.opsMax && ZkClock::now() < ph.deadline) {
    const uint64_t key = ph.spec.op == ZkOp::Create ? i : i % std::max<uint64_t>(ph.spec.keys, 1);
    slot.path = ph.spec.parent + "/n" + std::to_string(key);
    slot.sent = ZkClock::now();
    zhandle_t* zh = slot.session->zh;
    const int len = static_cast<int>(m_value.size());
    switch (ph.spec.op) {
      case ZkOp::Create:
        rc = zoo_acreate(zh, slot.path.c_str(), m_value.data(), len, &ZOO_OPEN_ACL_UNSAFE, 0,
                         onCreated, &slot);
        break;
      case ZkOp::SetData:
        rc = zoo_aset(zh, slot.path.c_str(), m_value.data(), len, -1, onSet, &slot);
        break;
      case ZkOp::GetData:
        rc = zoo_aget(zh, slot.path.c_str(), 0, onGot, &slot);
        break;
    }
    if (rc == ZOK) return;
    ph.errors.fetch_add(1);
    int expected = ZOK;
    ph.firstErrorRc.compare_exchange_strong(expected, rc);
  }
  // This slot is done: the count, the time or the phase ran out, or the request failed to go.
  std::lock_guard lock(ph.mu);
  if (--ph.active == 0) {
    ph.end = ZkClock::now();
    ph.cv.notify_all();
  }
}

void ZkSessionPool::onCreated(int rc, const char*, const void* data) {
  completed(rc, data);
}
void ZkSessionPool::onSet(int rc, const struct Stat*, const void* data) {
  completed(rc, data);
}
void ZkSessionPool::onGot(int rc, const char*, int, const struct Stat*, const void* data) {
  completed(rc, data);
}

void ZkSessionPool::completed(int rc, const void* data) {
  auto& slot = *static_cast<Slot*>(const_cast<void*>(data));
  Phase& ph = *slot.pool->m_phase;
  if (rc == ZOK) {
    slot.session->latenciesUs.push_back(static_cast<float>(microsSince(slot.sent)));
  } else {
    ph.errors.fetch_add(1);
    int expected = ZOK;
    ph.firstErrorRc.compare_exchange_strong(expected, rc);
  }
  slot.pool->issue(slot);
}

struct ZkSyncSession::Wait : ConnectWait {};

ZkSyncSession::ZkSyncSession(const std::string& hosts, int sessionTimeoutMs,
                             std::chrono::milliseconds connectTimeout)
    : m_wait(std::make_unique<Wait>()) {
  m_zh = startSession(hosts, *m_wait, sessionTimeoutMs);
  m_connected = m_zh && waitConnected(*m_wait, connectTimeout);
}

ZkSyncSession::~ZkSyncSession() {
  if (m_zh) zookeeper_close(m_zh);
}

PhaseFigures syncCreates(const std::string& hosts, const std::string& parent,
                         std::size_t valueBytes, uint64_t opsMax,
                         std::chrono::milliseconds timeMax) {
  PhaseFigures f;
  const ZkSyncSession session(hosts, kSessionTimeoutMs, std::chrono::seconds(10));
  zhandle_t* zh = session.handle();
  if (!zh) {
    f.error = "the session did not connect";
    return f;
  }
  const std::string value(valueBytes, 'x');
  std::vector<float> latenciesUs;
  latenciesUs.reserve(opsMax);
  const auto start = ZkClock::now();
  const auto deadline = start + timeMax;
  for (uint64_t i = 0; i < opsMax && ZkClock::now() < deadline; ++i) {
    const std::string path = parent + "/s" + std::to_string(i);
    const auto sent = ZkClock::now();
    const int rc = zoo_create(zh, path.c_str(), value.data(), static_cast<int>(value.size()),
                              &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
    if (rc == ZOK) {
      latenciesUs.push_back(static_cast<float>(microsSince(sent)));
    } else if (f.errors++ == 0) {
      f.firstError = zerror(rc);
    }
  }
  f.seconds = std::chrono::duration<double>(ZkClock::now() - start).count();
  f.ok = latenciesUs.size();
  setPercentiles(latenciesUs, f);
  return f;
}

double secondsToFirstRequest(int port, ZkClock::time_point since, std::chrono::milliseconds timeout,
                             const std::function<bool()>& alive, std::string& error) {
  const auto deadline = since + timeout;
  const std::string hosts = "127.0.0.1:" + std::to_string(port);
  while (ZkClock::now() < deadline) {
    if (!alive()) {
      error = "the server exited";
      return -1;
    }
    if (!tcpAccepts(port)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      continue;
    }
    // A server may accept TCP before it serves sessions (ZooKeeper drops those connections):
    // a session that is not connected within 500 ms is closed and tried again.
    ConnectWait wait;
    zhandle_t* zh = startSession(hosts, wait);
    bool served = false;
    if (zh && waitConnected(wait, std::chrono::milliseconds(500))) {
      struct Stat stat {};
      served = zoo_exists(zh, "/", 0, &stat) == ZOK;
    }
    const auto at = ZkClock::now();
    if (zh) zookeeper_close(zh);
    if (served) return std::chrono::duration<double>(at - since).count();
  }
  error = "no successful exists(\"/\") within " + std::to_string(timeout.count()) + " ms";
  return -1;
}

}  // namespace pier::bench
