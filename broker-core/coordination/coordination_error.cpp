#include "coordination/coordination_error.h"

namespace pier::coordination {

std::string_view describe(CoordinationError e) {
  switch (e) {
    case CoordinationError::UnknownTxnType:
      return "unknown transaction type";
    case CoordinationError::BadTxn:
      return "transaction does not apply";
    case CoordinationError::BadSnapshot:
      return "snapshot does not form a tree";
    case CoordinationError::BadQuorumPacket:
      return "malformed quorum packet";
  }
  return "unknown";
}

}  // namespace pier::coordination
