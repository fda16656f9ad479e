#include "keeper/zk_persistence_error.h"

namespace pier::keeper {

std::string_view describe(PersistenceError e) {
  switch (e) {
    case PersistenceError::CorruptTxnLog: return "CorruptTxnLog";
    case PersistenceError::CorruptSnapshot: return "CorruptSnapshot";
    case PersistenceError::NoValidSnapshot: return "NoValidSnapshot";
    case PersistenceError::ZxidOutOfOrder: return "ZxidOutOfOrder";
    case PersistenceError::InvalidArgument: return "InvalidArgument";
    case PersistenceError::WriterFailed: return "WriterFailed";
  }
  return "Unknown";
}

}  // namespace pier::keeper
