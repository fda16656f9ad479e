#pragma once
// A 3-node ensemble of one server kind (pier-keeper or ZooKeeper 3.8) for bench_keeper, on
// 127.0.0.1: nine free ports (client, peer, election per member), one ZkServerChild per member
// with its own temp folder, the same zoo.cfg in each (server.N lines) and a myid file.
// Also the four-letter word `srvr` over a plain TCP connection, to read a member's Mode.
//
// Owned by the bench's main thread; mode() and fourLetterWord() may also be called from another
// thread (they only read the member's port). Only the PIDs the members started are signalled.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "zk_server_child.h"

namespace pier::bench {

// Sends `word` to 127.0.0.1:port and returns everything the server wrote back before closing
// (or before `timeout`); "" when the connection failed.
std::string fourLetterWord(int port, const char* word, std::chrono::milliseconds timeout);

// "leader", "follower", "standalone", ... from a `srvr` answer's "Mode: " line; "" if none.
std::string modeOf(const std::string& srvrAnswer);

class ZkEnsemble {
 public:
  static constexpr int kMembers = 3;

  ZkEnsemble(ServerKind kind, std::string binary, ZooKeeperInstall zk);
  ZkEnsemble(const ZkEnsemble&) = delete;
  ZkEnsemble& operator=(const ZkEnsemble&) = delete;

  // Picks the ports, writes every member's folder and spawns all three; false (with error()) if
  // any of that failed. Does not wait for the ensemble to serve.
  bool start();
  // Waits until exactly one member answers `srvr` with "Mode: leader", the others with
  // "Mode: follower", and every member served a fresh session's exists("/"). Seconds from the
  // first spawn to the last member served; negative (with error()) after `timeout` or when a
  // member exited.
  double waitServing(std::chrono::milliseconds timeout);

  std::string name() const {
    return m_kind == ServerKind::ZooKeeper ? "ZooKeeper 3.8" : "pier-keeper";
  }
  ZkServerChild& member(int index) { return *m_members[static_cast<std::size_t>(index)]; }
  const ZkServerChild& member(int index) const {
    return *m_members[static_cast<std::size_t>(index)];
  }
  // Member `index`'s `srvr` Mode ("" when it does not answer within `timeout`).
  std::string mode(int index,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(1000)) const;
  // The index of the member whose srvr says leader (the first one if several do); -1 if none.
  int leader() const;
  // "127.0.0.1:<clientPort>" of one member.
  std::string hosts(int index) const { return member(index).hosts(); }
  // VmRSS of each member, bytes (0 for a member that is not running).
  std::vector<uint64_t> residentBytes() const;
  const std::string& error() const { return m_error; }
  // Every member's last lines of server.log, for error messages.
  std::string logTails(int lines = 8) const;

 private:
  bool modesSettled() const;

  ServerKind m_kind;
  std::string m_binary;
  ZooKeeperInstall m_zk;
  std::vector<std::unique_ptr<ZkServerChild>> m_members;
  std::string m_error;
};

}  // namespace pier::bench
