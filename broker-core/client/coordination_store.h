#pragma once
// CoordinationStore: the ZooKeeper-shaped interface through which a broker keeps its cluster
// metadata (broker registrations, topics, partition state, configs) in Kafka's znode layout.
// Two implementations: an in-process, file-backed one for a one-process broker
// (broker/local_coordination_store.h), and one over a ZooKeeper ensemble, pier-keeper or Apache
// ZooKeeper (client/zookeeper_coordination_store.h), used when zookeeper.connect is set.
//
// Semantics as ZooKeeper's: absolute paths, a parent must exist before its child, versions
// start at 0 and grow by one per set, -1 means "any version", ephemeral nodes belong to the
// store's session and disappear with it, sequential nodes get a 10-digit suffix.
// Synchronous calls; implementations say which thread may call them. A change is durable once
// persist() returns (the file-backed store writes then; a ZooKeeper store's changes are durable
// when each call returns, so its persist() does nothing): callers persist once per operation
// they acknowledge, and use one code path for every store.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace pier::client {

enum class CoordinationError {
  NoNode,        // ZooKeeper NONODE
  NodeExists,    // NODEEXISTS
  BadVersion,    // BADVERSION
  NotEmpty,      // NOTEMPTY: delete of a node with children
  BadArguments,  // BADARGUMENTS: a malformed path
  NoChildrenForEphemerals,
  NoAuth,          // NOAUTH / AUTHFAILED: the server's ACLs refuse this session
  ConnectionLoss,  // CONNECTIONLOSS: no connection to a server, or it broke with the call in
                   // flight (which may or may not have been applied)
  SessionExpired,  // SESSIONEXPIRED: the session (and its ephemeral nodes) is gone
  Io,              // the store could not persist (file-backed), or any other server error
};

std::string_view describe(CoordinationError e);

enum class CreateMode { Persistent, Ephemeral, PersistentSequential, EphemeralSequential };

struct ZnodeStat {
  int64_t czxid = 0;
  int64_t mzxid = 0;
  int64_t ctime = 0;  // epoch ms
  int64_t mtime = 0;
  int32_t version = 0;
  int32_t numChildren = 0;
  int64_t ephemeralOwner = 0;  // session id, 0 for persistent nodes
  friend bool operator==(const ZnodeStat&, const ZnodeStat&) = default;
};

struct Znode {
  std::string data;
  ZnodeStat stat;
};

class CoordinationStore {
 public:
  virtual ~CoordinationStore() = default;

  // The created path (with the sequence suffix for sequential modes).
  virtual Result<std::string> create(const std::string& path, std::string_view data, CreateMode mode) = 0;
  // std::nullopt when the node does not exist.
  virtual Result<std::optional<Znode>> get(const std::string& path) = 0;
  virtual Result<ZnodeStat> set(const std::string& path, std::string_view data, int32_t expectedVersion = -1) = 0;
  // Names, sorted.
  virtual Result<std::vector<std::string>> children(const std::string& path) = 0;
  virtual Status remove(const std::string& path, int32_t expectedVersion = -1) = 0;
  // Makes every change so far durable (see above).
  virtual Status persist() = 0;
};

// Creates `path` and any missing parents as empty persistent nodes (Kafka's makeSurePersistentPathExists).
Status ensurePath(CoordinationStore& store, const std::string& path);
// Creates or overwrites a persistent node (parents made as needed).
Status putPersistent(CoordinationStore& store, const std::string& path, std::string_view data);
// Deletes a node and everything under it; ok when it does not exist.
Status removeRecursive(CoordinationStore& store, const std::string& path);

}  // namespace pier::client

PIER_ERROR_DOMAIN(pier::client::CoordinationError, "coordination");
