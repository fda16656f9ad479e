#pragma once
// Txn: one ZooKeeper transaction as the data tree applies it and the transaction log stores
// it: TxnHeader (session, cxid, zxid, time, type), the type's record, and the tree digest
// after it (TxnDigest, optional as in ZooKeeper's files).
//
// The body is encoded and decoded by header type exactly as ZooKeeper's SerializeUtils does,
// so log entries are interchangeable with ZooKeeper 3.8's. Value type.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "base/result.h"
#include "coordination/zk_constants.h"
#include "protocol/zookeeper/generated/jute_txn.h"

namespace pier::coordination {

namespace pz = protocol::zookeeper;

using TxnBody = std::variant<std::monostate, pz::CreateTxn, pz::CreateTTLTxn, pz::CreateContainerTxn, pz::DeleteTxn,
                             pz::SetDataTxn, pz::CheckVersionTxn, pz::SetACLTxn, pz::CreateSessionTxn,
                             pz::CloseSessionTxn, pz::ErrorTxn, pz::MultiTxn>;

struct Txn {
  pz::TxnHeader header;
  TxnBody body;
  std::optional<pz::TxnDigest> digest;
  friend bool operator==(const Txn&, const Txn&) = default;
};

OpCode txnType(const Txn& txn);

// The record bytes of a body (empty for std::monostate).
std::string encodeTxnBody(const TxnBody& body);
// Decodes the record a header type carries; unknown types and malformed bytes are errors.
// An empty body is std::monostate for closeSession (logs written without CloseSessionTxn).
Result<TxnBody> decodeTxnBody(int32_t type, std::string_view bytes);

// A multi's sub-transaction: its type and record.
Result<TxnBody> decodeSubTxn(const pz::Txn& sub);
pz::Txn encodeSubTxn(int32_t type, const TxnBody& body);

}  // namespace pier::coordination
