#pragma once
// Errors raised by base: mostly malformed bytes seen by Reader.

#include <string_view>

#include "base/status.h"

namespace pier {

enum class BaseError {
  Truncated,        // fewer bytes left than the field needs
  InvalidLength,    // a negative or impossible length prefix
  VarintTooLong,    // a varint longer than its type allows
  NullNotAllowed,   // a null marker where the field is not nullable
  InvalidArgument,  // caller passed something out of range
};

std::string_view describe(BaseError e);

}  // namespace pier

PIER_ERROR_DOMAIN(pier::BaseError, "base");
