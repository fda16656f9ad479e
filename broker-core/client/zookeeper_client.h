#pragma once
// ZooKeeperClient: a synchronous ZooKeeper client, enough for a broker keeping its metadata in
// Kafka's znode layout: Kafka's zookeeper.connect string ("host:port,host:port[/chroot]"; the
// chroot is created when missing, as Kafka does, and every path is relative to it), one session
// (zookeeper_session.h: timeout negotiation, pings at a third of the timeout, reconnects to the
// next server with the same session, expiry reported and followed by a new session), and
// create (persistent, ephemeral, sequential) / getData / setData / getChildren / delete / exists
// with versions. ZooKeeper errors are CoordinationError values (NONODE -> NoNode, NODEEXISTS ->
// NodeExists, BADVERSION -> BadVersion, NOTEMPTY -> NotEmpty, ..., see zookeeper_wire.h). ACLs
// are OPEN_ACL_UNSAFE (Kafka without zookeeper.set.acl). No watches.
//
// Threads: the session lives on a private LoopThread (socket I/O, pings, reconnects), so the
// session stays alive whatever the caller's thread does. A call encodes on the caller's thread,
// hands the request to the I/O thread and blocks the caller until the reply: one round trip
// while connected. A call made while no server is connected fails at once with ConnectionLoss;
// one in flight when its connection breaks fails when the break is seen: at once when the
// server closes the socket, after two thirds of the session timeout when it goes silent.
// Calls come from one thread at a time (the broker's loop). Session events go to `listener` on
// the I/O thread: hand them to your own loop, and do not call the client from there.
//
// Ownership: owns the LoopThread and the session. The destructor closes the session
// (CloseSession round trip, so the server drops its ephemeral nodes at once; 2 s at most) and
// joins the I/O thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "client/coordination_store.h"
#include "client/zookeeper_session.h"
#include "client/zookeeper_wire.h"
#include "runtime/loop_thread.h"

namespace pier::client {

class ZooKeeperClient {
 public:
  struct Options {
    std::string connectString;            // zookeeper.connect
    int32_t sessionTimeoutMs = 18000;     // zookeeper.session.timeout.ms
    int32_t connectionTimeoutMs = 18000;  // zookeeper.connection.timeout.ms
  };
  using Listener = std::function<void(const ZooKeeperSessionEvent&)>;

  // Parses the connect string, starts the session on `io` and waits up to connectionTimeoutMs
  // for it; then makes the chroot. BadArguments for a bad connect string, ConnectionLoss naming
  // the servers, the wait and the last failure when no server gave a session in time.
  // `listener` hears every event after the first Connected.
  static Result<std::unique_ptr<ZooKeeperClient>> connect(std::unique_ptr<LoopThread> io, Options options,
                                                          Listener listener = {});
  ~ZooKeeperClient();
  ZooKeeperClient(const ZooKeeperClient&) = delete;
  ZooKeeperClient& operator=(const ZooKeeperClient&) = delete;

  // The created path (with the 10-digit suffix for sequential modes).
  Result<std::string> create(const std::string& path, std::string_view data, CreateMode mode);
  Result<Znode> getData(const std::string& path);
  Result<ZnodeStat> setData(const std::string& path, std::string_view data, int32_t version = -1);
  // In the order the server sends them.
  Result<std::vector<std::string>> getChildren(const std::string& path);
  Status remove(const std::string& path, int32_t version = -1);
  // std::nullopt when the node does not exist.
  Result<std::optional<ZnodeStat>> exists(const std::string& path);

  // The current session (0 between an expiry and the next session) and its negotiated timeout.
  int64_t sessionId() const { return m_sessionId.load(); }
  int32_t negotiatedTimeoutMs() const { return m_negotiatedTimeoutMs.load(); }
  const ZooKeeperConnectString& connectString() const { return m_connect; }

 private:
  ZooKeeperClient(std::unique_ptr<LoopThread> io, ZooKeeperConnectString connect, Options options);
  Status start(Listener listener);
  Status makeChroot();
  void onEvent(const ZooKeeperSessionEvent& event);
  // One request on the server's path `serverPath` (already chrooted); the reply or the error.
  Result<ZooKeeperReply> roundTrip(protocol::zookeeper::OpCode op, std::vector<uint8_t> record,
                                   const std::string& serverPath);
  Result<std::string> createAt(const std::string& serverPath, std::string_view data, CreateMode mode);

  std::unique_ptr<LoopThread> m_io;
  ZooKeeperConnectString m_connect;
  Options m_options;
  std::shared_ptr<ZooKeeperSession> m_session;
  std::atomic<int64_t> m_sessionId{0};
  std::atomic<int32_t> m_negotiatedTimeoutMs{0};
};

}  // namespace pier::client
