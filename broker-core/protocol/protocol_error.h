#pragma once
// Errors raised by the protocol module (codecs). Malformed primitive bytes surface as
// BaseError values from Reader, with "Message.field: " context added by the codecs.

#include <string_view>

#include "base/status.h"

namespace pier::protocol {

enum class ProtocolError {
  UnsupportedVersion,   // a message version outside the spec's validVersions
  FieldNotInVersion,    // a non-default, non-ignorable field set in a version that lacks it
  NullNotAllowed,       // a null value in a version where the field is not nullable
  ValueTooLarge,        // a string or array longer than the wire format can carry
  TaggedFieldMismatch,  // a known tagged field whose payload size disagrees with its value
};

std::string_view describe(ProtocolError e);

}  // namespace pier::protocol

PIER_ERROR_DOMAIN(pier::protocol::ProtocolError, "protocol");
