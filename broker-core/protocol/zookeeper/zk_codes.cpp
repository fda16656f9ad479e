#include "protocol/zookeeper/zk_codes.h"

namespace pier::protocol::zookeeper {

std::string_view errorCodeName(int32_t code) {
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::Ok: return "OK";
    case ErrorCode::SystemError: return "SYSTEMERROR";
    case ErrorCode::RuntimeInconsistency: return "RUNTIMEINCONSISTENCY";
    case ErrorCode::DataInconsistency: return "DATAINCONSISTENCY";
    case ErrorCode::ConnectionLoss: return "CONNECTIONLOSS";
    case ErrorCode::MarshallingError: return "MARSHALLINGERROR";
    case ErrorCode::Unimplemented: return "UNIMPLEMENTED";
    case ErrorCode::OperationTimeout: return "OPERATIONTIMEOUT";
    case ErrorCode::BadArguments: return "BADARGUMENTS";
    case ErrorCode::UnknownSession: return "UNKNOWNSESSION";
    case ErrorCode::NewConfigNoQuorum: return "NEWCONFIGNOQUORUM";
    case ErrorCode::ReconfigInProgress: return "RECONFIGINPROGRESS";
    case ErrorCode::ApiError: return "APIERROR";
    case ErrorCode::NoNode: return "NONODE";
    case ErrorCode::NoAuth: return "NOAUTH";
    case ErrorCode::BadVersion: return "BADVERSION";
    case ErrorCode::NoChildrenForEphemerals: return "NOCHILDRENFOREPHEMERALS";
    case ErrorCode::NodeExists: return "NODEEXISTS";
    case ErrorCode::NotEmpty: return "NOTEMPTY";
    case ErrorCode::SessionExpired: return "SESSIONEXPIRED";
    case ErrorCode::InvalidCallback: return "INVALIDCALLBACK";
    case ErrorCode::InvalidAcl: return "INVALIDACL";
    case ErrorCode::AuthFailed: return "AUTHFAILED";
    case ErrorCode::SessionMoved: return "SESSIONMOVED";
    case ErrorCode::NotReadOnly: return "NOTREADONLY";
    case ErrorCode::EphemeralOnLocalSession: return "EPHEMERALONLOCALSESSION";
    case ErrorCode::NoWatcher: return "NOWATCHER";
    case ErrorCode::RequestTimeout: return "REQUESTTIMEOUT";
    case ErrorCode::ReconfigDisabled: return "RECONFIGDISABLED";
    case ErrorCode::SessionClosedRequireSaslAuth: return "SESSIONCLOSEDREQUIRESASLAUTH";
    case ErrorCode::QuotaExceeded: return "QUOTAEXCEEDED";
    case ErrorCode::ThrottledOp: return "THROTTLEDOP";
  }
  return "UNKNOWN";
}

}  // namespace pier::protocol::zookeeper
