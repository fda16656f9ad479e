#include "runtime/runtime_error.h"

#include <cerrno>
#include <cstring>

namespace pier {

std::string_view describe(RuntimeError e) {
  switch (e) {
    case RuntimeError::NotFound: return "NotFound";
    case RuntimeError::AlreadyExists: return "AlreadyExists";
    case RuntimeError::NotADirectory: return "NotADirectory";
    case RuntimeError::IsADirectory: return "IsADirectory";
    case RuntimeError::DirectoryNotEmpty: return "DirectoryNotEmpty";
    case RuntimeError::NoSpace: return "NoSpace";
    case RuntimeError::PermissionDenied: return "PermissionDenied";
    case RuntimeError::InvalidArgument: return "InvalidArgument";
    case RuntimeError::Io: return "Io";
    case RuntimeError::Stale: return "Stale";
    case RuntimeError::Closed: return "Closed";
    case RuntimeError::Cancelled: return "Cancelled";
    case RuntimeError::ConnectionRefused: return "ConnectionRefused";
    case RuntimeError::AddressInUse: return "AddressInUse";
    case RuntimeError::AddressNotFound: return "AddressNotFound";
    case RuntimeError::TimedOut: return "TimedOut";
  }
  return "Unknown";
}

Status statusFromErrno(int err, std::string_view what) {
  RuntimeError code = RuntimeError::Io;
  switch (err) {
    case ENOENT: code = RuntimeError::NotFound; break;
    case EEXIST: code = RuntimeError::AlreadyExists; break;
    case ENOTDIR: code = RuntimeError::NotADirectory; break;
    case EISDIR: code = RuntimeError::IsADirectory; break;
    case ENOTEMPTY: code = RuntimeError::DirectoryNotEmpty; break;
    case ENOSPC:
    case EDQUOT: code = RuntimeError::NoSpace; break;
    case EACCES:
    case EPERM:
    case EROFS: code = RuntimeError::PermissionDenied; break;
    case EINVAL: code = RuntimeError::InvalidArgument; break;
    case ECONNREFUSED: code = RuntimeError::ConnectionRefused; break;
    case EADDRINUSE: code = RuntimeError::AddressInUse; break;
    case ETIMEDOUT: code = RuntimeError::TimedOut; break;
    case ECANCELED: code = RuntimeError::Cancelled; break;
    default: break;
  }
  return Status(code, std::string(what) + ": " + std::strerror(err));
}

}  // namespace pier
