#include "base/base_error.h"

namespace pier {

std::string_view describe(BaseError e) {
  switch (e) {
    case BaseError::Truncated: return "Truncated";
    case BaseError::InvalidLength: return "InvalidLength";
    case BaseError::VarintTooLong: return "VarintTooLong";
    case BaseError::NullNotAllowed: return "NullNotAllowed";
    case BaseError::InvalidArgument: return "InvalidArgument";
  }
  return "Unknown";
}

}  // namespace pier
