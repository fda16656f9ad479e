#pragma once
// Errors of pier-keeper's persistence (ZooKeeper 3.8's transaction log and snapshots, see
// docs/FORMAT-keeper.md). Messages name the file and the byte offset involved.
//
// Thread-safety: plain values.

#include <string_view>

#include "base/status.h"

namespace pier::keeper {

enum class PersistenceError {
  CorruptTxnLog,     // a log entry that is not the torn end of the log: bad magic, a checksum
                     // error with a valid entry after it, a body that does not decode
  CorruptSnapshot,   // a snapshot that does not parse or fails its Adler32 seal
  NoValidSnapshot,   // snapshot files exist but none of the newest candidates is valid
  ZxidOutOfOrder,    // an append whose zxid does not follow the last one
  InvalidArgument,   // a caller value out of range (autopurge.snapRetainCount < 3, ...)
  WriterFailed,      // a txn log writer after an I/O error: reopen the log to go on
};

std::string_view describe(PersistenceError e);

}  // namespace pier::keeper

PIER_ERROR_DOMAIN(pier::keeper::PersistenceError, "keeper");
