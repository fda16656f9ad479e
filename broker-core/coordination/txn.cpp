#include "coordination/txn.h"

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "coordination/coordination_error.h"

namespace pier::coordination {

namespace {

template <typename T>
Result<TxnBody> decodeAs(std::string_view bytes) {
  Reader r(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  PIER_ASSIGN_OR_RETURN(T record, T::decode(r));
  return TxnBody(std::move(record));
}

// ZooKeeper 3.4 logged CreateTxn without parentCVersion (CreateTxnV0).
Result<TxnBody> decodeCreate(std::string_view bytes) {
  auto full = decodeAs<pz::CreateTxn>(bytes);
  if (full.isOk()) return full;
  Reader r(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  auto v0 = pz::CreateTxnV0::decode(r);
  if (!v0.isOk()) return full.status();
  return TxnBody(pz::CreateTxn{v0->path, v0->data, v0->acl, v0->ephemeral, -1});
}

}  // namespace

OpCode txnType(const Txn& txn) { return static_cast<OpCode>(txn.header.type); }

std::string encodeTxnBody(const TxnBody& body) {
  Writer w;
  std::visit(
      [&w](const auto& record) {
        if constexpr (!std::is_same_v<std::decay_t<decltype(record)>, std::monostate>) record.encode(w);
      },
      body);
  std::vector<uint8_t> bytes = w.take();
  return std::string(bytes.begin(), bytes.end());
}

Result<TxnBody> decodeTxnBody(int32_t type, std::string_view bytes) {
  switch (static_cast<OpCode>(type)) {
    case OpCode::CreateSession: return decodeAs<pz::CreateSessionTxn>(bytes);
    case OpCode::CloseSession:
      if (bytes.empty()) return TxnBody(std::monostate());
      return decodeAs<pz::CloseSessionTxn>(bytes);
    case OpCode::Create:
    case OpCode::Create2: return decodeCreate(bytes);
    case OpCode::CreateTtl: return decodeAs<pz::CreateTTLTxn>(bytes);
    case OpCode::CreateContainer: return decodeAs<pz::CreateContainerTxn>(bytes);
    case OpCode::Delete:
    case OpCode::DeleteContainer: return decodeAs<pz::DeleteTxn>(bytes);
    case OpCode::Reconfig:
    case OpCode::SetData: return decodeAs<pz::SetDataTxn>(bytes);
    case OpCode::SetAcl: return decodeAs<pz::SetACLTxn>(bytes);
    case OpCode::Error: return decodeAs<pz::ErrorTxn>(bytes);
    case OpCode::Multi: return decodeAs<pz::MultiTxn>(bytes);
    case OpCode::Check: return decodeAs<pz::CheckVersionTxn>(bytes);
    default: break;
  }
  return Status(CoordinationError::UnknownTxnType, "transaction type " + std::to_string(type));
}

Result<TxnBody> decodeSubTxn(const pz::Txn& sub) {
  return decodeTxnBody(sub.type, sub.data ? std::string_view(*sub.data) : std::string_view());
}

pz::Txn encodeSubTxn(int32_t type, const TxnBody& body) { return pz::Txn{type, encodeTxnBody(body)}; }

}  // namespace pier::coordination
