#pragma once
// ZooKeeperCoordinationStore: the CoordinationStore over a ZooKeeper ensemble (pier-keeper or
// Apache ZooKeeper 3.8) through a ZooKeeperClient, used by a broker whose zookeeper.connect is
// set. Every call is one ZooKeeper request (children() sorts the names); ephemeral nodes belong
// to the client's current session; changes are durable when a call returns, so persist() does
// nothing.
//
// Threads and blocking: as ZooKeeperClient (one round trip per call, on the caller's thread;
// calls from one thread at a time). Owns the client.

#include <memory>

#include "client/coordination_store.h"
#include "client/zookeeper_client.h"

namespace pier::client {

class ZooKeeperCoordinationStore final : public CoordinationStore {
 public:
  // ZooKeeperClient::connect's errors.
  static Result<std::unique_ptr<ZooKeeperCoordinationStore>> open(std::unique_ptr<LoopThread> io,
                                                                  ZooKeeperClient::Options options,
                                                                  ZooKeeperClient::Listener listener = {});

  Result<std::string> create(const std::string& path, std::string_view data, CreateMode mode) override;
  Result<std::optional<Znode>> get(const std::string& path) override;
  Result<ZnodeStat> set(const std::string& path, std::string_view data, int32_t expectedVersion) override;
  Result<std::vector<std::string>> children(const std::string& path) override;
  Status remove(const std::string& path, int32_t expectedVersion) override;
  Status persist() override { return Status::ok(); }

  ZooKeeperClient& client() { return *m_client; }

 private:
  explicit ZooKeeperCoordinationStore(std::unique_ptr<ZooKeeperClient> client) : m_client(std::move(client)) {}

  std::unique_ptr<ZooKeeperClient> m_client;
};

}  // namespace pier::client
