#include "zk_ensemble.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

#include "zk_load.h"

namespace pier::bench {

namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::max<long long>(left, 0));
}

}  // namespace

std::string fourLetterWord(int port, const char* word, std::chrono::milliseconds timeout) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  // On loopback a connect to a closed port fails at once, and one to a listening port succeeds
  // at once (or waits in the backlog, which the poll() below bounds).
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::send(fd, word, 4, MSG_NOSIGNAL) == 4) {
    const auto deadline = Clock::now() + timeout;
    char buf[4096];
    pollfd p{fd, POLLIN, 0};
    while (::poll(&p, 1, msLeft(deadline)) > 0) {
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

std::string modeOf(const std::string& srvrAnswer) {
  const std::string key = "Mode: ";
  const std::size_t at = srvrAnswer.find(key);
  if (at == std::string::npos) return "";
  const std::size_t end = srvrAnswer.find('\n', at);
  return srvrAnswer.substr(at + key.size(),
                           end == std::string::npos ? std::string::npos : end - at - key.size());
}

ZkEnsemble::ZkEnsemble(ServerKind kind, std::string binary, ZooKeeperInstall zk)
    : m_kind(kind), m_binary(std::move(binary)), m_zk(std::move(zk)) {}

bool ZkEnsemble::start() {
  const std::vector<int> ports = freeLoopbackPorts(3 * kMembers);
  if (ports.empty()) {
    m_error = "cannot pick " + std::to_string(3 * kMembers) + " free loopback ports";
    return false;
  }
  std::vector<std::string> serverLines;
  for (int i = 0; i < kMembers; ++i) {
    serverLines.push_back("server." + std::to_string(i + 1) +
                          "=127.0.0.1:" + std::to_string(ports[3 * i + 1]) + ":" +
                          std::to_string(ports[3 * i + 2]));
  }
  for (int i = 0; i < kMembers; ++i) {
    m_members.push_back(std::make_unique<ZkServerChild>(
        m_kind, m_binary, m_zk, QuorumSeat{i + 1, ports[3 * i], serverLines}));
    if (!m_members.back()->start()) {
      m_error = "member " + std::to_string(i + 1) + ": " + m_members.back()->error();
      return false;
    }
  }
  return true;
}

std::string ZkEnsemble::mode(int index, std::chrono::milliseconds timeout) const {
  return modeOf(fourLetterWord(member(index).port(), "srvr", timeout));
}

int ZkEnsemble::leader() const {
  for (int i = 0; i < static_cast<int>(m_members.size()); ++i) {
    if (mode(i) == "leader") return i;
  }
  return -1;
}

bool ZkEnsemble::modesSettled() const {
  int leaders = 0, followers = 0;
  for (int i = 0; i < static_cast<int>(m_members.size()); ++i) {
    const std::string m = mode(i);
    leaders += m == "leader";
    followers += m == "follower";
  }
  return leaders == 1 && leaders + followers == static_cast<int>(m_members.size());
}

double ZkEnsemble::waitServing(std::chrono::milliseconds timeout) {
  if (m_members.empty()) return -1;
  const Clock::time_point since = m_members.front()->spawnedAt();
  while (Clock::now() < since + timeout) {
    for (auto& m : m_members) {
      if (!m->running()) {
        m_error = "member " + std::to_string(m->myid()) + " exited; logs:\n" + logTails();
        return -1;
      }
    }
    if (!modesSettled()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    double last = 0;
    for (auto& m : m_members) {
      std::string error;
      const double s = secondsToFirstRequest(
          m->port(), since, timeout, [&] { return m->running(); }, error);
      if (s < 0) {
        m_error = "member " + std::to_string(m->myid()) + ": " + error + "; logs:\n" + logTails();
        return -1;
      }
      last = std::max(last, s);
    }
    if (modesSettled()) return last;
  }
  std::string modes;
  for (int i = 0; i < static_cast<int>(m_members.size()); ++i)
    modes += " " + std::to_string(i + 1) + "=" + mode(i);
  m_error = "not serving within " + std::to_string(timeout.count()) + " ms (srvr modes:" + modes +
            "); logs:\n" + logTails();
  return -1;
}

std::vector<uint64_t> ZkEnsemble::residentBytes() const {
  std::vector<uint64_t> out;
  for (const auto& m : m_members) out.push_back(m->residentBytes());
  return out;
}

std::string ZkEnsemble::logTails(int lines) const {
  std::string out;
  for (const auto& m : m_members)
    out += " member " + std::to_string(m->myid()) + ":\n" + m->logTail(lines);
  return out;
}

}  // namespace pier::bench
