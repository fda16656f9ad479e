#include "client/zookeeper_coordination_store.h"

#include <algorithm>

namespace pier::client {

Result<std::unique_ptr<ZooKeeperCoordinationStore>> ZooKeeperCoordinationStore::open(
    std::unique_ptr<LoopThread> io, ZooKeeperClient::Options options, ZooKeeperClient::Listener listener) {
  PIER_ASSIGN_OR_RETURN(auto client, ZooKeeperClient::connect(std::move(io), std::move(options), std::move(listener)));
  return std::unique_ptr<ZooKeeperCoordinationStore>(new ZooKeeperCoordinationStore(std::move(client)));
}

Result<std::string> ZooKeeperCoordinationStore::create(const std::string& path, std::string_view data,
                                                       CreateMode mode) {
  return m_client->create(path, data, mode);
}

Result<std::optional<Znode>> ZooKeeperCoordinationStore::get(const std::string& path) {
  auto node = m_client->getData(path);
  if (node) return std::optional<Znode>(std::move(*node));
  if (node.status().is(CoordinationError::NoNode)) return std::optional<Znode>();
  return node.status();
}

Result<ZnodeStat> ZooKeeperCoordinationStore::set(const std::string& path, std::string_view data,
                                                  int32_t expectedVersion) {
  return m_client->setData(path, data, expectedVersion);
}

Result<std::vector<std::string>> ZooKeeperCoordinationStore::children(const std::string& path) {
  PIER_ASSIGN_OR_RETURN(std::vector<std::string> names, m_client->getChildren(path));
  std::sort(names.begin(), names.end());
  return names;
}

Status ZooKeeperCoordinationStore::remove(const std::string& path, int32_t expectedVersion) {
  return m_client->remove(path, expectedVersion);
}

}  // namespace pier::client
