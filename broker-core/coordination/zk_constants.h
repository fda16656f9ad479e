#pragma once
// ZooKeeper's wire and data constants (../shared/protocol/zookeeper/CONSTANTS.md): op codes,
// error codes, permissions, create modes, watch event types and states, special xids, and the
// ephemeralOwner encodings of containers and TTL nodes. Plain values; no behaviour.

#include <cstdint>
#include <string_view>

namespace pier::coordination {

enum class OpCode : int32_t {
  Notification = 0,
  Create = 1,
  Delete = 2,
  Exists = 3,
  GetData = 4,
  SetData = 5,
  GetAcl = 6,
  SetAcl = 7,
  GetChildren = 8,
  Sync = 9,
  Ping = 11,
  GetChildren2 = 12,
  Check = 13,
  Multi = 14,
  Create2 = 15,
  Reconfig = 16,
  CheckWatches = 17,
  RemoveWatches = 18,
  CreateContainer = 19,
  DeleteContainer = 20,
  CreateTtl = 21,
  MultiRead = 22,
  Auth = 100,
  SetWatches = 101,
  Sasl = 102,
  GetEphemerals = 103,
  GetAllChildrenNumber = 104,
  SetWatches2 = 105,
  AddWatch = 106,
  WhoAmI = 107,
  CreateSession = -10,
  CloseSession = -11,
  Error = -1,
};

// KeeperException.Code values.
enum class ZkError : int32_t {
  Ok = 0,
  SystemError = -1,
  RuntimeInconsistency = -2,
  DataInconsistency = -3,
  ConnectionLoss = -4,
  MarshallingError = -5,
  Unimplemented = -6,
  OperationTimeout = -7,
  BadArguments = -8,
  UnknownSession = -12,
  NewConfigNoQuorum = -13,
  ReconfigInProgress = -14,
  ApiError = -100,
  NoNode = -101,
  NoAuth = -102,
  BadVersion = -103,
  NoChildrenForEphemerals = -108,
  NodeExists = -110,
  NotEmpty = -111,
  SessionExpired = -112,
  InvalidCallback = -113,
  InvalidAcl = -114,
  AuthFailed = -115,
  SessionMoved = -118,
  NotReadOnly = -119,
  EphemeralOnLocalSession = -120,
  NoWatcher = -121,
  RequestTimeout = -122,
  ReconfigDisabled = -123,
  SessionClosedRequireSaslAuth = -124,
  QuotaExceeded = -125,
  ThrottledOp = -127,
};

// ZooKeeper's name of the code ("NONODE", "BADVERSION", ...), as KeeperException.Code prints.
std::string_view zkErrorName(ZkError e);

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
inline constexpr int32_t kNotificationXid = -1;
inline constexpr int32_t kPingXid = -2;
inline constexpr int32_t kAuthXid = -4;
inline constexpr int32_t kSetWatchesXid = -8;

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
