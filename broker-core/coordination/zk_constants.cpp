#include "coordination/zk_constants.h"

namespace pier::coordination {

std::string_view zkErrorName(ZkError e) {
  switch (e) {
    case ZkError::Ok: return "OK";
    case ZkError::SystemError: return "SYSTEMERROR";
    case ZkError::RuntimeInconsistency: return "RUNTIMEINCONSISTENCY";
    case ZkError::DataInconsistency: return "DATAINCONSISTENCY";
    case ZkError::ConnectionLoss: return "CONNECTIONLOSS";
    case ZkError::MarshallingError: return "MARSHALLINGERROR";
    case ZkError::Unimplemented: return "UNIMPLEMENTED";
    case ZkError::OperationTimeout: return "OPERATIONTIMEOUT";
    case ZkError::BadArguments: return "BADARGUMENTS";
    case ZkError::UnknownSession: return "UNKNOWNSESSION";
    case ZkError::NewConfigNoQuorum: return "NEWCONFIGNOQUORUM";
    case ZkError::ReconfigInProgress: return "RECONFIGINPROGRESS";
    case ZkError::ApiError: return "APIERROR";
    case ZkError::NoNode: return "NONODE";
    case ZkError::NoAuth: return "NOAUTH";
    case ZkError::BadVersion: return "BADVERSION";
    case ZkError::NoChildrenForEphemerals: return "NOCHILDRENFOREPHEMERALS";
    case ZkError::NodeExists: return "NODEEXISTS";
    case ZkError::NotEmpty: return "NOTEMPTY";
    case ZkError::SessionExpired: return "SESSIONEXPIRED";
    case ZkError::InvalidCallback: return "INVALIDCALLBACK";
    case ZkError::InvalidAcl: return "INVALIDACL";
    case ZkError::AuthFailed: return "AUTHFAILED";
    case ZkError::SessionMoved: return "SESSIONMOVED";
    case ZkError::NotReadOnly: return "NOTREADONLY";
    case ZkError::EphemeralOnLocalSession: return "EPHEMERALONLOCALSESSION";
    case ZkError::NoWatcher: return "NOWATCHER";
    case ZkError::RequestTimeout: return "REQUESTTIMEOUT";
    case ZkError::ReconfigDisabled: return "RECONFIGDISABLED";
    case ZkError::SessionClosedRequireSaslAuth: return "SESSIONCLOSEDREQUIRESASLAUTH";
    case ZkError::QuotaExceeded: return "QUOTAEXCEEDED";
    case ZkError::ThrottledOp: return "THROTTLEDOP";
  }
  return "UNKNOWN";
}

bool isValidCreateMode(int32_t flags) { return flags >= 0 && flags <= 6; }
bool isEphemeral(CreateMode m) { return m == CreateMode::Ephemeral || m == CreateMode::EphemeralSequential; }
bool isSequential(CreateMode m) {
  return m == CreateMode::PersistentSequential || m == CreateMode::EphemeralSequential ||
         m == CreateMode::PersistentSequentialWithTtl;
}
bool isContainer(CreateMode m) { return m == CreateMode::Container; }
bool isTtl(CreateMode m) { return m == CreateMode::PersistentWithTtl || m == CreateMode::PersistentSequentialWithTtl; }

namespace {
constexpr uint64_t kExtendedMask = 0xff00000000000000ULL;
constexpr uint64_t kReservedBitsMask = 0x00ffff0000000000ULL;
constexpr uint64_t kValueMask = ~(kExtendedMask | kReservedBitsMask);
}  // namespace

int64_t ttlEphemeralOwner(int64_t ttlMs) {
  // EphemeralType.TTL: the extended mask, feature bits 0x0000 (TTL), the TTL in the low 40 bits.
  return static_cast<int64_t>(kExtendedMask | (static_cast<uint64_t>(ttlMs) & kValueMask));
}

EphemeralKind ephemeralKind(int64_t ephemeralOwner) {
  if (ephemeralOwner == kContainerEphemeralOwner) return EphemeralKind::Container;
  const auto owner = static_cast<uint64_t>(ephemeralOwner);
  if ((owner & kExtendedMask) == kExtendedMask && (owner & kReservedBitsMask) == 0) return EphemeralKind::Ttl;
  return ephemeralOwner == 0 ? EphemeralKind::Void : EphemeralKind::Normal;
}

int64_t ttlOf(int64_t ephemeralOwner) { return static_cast<int64_t>(static_cast<uint64_t>(ephemeralOwner) & kValueMask); }

}  // namespace pier::coordination
