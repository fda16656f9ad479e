#include "protocol/protocol_error.h"

namespace pier::protocol {

std::string_view describe(ProtocolError e) {
  switch (e) {
    case ProtocolError::UnsupportedVersion: return "UnsupportedVersion";
    case ProtocolError::FieldNotInVersion: return "FieldNotInVersion";
    case ProtocolError::NullNotAllowed: return "NullNotAllowed";
    case ProtocolError::ValueTooLarge: return "ValueTooLarge";
    case ProtocolError::TaggedFieldMismatch: return "TaggedFieldMismatch";
  }
  return "Unknown";
}

}  // namespace pier::protocol
