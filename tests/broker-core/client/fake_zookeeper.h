#pragma once
// FakeZooKeeper: a scripted ZooKeeper server for the client's tests, small enough to reason
// about and steerable in ways a real one is not (go silent, refuse, forget every session).
// Several FakeZooKeeper servers can share one FakeEnsemble (sessions and znodes), like the
// members of an ensemble.
//
// It speaks the client protocol as ZooKeeper does (length-prefixed ConnectRequest + readOnly
// byte, RequestHeader + record, ReplyHeader + record, pings, closeSession), clamps the asked
// session timeout to [minSessionTimeoutMs, maxSessionTimeoutMs], answers a reconnect for an
// unknown session with timeout 0 and closes, and keeps znodes with versions, ephemeral owners
// and sequential counters. It never expires sessions by itself: expireAll() does.
//
// Threads: runs on the loop of the Network it was given; every public method locks the
// ensemble's mutex, so a test thread may call them while the loop runs elsewhere.

#include <algorithm>
#include <functional>
#include <future>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "protocol/kafka_framing.h"
#include "protocol/zookeeper/generated/jute_proto.h"
#include "protocol/zookeeper/zk_codes.h"
#include "runtime/asio/asio_loop_thread.h"
#include "runtime/network.h"

namespace fake {

namespace pz = pier::protocol::zookeeper;

struct ConnectSeen {
  int64_t sessionId;
  std::string passwd;
  int32_t timeOut;
  int64_t lastZxidSeen;
  bool readOnlyByte;
};

struct FakeEnsemble {
  struct Session {
    std::string passwd;
    int32_t timeoutMs;
  };
  struct Node {
    std::string data;
    pz::Stat stat;
    int32_t sequence = 0;
  };

  std::mutex mutex;
  std::map<int64_t, Session> sessions;
  std::map<std::string, Node> nodes{{"/", Node{}}};
  int64_t zxid = 0;
  int64_t nextSessionId = 0x1000;
  int32_t minSessionTimeoutMs = 1000;
  int32_t maxSessionTimeoutMs = 20000;
  std::vector<ConnectSeen> connects;  // every handshake, across servers
  std::vector<std::string> requests;  // "<op> <path>" for every request but pings
  int pings = 0;
  int closeSessions = 0;

  static std::string parentOf(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
  }
  bool hasChildren(const std::string& path) const {
    const std::string prefix = path == "/" ? "/" : path + "/";
    for (auto it = nodes.upper_bound(prefix); it != nodes.end() && it->first.rfind(prefix, 0) == 0; ++it) return true;
    return false;
  }
  std::vector<std::string> childrenOf(const std::string& path) const {
    const std::string prefix = path == "/" ? "/" : path + "/";
    std::vector<std::string> out;
    for (auto it = nodes.upper_bound(prefix); it != nodes.end() && it->first.rfind(prefix, 0) == 0; ++it) {
      const std::string rest = it->first.substr(prefix.size());
      if (rest.find('/') == std::string::npos) out.push_back(rest);
    }
    // Not sorted, as ZooKeeper's HashSet order: reversed, so a client that needs order must sort.
    return std::vector<std::string>(out.rbegin(), out.rend());
  }
  void dropEphemeralsOf(int64_t sessionId) {
    for (auto it = nodes.begin(); it != nodes.end();) {
      if (it->second.stat.ephemeralOwner == sessionId) {
        nodes[parentOf(it->first)].stat.numChildren -= 1;
        it = nodes.erase(it);
      } else {
        ++it;
      }
    }
  }
  bool hasNode(const std::string& path) {
    std::lock_guard lock(mutex);
    return nodes.count(path) > 0;
  }
  std::optional<Node> node(const std::string& path) {
    std::lock_guard lock(mutex);
    auto it = nodes.find(path);
    if (it == nodes.end()) return std::nullopt;
    return it->second;
  }
  // Forgets every session (and its ephemeral nodes), as an expiry would. Servers close their
  // connections separately (FakeZooKeeper::dropConnections).
  void expireAll() {
    std::lock_guard lock(mutex);
    for (const auto& [id, s] : sessions) dropEphemeralsOf(id);
    sessions.clear();
  }
  std::vector<ConnectSeen> connectsSeen() {
    std::lock_guard lock(mutex);
    return connects;
  }
  int pingCount() {
    std::lock_guard lock(mutex);
    return pings;
  }
  int closeSessionCount() {
    std::lock_guard lock(mutex);
    return closeSessions;
  }
};

class FakeZooKeeper {
 public:
  FakeZooKeeper(pier::Network& network, std::shared_ptr<FakeEnsemble> ensemble)
      : m_network(network), m_ensemble(std::move(ensemble)) {}
  // Closes the listener and every connection; handlers still queued find it gone.
  ~FakeZooKeeper() {
    m_alive.reset();
    m_listener.reset();
    for (auto& c : m_conns) c->conn->close();
  }

  // Listens on 127.0.0.1 (port 0: any). Call on the network's loop thread (or before it runs).
  bool listen(uint16_t port = 0) {
    auto listener = m_network.listen(pier::Endpoint{"127.0.0.1", port}, [this](auto conn) {
      if (conn) accept(std::move(*conn));
    });
    if (!listener) return false;
    m_endpoint = (*listener)->localEndpoint();
    m_listener = std::move(*listener);
    return true;
  }
  void stopListening() { m_listener.reset(); }
  // Closes every client connection (on the loop thread).
  void dropConnections() {
    auto conns = m_conns;
    m_conns.clear();
    for (auto& c : conns) c->conn->close();
  }
  // While silent, nothing is answered, pings included.
  void setSilent(bool silent) {
    std::lock_guard lock(m_ensemble->mutex);
    m_silent = silent;
  }
  pier::Endpoint endpoint() const { return m_endpoint; }

 private:
  struct Conn {
    std::shared_ptr<pier::Connection> conn;
    pier::protocol::kafka::FrameDecoder frames{1 << 20};
    std::vector<uint8_t> buffer = std::vector<uint8_t>(4096);
    bool handshaken = false;
    int64_t sessionId = 0;
  };

  void accept(std::shared_ptr<pier::Connection> conn) {
    auto c = std::make_shared<Conn>();
    c->conn = std::move(conn);
    m_conns.insert(c);
    readMore(c);
  }

  void readMore(const std::shared_ptr<Conn>& c) {
    std::weak_ptr<bool> alive = m_alive;
    c->conn->read(std::span<uint8_t>(c->buffer), [this, c, alive](pier::Result<std::size_t> n) {
      if (alive.expired()) return;
      if (!n) {
        m_conns.erase(c);
        return;
      }
      (void)c->frames.feed(std::span<const uint8_t>(c->buffer.data(), *n));
      while (auto frame = c->frames.next()) {
        if (!onFrame(c, *frame)) {
          c->conn->close();
          m_conns.erase(c);
          return;
        }
      }
      readMore(c);
    });
  }

  static std::vector<uint8_t> framed(const pier::Writer& w) {
    return *pier::protocol::kafka::encodeFrame(w.bytes());
  }

  // False: close the connection.
  bool onFrame(const std::shared_ptr<Conn>& c, const std::vector<uint8_t>& frame) {
    std::lock_guard lock(m_ensemble->mutex);
    if (m_silent) return true;
    pier::Reader r(frame);
    if (!c->handshaken) return onConnect(c, r);
    auto header = pz::RequestHeader::decode(r);
    if (!header) return false;
    if (header->type == static_cast<int32_t>(pz::OpCode::Ping)) {
      m_ensemble->pings += 1;
      reply(c, header->xid, 0, nullptr);
      return true;
    }
    if (!m_ensemble->sessions.count(c->sessionId)) return false;  // expired meanwhile
    return onRequest(c, header->xid, header->type, r);
  }

  bool onConnect(const std::shared_ptr<Conn>& c, pier::Reader& r) {
    auto req = pz::ConnectRequest::decode(r);
    if (!req) return false;
    FakeEnsemble& e = *m_ensemble;
    e.connects.push_back(ConnectSeen{req->sessionId, req->passwd.value_or(""), req->timeOut, req->lastZxidSeen,
                                     !r.atEnd()});
    pz::ConnectResponse resp;
    const int32_t timeout = std::clamp(req->timeOut, e.minSessionTimeoutMs, e.maxSessionTimeoutMs);
    if (req->sessionId == 0) {
      const int64_t id = e.nextSessionId++;
      std::string passwd(16, '\0');
      for (int i = 0; i < 16; ++i) passwd[i] = static_cast<char>((id * 31 + i) & 0xff);
      e.sessions[id] = FakeEnsemble::Session{passwd, timeout};
      resp = pz::ConnectResponse{0, timeout, id, passwd};
    } else {
      auto it = e.sessions.find(req->sessionId);
      if (it == e.sessions.end() || it->second.passwd != req->passwd.value_or("")) {
        resp = pz::ConnectResponse{0, 0, 0, std::string(16, '\0')};
        pier::Writer w;
        resp.encode(w);
        w.writeBool(false);
        c->conn->write(framed(w), [](pier::Status) {});
        return false;  // as ZooKeeper: answer "expired", then close
      }
      resp = pz::ConnectResponse{0, it->second.timeoutMs, req->sessionId, it->second.passwd};
    }
    c->handshaken = true;
    c->sessionId = resp.sessionId;
    pier::Writer w;
    resp.encode(w);
    w.writeBool(false);
    c->conn->write(framed(w), [](pier::Status) {});
    return true;
  }

  template <typename Record>
  void reply(const std::shared_ptr<Conn>& c, int32_t xid, int32_t err, const Record* record) {
    pier::Writer w;
    pz::ReplyHeader{xid, m_ensemble->zxid, err}.encode(w);
    if (record && err == 0) record->encode(w);
    c->conn->write(framed(w), [](pier::Status) {});
  }
  void reply(const std::shared_ptr<Conn>& c, int32_t xid, int32_t err, std::nullptr_t) {
    reply<pz::ErrorResponse>(c, xid, err, nullptr);
  }
  void fail(const std::shared_ptr<Conn>& c, int32_t xid, pz::ErrorCode err) {
    reply(c, xid, static_cast<int32_t>(err), nullptr);
  }

  bool onRequest(const std::shared_ptr<Conn>& c, int32_t xid, int32_t type, pier::Reader& r) {
    switch (static_cast<pz::OpCode>(type)) {
      case pz::OpCode::Create: return onCreate(c, xid, r);
      case pz::OpCode::GetData: return onGetData(c, xid, r);
      case pz::OpCode::SetData: return onSetData(c, xid, r);
      case pz::OpCode::GetChildren: return onGetChildren(c, xid, r);
      case pz::OpCode::Delete: return onDelete(c, xid, r);
      case pz::OpCode::Exists: return onExists(c, xid, r);
      case pz::OpCode::CloseSession: {
        m_ensemble->requests.push_back("closeSession");
        m_ensemble->closeSessions += 1;
        m_ensemble->dropEphemeralsOf(c->sessionId);
        m_ensemble->sessions.erase(c->sessionId);
        reply(c, xid, 0, nullptr);
        return false;
      }
      default: fail(c, xid, pz::ErrorCode::Unimplemented); return true;
    }
  }

  bool onCreate(const std::shared_ptr<Conn>& c, int32_t xid, pier::Reader& r) {
    auto req = pz::CreateRequest::decode(r);
    if (!req) return false;
    FakeEnsemble& e = *m_ensemble;
    e.requests.push_back("create " + req->path);
    auto parent = e.nodes.find(FakeEnsemble::parentOf(req->path));
    if (parent == e.nodes.end()) {
      fail(c, xid, pz::ErrorCode::NoNode);
      return true;
    }
    if (parent->second.stat.ephemeralOwner != 0) {
      fail(c, xid, pz::ErrorCode::NoChildrenForEphemerals);
      return true;
    }
    std::string path = req->path;
    if (req->flags & 2) {
      char suffix[16];
      std::snprintf(suffix, sizeof suffix, "%010d", parent->second.sequence++);
      path += suffix;
    }
    if (e.nodes.count(path)) {
      fail(c, xid, pz::ErrorCode::NodeExists);
      return true;
    }
    FakeEnsemble::Node node;
    node.data = req->data.value_or("");
    node.stat.czxid = node.stat.mzxid = ++e.zxid;
    node.stat.dataLength = static_cast<int32_t>(node.data.size());
    if (req->flags & 1) node.stat.ephemeralOwner = c->sessionId;
    parent->second.stat.numChildren += 1;
    e.nodes[path] = node;
    pz::CreateResponse resp{path};
    reply(c, xid, 0, &resp);
    return true;
  }

  bool onGetData(const std::shared_ptr<Conn>& c, int32_t xid, pier::Reader& r) {
    auto req = pz::GetDataRequest::decode(r);
    if (!req) return false;
    m_ensemble->requests.push_back("getData " + req->path);
    auto it = m_ensemble->nodes.find(req->path);
    if (it == m_ensemble->nodes.end()) {
      fail(c, xid, pz::ErrorCode::NoNode);
      return true;
    }
    pz::GetDataResponse resp{it->second.data, it->second.stat};
    reply(c, xid, 0, &resp);
    return true;
  }

  bool onSetData(const std::shared_ptr<Conn>& c, int32_t xid, pier::Reader& r) {
    auto req = pz::SetDataRequest::decode(r);
    if (!req) return false;
    m_ensemble->requests.push_back("setData " + req->path);
    auto it = m_ensemble->nodes.find(req->path);
    if (it == m_ensemble->nodes.end()) {
      fail(c, xid, pz::ErrorCode::NoNode);
      return true;
    }
    if (req->version != -1 && req->version != it->second.stat.version) {
      fail(c, xid, pz::ErrorCode::BadVersion);
      return true;
    }
    it->second.data = req->data.value_or("");
    it->second.stat.version += 1;
    it->second.stat.mzxid = ++m_ensemble->zxid;
    pz::SetDataResponse resp{it->second.stat};
    reply(c, xid, 0, &resp);
    return true;
  }

  bool onGetChildren(const std::shared_ptr<Conn>& c, int32_t xid, pier::Reader& r) {
    auto req = pz::GetChildrenRequest::decode(r);
    if (!req) return false;
    m_ensemble->requests.push_back("getChildren " + req->path);
    if (!m_ensemble->nodes.count(req->path)) {
      fail(c, xid, pz::ErrorCode::NoNode);
      return true;
    }
    pz::GetChildrenResponse resp{m_ensemble->childrenOf(req->path)};
    reply(c, xid, 0, &resp);
    return true;
  }

  bool onDelete(const std::shared_ptr<Conn>& c, int32_t xid, pier::Reader& r) {
    auto req = pz::DeleteRequest::decode(r);
    if (!req) return false;
    m_ensemble->requests.push_back("delete " + req->path);
    auto it = m_ensemble->nodes.find(req->path);
    if (it == m_ensemble->nodes.end() || req->path == "/") {
      fail(c, xid, pz::ErrorCode::NoNode);
    } else if (req->version != -1 && req->version != it->second.stat.version) {
      fail(c, xid, pz::ErrorCode::BadVersion);
    } else if (m_ensemble->hasChildren(req->path)) {
      fail(c, xid, pz::ErrorCode::NotEmpty);
    } else {
      m_ensemble->nodes.erase(it);
      m_ensemble->nodes[FakeEnsemble::parentOf(req->path)].stat.numChildren -= 1;
      ++m_ensemble->zxid;
      reply(c, xid, 0, nullptr);
    }
    return true;
  }

  bool onExists(const std::shared_ptr<Conn>& c, int32_t xid, pier::Reader& r) {
    auto req = pz::ExistsRequest::decode(r);
    if (!req) return false;
    m_ensemble->requests.push_back("exists " + req->path);
    auto it = m_ensemble->nodes.find(req->path);
    if (it == m_ensemble->nodes.end()) {
      fail(c, xid, pz::ErrorCode::NoNode);
      return true;
    }
    pz::ExistsResponse resp{it->second.stat};
    reply(c, xid, 0, &resp);
    return true;
  }

  pier::Network& m_network;
  std::shared_ptr<FakeEnsemble> m_ensemble;
  std::unique_ptr<pier::Listener> m_listener;
  pier::Endpoint m_endpoint;
  std::set<std::shared_ptr<Conn>> m_conns;
  bool m_silent = false;
  std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

// A FakeZooKeeper on its own loop thread, for code that blocks its caller (the synchronous
// client, a broker starting).
struct ThreadedFakeZooKeeper {
  std::shared_ptr<FakeEnsemble> ensemble = std::make_shared<FakeEnsemble>();
  std::unique_ptr<pier::LoopThread> thread = pier::startAsioLoopThread("fake-zk");
  std::unique_ptr<FakeZooKeeper> server;

  ThreadedFakeZooKeeper() {
    onLoop([this] {
      server = std::make_unique<FakeZooKeeper>(thread->network(), ensemble);
      server->listen();
    });
  }
  ~ThreadedFakeZooKeeper() {
    onLoop([this] { server.reset(); });
  }
  // Runs `task` on the server's thread and waits for it.
  void onLoop(std::function<void()> task) {
    std::promise<void> done;
    thread->loop().post([&] {
      task();
      done.set_value();
    });
    done.get_future().wait();
  }
  // Its address as a zookeeper.connect string, with an optional chroot.
  std::string connect(const std::string& chroot = "") const { return server->endpoint().toString() + chroot; }
};

}  // namespace fake
