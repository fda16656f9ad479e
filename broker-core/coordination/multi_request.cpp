#include "coordination/multi_request.h"

#include "coordination/coordination_error.h"

namespace pier::coordination {

namespace {

template <typename T>
Result<MultiOpRecord> read(Reader& r) {
  PIER_ASSIGN_OR_RETURN(T record, T::decode(r));
  return MultiOpRecord(std::move(record));
}

Result<MultiOpRecord> readOp(OpCode type, Reader& r) {
  switch (type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer: return read<pz::CreateRequest>(r);
    case OpCode::CreateTtl: return read<pz::CreateTTLRequest>(r);
    case OpCode::Delete:
    case OpCode::DeleteContainer: return read<pz::DeleteRequest>(r);
    case OpCode::SetData: return read<pz::SetDataRequest>(r);
    case OpCode::Check: return read<pz::CheckVersionRequest>(r);
    case OpCode::GetChildren: return read<pz::GetChildrenRequest>(r);
    case OpCode::GetData: return read<pz::GetDataRequest>(r);
    default: break;
  }
  return Status(CoordinationError::UnknownTxnType, "Invalid type of op: " + std::to_string(static_cast<int>(type)));
}

}  // namespace

Result<std::vector<MultiOp>> decodeMultiRequest(Reader& r) {
  std::vector<MultiOp> ops;
  while (true) {
    PIER_ASSIGN_OR_RETURN(pz::MultiHeader h, pz::MultiHeader::decode(r));
    if (h.done) return ops;
    auto type = static_cast<OpCode>(h.type);
    PIER_ASSIGN_OR_RETURN(MultiOpRecord record, readOp(type, r));
    if (const auto* create = std::get_if<pz::CreateRequest>(&record)) {
      // MultiOperationRecord rebuilds a create as Op.create(path, data, acl, flags): its op
      // code follows the flags (container or plain create), whatever the header said.
      type = create->flags == static_cast<int32_t>(CreateMode::Container) ? OpCode::CreateContainer : OpCode::Create;
    }
    ops.push_back(MultiOp{type, std::move(record)});
  }
}

void encodeMultiRequest(Writer& w, const std::vector<MultiOp>& ops) {
  for (const auto& op : ops) {
    pz::MultiHeader{static_cast<int32_t>(op.type), false, -1}.encode(w);
    std::visit([&w](const auto& record) { record.encode(w); }, op.record);
  }
  pz::MultiHeader{-1, true, -1}.encode(w);
}

void encodeMultiResponse(Writer& w, const std::vector<MultiResult>& results) {
  for (const auto& result : results) {
    const bool error = result.type == OpCode::Error;
    pz::MultiHeader{static_cast<int32_t>(result.type), false, error ? static_cast<int32_t>(result.err) : 0}.encode(w);
    if (error) {
      pz::ErrorResponse{static_cast<int32_t>(result.err)}.encode(w);
    } else {
      w.writeRaw(result.body);
    }
  }
  pz::MultiHeader{-1, true, -1}.encode(w);
}

}  // namespace pier::coordination
