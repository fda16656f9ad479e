#pragma once
// ZooKeeper's constants as the server uses them: op codes, error codes and special xids (the
// wire table in protocol/zookeeper/zk_codes.h), permissions, create modes, watch event types and
// states, and the ephemeralOwner encodings of containers and TTL nodes.

#include <cstdint>
#include <string_view>

#include "protocol/zookeeper/zk_codes.h"

namespace pier::coordination {

using OpCode = protocol::zookeeper::OpCode;
// KeeperException.Code values.
using ZkError = protocol::zookeeper::ErrorCode;

// ZooKeeper's name of the code ("NONODE", "BADVERSION", ...), as KeeperException.Code prints.
inline std::string_view zkErrorName(ZkError e) {
  return protocol::zookeeper::errorCodeName(static_cast<int32_t>(e));
}

namespace perms {
inline constexpr int32_t kRead = 1 << 0;
inline constexpr int32_t kWrite = 1 << 1;
inline constexpr int32_t kCreate = 1 << 2;
inline constexpr int32_t kDelete = 1 << 3;
inline constexpr int32_t kAdmin = 1 << 4;
inline constexpr int32_t kAll = kRead | kWrite | kCreate | kDelete | kAdmin;
}  // namespace perms

// CreateMode flags on the wire.
enum class CreateMode : int32_t {
  Persistent = 0,
  Ephemeral = 1,
  PersistentSequential = 2,
  EphemeralSequential = 3,
  Container = 4,
  PersistentWithTtl = 5,
  PersistentSequentialWithTtl = 6,
};
bool isValidCreateMode(int32_t flags);
bool isEphemeral(CreateMode m);
bool isSequential(CreateMode m);
bool isContainer(CreateMode m);
bool isTtl(CreateMode m);

enum class EventType : int32_t {
  None = -1,
  NodeCreated = 1,
  NodeDeleted = 2,
  NodeDataChanged = 3,
  NodeChildrenChanged = 4,
  DataWatchRemoved = 5,
  ChildWatchRemoved = 6,
  PersistentWatchRemoved = 7,
};

enum class KeeperState : int32_t {
  Disconnected = 0,
  SyncConnected = 3,
  AuthFailed = 4,
  ConnectedReadOnly = 5,
  Expired = -112,
  Closed = 7,
};

// AddWatchRequest.mode.
enum class AddWatchMode : int32_t { Persistent = 0, PersistentRecursive = 1 };
// CheckWatches/RemoveWatches type (WatcherType).
enum class WatcherType : int32_t { Children = 1, Data = 2, Any = 3 };

// Special xids.
using protocol::zookeeper::kAuthXid;
using protocol::zookeeper::kNotificationXid;
using protocol::zookeeper::kPingXid;
using protocol::zookeeper::kSetWatchesXid;

// ephemeralOwner values that are not session ids (EphemeralType).
inline constexpr int64_t kContainerEphemeralOwner = INT64_MIN;
inline constexpr int64_t kTtlMax = (int64_t{1} << 40) - 1;  // EphemeralType.TTL max ms
// A TTL node's ephemeralOwner: 0xFF in the top byte, the TTL in the low 40 bits... as
// EphemeralType.TTL.toEphemeralOwner encodes it.
int64_t ttlEphemeralOwner(int64_t ttlMs);
enum class EphemeralKind { Void, Normal, Container, Ttl };
EphemeralKind ephemeralKind(int64_t ephemeralOwner);
int64_t ttlOf(int64_t ephemeralOwner);

}  // namespace pier::coordination
