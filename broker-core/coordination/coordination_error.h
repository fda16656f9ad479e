#pragma once
// Errors of the coordination module that are not ZooKeeper answers (those are ZkError values
// inside results): malformed transactions and snapshots met while loading, malformed ZAB packets.

#include <string_view>

#include "base/status.h"

namespace pier::coordination {

enum class CoordinationError {
  UnknownTxnType,   // a log entry whose type has no record
  BadTxn,           // a transaction that cannot apply (replay of a corrupt log)
  BadSnapshot,      // a snapshot image that does not form a tree
  BadQuorumPacket,  // a ZAB packet whose payload does not decode
};

std::string_view describe(CoordinationError e);

}  // namespace pier::coordination

PIER_ERROR_DOMAIN(pier::coordination::CoordinationError, "coordination");
