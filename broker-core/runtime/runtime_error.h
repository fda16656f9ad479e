#pragma once
// Errors from the OS door: files, sockets, timers. Messages name the path or endpoint and the
// OS reason.

#include <string>
#include <string_view>

#include "base/status.h"

namespace pier {

enum class RuntimeError {
  NotFound,
  AlreadyExists,
  NotADirectory,
  IsADirectory,
  DirectoryNotEmpty,
  NoSpace,
  PermissionDenied,
  InvalidArgument,
  Io,
  Stale,              // a file handle that outlived a simulated crash
  Closed,             // the peer closed the connection (end of stream)
  Cancelled,          // the operation was cancelled by close()
  ConnectionRefused,
  AddressInUse,
  AddressNotFound,    // host name did not resolve
  TimedOut,
};

std::string_view describe(RuntimeError e);

// Maps an errno value to the closest RuntimeError; message is "<what>: <strerror>".
Status statusFromErrno(int err, std::string_view what);

}  // namespace pier

PIER_ERROR_DOMAIN(pier::RuntimeError, "runtime");
