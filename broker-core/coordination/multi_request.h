#pragma once
// MultiOperationRecord and MultiResponse (ZooKeeper's multi and multiRead): a run of
// (MultiHeader, op record) pairs ended by a header with done=true, type -1, err -1.
// Decoding never crashes; an op type a multi cannot carry is an error value.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "base/byte_reader.h"
#include "base/byte_writer.h"
#include "base/result.h"
#include "coordination/zk_constants.h"
#include "protocol/zookeeper/generated/jute_proto.h"

namespace pier::coordination {

namespace pz = protocol::zookeeper;

using MultiOpRecord = std::variant<pz::CreateRequest, pz::CreateTTLRequest, pz::DeleteRequest, pz::SetDataRequest,
                                   pz::CheckVersionRequest, pz::GetChildrenRequest, pz::GetDataRequest>;

struct MultiOp {
  OpCode type = OpCode::Error;
  MultiOpRecord record;
};

Result<std::vector<MultiOp>> decodeMultiRequest(Reader& r);
void encodeMultiRequest(Writer& w, const std::vector<MultiOp>& ops);

// One result of a multi: its op type (Error for a failed op) and the record that follows its
// header, already encoded (empty for delete and check).
struct MultiResult {
  OpCode type = OpCode::Error;
  ZkError err = ZkError::Ok;
  std::vector<uint8_t> body;
};
void encodeMultiResponse(Writer& w, const std::vector<MultiResult>& results);

}  // namespace pier::coordination
