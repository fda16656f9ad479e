#include "jute_load.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/zookeeper/generated/jute_proto.h"

namespace pier::bench {

namespace pz = protocol::zookeeper;

namespace {

constexpr int32_t kCreate = 1;
constexpr int32_t kGetData = 4;
constexpr int32_t kSetData = 5;

std::vector<uint8_t> framed(const std::vector<uint8_t>& body) {
  std::vector<uint8_t> out(4);
  const uint32_t n = static_cast<uint32_t>(body.size());
  out[0] = uint8_t(n >> 24), out[1] = uint8_t(n >> 16), out[2] = uint8_t(n >> 8),
  out[3] = uint8_t(n);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

struct Session {
  int fd = -1;
  int32_t nextXid = 1;
  std::deque<ZkClock::time_point> sent;  // replies come back in request order
  std::vector<uint8_t> out;
  std::size_t outAt = 0;
  std::vector<uint8_t> in;
};

bool writeAll(int fd, const std::vector<uint8_t>& bytes) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    const ssize_t n = ::send(fd, bytes.data() + at, bytes.size() - at, MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += static_cast<std::size_t>(n);
  }
  return true;
}

// Reads one whole frame with a blocking socket (session setup only).
bool readFrame(int fd, std::vector<uint8_t>& frame) {
  uint8_t head[4];
  std::size_t got = 0;
  while (got < 4) {
    const ssize_t n = ::recv(fd, head + got, 4 - got, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  const uint32_t len =
      (uint32_t(head[0]) << 24) | (uint32_t(head[1]) << 16) | (uint32_t(head[2]) << 8) | head[3];
  frame.assign(len, 0);
  got = 0;
  while (got < len) {
    const ssize_t n = ::recv(fd, frame.data() + got, len - got, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  return true;
}

std::string connectSession(int port, Session& s) {
  s.fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (s.fd < 0) return "socket failed";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(s.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return "connect failed";
  const int one = 1;
  ::setsockopt(s.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  Writer w;
  pz::ConnectRequest{0, 0, 30000, 0, std::string(16, '\0')}.encode(w);
  std::vector<uint8_t> reply;
  if (!writeAll(s.fd, framed(w.take())) || !readFrame(s.fd, reply)) return "no ConnectResponse";
  Reader r(reply);
  auto resp = pz::ConnectResponse::decode(r);
  if (!resp || resp->sessionId == 0) return "session refused";
  return "";
}

std::vector<uint8_t> requestFor(const PhaseSpec& spec, uint64_t i, int32_t xid,
                                const std::string& value) {
  const std::string path = spec.parent + "/n" + std::to_string(spec.keys ? i % spec.keys : i);
  Writer w;
  switch (spec.op) {
    case ZkOp::Create:
      pz::RequestHeader{xid, kCreate}.encode(w);
      pz::CreateRequest{path, value, {pz::ACL{31, pz::Id{"world", "anyone"}}}, 0}.encode(w);
      break;
    case ZkOp::SetData:
      pz::RequestHeader{xid, kSetData}.encode(w);
      pz::SetDataRequest{path, value, -1}.encode(w);
      break;
    case ZkOp::GetData:
      pz::RequestHeader{xid, kGetData}.encode(w);
      pz::GetDataRequest{path, false}.encode(w);
      break;
  }
  return framed(w.take());
}

double percentileUs(std::vector<double>& us, double p) {
  if (us.empty()) return 0;
  const std::size_t k =
      std::min(us.size() - 1, static_cast<std::size_t>(p * static_cast<double>(us.size())));
  std::nth_element(us.begin(), us.begin() + static_cast<std::ptrdiff_t>(k), us.end());
  return us[k];
}

}  // namespace

PhaseFigures runPipelined(int port, const PhaseSpec& spec, int sessionCount, int inFlight,
                          std::size_t valueBytes) {
  PhaseFigures f;
  std::vector<Session> sessions(static_cast<std::size_t>(sessionCount));
  for (Session& s : sessions) {
    if (std::string e = connectSession(port, s); !e.empty()) {
      f.error = e;
      for (Session& c : sessions)
        if (c.fd >= 0) ::close(c.fd);
      return f;
    }
  }
  const std::string value(valueBytes, 'v');
  if (spec.op == ZkOp::Create) {  // the parent, once (NODEEXISTS is fine)
    Writer w;
    pz::RequestHeader{0x7fff0000, kCreate}.encode(w);
    pz::CreateRequest{spec.parent, std::string(), {pz::ACL{31, pz::Id{"world", "anyone"}}}, 0}
        .encode(w);
    std::vector<uint8_t> reply;
    writeAll(sessions[0].fd, framed(w.take()));
    readFrame(sessions[0].fd, reply);
  }
  std::vector<double> latenciesUs;
  latenciesUs.reserve(spec.opsMax);
  const auto start = ZkClock::now();
  const auto stopIssuing = start + spec.timeMax;
  uint64_t issued = 0;
  auto issue = [&](Session& s) {
    while (static_cast<int>(s.sent.size()) < inFlight && issued < spec.opsMax &&
           ZkClock::now() < stopIssuing) {
      const auto req = requestFor(spec, issued++, s.nextXid++, value);
      s.out.insert(s.out.end(), req.begin(), req.end());
      s.sent.push_back(ZkClock::now());
    }
  };
  for (Session& s : sessions) {
    ::fcntl(s.fd, F_SETFL, O_NONBLOCK);
    issue(s);
  }
  std::vector<pollfd> fds(sessions.size());
  std::vector<uint8_t> buf(256 * 1024);
  const auto hardStop = stopIssuing + std::chrono::seconds(30);
  while (ZkClock::now() < hardStop) {
    bool pending = false;
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      Session& s = sessions[i];
      pending |= !s.sent.empty();
      fds[i] = pollfd{s.fd, static_cast<short>(POLLIN | (s.outAt < s.out.size() ? POLLOUT : 0)), 0};
    }
    if (!pending) break;
    if (::poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR) {
      f.error = "poll failed";
      break;
    }
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      Session& s = sessions[i];
      if ((fds[i].revents & POLLOUT) && s.outAt < s.out.size()) {
        const ssize_t n =
            ::send(s.fd, s.out.data() + s.outAt, s.out.size() - s.outAt, MSG_NOSIGNAL);
        if (n > 0) s.outAt += static_cast<std::size_t>(n);
        if (s.outAt == s.out.size()) s.out.clear(), s.outAt = 0;
      }
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = ::recv(s.fd, buf.data(), buf.size(), 0);
      if (n <= 0) {
        if (f.error.empty()) f.error = "connection closed by the server";
        s.sent.clear();
        continue;
      }
      s.in.insert(s.in.end(), buf.begin(), buf.begin() + n);
      std::size_t at = 0;
      while (s.in.size() - at >= 4) {
        const uint32_t len = (uint32_t(s.in[at]) << 24) | (uint32_t(s.in[at + 1]) << 16) |
                             (uint32_t(s.in[at + 2]) << 8) | s.in[at + 3];
        if (s.in.size() - at - 4 < len) break;
        Reader r(std::span<const uint8_t>(s.in.data() + at + 4, len));
        at += 4 + len;
        auto head = pz::ReplyHeader::decode(r);
        if (!head || head->xid < 0 || s.sent.empty()) continue;  // pings and events: none asked
        const auto now = ZkClock::now();
        latenciesUs.push_back(
            std::chrono::duration<double, std::micro>(now - s.sent.front()).count());
        s.sent.pop_front();
        if (head->err == 0) {
          ++f.ok;
        } else if (f.errors++ == 0) {
          f.firstError = "ZooKeeper error " + std::to_string(head->err);
        }
      }
      s.in.erase(s.in.begin(), s.in.begin() + static_cast<std::ptrdiff_t>(at));
      issue(s);
    }
  }
  f.seconds = std::chrono::duration<double>(ZkClock::now() - start).count();
  f.p50Us = percentileUs(latenciesUs, 0.50);
  f.p99Us = percentileUs(latenciesUs, 0.99);
  for (Session& s : sessions) {  // closeSession, not waited for: the server ends the session
    Writer w;
    pz::RequestHeader{s.nextXid, -11}.encode(w);
    const auto bye = framed(w.take());
    ::send(s.fd, bye.data(), bye.size(), MSG_NOSIGNAL);
    ::close(s.fd);
  }
  return f;
}

}  // namespace pier::bench
