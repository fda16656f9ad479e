#pragma once
// ZooKeeper's wire codes (../shared/protocol/zookeeper/CONSTANTS.md) next to the jute records:
// op codes, KeeperException.Code error codes and their names, create-mode flags, special xids
// and the ConnectRequest password length. The one table: the client uses it directly, the
// server through coordination/zk_constants.h, which adds the server's own vocabulary.
// Plain values; stateless; thread-safe.

#include <cstdint>
#include <string_view>

namespace pier::protocol::zookeeper {

// Request and transaction types (ZooDefs.OpCode).
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

// KeeperException.Code.
enum class ErrorCode : int32_t {
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

// The code's name as KeeperException.Code prints it ("NONODE"); "UNKNOWN" for other numbers.
std::string_view errorCodeName(int32_t code);

// CreateRequest.flags (CreateMode.toFlag) of the four classic modes.
inline constexpr int32_t kCreatePersistent = 0;
inline constexpr int32_t kCreateEphemeral = 1;
inline constexpr int32_t kCreatePersistentSequential = 2;
inline constexpr int32_t kCreateEphemeralSequential = 3;

// ZooDefs.Perms.ALL, for OPEN_ACL_UNSAFE (world:anyone).
inline constexpr int32_t kPermsAll = 31;

// Special xids: a watch notification, a ping reply, an auth reply, a SetWatches reply.
inline constexpr int32_t kNotificationXid = -1;
inline constexpr int32_t kPingXid = -2;
inline constexpr int32_t kAuthXid = -4;
inline constexpr int32_t kSetWatchesXid = -8;

// A session password is 16 bytes; a new session asks with 16 zero bytes.
inline constexpr int32_t kSessionPasswordBytes = 16;

}  // namespace pier::protocol::zookeeper
